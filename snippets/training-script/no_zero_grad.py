import torch
import torch.nn as nn


def train(zero_grad, steps=250, lr=0.1):
    """The complete script, with or without optimizer.zero_grad()."""
    torch.manual_seed(0)
    x = torch.linspace(-2, 2, 100).unsqueeze(-1)
    y = 2 * x + 0.05 * torch.randn_like(x)
    model = nn.Linear(1, 1)
    criterion = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    losses, slopes = [], []
    for step in range(steps):
        if zero_grad:
            optimizer.zero_grad()
        yhat = model(x)
        loss = criterion(yhat, y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
        slopes.append(model.weight.item())
    return losses, slopes


losses, slopes = train(zero_grad=True)
losses_forgot, slopes_forgot = train(zero_grad=False)

print("step  loss with zero_grad  loss without   slope without")
for step in [0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 200, 249]:
    print(f"{step:4d}  {losses[step]:17.4f}  {losses_forgot[step]:12.4f}"
          f"  {slopes_forgot[step]:+14.4f}")

n_steps, n_last = len(losses_forgot), 100  # 250 steps; look at the last 100
last = slice(n_steps - n_last, n_steps)
low, high = min(losses_forgot[last]), max(losses_forgot[last])
slope_low, slope_high = min(slopes_forgot[last]), max(slopes_forgot[last])
print(f"without zero_grad, last {n_last} of {n_steps} steps: loss from "
      f"{low:.4f} to {high:.4f}, slope from {slope_low:+.3f} to "
      f"{slope_high:+.3f}")
peak_early = max(losses_forgot[:100])  # highest loss in the first 100
print(f"without zero_grad, highest loss in steps 0-99: {peak_early:.4f}, "
      f"in steps {n_steps - n_last}-{n_steps - 1}: {high:.4f}")
print(f"with zero_grad, final loss {losses[-1]:.4f}, "
      f"slope {slopes[-1]:+.4f}")
