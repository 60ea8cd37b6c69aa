import torch
import torch.nn as nn
from torch.amp import autocast

# What does one training step keep in memory, in float32 and under
# autocast? The parameters and their gradients are float32 either way;
# what changes is what the forward pass saves for the backward walk.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
amp_dtype = torch.float16 if device.type == "cuda" else torch.bfloat16
torch.manual_seed(0)
batch, width = 2048, 512
layers = []
for _ in range(3):
    layers += [nn.Linear(width, width), nn.ReLU()]
model = nn.Sequential(*layers, nn.Linear(width, 1)).to(device)
X = torch.randn(batch, width, device=device)
Y = torch.randn(batch, 1, device=device)
criterion = nn.MSELoss()
MiB = 2**20
param_mib = sum(p.nelement() * p.element_size()
                for p in model.parameters()) / MiB
# The parameters and the input batch exist whether or not anything is
# saved, so the count leaves them out (a 16-bit copy of either counts).
held = {p.data_ptr() for p in model.parameters()} | {X.data_ptr()}


def saved(use_amp):
    """One training step. Returns the MiB the forward pass saves for
    backward (activations, one row per sample; copies of X; weight
    copies), this step's gradients (MiB, dtypes), and whether X and how
    many parameters were saved as they are. Each block
    of memory counts once (a ReLU's output is also the next layer's
    input); the parameters and X, which exist anyway, count not at all."""
    model.zero_grad(set_to_none=True)  # this run's gradients only
    blocks, kept = {}, set()

    def pack(t):  # called for every tensor an operation saves
        if t.data_ptr() in held:
            kept.add(t.data_ptr())  # X or a parameter, saved as it is
        else:
            rows = t.shape[0] if t.dim() else 0
            kind = "activations" if rows == batch else "weight copies"
            if t.shape == X.shape and torch.equal(t, X.to(t.dtype)):
                kind = "copy of X"  # X itself, in another dtype
            blocks[t.data_ptr()] = (kind, t.element_size() * t.nelement())
        return t

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    with hooks, autocast(device.type, dtype=amp_dtype, enabled=use_amp):
        loss = criterion(model(X), Y)
    loss.backward()
    mib = {"activations": 0.0, "copy of X": 0.0, "weight copies": 0.0}
    for kind, nbytes in blocks.values():
        mib[kind] += nbytes / MiB
    grads = [p.grad for p in model.parameters()]
    grad = (sum(g.nelement() * g.element_size() for g in grads) / MiB,
            sorted({str(g.dtype) for g in grads}))
    x_kept = X.data_ptr() in kept
    return mib, grad, {"X": x_kept, "params": len(kept) - x_kept}


runs = {"float32": saved(False), "autocast": saved(True)}
saved_mib = {name: run[0] for name, run in runs.items()}
grad_mib = {name: run[1][0] for name, run in runs.items()}
grad_dtypes = {name: run[1][1] for name, run in runs.items()}
held_saved = {name: run[2] for name, run in runs.items()}
saved_total = {name: sum(parts.values()) for name, parts in saved_mib.items()}
# Parameters, gradients and saved tensors added up (backward frees the
# saved tensors while it fills the gradients, so they never all coexist).
total_mib = {name: param_mib + grad_mib[name] + saved_total[name]
             for name in runs}

print(f"batch {batch}, width {width}, on {device}; autocast to {amp_dtype}")
print(f"parameters {param_mib:.2f} MiB")
for name in runs:
    print(f"{name:>8} run: gradients {grad_mib[name]:.2f} MiB, "
          f"dtype {', '.join(d[6:] for d in grad_dtypes[name])}; "
          f"saved as they are: X {held_saved[name]['X']}, "
          f"{held_saved[name]['params']} parameters")
print(f"{'saved':>8} | {'activations':>11} | {'copy of X':>9} | "
      f"{'weight copies':>13} | {'with params, grads':>18}")
for name, parts in saved_mib.items():
    print(f"{name:>8} | {parts['activations']:>7.2f} MiB | "
          f"{parts['copy of X']:>5.2f} MiB | "
          f"{parts['weight copies']:>9.2f} MiB | "
          f"{total_mib[name]:>14.2f} MiB")
