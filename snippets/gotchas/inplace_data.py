# An in-place edit through .data: the version counter never sees it.
import torch

w = torch.tensor(3.0, requires_grad=True)
x = torch.tensor(2.0)
y = w * x                # the ledger keeps x, because dy/dw = x
x.data.mul_(10)          # x becomes 20 after y was computed with 2
version = x._version
print(f"y = {y.item():.1f}   x._version = {version}")

y.backward()             # no error this time
w_grad = w.grad.item()
print(f"w.grad = {w_grad:.1f}   (y = w * 2, so dy/dw should be 2.0)")
