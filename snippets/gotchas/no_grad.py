# --8<-- [start:flags]
import os
import statistics
import time

import torch

torch.manual_seed(0)


def make_layers(depth=3, width=512):
    """`depth` layers, each a weight matrix and a bias, all recorded ink."""
    layers = []
    for _ in range(depth):
        w = (torch.randn(width, width) / width**0.5).requires_grad_()
        b = torch.zeros(width, requires_grad=True)
        layers.append((w, b))
    return layers


def net(layers, x):
    """x @ w + b for every layer, with a ReLU between layers."""
    for i, (w, b) in enumerate(layers):
        x = x @ w + b
        if i < len(layers) - 1:
            x = torch.relu(x)
    return x


layers = make_layers()           # 3 layers of 512 x 512
x = torch.randn(256, 512)        # a batch of 256 inputs

out = net(layers, x)
print(f"ordinary forward: requires_grad={out.requires_grad}, "
      f"grad_fn={type(out.grad_fn).__name__}")

with torch.no_grad():
    out = net(layers, x)
print(f"under no_grad() : requires_grad={out.requires_grad}, "
      f"grad_fn={out.grad_fn}")
# --8<-- [end:flags]

# --8<-- [start:memory]
MiB = 2**20


def nbytes(tensors):
    return sum(t.numel() * t.element_size() for t in tensors)


def memory_bill(layers, x, grad=True):
    """MiB of weights, of their gradients, and of the activations the
    ledger saves for the backward walk, for one forward pass."""
    weights = [t for pair in layers for t in pair]
    weight_ptrs = {t.data_ptr() for t in weights}
    saved = {}

    def pack(t):                 # called for every tensor the ledger saves
        if t.data_ptr() not in weight_ptrs:  # weights exist anyway
            saved[t.data_ptr()] = t        # one entry per block of memory
        return t

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    with hooks, torch.set_grad_enabled(grad):
        out = net(layers, x)
    if grad:
        for t in weights:
            t.grad = None
        out.sum().backward()
    grads = [t.grad for t in weights if t.grad is not None]
    return (nbytes(weights) / MiB, nbytes(grads) / MiB,
            nbytes(saved.values()) / MiB)


w_mib, g_mib, saved_mib = memory_bill(layers, x)
_, _, saved_nograd_mib = memory_bill(layers, x, grad=False)
print(f"weights                      : {w_mib:6.2f} MiB")
print(f"their gradients              : {g_mib:6.2f} MiB")
print(f"activations saved, ordinary  : {saved_mib:6.2f} MiB")
print(f"activations saved, no_grad() : {saved_nograd_mib:6.2f} MiB")
# --8<-- [end:memory]

# --8<-- [start:scaling]
print(f"{'layers':>6}{'batch':>7}{'weights':>9}{'grads':>8}{'saved':>8}"
      "  (MiB)")
rows = []
for depth, batch in [(3, 32), (3, 128), (3, 512), (3, 1024),
                     (6, 256), (12, 256)]:
    bill = memory_bill(make_layers(depth), torch.randn(batch, 512))
    rows.append((depth, batch, *bill))
    print(f"{depth:>6}{batch:>7}{bill[0]:>9.2f}{bill[1]:>8.2f}"
          f"{bill[2]:>8.2f}")
saved_per_row_kib = rows[0][4] * 1024 / (3 * 32)   # per sample, per layer
saved_1024 = rows[3][4]
saved_over_weights_1024 = rows[3][4] / rows[3][2]
# 3 layers: MiB saved per sample, at each batch size
saved_per_sample = [saved / batch for _, batch, _, _, saved in rows[:4]]
# batch 256: saved / weights, at 6 and at 12 layers
depth_ratios = [rows[4][4] / rows[4][2], rows[5][4] / rows[5][2]]
# --8<-- [end:scaling]

# --8<-- [start:timing]
cores = os.cpu_count()
torch.set_num_threads(1)         # one thread: steadier on a shared machine
threads = torch.get_num_threads()
print(f"this machine: {cores} CPU cores; timing on {threads} thread")


