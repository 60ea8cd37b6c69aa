# --8<-- [start:matmul]
import torch

a = torch.arange(1, 7).reshape(3, 2)        # 1..6 in 3 rows of 2
b = torch.arange(10, 70, 10).reshape(2, 3)  # 10..60 in 2 rows of 3
c = a @ b
print("a", tuple(a.shape), "@ b", tuple(b.shape), "-> c", tuple(c.shape))
# --8<-- [end:matmul]

# --8<-- [start:broadcast]
row = torch.tensor([100, 200])
added = a + row                  # row is added to every row of a
print("a", tuple(a.shape), "+ row", tuple(row.shape),
      "-> added", tuple(added.shape))
# --8<-- [end:broadcast]

# --8<-- [start:sum]
total = a.sum()                             # every entry: a 0-D tensor
col_sums = a.sum(dim=0)                     # dim 0 disappears
col_sums_kept = a.sum(dim=0, keepdim=True)  # dim 0 stays, size 1
print("total", tuple(total.shape), " col_sums", tuple(col_sums.shape),
      " col_sums_kept", tuple(col_sums_kept.shape))
# --8<-- [end:sum]

# --8<-- [start:transpose]
t = a.T                          # the same as a.transpose(0, 1)
print("a", tuple(a.shape), "-> t", tuple(t.shape))
print("t[0, 2] == a[2, 0]:", bool(t[0, 2] == a[2, 0]))
# --8<-- [end:transpose]

# --8<-- [start:reshape]
r = a.reshape(2, 3)     # the same 6 numbers, row by row, in 2 rows of 3
flat = a.view(6)        # view: a new shape over the same memory, no copy
print("a", tuple(a.shape), "-> r", tuple(r.shape), " flat", tuple(flat.shape))
print("r is not a.T:", not torch.equal(r, a.T))
# --8<-- [end:reshape]

# --8<-- [start:unsqueeze]
v = torch.tensor([7, 8, 9])
v_row = v.unsqueeze(0)           # a new dim of size 1 in front: one row
v_col = v.unsqueeze(1)           # a new dim of size 1 at the end: one column
v_back = v_col.squeeze(1)        # squeeze removes a size-1 dim again
print("v", tuple(v.shape), "-> v_row", tuple(v_row.shape),
      " v_col", tuple(v_col.shape), " v_back", tuple(v_back.shape))
# --8<-- [end:unsqueeze]

# --8<-- [start:cat-stack]
p = torch.arange(6).reshape(2, 3)
q = p + 10
joined = torch.cat([p, q], dim=0)     # along an existing dim: more rows
stacked = torch.stack([p, q], dim=0)  # along a new dim: a pile of two
print("p", tuple(p.shape), " q", tuple(q.shape),
      "-> joined", tuple(joined.shape), " stacked", tuple(stacked.shape))
# --8<-- [end:cat-stack]

# --8<-- [start:bmm]
batch_a = torch.arange(24).reshape(2, 3, 4)  # 2 matrices of 3 x 4
batch_b = torch.arange(16).reshape(2, 4, 2)  # 2 matrices of 4 x 2
batch_c = batch_a @ batch_b                  # pair by pair: i with i
print("batch_a", tuple(batch_a.shape), "@ batch_b", tuple(batch_b.shape),
      "-> batch_c", tuple(batch_c.shape))
one_a = batch_a[:1]                          # 1 matrix of 3 x 4
broadcast_c = one_a @ batch_b                # the 1 is broadcast to 2
print("one_a", tuple(one_a.shape), "@ batch_b", tuple(batch_b.shape),
      "-> broadcast_c", tuple(broadcast_c.shape))
# --8<-- [end:bmm]
