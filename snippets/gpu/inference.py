import statistics
import time

import torch
import torch.nn as nn

# Inference with and without the ledger: time and memory of a forward pass.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
batch, width = (8192, 4096) if use_cuda else (256, 512)
ROUNDS = 15
torch.manual_seed(0)
layers = []
for _ in range(3):
    layers += [nn.Linear(width, width), nn.ReLU()]
model = nn.Sequential(*layers, nn.Linear(width, 1)).to(device)
x = torch.randn(batch, width, device=device)

# Memory: what the forward pass stores for the backward walk (the ledger).
saved = []


def keep(t):
    saved.append(t.element_size() * t.nelement())
    return t


with torch.autograd.graph.saved_tensors_hooks(keep, lambda t: t):
    model(x)
    saved_mib = sum(saved) / 2**20
    saved.clear()
    with torch.no_grad():
        model(x)
    saved_mib_no_grad = sum(saved) / 2**20
print(f"batch {batch}, width {width}, on {device}")
print(f"saved for backward: {saved_mib:.1f} MiB with the ledger, "
      f"{saved_mib_no_grad:.1f} MiB under no_grad()")

if use_cuda:  # the allocator's peak during one forward pass, on the GPU
    peak_mib = {}
    for grad in (True, False):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        with torch.set_grad_enabled(grad):
            out = model(x)
        peak_mib[grad] = (torch.cuda.max_memory_allocated() - before) / 2**20
        del out


def seconds(grad):
    if use_cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.set_grad_enabled(grad):
        model(x)
    if use_cuda:
        torch.cuda.synchronize()  # wait for the GPU before stopping the clock
    return time.perf_counter() - start


for _ in range(3):  # warm-up
    seconds(True), seconds(False)
ratios = []
for _ in range(ROUNDS):  # both in every round
    with_grad = seconds(True)
    ratios.append(with_grad / seconds(False))
speedup = statistics.median(ratios)  # time with the ledger / under no_grad
low, *_, high = statistics.quantiles(ratios, n=10)  # 10th-90th percentile
verdict = ("faster" if low > 1 else "slower" if high < 1
           else "no measurable difference")
