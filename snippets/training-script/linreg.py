import torch
import torch.nn as nn

# 1. Data: 100 points on [-2, 2], a known line plus a little noise.
torch.manual_seed(0)
x = torch.linspace(-2, 2, 100).unsqueeze(-1)  # (100, 1): 100 samples
y = 2 * x + 0.05 * torch.randn_like(x)        # y is about 2x

# 2. Model: one neuron, so one weight and one bias.
model = nn.Linear(in_features=1, out_features=1)

# 3. Loss and optimizer.
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# 4. The five-line loop, 250 times. `losses` keeps every loss for a plot.
losses = []
for step in range(250):
    optimizer.zero_grad()
    yhat = model(x)
    loss = criterion(yhat, y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
    if step % 100 == 0:
        print(f"step {step:3d}: loss = {loss.item():.4f}")

slope, intercept = model.weight.item(), model.bias.item()
print(f"learned slope: {slope:.4f}  intercept: {intercept:.4f}")
