# --8<-- [start:pick]
import torch
import torch.nn as nn

# Pick the best device this machine has: an NVIDIA GPU, else an Apple GPU,
# else the CPU. (Older PyTorch builds have no torch.backends.mps at all,
# hence the getattr.)
if torch.cuda.is_available():
    device = torch.device("cuda")
elif (getattr(torch.backends, "mps", None) is not None
      and torch.backends.mps.is_available()):
    device = torch.device("mps")
else:
    device = torch.device("cpu")

device_name = str(device)
print(f"training on: {device_name}")
# --8<-- [end:pick]

# --8<-- [start:move]
# The data and model of the complete script, made on the CPU, same seed...
torch.manual_seed(0)
x = torch.linspace(-2, 2, 100).unsqueeze(-1)  # (100, 1)
y = 2 * x + 0.05 * torch.randn_like(x)
model = nn.Linear(in_features=1, out_features=1)

# ...then moved. A tensor's .to() returns a tensor on the device: keep it.
x = x.to(device)
y = y.to(device)
# A module's .to() moves its own parameters in place (and returns itself).
model = model.to(device)

# Build the optimizer after the move: it holds the parameters where they live.
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

print(f"x is on {x.device}, y is on {y.device}, "
      f"the weight is on {model.weight.device}")
# --8<-- [end:move]

# --8<-- [start:train]
# The five-line loop, character for character the one from the complete script.
for step in range(250):
    optimizer.zero_grad()
    yhat = model(x)
    loss = criterion(yhat, y)
    loss.backward()
    optimizer.step()
    if step % 100 == 0:
        print(f"step {step:3d}: loss = {loss.item():.4f}")

# .item() copies one number back to the CPU as a Python float.
slope, intercept = model.weight.item(), model.bias.item()
print(f"learned slope: {slope:.4f}  intercept: {intercept:.4f}")
# --8<-- [end:train]
