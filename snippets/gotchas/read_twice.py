# A ledger whose entries saved no tensor: nothing to free, so it can be
# walked twice without retain_graph=True.
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)

L = x + y          # dL/dx = dL/dy = 1: no input value is needed
add = L.grad_fn
kept = {name: type(getattr(add, name)).__name__
        for name in dir(add) if name.startswith("_saved_")}
print(f"saved by {type(add).__name__}: {kept}")
n_saved_tensors = sum(kind == "Tensor" for kind in kept.values())

L.backward()
L.backward()       # the same ledger again: nothing was freed
x_grad = x.grad.item()
print(f"two walks, no error: x.grad = {x_grad:.1f}, "
      "one from each walk")
