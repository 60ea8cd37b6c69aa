# An in-place edit through .data: the version counter never sees it.
import torch

w = torch.tensor(3.0, requires_grad=True)
x = torch.tensor(2.0)
y = w * x                # the ledger keeps x, because dy/dw = x
x.data.mul_(10)          # x becomes 20 after y was computed with 2
print(f"y = {y.item():.1f}   x._version = {x._version}")

y.backward()             # no error this time
print(f"w.grad = {w.grad.item():.1f}   (y = w * 2, so dy/dw should be 2.0)")
