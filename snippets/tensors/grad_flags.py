import torch

w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)  # leaves a record
plain = torch.tensor([1.0, 2.0, 3.0])                    # plain ink

doubled = w * 2           # result of an op on recorded ink
total = doubled.sum()     # and another op on top
plain_doubled = plain * 2  # the same op as doubled, on plain instead of w
mixed = plain * w          # one input plain, the other recorded ink


def entry(t):
    """The name of the ledger entry behind t (its grad_fn), or None."""
    return type(t.grad_fn).__name__ if t.grad_fn is not None else None


print(f"{'tensor':<15}{'requires_grad':>14}{'is_leaf':>9}   grad_fn")
rows = {}
for name, t in [("w", w), ("doubled", doubled), ("total", total),
                ("plain", plain), ("plain_doubled", plain_doubled),
                ("mixed", mixed)]:
    rows[name] = (t.requires_grad, t.is_leaf, entry(t))
    print(f"{name:<15}{str(t.requires_grad):>14}{str(t.is_leaf):>9}   "
          f"{entry(t)}")

total.backward()
print("w.grad after total.backward():", w.grad)
