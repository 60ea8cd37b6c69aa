# --8<-- [start:basic]
import torch

x = torch.arange(24).reshape(2, 3, 4)  # 2 matrices, each 3 rows of 4

first = x[0]         # an integer removes its dim: the first matrix
row1 = x[:, 1]       # ':' keeps a dim whole: row 1 of each matrix
last = x[..., -1]    # '...' = all dims before; -1 = last: a column each
middle = x[:, 1:3]   # a slice keeps its dim, only shorter: rows 1 and 2
point = x[0, 2, 3]   # one integer per dim: a single number, 0-D
lifted = x[:, None]  # None inserts a new dim of size 1
parts = {"x[0]": first, "x[:, 1]": row1, "x[..., -1]": last,
         "x[:, 1:3]": middle, "x[0, 2, 3]": point, "x[:, None]": lifted}
print("x", tuple(x.shape))
for text, part in parts.items():
    print(f"{text:<11} -> {tuple(part.shape)}")
shapes = [str(tuple(part.shape)) for part in parts.values()]
print("x[0]:", first, sep="\n")
print("x[..., -1] of x[0]:", last[0])  # the last entry of each row
like_unsqueeze = torch.equal(lifted, x.unsqueeze(1))
print("x[:, None] equals x.unsqueeze(1):", like_unsqueeze)
# --8<-- [end:basic]

# --8<-- [start:views]
def shares_memory(part):
    """Whether part reads the same block of memory (storage) as x."""
    here = part.untyped_storage().data_ptr()
    return here == x.untyped_storage().data_ptr()


listed = x[[0, 1]]   # a list of indices: advanced indexing
masked = x[x > 20]   # a boolean tensor as index: advanced indexing too
parts["x[[0, 1]]"] = listed
parts["x[x > 20]"] = masked
shares = {text: shares_memory(part) for text, part in parts.items()}
for text, same in shares.items():
    print(f"{text:<11} shares x's memory: {same}")
shares_basic = list(shares.values())[:6]     # the six parts of the table
shares_advanced = list(shares.values())[6:]  # x[[0, 1]] and x[x > 20]
zero_d = torch.tensor(0)  # a 0-D integer tensor acts like the integer 0
zero_d_view = shares_memory(x[zero_d])
print("x[torch.tensor(0)] shares x's memory:", zero_d_view)

first[0, 0] = 100    # x[0, 0, 0], written through the view x[0]
listed[0, 0, 1] = -1  # x[0, 0, 1], written into the copy x[[0, 1]]
masked[0] = -1       # x[1, 2, 1], the first entry above 20, into a copy
print("x[0, 0]:", x[0, 0])
print("x[1, 2]:", x[1, 2])
print("x[[0, 1]][0, 0]:", listed[0, 0])
print("x[x > 20]:", masked)
reached = [x[0, 0, 0].item() == 100, x[0, 0, 1].item() == -1,
           x[1, 2, 1].item() == -1]
# --8<-- [end:views]

# --8<-- [start:masks]
scores = torch.tensor([[0.5, -1.0, 2.0],
                       [-0.5, 3.0, -2.0]])
mask = scores > 0            # a bool tensor, the shape of scores
positives = scores[mask]     # the True places only, in order
kept = torch.where(mask, scores, 0.0)  # scores where True, else 0.0
print("mask:", mask, sep="\n")
print("scores[mask]:", positives)
print("torch.where(mask, scores, 0.0):", kept, sep="\n")
dropped = kept[scores <= 0]  # where the mask is False
print("torch.where's entries where the mask is False:", dropped)

scores[scores < 0] = 0.0     # assignment through a mask writes into scores
print("after scores[scores < 0] = 0.0:", scores, sep="\n")
n_positive = len(positives)
n_true = int(mask.sum())     # True counts as 1
positives_shape = str(tuple(positives.shape))
kept_shape = str(tuple(kept.shape))
same_as_where = torch.equal(scores, kept)
print("torch.equal(scores, kept):", same_as_where)
# --8<-- [end:masks]
