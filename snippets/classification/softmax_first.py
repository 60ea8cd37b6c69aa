# --8<-- [start:one]
import math

import torch
import torch.nn as nn
from torch.utils.data import random_split

criterion = nn.CrossEntropyLoss()
target = torch.tensor([2])     # the right class is 2 ...

# ... and the model is sure it is class 0: a confident, wrong answer.
logits = torch.tensor([[6.0, 0.0, -2.0]], requires_grad=True)
right = criterion(logits, target)
right.backward()
grad_right = logits.grad.clone()

logits.grad = None
wrong = criterion(logits.softmax(dim=1), target)  # softmax first: wrong
wrong.backward()
grad_wrong = logits.grad.clone()

print(f"logits:        loss {right.item():.4f}  "
      f"grad {[round(g, 4) for g in grad_right[0].tolist()]}")
print(f"softmax first: loss {wrong.item():.4f}  "
      f"grad {[round(g, 4) for g in grad_wrong[0].tolist()]}")
loss_right, loss_wrong = right.item(), wrong.item()
grad_r, grad_w = grad_right[0].tolist(), grad_wrong[0].tolist()
grad_norm_right = grad_right.norm().item()
grad_norm_wrong = grad_wrong.norm().item()
ratio = grad_norm_right / grad_norm_wrong
print(f"the gradient is {ratio:.0f} times smaller with softmax first")

# More and more sure of the wrong class: logits [k, 0, -2], still class 2.
sweep_k = [1, 2, 4, 6, 8, 10]
sweep_plain, sweep_soft = [], []
for k in sweep_k:
    z = torch.tensor([[float(k), 0.0, -2.0]], requires_grad=True)
    criterion(z, target).backward()
    sweep_plain.append(z.grad.norm().item())
    z.grad = None
    criterion(z.softmax(dim=1), target).backward()
    sweep_soft.append(z.grad.norm().item())
print("k  gradient size: logits   softmax first")
for k, g_plain, g_soft in zip(sweep_k, sweep_plain, sweep_soft):
    print(f"{k:2d}                 {g_plain:.4f}   {g_soft:.5f}")

# The best the softmax-first loss can ever do: probabilities exactly right.
perfect = torch.tensor([[0.0, 0.0, 1.0]])
floor = criterion(perfect, target).item()
print(f"softmax first, perfect probabilities: loss {floor:.4f}")
# --8<-- [end:one]

# --8<-- [start:train]
# The chapter's three spirals again, as plain tensors, full batch.
torch.manual_seed(0)
t = torch.rand(600)
labels = torch.arange(3).repeat_interleave(200)
angle = 2 * math.pi * (t + labels / 3)
points = t.unsqueeze(1) * torch.stack([torch.cos(angle), torch.sin(angle)],
                                      dim=1)
points += 0.05 * torch.randn(600, 2)
# The main program's split: the same call, here on the indices 0 to 599.
train_idx, val_idx = random_split(range(600), [480, 120],
                                  generator=torch.Generator().manual_seed(0))
train_idx, val_idx = list(train_idx), list(val_idx)
x_train, y_train = points[train_idx], labels[train_idx]
x_val, y_val = points[val_idx], labels[val_idx]


def run(optimizer_name, softmax_first, steps=400):
    """Train a fresh model from the same seed; val accuracy every 50."""
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(2, 64), nn.ReLU(),
                          nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))
    if optimizer_name == "SGD":
        optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    else:
        optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    accuracies = []
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        scores = model(x_train)
        if softmax_first:
            scores = scores.softmax(dim=1)   # the mistake
        loss = criterion(scores, y_train)
        loss.backward()
        optimizer.step()
        if step % 50 == 0:
            with torch.no_grad():            # measuring only: no ledger
                hits = model(x_val).argmax(dim=1) == y_val
            # True counts as 1.0, False as 0.0: the mean is the accuracy
            accuracies.append(hits.float().mean().item())
    return accuracies, loss.item()


results = {}  # "sgd_logits", "sgd_softmax", "adam_logits", "adam_softmax"
print("400 steps               val accuracy   last training loss")
for name in ("SGD", "Adam"):
    for soft in (False, True):
        label = f"{name}, {'softmax first' if soft else 'logits'}"
        accuracies, last_loss = run(name, soft)
        key = f"{name.lower()}_{'softmax' if soft else 'logits'}"
        results[key] = {"acc": accuracies[-1], "loss": last_loss,
                        "curve": accuracies}
        print(f"{label:22s}  {accuracies[-1]:.3f}          {last_loss:.4f}")
checkpoints = [50 * (k + 1) for k in range(8)]
sgd_logits = results["sgd_logits"]["curve"]
sgd_softmax = results["sgd_softmax"]["curve"]
# --8<-- [end:train]
