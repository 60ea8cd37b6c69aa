import torch


def ledger_entries(root):
    """Every entry reachable from root, each one once (a plain depth-first search)."""
    seen, stack = set(), [root]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        stack.extend(child for child, _ in fn.next_functions)
    return seen


print(f"{'ops in forward':>15}{'ledger entries':>16}{'visits in backward':>20}")
rows = []
for steps in [10, 100, 1000]:
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(steps):          # each step: one multiply and one add
        y = y * 0.999 + 0.001
    entries = ledger_entries(y.grad_fn)

    visits = []                     # a hook on every entry notes each time it is visited
    for fn in entries:
        fn.register_hook(lambda grad_in, grad_out, fn=fn: visits.append(fn))
    y.backward()
    rows.append((2 * steps, len(entries), len(visits)))
    print(f"{2 * steps:>15}{len(entries):>16}{len(visits):>20}")

one_visit_each = all(e == v for _, e, v in rows)
print("every entry visited exactly once:", one_visit_each)
