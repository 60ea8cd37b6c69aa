import torch
import torch.nn.functional as F
from torch.amp import autocast

# Under autocast, which dtype does each operation give? A linear layer's
# matrix multiply makes a 16-bit h; each operation below then reads h.
# The lists differ by device: the CPU always, CUDA where there is one.
devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
ops = {
    "linear": lambda h, t: h,
    "softmax": lambda h, t: h.softmax(dim=-1),
    "layer_norm": lambda h, t: F.layer_norm(h, h.shape[-1:]),
    "sum": lambda h, t: h.sum(),
    "mse_loss": lambda h, t: F.mse_loss(h, t),
}
torch.manual_seed(0)
out_dtypes = {}
for dev in devices:
    half = torch.float16 if dev == "cuda" else torch.bfloat16
    inp = torch.randn(8, 16, device=dev)
    wt = torch.randn(16, 16, device=dev)
    tgt = torch.randn(8, 16, device=dev)
    with autocast(device_type=dev, dtype=half):
        h = F.linear(inp, wt)
        out_dtypes[dev] = {name: str(op(h, tgt).dtype)[6:]
                           for name, op in ops.items()}
    print(f"{dev}, autocast to {str(half)[6:]}:")
    for name, dtype in out_dtypes[dev].items():
        print(f"  {name:>10} -> {dtype}")
cpu_dtypes = out_dtypes["cpu"]
