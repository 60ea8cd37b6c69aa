# --8<-- [start:data]
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
x = torch.rand(80, 1) * 4 - 2             # 80 samples on [-2, 2]
y = 2 * x + 0.05 * torch.randn_like(x)    # y is about 2x
train_set = TensorDataset(x[:64], y[:64])  # 64 samples to learn from
val_set = TensorDataset(x[64:], y[64:])    # 16 held out, never trained on

shuffle_rng = torch.Generator().manual_seed(0)  # seeds the shuffling
train_loader = DataLoader(train_set, batch_size=16, shuffle=True,
                          generator=shuffle_rng, num_workers=0)
val_loader = DataLoader(val_set, batch_size=16, num_workers=0)

xb, yb = next(iter(train_loader))
print(f"one sample: {[tuple(t.shape) for t in train_set[0]]}")
print(f"one batch:  x {tuple(xb.shape)}, y {tuple(yb.shape)}")
batches_per_epoch = len(train_loader)
print(f"batches per epoch: {batches_per_epoch}")
# --8<-- [end:data]

# --8<-- [start:evaluate]
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)


def evaluate(loader):
    """Mean loss over a data set: no training, no ledger."""
    model.eval()              # layers like dropout switch to eval behaviour
    total, count = 0.0, 0
    with torch.no_grad():     # the scribe records nothing in here
        for xb, yb in loader:
            yhat = model(xb)
            total += criterion(yhat, yb).item() * len(xb)
            count += len(xb)
    model.train()             # back to training mode for the next epoch
    return total / count, yhat.grad_fn


val_loss, grad_fn = evaluate(val_loader)
print(f"before training: val loss {val_loss:.4f}, "
      f"grad_fn of a prediction: {grad_fn}")
# --8<-- [end:evaluate]

# --8<-- [start:train]
val_losses = [val_loss]
n_epochs = 5
steps_taken = 0  # counted as the loop runs
for epoch in range(1, n_epochs + 1):
    for xb, yb in train_loader:  # a new shuffle every epoch
        optimizer.zero_grad()    # the five lines, unchanged,
        yhat = model(xb)         # now on a mini-batch of 16
        loss = criterion(yhat, yb)
        loss.backward()
        optimizer.step()
        steps_taken += 1
    val_loss, _ = evaluate(val_loader)
    val_losses.append(val_loss)
    print(f"epoch {epoch}: last batch loss {loss.item():.4f}  "
          f"val loss {val_loss:.4f}  weight {model.weight.item():+.4f}")

# step() ran once per batch: the loader's length times the epochs.
n_steps = n_epochs * len(train_loader)
print(f"{n_epochs} epochs x {len(train_loader)} batches = {n_steps} steps; "
      f"step() counted {steps_taken} times; "
      f"training mode on: {model.training}")
# --8<-- [end:train]
