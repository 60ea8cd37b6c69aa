import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z   # you write the forward pass...
L.backward()      # ...the scribe writes the backward pass

print(f"L = {L.item():.1f}")
print(f"dL/dx = {x.grad.item():.1f}   dL/dy = {y.grad.item():.1f}   "
      f"dL/dz = {z.grad.item():.1f}")
