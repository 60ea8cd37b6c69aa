# --8<-- [start:flags]
import statistics
import time

import torch
import torch.nn as nn

torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

model = nn.Sequential(
    nn.Linear(1024, 1024), nn.ReLU(),
    nn.Linear(1024, 1024), nn.ReLU(),
    nn.Linear(1024, 1024),
).to(device)
x = torch.randn(256, 1024, device=device)

out = model(x)
print(f"ordinary forward : requires_grad={out.requires_grad}, grad_fn={type(out.grad_fn).__name__}")

with torch.no_grad():
    out = model(x)
print(f"under no_grad()  : requires_grad={out.requires_grad}, grad_fn={out.grad_fn}")
# --8<-- [end:flags]

# --8<-- [start:memory]
# What the ledger keeps for the backward walk: count the bytes of the activations it saves.
params = {p.data_ptr() for p in model.parameters()}
saved = {}

def keep(t):
    if t.data_ptr() not in params:  # weights exist anyway; count only what the forward adds
        saved[t.data_ptr()] = t.numel() * t.element_size()
    return t

with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t):
    out = model(x)
saved_grad_mib = sum(saved.values()) / 2**20

saved.clear()
with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t), torch.no_grad():
    out = model(x)
saved_nograd_mib = sum(saved.values()) / 2**20

print(f"activations kept for backward, ordinary forward: {saved_grad_mib:.2f} MiB")
print(f"activations kept for backward, under no_grad() : {saved_nograd_mib:.2f} MiB")
# --8<-- [end:memory]

# --8<-- [start:timing]
def forward_ms(grad_enabled):
    with torch.set_grad_enabled(grad_enabled):
        if device.type == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        out = model(x)
        if device.type == "cuda":
            torch.cuda.synchronize()
        return (time.perf_counter() - start) * 1000

for _ in range(3):  # warm-up: first calls pay for allocation and kernel selection
    forward_ms(True)
    forward_ms(False)

with_grad, without_grad = [], []
for _ in range(20):  # alternate, so both runs see the same machine conditions
    with_grad.append(forward_ms(True))
    without_grad.append(forward_ms(False))

t_grad_ms = statistics.median(with_grad)
t_nograd_ms = statistics.median(without_grad)
speedup = t_grad_ms / t_nograd_ms
verdict = "faster" if speedup > 1.05 else ("slower" if speedup < 0.95 else "about as fast (within 5%)")
versus_lesson = "well short of" if speedup < 1.6 else ("close to" if speedup <= 2.4 else "beyond")
print("timed 20 forward passes each way (the numbers are in the text below)")
# --8<-- [end:timing]
