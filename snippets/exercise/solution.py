import math

import torch
import torch.nn as nn


class TinyMLP(nn.Module):
    """Two layers, 16 hidden units, ReLU in between: no nn.Sequential."""

    def __init__(self, hidden=16):
        super().__init__()
        # Assigning a Module as an attribute registers it.
        self.fc1 = nn.Linear(1, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        h = torch.relu(self.fc1(x))  # (N, 1) -> (N, 16)
        return self.fc2(h)  # (N, 16) -> (N, 1)


x = torch.linspace(-math.pi, math.pi, 200).unsqueeze(-1)  # (200, 1)
y = torch.sin(x)

torch.manual_seed(0)
model = TinyMLP()
for name, p in model.named_parameters():
    print(f"{name:11s} {str(tuple(p.shape)):8s} "
          f"requires_grad={p.requires_grad}")
n_params = sum(p.numel() for p in model.parameters())
print(f"learnable numbers: {n_params}")

criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

losses = []
for step in range(1000):
    optimizer.zero_grad()
    yhat = model(x)
    loss = criterion(yhat, y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if step % 200 == 0:
        print(f"step {step:4d}: loss = {loss.item():.5f}")

# Score the trained model (after the last step), without building a graph.
with torch.no_grad():
    pred = model(x)
final_mse = criterion(pred, y).item()
print(f"final MSE after 1000 steps: {final_mse:.5f}")
rises = sum(1 for before, after in zip(losses, losses[1:]) if after > before)
print(f"steps on which the loss went up: {rises} of {len(losses) - 1}")

# Plain lists for the plot of the fit.
xs = x.squeeze(-1).tolist()
ys_true = y.squeeze(-1).tolist()
ys_pred = pred.squeeze(-1).tolist()
