import statistics
import time

import torch
import torch.nn as nn
from torch.amp import GradScaler, autocast

# A wider network than the one-neuron regression, so that matrix multiplies
# dominate. CUDA: float16 autocast with a scaler. CPU: bfloat16, no scaler.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
amp_dtype = torch.float16 if use_cuda else torch.bfloat16
if not use_cuda:
    torch.set_num_threads(1)  # one CPU thread: steadier on a shared machine
torch.manual_seed(0)
batch = 512 if use_cuda else 128  # smaller on a CPU: a quicker run
X = torch.randn(batch, 512, device=device)
Y = torch.randn(batch, 1, device=device)
criterion = nn.MSELoss()


def make_step(use_amp):
    """One training step of a fresh 512-1024-1024-1 network."""
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Linear(512, 1024), nn.ReLU(),
        nn.Linear(1024, 1024), nn.ReLU(),
        nn.Linear(1024, 1),
    ).to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=1e-3)
    scaler = GradScaler(device.type, enabled=use_amp and use_cuda)

    def step():
        optimizer.zero_grad()
        with autocast(device.type, dtype=amp_dtype, enabled=use_amp):
            loss = criterion(net(X), Y)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()

    return step


def seconds(step):
    if use_cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    step()
    if use_cuda:
        torch.cuda.synchronize()  # GPU work is asynchronous: wait for it
    return time.perf_counter() - start


plain, mixed = make_step(False), make_step(True)
for _ in range(2):  # warm-up
    plain(), mixed()
# The course's timing method (the timing page): ROUNDS rounds; in each, both
# variants TRIES times, taking turns, fastest kept; ratio = float32 / autocast.
ROUNDS, TRIES = 15, 3
t_fp32, t_amp, ratios = [], [], []
for _ in range(ROUNDS):
    a, b = [], []
    for _ in range(TRIES):
        a.append(seconds(plain))
        b.append(seconds(mixed))
    t_fp32.append(min(a))
    t_amp.append(min(b))
    ratios.append(t_fp32[-1] / t_amp[-1])

# Timings go into variables only: the page quotes them.
speedup = statistics.median(ratios)  # float32 time / autocast time
low, high = min(ratios), max(ratios)  # the spread over the rounds
ms_fp32 = 1000 * statistics.median(t_fp32)
ms_amp = 1000 * statistics.median(t_amp)
if low > 1:
    verdict = "faster"
elif high < 1:
    verdict = "slower"
else:
    verdict = "no measurable difference"
timed_on = str(device)
print(f"timed one training step on {timed_on}, batch {batch}: float32 vs "
      f"autocast to {amp_dtype}, {ROUNDS} rounds of {TRIES} steps each way")
