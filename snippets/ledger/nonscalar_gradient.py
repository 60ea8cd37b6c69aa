# Say how much each output counts: backward(gradient=v).
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2
v = torch.tensor([1.0, 0.5, 0.25])   # one weight per entry of y
y.backward(gradient=v)
print(f"x.grad with gradient=v : {x.grad.tolist()}")

# The same as the gradient of the scalar (v * y).sum(): here v * 2x.
x.grad = None
(v * x**2).sum().backward()
print(f"x.grad of (v * y).sum(): {x.grad.tolist()}")
print(f"by hand, v * 2x        : {(v * 2 * x.detach()).tolist()}")
