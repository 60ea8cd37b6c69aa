# --8<-- [start:accumulate]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
model = nn.Linear(3, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def bias_grad():
    g = model.bias.grad
    return "None" if g is None else f"{g.item():+.4f}"


print(f"fresh model:           bias.grad = {bias_grad()}")
criterion(model(x), y).backward()
print(f"after one backward:    bias.grad = {bias_grad()}")
criterion(model(x), y).backward()  # a new forward pass, same weights
print(f"after a second one:    bias.grad = {bias_grad()}"
      "   (added, not replaced)")

optimizer.zero_grad()
print(f"after zero_grad():     bias.grad = {bias_grad()}")
# --8<-- [end:accumulate]

# --8<-- [start:twice]
# One parameter used in two places, and a single backward() call.
w = torch.tensor(3.0, requires_grad=True)
a, b = torch.tensor(2.0), torch.tensor(5.0)
out = w * a + w * b  # d(out)/dw = a from the first use, b from the second
out.backward()       # one walk over the ledger
print(f"w.grad = {w.grad.item()}   a + b = {(a + b).item()}")
one_backward_sum = w.grad.item()

out = w * a + w * b  # a second forward pass ...
out.backward()       # ... and a second backward, with no zero_grad()
two_backward_sum = w.grad.item()
print(f"after a second backward: w.grad = {two_backward_sum}")
# --8<-- [end:twice]

# --8<-- [start:on-purpose]
# Accumulation on purpose: 4 micro-batches of 2 samples, one step.
optimizer.zero_grad()
criterion(model(x), y).backward()  # the whole batch of 8 at once
full = model.weight.grad.clone()
optimizer.zero_grad()

n_micro = 4
for xb, yb in zip(x.chunk(n_micro), y.chunk(n_micro)):
    # Each micro-batch loss is a mean over 2 samples: divide by 4 so
    # that the four of them add up to the mean over all 8.
    loss = criterion(model(xb), yb) / n_micro
    loss.backward()  # adds into .grad; the ledger of this piece is freed
accumulated = model.weight.grad.clone()


def row(t):
    return "  ".join(f"{v:+.4f}" for v in t.flatten().tolist())


print(f"whole batch at once   : {row(full)}")
print(f"4 micro-batches, added: {row(accumulated)}")
same_gradient = torch.allclose(full, accumulated)
print(f"torch.allclose: {same_gradient}")
# --8<-- [end:on-purpose]
