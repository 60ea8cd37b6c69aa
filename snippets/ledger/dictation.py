# --8<-- [start:record]
import torch

x = torch.tensor(2.0, requires_grad=True)
y = torch.tensor(3.0, requires_grad=True)
z = torch.tensor(4.0, requires_grad=True)

L = (x + y) * z
print("L =", L)          # the value, and the entry that produced it


def entry(fn):
    """A ledger entry's name (printing the entry shows a memory address)."""
    return type(fn).__name__ if fn is not None else None


print("L.grad_fn:", entry(L.grad_fn))
# --8<-- [end:record]

# --8<-- [start:pages]
# Each entry points back at the entries that produced its inputs.
print("L.grad_fn.next_functions:",
      [(entry(fn), i) for fn, i in L.grad_fn.next_functions])

add = L.grad_fn.next_functions[0][0]  # the entry for (x + y)
print("one page further back:   ",
      [(entry(fn), i) for fn, i in add.next_functions])

# Walk the whole ledger and draw it. AccumulateGrad entries are where gradients
# land in a leaf's .grad; .variable is that leaf.
names = {"x": x, "y": y, "z": z}


def draw(fn, indent=""):
    label = entry(fn)
    if hasattr(fn, "variable"):
        leaf = next(n for n, t in names.items() if t is fn.variable)
        label += " -> " + leaf + ".grad"
    print(indent + label)
    for child, _ in fn.next_functions:
        if child is not None:
            draw(child, indent + "    ")


draw(L.grad_fn)
# --8<-- [end:pages]

# --8<-- [start:walk]
L.backward()   # the reverse walk: chain rule from L back to every leaf

grads = [x.grad.item(), y.grad.item(), z.grad.item()]
# dL/dx = z, dL/dy = z, dL/dz = x + y
by_hand = [z.item(), z.item(), (x + y).item()]
print("autograd: dL/dx = {:.1f}  dL/dy = {:.1f}  dL/dz = {:.1f}"
      .format(*grads))
print("by hand:  dL/dx = {:.1f}  dL/dy = {:.1f}  dL/dz = {:.1f}"
      .format(*by_hand))
L_value = L.item()
# --8<-- [end:walk]
