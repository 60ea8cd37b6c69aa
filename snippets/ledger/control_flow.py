import torch


def f(x):
    """Ordinary Python: an if and a loop, both decided by the data."""
    if x.sum() > 0:
        y = x * 2
    else:
        y = -x
    while y.abs().max() < 10:     # keep doubling until something reaches 10
        y = y * 2
    return y.sum()


def chain(fn):
    """The ledger from the last entry back to the leaf, repeats counted."""
    names = []
    while fn is not None:
        name = type(fn).__name__
        if names and names[-1][0] == name:
            names[-1][1] += 1
        else:
            names.append([name, 1])
        fn = fn.next_functions[0][0] if fn.next_functions else None
    return " <- ".join(n if k == 1 else f"{n} x{k}" for n, k in names)


ledgers = []
for values in ([1.0, 2.0], [-0.5, -0.25]):
    x = torch.tensor(values, requires_grad=True)
    out = f(x)
    out.backward()
    print(f"x = {values}")
    print("  ledger:", chain(out.grad_fn))
    print(f"  x.grad = {x.grad.tolist()}")
    ledgers.append(chain(out.grad_fn))
