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
param_ptrs = {p.data_ptr() for p in model.parameters()}


def saved(use_amp):
    """MiB the forward pass saves for backward: activations (one row per
    sample) and weight copies. Each block of memory counts once (a ReLU's
    output is also the next layer's input); the parameters themselves,
    which exist anyway, count not at all."""
    blocks = {}

    def pack(t):  # called for every tensor an operation saves
        if t.data_ptr() not in param_ptrs:
            rows = t.shape[0] if t.dim() else 0
            kind = "activations" if rows == batch else "weight copies"
            blocks[t.data_ptr()] = (kind, t.element_size() * t.nelement())
        return t

    hooks = torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t)
    with hooks, autocast(device.type, dtype=amp_dtype, enabled=use_amp):
        loss = criterion(model(X), Y)
    loss.backward()
    mib = {"activations": 0.0, "weight copies": 0.0}
    for kind, nbytes in blocks.values():
        mib[kind] += nbytes / MiB
    return mib


saved_mib = {"float32": saved(False), "autocast": saved(True)}
grad_mib = sum(p.grad.nelement() * p.grad.element_size()
               for p in model.parameters()) / MiB
grad_dtype = str(model[0].weight.grad.dtype)
# Parameters, gradients and saved tensors added up (backward frees the
# saved tensors while it fills the gradients, so they never all coexist).
total_mib = {name: param_mib + grad_mib + sum(parts.values())
             for name, parts in saved_mib.items()}

print(f"batch {batch}, width {width}, on {device}; autocast to {amp_dtype}")
print(f"parameters {param_mib:.2f} MiB, gradients {grad_mib:.2f} MiB "
      f"({grad_dtype[6:]}), in both runs")
print(f"{'saved for backward':>20} | {'activations':>11} | "
      f"{'weight copies':>13} | {'with params, grads':>18}")
for name, parts in saved_mib.items():
    print(f"{name:>20} | {parts['activations']:>7.2f} MiB | "
          f"{parts['weight copies']:>9.2f} MiB | "
          f"{total_mib[name]:>14.2f} MiB")
