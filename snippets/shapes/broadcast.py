# --8<-- [start:stretch]
import torch

col = torch.tensor([[0], [10], [20]])  # shape (3, 1): one column
row = torch.tensor([1, 2, 3, 4])       # shape (4,): one row
grid = col + row  # col and row broadcast
print("col", tuple(col.shape), "+ row", tuple(row.shape),
      "-> grid", tuple(grid.shape))
print(grid)
# --8<-- [end:stretch]

# --8<-- [start:check]
every_pair = all(bool(grid[i, j] == col[i, 0] + row[j])
                 for i in range(3) for j in range(4))
print("grid[i, j] == col[i, 0] + row[j] for every i, j:", every_pair)
# --8<-- [end:check]

# --8<-- [start:rule]
def broadcast_shape(left, right):
    """The shape of left + right, from the shapes alone; None: no result."""
    width = max(len(left), len(right))
    left = (1,) * (width - len(left)) + left     # line the shapes up from
    right = (1,) * (width - len(right)) + right  # the right: pad with 1s
    sizes = []
    for m, n in zip(left, right):
        if m != n and 1 not in (m, n):
            return None                  # two sizes that differ, neither 1
        sizes.append(n if m == 1 else m)  # a 1 stretches to the other size
    return tuple(sizes)


pairs = [((3, 1), (4,)), ((3, 2), (2,)), ((4, 1), (4,)), ((3, 2), (3,))]
agree = []
for left, right in pairs:
    rule = broadcast_shape(left, right)
    try:
        real = tuple((torch.zeros(left) + torch.zeros(right)).shape)
    except RuntimeError as err:
        real = None                      # PyTorch refused as well
        refusal = str(err)
    agree.append(rule == real)
    print(f"{str(left):>6} + {str(right):<4}  rule: {str(rule):<7} "
          f"torch: {'refused' if real is None else real}")
print("PyTorch's message for (3, 2) + (3,):", refusal, sep="\n")
results = [str(broadcast_shape(left, right)) for left, right in pairs]
# --8<-- [end:rule]
