import time

import torch
import torch.nn as nn
from torch.amp import GradScaler, autocast

# A wider network than the one-neuron regression, so that matrix multiplies dominate.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
amp_dtype = torch.float16 if use_cuda else torch.bfloat16
torch.manual_seed(0)
X = torch.randn(512, 512, device=device)
Y = torch.randn(512, 1, device=device)
criterion = nn.MSELoss()


def make_net():
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Linear(512, 1024), nn.ReLU(),
        nn.Linear(1024, 1024), nn.ReLU(),
        nn.Linear(1024, 1),
    )
    return net.to(device)


def median_step_ms(use_amp, repeats=11, warmup=3):
    """Median wall time of one training step, in milliseconds, after a few warm-up steps."""
    net = make_net()
    optimizer = torch.optim.SGD(net.parameters(), lr=1e-3)
    scaler = GradScaler(device.type, enabled=use_amp and use_cuda)
    times = []
    for i in range(warmup + repeats):
        if use_cuda:
            torch.cuda.synchronize()
        start = time.perf_counter()
        optimizer.zero_grad()
        with autocast(device_type=device.type, dtype=amp_dtype, enabled=use_amp):
            loss = criterion(net(X), Y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
        if use_cuda:
            torch.cuda.synchronize()  # GPU work is asynchronous: wait for it before stopping the clock
        if i >= warmup:
            times.append(time.perf_counter() - start)
    times.sort()
    return 1000 * times[len(times) // 2]


# The timings go into variables only: the page quotes them, the output stays reproducible.
ms_fp32 = median_step_ms(use_amp=False)
ms_amp = median_step_ms(use_amp=True)
speedup = ms_fp32 / ms_amp
verdict = "faster" if ms_amp < ms_fp32 else "slower"
timed_on = str(device)
print(f"timed one training step on {timed_on}: float32, then autocast to {amp_dtype}")
print("(median of 11 steps after 3 warm-up steps; the numbers are quoted in the text)")
