# --8<-- [start:one]
import math

import torch
import torch.nn as nn

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
grad_norm_right = grad_right.norm().item()
grad_norm_wrong = grad_wrong.norm().item()
ratio = grad_norm_right / grad_norm_wrong
print(f"the gradient is {ratio:.0f} times smaller with softmax first")

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
order = torch.randperm(600)
x_train, y_train = points[order[:480]], labels[order[:480]]
x_val, y_val = points[order[480:]], labels[order[480:]]


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
            with torch.no_grad():
                hits = model(x_val).argmax(dim=1) == y_val
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
