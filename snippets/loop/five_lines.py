# --8<-- [start:setup]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-2, 2, 8).unsqueeze(-1)  # 8 samples, 1 feature: (8, 1)
y = 2 * x + 0.05 * torch.randn_like(x)       # y is about 2x

model = nn.Linear(1, 1)
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

def show(after):
    """One line of state: the two dials and the two gradient buffers."""
    def grad(p):
        return f"{'None':>7}" if p.grad is None else f"{p.grad.item():+.4f}"
    w, b = model.weight, model.bias
    print(f"{after:<13} weight={w.item():+.4f}  bias={b.item():+.4f}  "
          f"weight.grad={grad(w)}  bias.grad={grad(b)}")

show("start")
# --8<-- [end:setup]

# --8<-- [start:zero-grad]
optimizer.zero_grad()
show("zero_grad")
# --8<-- [end:zero-grad]

# --8<-- [start:forward]
yhat = model(x)
show("forward")
print(f"yhat: shape {tuple(yhat.shape)}, "
      f"grad_fn={type(yhat.grad_fn).__name__}")
head = "  ".join(f"{v:+.4f}" for v in yhat[:3, 0].tolist())
print(f"first 3 predictions: {head}")
# --8<-- [end:forward]

# --8<-- [start:loss]
loss = criterion(yhat, y)
show("loss")
print(f"loss = {loss.item():.4f}  shape {tuple(loss.shape)}, "
      f"grad_fn={type(loss.grad_fn).__name__}")
first_loss = loss.item()
# --8<-- [end:loss]

# --8<-- [start:backward]
loss.backward()
show("backward")
# --8<-- [end:backward]

# --8<-- [start:step]
weight_before, grad_w = model.weight.item(), model.weight.grad.item()
optimizer.step()
show("step")
by_hand = weight_before - 0.1 * grad_w
print(f"check: {weight_before:+.4f} - 0.1 * ({grad_w:+.4f}) = {by_hand:+.4f}")
# --8<-- [end:step]

# --8<-- [start:repeat]
losses = [first_loss]
for step in range(2, 7):
    optimizer.zero_grad()
    if step == 2:
        show("zero_grad")  # this time it cleared step 1's gradients
    yhat = model(x)
    loss = criterion(yhat, y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    print(f"step {step}: loss={loss.item():.4f}  "
          f"weight={model.weight.item():+.4f}  "
          f"bias={model.bias.item():+.4f}")
weight_after = model.weight.item()
falling = all(a > b for a, b in zip(losses, losses[1:]))  # every step
# --8<-- [end:repeat]
