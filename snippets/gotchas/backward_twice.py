# raises: RuntimeError
# Calling .backward() twice on one ledger: the second walk finds the pages torn out.
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z
L.backward()  # first walk: fine, and the graph's saved values are freed afterwards
print(f"after the first backward: x.grad={x.grad.item():.1f}  y.grad={y.grad.item():.1f}  z.grad={z.grad.item():.1f}")

L.backward()  # second walk over the same (now freed) graph
