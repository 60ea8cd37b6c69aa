# The same ledger walked twice, on purpose: keep it with retain_graph=True.
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z
L.backward(retain_graph=True)  # walk, but keep the saved values
first = [x.grad.item(), y.grad.item(), z.grad.item()]
print("after walk 1: x.grad={:.1f}  y.grad={:.1f}  z.grad={:.1f}"
      .format(*first))

L.backward()  # walk again; the gradients are ADDED to what .grad holds
second = [x.grad.item(), y.grad.item(), z.grad.item()]
print("after walk 2: x.grad={:.1f}  y.grad={:.1f}  z.grad={:.1f}"
      .format(*second))
