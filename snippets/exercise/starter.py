import math

import torch
import torch.nn as nn

# The data: y = sin(x) at 200 evenly spaced points on [-pi, pi],
# shaped (samples, features).
x = torch.linspace(-math.pi, math.pi, 200).unsqueeze(-1)  # (200, 1)
y = torch.sin(x)  # (200, 1)
print(f"x: {tuple(x.shape)}  y: {tuple(y.shape)}")


class TinyMLP(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        # TODO 1: register two layers by assigning them as attributes:
        #         self.fc1 maps 1 feature to `hidden` features,
        #         self.fc2 maps `hidden` features back to 1.

    def forward(self, x):
        # TODO 2: apply fc1, then ReLU (torch.relu), then fc2; return that.
        # A stand-in so the file runs: it predicts 0 everywhere.
        return torch.zeros_like(x)


torch.manual_seed(0)
model = TinyMLP()
criterion = nn.MSELoss()
n_params = sum(p.numel() for p in model.parameters())
expected = 16 * 1 + 16 + 1 * 16 + 1  # fc1 weight and bias, fc2 weight and bias
print(f"learnable numbers registered: {n_params}  "
      f"({expected} once TODO 1 is done)")

# What "knowing nothing" scores: the loss of predicting 0 everywhere.
# Aim far below it.
baseline = criterion(model(x), y).item()
print(f"loss of the stand-in model: {baseline:.5f}")

# TODO 3: an optimizer over model.parameters(): torch.optim.SGD, lr=0.1.
# TODO 4: the five-line loop, 1000 times: zero_grad, forward, loss,
#         backward, step.
#         Append loss.item() to a list `losses` on every step.
# TODO 5: under torch.no_grad(), predict on x; print the final MSE (:.5f).
