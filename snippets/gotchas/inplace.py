# raises: RuntimeError
# An in-place edit to a tensor that the backward walk still needs.
import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
a = x.exp()  # exp's derivative is exp itself: the ledger keeps `a` for later
print(f"a._version before: {a._version}")

a.mul_(2)    # the trailing underscore means: overwrite `a` where it lies
print(f"a._version after:  {a._version}")

a.sum().backward()
