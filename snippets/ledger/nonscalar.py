# raises: RuntimeError
# backward() on a tensor with more than one number: gradient of what?
import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
y = x**2                 # three outputs, not one loss
print(f"y = {y.tolist()}, shape {tuple(y.shape)}")
y.backward()
