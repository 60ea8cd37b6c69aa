# raises: RuntimeError
# Calling .backward() twice on one ledger: the second walk finds the
# values it needs already freed.
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z
mul = L.grad_fn          # the multiply's entry, and the two values it saved
print(f"saved by {type(mul).__name__}: x + y = {mul._saved_self.item()}, "
      f"z = {mul._saved_other.item()}")

L.backward()  # first walk: fine, and the saved values are freed afterwards
print(f"after the first backward: x.grad={x.grad.item():.1f}  "
      f"y.grad={y.grad.item():.1f}  z.grad={z.grad.item():.1f}")

L.backward()  # second walk over the same (now freed) graph
