import torch


def ledger_entries(root):
    """Every entry reachable from root, each one once (depth-first)."""
    seen, stack = set(), [root]
    while stack:
        fn = stack.pop()
        if fn is None or fn in seen:
            continue
        seen.add(fn)
        stack.extend(child for child, _ in fn.next_functions)
    return seen


def count_paths(fn, memo):
    """How many distinct paths lead from fn down to the leaf."""
    if fn not in memo:
        children = [c for c, _ in fn.next_functions if c is not None]
        memo[fn] = sum(count_paths(c, memo) for c in children) if children \
            else 1
    return memo[fn]


print(f"{'levels':>6}{'paths':>18}{'entries':>9}{'visits':>8}"
      f"{'x.grad':>18}{'2 ** levels':>18}")
rows, matches = [], []
for levels in [1, 5, 10, 20, 40]:
    x = torch.tensor(1.0, dtype=torch.float64, requires_grad=True)
    y = x
    for _ in range(levels):       # y = y * y: each level uses y twice
        y = y * y                 # so y = x ** (2 ** levels)
    entries = ledger_entries(y.grad_fn)
    paths = count_paths(y.grad_fn, {})

    visits = []                   # a hook on every entry notes each visit
    for fn in entries:
        fn.register_hook(lambda grad_in, grad_out, fn=fn: visits.append(fn))
    y.backward()
    closed_form = 2**levels       # d/dx x ** (2 ** n) at x = 1 is 2 ** n
    rows.append((levels, paths, len(entries), len(visits)))
    matches.append(x.grad.item() == closed_form)
    print(f"{levels:>6}{paths:>18,}{len(entries):>9}{len(visits):>8}"
          f"{x.grad.item():>18,.0f}{closed_form:>18,}")

one_visit_each = all(e == v for _, _, e, v in rows)
print("every entry visited exactly once:", one_visit_each)
closed_form_each = all(matches)
print("x.grad equals the closed form at every depth:", closed_form_each)
paths_40 = rows[-1][1]
visits_40 = rows[-1][3]
