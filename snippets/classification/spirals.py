# --8<-- [start:data]
import math

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, Dataset, TensorDataset, random_split

torch.manual_seed(0)  # one seed for every draw from torch's global generator
# The device is picked at run time: a GPU if there is one, else the CPU.
device = "cuda" if torch.cuda.is_available() else "cpu"


class Spirals(Dataset):
    """Three spiral arms in the plane, one class per arm."""

    def __init__(self, n_per_arm, noise=0.05):
        t = torch.rand(3 * n_per_arm)  # how far along its arm, 0 to 1
        self.labels = torch.arange(3).repeat_interleave(n_per_arm)
        # radius t; one turn along the arm; arms a third of a turn apart
        angle = 2 * math.pi * (t + self.labels / 3)
        self.points = t.unsqueeze(1) * torch.stack(
            [torch.cos(angle), torch.sin(angle)], dim=1)
        self.points += noise * torch.randn(3 * n_per_arm, 2)

    def __len__(self):             # how many samples
        return len(self.labels)

    def __getitem__(self, i):      # sample i: (input, class index)
        return self.points[i], self.labels[i]


spirals = Spirals(n_per_arm=200)
point, label = spirals[0]
print(f"len(spirals) = {len(spirals)}")
print(f"spirals[0] = ({[round(v, 4) for v in point.tolist()]}, "
      f"{label.item()}); the label's dtype: {label.dtype}")

# The same samples held as two tensors: TensorDataset just indexes them.
xs = torch.stack([spirals[i][0] for i in range(len(spirals))])
ys = spirals.labels
as_tensors = TensorDataset(xs, ys)
same_sample = all(map(torch.equal, spirals[7], as_tensors[7]))
print(f"TensorDataset(xs, ys)[7] equals spirals[7]: {same_sample}")

split_rng = torch.Generator().manual_seed(0)
train_set, val_set = random_split(spirals, [480, 120], generator=split_rng)
n_train, n_val = len(train_set), len(val_set)
print(f"train: {n_train} samples, validation: {n_val}")
# --8<-- [end:data]

# --8<-- [start:loader]
def first_batch_labels(loader):
    return next(iter(loader))[1][:8].tolist()


def seeded_loader():
    return DataLoader(train_set, batch_size=32, shuffle=True,
                      generator=torch.Generator().manual_seed(0))


def unseeded_loader():
    return DataLoader(train_set, batch_size=32, shuffle=True)


order_a = first_batch_labels(seeded_loader())
torch.rand(1)  # one more draw from the global generator, as a new layer's
order_b = first_batch_labels(seeded_loader())  # initial weights would make
torch.manual_seed(0)
order_c = first_batch_labels(unseeded_loader())
torch.manual_seed(0)
torch.rand(1)  # the same one extra draw
order_d = first_batch_labels(unseeded_loader())
print(f"own generator:    {order_a}, after one more draw {order_b}")
print(f"global generator: {order_c}, after one more draw {order_d}")
same_seeded, same_unseeded = order_a == order_b, order_c == order_d

# A loader that does not shuffle still takes a number from the global
# generator on every pass, unless it has a generator of its own.
torch.manual_seed(0)
untouched = torch.rand(1)
torch.manual_seed(0)
next(iter(DataLoader(val_set, batch_size=120)))  # one pass, no shuffle
plain_moves_global = not torch.equal(untouched, torch.rand(1))
torch.manual_seed(0)
next(iter(DataLoader(val_set, batch_size=120,
                     generator=torch.Generator().manual_seed(0))))
own_moves_global = not torch.equal(untouched, torch.rand(1))
print(f"no shuffle, global generator moved: {plain_moves_global}; "
      f"with its own: {own_moves_global}")

train_loader = seeded_loader()
val_loader = DataLoader(val_set, batch_size=120,
                        generator=torch.Generator().manual_seed(0))
# --8<-- [end:loader]

# --8<-- [start:logits]
torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(2, 64), nn.ReLU(), nn.Dropout(p=0.1),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 3),            # one raw score per class: the logits
).to(device)
criterion = nn.CrossEntropyLoss()

xb, yb = next(iter(train_loader))
xb, yb = xb.to(device), yb.to(device)
logits = model(xb)
loss = criterion(logits, yb)     # logits and class indices, no softmax
pred = logits.argmax(dim=1)      # the class with the highest score
print(f"xb {tuple(xb.shape)}  yb {tuple(yb.shape)} {yb.dtype}")
print(f"logits {tuple(logits.shape)}; first row "
      f"{[round(v, 4) for v in logits[0].tolist()]}")
log3 = math.log(3)              # the loss of a uniform guess over 3
print(f"loss {loss.item():.4f} (log 3 = {log3:.4f}); "
      f"loss.grad_fn: {loss.grad_fn.name()}")
# The entry the scribe wrote just before it, for the loss's input:
loss_prev_node = loss.grad_fn.next_functions[0][0].name()
print(f"  and before that: {loss_prev_node}")
print(f"pred[:8] {pred[:8].tolist()}  yb[:8] {yb[:8].tolist()}")
loss_at_start, loss_node = loss.item(), loss.grad_fn.name()
logits_shape = list(logits.shape)
# --8<-- [end:logits]

