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
criterion(model(x), y).backward()  # a new forward pass, a new ledger, same weights
print(f"after a second one:    bias.grad = {bias_grad()}   (added, not replaced)")

optimizer.zero_grad()
print(f"after zero_grad():     bias.grad = {bias_grad()}")
# --8<-- [end:accumulate]

# --8<-- [start:on-purpose]
# Accumulation on purpose: two half-batches add up to the gradient of the whole batch.
criterion(model(x), y).backward()
full = model.weight.grad.clone()
optimizer.zero_grad()

for half in (slice(0, 4), slice(4, 8)):
    loss = criterion(model(x[half]), y[half]) / 2  # each half is a mean over 4, so halve it
    loss.backward()
accumulated = model.weight.grad.clone()
print(f"whole batch at once : " + "  ".join(f"{v:+.4f}" for v in full.flatten().tolist()))
print(f"two halves, summed  : " + "  ".join(f"{v:+.4f}" for v in accumulated.flatten().tolist()))
print(f"same gradient: {torch.allclose(full, accumulated)}")
# --8<-- [end:on-purpose]
