import statistics
import time

import torch

# What a dtype does to memory, and to the speed of a matrix multiply.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
N = 8192 if use_cuda else 256  # an N x N @ N x N multiply: 2 * N**3 flops
if not use_cuda:
    torch.set_num_threads(1)  # one CPU thread: steadier on a shared machine

# TF32: on NVIDIA GPUs since Ampere, float32 matmuls may run on tensor
# cores with a 10-bit mantissa. PyTorch leaves that off for matmuls:
tf32_default = torch.backends.cuda.matmul.allow_tf32
print(f"torch.backends.cuda.matmul.allow_tf32 = {tf32_default} (default)")

variants = {"float32": (torch.float32, False),
            "float16": (torch.float16, False),
            "bfloat16": (torch.bfloat16, False)}
if use_cuda:
    variants["float32 + TF32"] = (torch.float32, True)  # switched on below

print(f"one {N} x {N} matrix:")
mib = {}
for name, (dtype, _) in variants.items():
    a = torch.ones(N, N, dtype=dtype)
    mib[name] = a.element_size() * a.nelement() / 2**20
    print(f"  {name:>14}: {a.element_size()} bytes a number, "
          f"{mib[name]:.2f} MiB")


def seconds(a, b, tf32):
    torch.backends.cuda.matmul.allow_tf32 = tf32
    if use_cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    a @ b
    if use_cuda:
        torch.cuda.synchronize()  # wait for the GPU before stopping the clock
    return time.perf_counter() - start


torch.manual_seed(0)
pairs = {name: [torch.randn(N, N, device=device, dtype=dtype)
                for _ in range(2)] for name, (dtype, _) in variants.items()}
for _ in range(2):  # warm-up
    for name, (_, tf32) in variants.items():
        seconds(*pairs[name], tf32)
# The course's timing method (the timing page): ROUNDS rounds; in each, every
# variant TRIES times, taking turns, fastest kept; ratio = float32 / variant.
ROUNDS, TRIES = 15, 3
times = {name: [] for name in variants}
for _ in range(ROUNDS):
    tries = {name: [] for name in variants}
    for _ in range(TRIES):
        for name, (_, tf32) in variants.items():
            tries[name].append(seconds(*pairs[name], tf32))
    for name in variants:
        times[name].append(min(tries[name]))
torch.backends.cuda.matmul.allow_tf32 = tf32_default  # back to the default

# Per variant: TFLOP/s from the median time; speed-up over float32 as the
# median of the per-round ratios, with their spread (min to max).
tflops, speedup, low, high, verdict = {}, {}, {}, {}, {}
for name in variants:
    tflops[name] = 2 * N**3 / statistics.median(times[name]) / 1e12
    ratios = [t32 / t for t32, t in zip(times["float32"], times[name])]
    speedup[name] = statistics.median(ratios)
    low[name], high[name] = min(ratios), max(ratios)
    verdict[name] = ("faster" if low[name] > 1 else "slower" if high[name] < 1
                     else "no measurable difference")
print(f"timed {N} x {N} matmuls on {device}: {ROUNDS} rounds of {TRIES} "
      "each")