def clock(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


ROUNDS, TRIES = 15, 3


def compare(baseline, variant, rounds=ROUNDS, tries=TRIES):
    """The course's timing method (the timing page). In each round, time
    both variants `tries` times, taking turns, and keep the fastest of each.
    Returns the median time of each (ms), the median of the per-round ratios
    baseline/variant, their spread (min to max), and a verdict."""
    for _ in range(3):           # warm-up
        baseline()
        variant()
    t_base, t_var, ratios = [], [], []
    for _ in range(rounds):
        b, v = [], []
        for _ in range(tries):   # both variants, taking turns
            b.append(clock(baseline))
            v.append(clock(variant))
        b, v = min(b), min(v)    # keep the fastest: a pause caused by
        t_base.append(b * 1000)  # another process only slows a run down
        t_var.append(v * 1000)
        ratios.append(b / v)
    low, high = min(ratios), max(ratios)
    if low > 1:
        verdict = "faster"
    elif high < 1:
        verdict = "slower"
    else:
        verdict = "no measurable difference"
    return {"base_ms": statistics.median(t_base),
            "variant_ms": statistics.median(t_var),
            "ratio": statistics.median(ratios),
            "low": low, "high": high, "verdict": verdict}


def run(mode, fn, *args):
    def call():
        with mode():
            fn(*args)
    return call


def small_ops(v):
    """200 multiplications of a 16-number tensor by a recorded weight."""
    for _ in range(200):
        v = v * scale
    return v


scale = torch.ones(16, requires_grad=True)
v = torch.ones(16)
big = compare(run(torch.enable_grad, net, layers, x),
              run(torch.no_grad, net, layers, x))
small = compare(run(torch.enable_grad, small_ops, v),
                run(torch.no_grad, small_ops, v),)
print(f"timed both workloads, recording vs no_grad(): {ROUNDS} rounds")
# --8<-- [end:timing]

# --8<-- [start:inference]
def views(v):
    """200 rounds of six view operations on 16 numbers: no copies."""
    for _ in range(200):
        v = v.view(4, 4).t().unsqueeze(0).squeeze(0).t().view(16)
    return v


with torch.inference_mode():
    out = net(layers, x)         # newly allocated: an inference tensor
    x_view = x.view(512, 256)    # a view of an ordinary tensor: not one
print(f"under inference_mode(): requires_grad={out.requires_grad}, "
      f"is_inference={out.is_inference()}")
print(f"a view of x made inside: is_inference={x_view.is_inference()}")
plain = out.clone()              # a clone made outside is ordinary ink
print(f"a clone made outside: is_inference={plain.is_inference()}")
doubled = out * 2                # reading it outside, unrecorded, is fine
print(f"out * 2 outside: is_inference={doubled.is_inference()}")
marks = {"out": out.is_inference(), "x_view": x_view.is_inference(),
         "plain": plain.is_inference(), "doubled": doubled.is_inference()}
shift = torch.zeros(512, requires_grad=True)  # a recorded weight
(out + shift).sum().backward()   # recorded, but an add saves no tensor
added_ok = shift.grad is not None
print(f"(out + shift).sum().backward() outside: shift.grad filled: "
      f"{added_ok}")

views_share = views(v).data_ptr() == v.data_ptr()  # the same memory?
print(f"the view workload copies nothing: {views_share}")

with torch.inference_mode():
    v_inf = torch.ones(16)       # made inside: an inference tensor
    of_v = v.view(4, 4)          # a view of the ordinary v
    of_v_inf = v_inf.view(4, 4)  # a view of the inference tensor
tracked = {"of v": of_v._is_view(), "of v_inf": of_v_inf._is_view()}
print(f"views made inside inference_mode(), recorded as views: "
      f"of v {tracked['of v']}, of v_inf {tracked['of v_inf']}")

big_inf = compare(run(torch.no_grad, net, layers, x),
                  run(torch.inference_mode, net, layers, x))
views_inf = compare(run(torch.no_grad, views, v),
                    run(torch.inference_mode, views, v_inf))
views_inf_v = compare(run(torch.no_grad, views, v),
                      run(torch.inference_mode, views, v))
print("timed the network and both view loops, no_grad() vs "
      f"inference_mode(): {ROUNDS} rounds")
# --8<-- [end:inference]
