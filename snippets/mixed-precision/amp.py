# --8<-- [start:setup]
import copy

import torch
import torch.nn as nn
from torch.amp import GradScaler, autocast

# CUDA: float16 autocast plus a loss scaler. CPU: bfloat16, scaler off.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
amp_dtype = torch.float16 if use_cuda else torch.bfloat16

torch.manual_seed(0)
x = torch.linspace(-2, 2, 100).unsqueeze(-1)
y = 2 * x + 0.05 * torch.randn_like(x)
x, y = x.to(device), y.to(device)
model = nn.Linear(1, 1).to(device)
reference = copy.deepcopy(model)  # a twin, trained in plain float32 at the end
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
scaler = GradScaler(device.type, enabled=use_cuda)

print(f"device: {device}, autocast dtype: {amp_dtype}, "
      f"scaler enabled: {scaler.is_enabled()}")
# --8<-- [end:setup]

# --8<-- [start:peek]
# One forward and backward pass, just to look at the dtypes.
with autocast(device_type=device.type, dtype=amp_dtype):
    yhat = model(x)
    loss = criterion(yhat, y)
scaler.scale(loss).backward()

out_dtype, loss_dtype = str(yhat.dtype), str(loss.dtype)
param_dtype, grad_dtype = str(model.weight.dtype), str(model.weight.grad.dtype)
print(f"inside autocast:  Linear output {out_dtype}, loss {loss_dtype}")
print(f"outside autocast: weight {param_dtype}, weight.grad {grad_dtype}")
optimizer.zero_grad()  # throw this look-only gradient away before training
# --8<-- [end:peek]

# --8<-- [start:train]
# The five-line loop: autocast around the forward pass, the scaler after.
losses = []
for step in range(200):
    optimizer.zero_grad()
    with autocast(device_type=device.type, dtype=amp_dtype):
        yhat = model(x)
        loss = criterion(yhat, y)
    scaler.scale(loss).backward()  # times the scale, then the reverse walk
    scaler.step(optimizer)  # unscale; skip the step if a grad is inf or nan
    scaler.update()  # grow or shrink the scale for next time
    losses.append(loss.item())

final_loss = losses[-1]
print(f"final loss after 200 steps: {final_loss:.4f}")
print(f"learned slope: {model.weight.item():.4f}  "
      f"intercept: {model.bias.item():.4f}")
# --8<-- [end:train]

# --8<-- [start:reference]
# The same 200 steps in plain float32, from the same starting weights.
ref_optimizer = torch.optim.SGD(reference.parameters(), lr=0.1)
for step in range(200):
    ref_optimizer.zero_grad()
    ref_loss = criterion(reference(x), y)
    ref_loss.backward()
    ref_optimizer.step()

final_loss_fp32 = ref_loss.item()
slope_amp, slope_fp32 = model.weight.item(), reference.weight.item()
slope_gap = abs(slope_amp - slope_fp32)
print(f"float32 reference, final loss: {final_loss_fp32:.4f}")
print(f"float32 reference, slope: {slope_fp32:.4f}  "
      f"intercept: {reference.bias.item():.4f}")
# --8<-- [end:reference]
