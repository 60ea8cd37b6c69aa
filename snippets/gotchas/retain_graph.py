# The same ledger walked twice, on purpose: keep it with retain_graph=True.
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z
L.backward(retain_graph=True)  # walk, but keep the saved values
first = [x.grad.item(), y.grad.item(), z.grad.item()]
print(f"after walk 1: x.grad={first[0]:.1f}  y.grad={first[1]:.1f}  z.grad={first[2]:.1f}")

L.backward()  # walk again; the gradients are ADDED to what .grad already holds
second = [x.grad.item(), y.grad.item(), z.grad.item()]
print(f"after walk 2: x.grad={second[0]:.1f}  y.grad={second[1]:.1f}  z.grad={second[2]:.1f}")
