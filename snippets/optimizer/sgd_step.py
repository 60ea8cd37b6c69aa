# --8<-- [start:setup]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
model = nn.Linear(3, 1)
criterion = nn.MSELoss()

lr = 0.1
optimizer = torch.optim.SGD(model.parameters(), lr=lr)
# --8<-- [end:setup]

# --8<-- [start:record]
# Role 1: the scribe records. The forward pass writes the ledger.
loss = criterion(model(x), y)
print(f"loss = {loss.item():.4f}   "
      f"written by {type(loss.grad_fn).__name__}")
# --8<-- [end:record]

# --8<-- [start:walk]
# Role 2: the scribe walks backward. Every parameter's .grad is filled in.
loss.backward()
for name, p in model.named_parameters():
    values = "  ".join(f"{v:+.4f}" for v in p.grad.flatten().tolist())
    print(f"{name}.grad = {values}")
# --8<-- [end:walk]

# --8<-- [start:step]
# Role 3: the optimizer turns the dials. First, what the rule predicts,
# written two ways: multiply, then subtract (two roundings), and
# add(grad, alpha=-lr), one operation (the call SGD's own code makes).
params = dict(model.named_parameters())
two_ops = {name: p.detach() - lr * p.grad for name, p in params.items()}
one_op = {name: p.detach().add(p.grad, alpha=-lr)
          for name, p in params.items()}

optimizer.step()


def largest_diff(expected):
    return max((p.detach() - expected[name]).abs().max().item()
               for name, p in params.items())


max_diff = largest_diff(two_ops)
max_diff_one_op = largest_diff(one_op)
print(f"step() vs theta - lr * grad:          "
      f"largest difference {max_diff:.1e}")
print(f"step() vs theta.add(grad, alpha=-lr): "
      f"largest difference {max_diff_one_op:.1e}")
# --8<-- [end:step]

# --8<-- [start:rounding]
# The same comparison on one big parameter: a million weights.
big = nn.Parameter(torch.randn(1000, 1000))
big.grad = torch.randn(1000, 1000)
big_two_ops = big.detach() - lr * big.grad
big_one_op = big.detach().add(big.grad, alpha=-lr)
torch.optim.SGD([big], lr=lr).step()

gap_two_ops = (big.detach() - big_two_ops).abs()
n_big = big.numel()
n_differ = int((gap_two_ops > 0).sum())
max_diff_big = gap_two_ops.max().item()
n_differ_one_op = int((big.detach() != big_one_op).sum())
print(f"theta - lr * grad:          {n_differ:>7,} of {n_big:,} differ, "
      f"by at most {max_diff_big:.1e}")
print(f"theta.add(grad, alpha=-lr): {n_differ_one_op:>7,} of {n_big:,} "
      "differ")
# --8<-- [end:rounding]

# --8<-- [start:by-hand]
# The same step without an optimizer: what SGD does, written out.
torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
twin = nn.Linear(3, 1)  # same seed: the starting weights `model` had

criterion(twin(x), y).backward()
with torch.no_grad():  # the update itself must not be recorded
    for p in twin.parameters():
        p -= lr * p.grad

pairs = list(zip(model.parameters(), twin.parameters()))
twins_equal = all(torch.equal(a, b) for a, b in pairs)
twin_diff = max((a - b).abs().max().item() for a, b in pairs)
print(f"hand-written update gives the same weights: {twins_equal}   "
      f"(largest difference {twin_diff:.1e})")
# --8<-- [end:by-hand]
