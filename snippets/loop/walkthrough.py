import torch
import torch.nn as nn

# The model and data of this chapter, rebuilt from the same seed.
torch.manual_seed(0)
x = torch.linspace(-2, 2, 8).unsqueeze(-1)
y = 2 * x + 0.05 * torch.randn_like(x)
model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
yhat = loss = None               # nothing predicted or measured yet


def snapshot(iteration, line):
    """The state right after `line` ran, in plain numbers (None: not yet)."""
    w, b = model.weight, model.bias
    return {
        "iteration": iteration,
        "line": line,
        "weight": w.item(),
        "bias": b.item(),
        "weight_grad": None if w.grad is None else w.grad.item(),
        "bias_grad": None if b.grad is None else b.grad.item(),
        "yhat_head": None if yhat is None else yhat[:3, 0].tolist(),
        "loss": None if loss is None else loss.item(),
    }


initial = snapshot(0, "before the loop")
trace = []
for iteration in (1, 2):        # the five lines, twice
    optimizer.zero_grad()
    trace.append(snapshot(iteration, "optimizer.zero_grad()"))
    yhat = model(x)
    trace.append(snapshot(iteration, "yhat = model(x)"))
    loss = criterion(yhat, y)
    trace.append(snapshot(iteration, "loss = criterion(yhat, y)"))
    loss.backward()
    trace.append(snapshot(iteration, "loss.backward()"))
    optimizer.step()
    trace.append(snapshot(iteration, "optimizer.step()"))


def cell(v):
    return "None" if v is None else f"{v:+.4f}"


# One row per snapshot (each also keeps the first predictions, "yhat_head").
print(f"{'it':<3}{'after':<26}{'weight':>8}{'bias':>8}"
      f"{'w.grad':>8}{'b.grad':>8}{'loss':>7}")
for s in [initial] + trace:
    loss_text = "None" if s["loss"] is None else f"{s['loss']:.4f}"
    print(f"{s['iteration']:<3}{s['line']:<26}"
          f"{cell(s['weight']):>8}{cell(s['bias']):>8}"
          f"{cell(s['weight_grad']):>8}{cell(s['bias_grad']):>8}"
          f"{loss_text:>7}")
