import statistics
import time

import torch
import torch.nn as nn
from torch.amp import GradScaler, autocast

# Where does autocast start to pay? The same training step at growing widths.
# A GPU gets sizes that can fill it; a CPU gets small ones, for a short run.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
amp_dtype = torch.float16 if use_cuda else torch.bfloat16
if use_cuda:
    batch, widths = 8192, [512, 1024, 2048, 4096]
else:
    batch, widths = 64, [16, 32, 64, 128]
    torch.set_num_threads(1)  # one CPU thread: steadier on a shared machine
# The course's timing method (the timing page): ROUNDS rounds; in each, both
# variants TRIES times, taking turns, fastest kept; ratio = float32 / autocast.
ROUNDS, TRIES = 15, 3
criterion = nn.MSELoss()


def make_step(width, use_amp):
    """One training step of a fresh MLP: width -> 3 hidden layers -> 1."""
    torch.manual_seed(0)
    layers = []
    for _ in range(3):
        layers += [nn.Linear(width, width), nn.ReLU()]
    net = nn.Sequential(*layers, nn.Linear(width, 1)).to(device)
    X = torch.randn(batch, width, device=device)
    Y = torch.randn(batch, 1, device=device)
    optimizer = torch.optim.SGD(net.parameters(), lr=1e-4)
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
        torch.cuda.synchronize()  # wait for the GPU before stopping the clock
    return time.perf_counter() - start


# Per width: median of the per-round ratios, their spread (min to max),
# and a verdict only where the whole spread is on one side of 1.
speedups, lows, highs, verdicts = [], [], [], []
for width in widths:
    plain, mixed = make_step(width, False), make_step(width, True)
    for _ in range(2):  # warm-up
        plain(), mixed()
    ratios = []
    for _ in range(ROUNDS):
        a, b = [], []
        for _ in range(TRIES):
            a.append(seconds(plain))
            b.append(seconds(mixed))
        ratios.append(min(a) / min(b))
    speedups.append(statistics.median(ratios))
    lows.append(min(ratios))
    highs.append(max(ratios))
    if lows[-1] > 1:
        verdicts.append("faster")
    elif highs[-1] < 1:
        verdicts.append("slower")
    else:
        verdicts.append("no measurable difference")

print(f"device {device}, autocast to {amp_dtype}, batch {batch}")
print(f"widths {widths}, 3 hidden layers, {ROUNDS} rounds of {TRIES} "
      "steps each way per width")
