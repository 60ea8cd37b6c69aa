import statistics
import time

import torch
import torch.nn as nn

# Inference with and without the ledger: time and memory of a forward pass.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
use_cuda = device.type == "cuda"
batch, width = (8192, 4096) if use_cuda else (256, 512)
torch.manual_seed(0)
layers = []
for _ in range(3):
    layers += [nn.Linear(width, width), nn.ReLU()]
model = nn.Sequential(*layers, nn.Linear(width, 1)).to(device)
x = torch.randn(batch, width, device=device)

# Memory: what the forward pass stores for the backward walk (the ledger).
# One block of memory can be saved by two entries (a ReLU's output is also
# the next Linear's input): count each once, by the address of its numbers.
# Leave out the parameters: they exist whether or not the ledger is kept.
param_ptrs = {p.data_ptr() for p in model.parameters()}


def ledger_mib(grad):
    saved = {}

    def pack(t):  # called for every tensor an operation saves
        if t.data_ptr() not in param_ptrs:
            saved[t.data_ptr()] = t.element_size() * t.nelement()
        return t

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    with hooks, torch.set_grad_enabled(grad):
        model(x)
    return sum(saved.values()) / 2**20


saved_mib = ledger_mib(True)
saved_mib_no_grad = ledger_mib(False)
print(f"batch {batch}, width {width}, on {device}")
print(f"saved for backward: {saved_mib:.1f} MiB with the ledger, "
      f"{saved_mib_no_grad:.1f} MiB under no_grad()")

if use_cuda:  # the allocator's peak during one forward pass, on the GPU
    peak_mib = {}
    for name, grad in (("ledger", True), ("no_grad", False)):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
        before = torch.cuda.memory_allocated()
        with torch.set_grad_enabled(grad):
            out = model(x)
        peak_mib[name] = (torch.cuda.max_memory_allocated() - before) / 2**20
        del out
    print(f"allocator peak: {peak_mib['ledger']:.0f} MiB with the ledger, "
          f"{peak_mib['no_grad']:.0f} MiB under no_grad()")


def seconds(grad):
    if use_cuda:
        torch.cuda.synchronize()
    start = time.perf_counter()
    with torch.set_grad_enabled(grad):
        model(x)
    if use_cuda:
        torch.cuda.synchronize()  # wait for the GPU before stopping the clock
    return time.perf_counter() - start


# The course's timing method (the timing page): ROUNDS rounds; in each, both
# variants TRIES times in turn, fastest kept; ratio = with ledger / without.
ROUNDS, TRIES = 15, 3
if not use_cuda:
    torch.set_num_threads(1)  # one CPU thread: steadier on a shared machine
for _ in range(3):  # warm-up
    seconds(True), seconds(False)
ratios = []
for _ in range(ROUNDS):
    with_grad, without = [], []
    for _ in range(TRIES):
        with_grad.append(seconds(True))
        without.append(seconds(False))
    ratios.append(min(with_grad) / min(without))
speedup = statistics.median(ratios)  # time with the ledger / under no_grad
low, high = min(ratios), max(ratios)  # the spread over the rounds
verdict = ("faster" if low > 1 else "slower" if high < 1
           else "no measurable difference")
print(f"timed {ROUNDS} rounds of {TRIES} forward passes each way")