# --8<-- [start:train]
def evaluate(loader):
    """Mean loss and accuracy over a data set, in eval mode, unrecorded."""
    model.eval()                 # dropout off: every value passes through
    total, correct = 0.0, 0
    with torch.no_grad():        # the scribe writes no ledger in here
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            logits = model(xb)
            total += criterion(logits, yb).item() * len(yb)
            correct += (logits.argmax(dim=1) == yb).sum().item()
    return total / len(loader.dataset), correct / len(loader.dataset)


optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
train_eval = DataLoader(train_set, batch_size=480,  # for measuring only
                        generator=torch.Generator().manual_seed(0))
history = {"train loss": [], "val loss": [], "train acc": [], "val acc": []}


def record():
    for split, loader in (("train", train_eval), ("val", val_loader)):
        split_loss, split_acc = evaluate(loader)
        history[f"{split} loss"].append(split_loss)
        history[f"{split} acc"].append(split_acc)


record()                         # epoch 0: before any training
n_epochs = 30
for epoch in range(1, n_epochs + 1):
    model.train()                # dropout on: a new random mask each call
    for xb, yb in train_loader:  # a new shuffle every epoch
        xb, yb = xb.to(device), yb.to(device)
        optimizer.zero_grad()    # the five lines, unchanged
        logits = model(xb)
        loss = criterion(logits, yb)
        loss.backward()
        optimizer.step()
    record()
    if epoch % 5 == 0:
        print(f"epoch {epoch:2d}: " + "  ".join(
            f"{k} {v[-1]:.3f}" for k, v in history.items()))
epochs = list(range(n_epochs + 1))
train_losses, val_losses = history["train loss"], history["val loss"]
train_accs, val_accs = history["train acc"], history["val acc"]
train_acc, val_acc = train_accs[-1], val_accs[-1]
n_rises = sum(val_losses[e] > val_losses[e - 1] for e in epochs[1:])
# --8<-- [end:train]

# --8<-- [start:modes]
probe = val_set[0][0].unsqueeze(0).to(device)  # one validation point
model.train()
first, second = model(probe), model(probe)
same_in_train = torch.equal(first, second)
model.eval()
third, fourth = model(probe), model(probe)
same_in_eval = torch.equal(third, fourth)
print(f"train mode: two calls agree? {same_in_train}")
for out in (first, second):
    print(f"  {[round(v, 4) for v in out[0].tolist()]}")
print(f"eval mode:  two calls agree? {same_in_eval}")
for out in (third, fourth):
    print(f"  {[round(v, 4) for v in out[0].tolist()]}")
# --8<-- [end:modes]

# --8<-- [start:confusion]
with torch.no_grad():             # still in eval mode from above
    xv, yv = next(iter(val_loader))
    pv = model(xv.to(device)).argmax(dim=1).cpu()
# Count each (true, predicted) pair: pair k = 3 * true + predicted.
confusion = torch.bincount(3 * yv + pv, minlength=9).reshape(3, 3)
print("true \\ predicted    0    1    2")
for c in range(3):
    row = "".join(f"{n:5d}" for n in confusion[c].tolist())
    print(f"class {c}          {row}")
n_correct = confusion.diag().sum().item()
n_table = confusion.sum().item()  # every validation point, counted once
n_wrong = n_table - n_correct
print(f"on the diagonal: {n_correct} of {n_table}")
off_diagonal = confusion - torch.diag(confusion.diag())
worst = off_diagonal.argmax().item()
worst_pair, worst_count = [worst // 3, worst % 3], off_diagonal.max().item()
# --8<-- [end:confusion]

# --8<-- [start:map]
# The plane from -1.2 to 1.2, one character per cell: the predicted class.
cols, rows = 64, 24
gy, gx = torch.meshgrid(torch.linspace(1.2, -1.2, rows),
                        torch.linspace(-1.2, 1.2, cols), indexing="ij")
grid = torch.stack([gx, gy], dim=-1)  # (rows, cols, 2): a point per cell
with torch.no_grad():
    cells = model(grid.reshape(-1, 2).to(device)).argmax(dim=1).cpu()
cells_per_class = torch.bincount(cells, minlength=3).tolist()
marks = ".o#"
for r in range(rows):
    print("".join(marks[k] for k in cells[r * cols:(r + 1) * cols].tolist()))
# --8<-- [end:map]

# --8<-- [start:linear]
# No hidden layer: one nn.Linear straight from the point to the 3 scores.
torch.manual_seed(0)
linear = nn.Linear(2, 3).to(device)
linear_opt = torch.optim.Adam(linear.parameters(), lr=0.01)
xt, yt = next(iter(train_eval))  # the whole training set, one batch
xt, yt = xt.to(device), yt.to(device)
for step in range(2000):
    linear_opt.zero_grad()
    criterion(linear(xt), yt).backward()
    linear_opt.step()
with torch.no_grad():
    linear_train_acc = (linear(xt).argmax(dim=1) == yt).float().mean().item()
    linear_val_acc = (linear(xv.to(device)).argmax(dim=1).cpu() == yv
                      ).float().mean().item()
print(f"one nn.Linear, 2000 steps: training accuracy {linear_train_acc:.3f}, "
      f"validation {linear_val_acc:.3f}")
print(f"the network with hidden layers, above: validation {val_acc:.3f}")
# --8<-- [end:linear]
