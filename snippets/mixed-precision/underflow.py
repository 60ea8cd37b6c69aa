import torch

# Three 16- and 32-bit float formats: how big, how small, how fine.
print(f"{'dtype':>9} | {'largest':>9} | {'smallest normal':>15} | "
      f"{'step after 1.0':>14}")
for dtype in (torch.float32, torch.float16, torch.bfloat16):
    info = torch.finfo(dtype)
    name = str(dtype).replace("torch.", "")
    print(f"{name:>9} | {info.max:9.3g} | {info.tiny:15.3g} | "
          f"{info.eps:14.3g}")

# Below its smallest normal number float16 keeps going with ever fewer
# digits ("subnormals"), down to one last step above zero:
fp16 = torch.finfo(torch.float16)
smallest_fp16 = fp16.tiny * fp16.eps
print(f"smallest positive float16: {smallest_fp16:.3g}")

# A small but real gradient, as a deep net produces all the time.
grad = torch.tensor(1e-8)
grad_fp16 = grad.to(torch.float16).item()
grad_bf16 = grad.to(torch.bfloat16).item()
print()
print(f"a gradient of 1e-8 stored as float32:  {grad.item():.3e}")
lost = "   <- underflowed to zero" if grad_fp16 == 0 else ""
print(f"                     ... as float16:   {grad_fp16:.3e}{lost}")
print(f"                     ... as bfloat16:  {grad_bf16:.3e}")

# What GradScaler does: multiply the loss (hence every gradient) by a big S
# before the fp16 backward pass, then divide by S in float32 before the update.
scale = 2.0**16
scaled = (grad * scale).to(torch.float16)
recovered = scaled.float().item() / scale
print(f"scaled by 2**16, stored as float16:    {scaled.item():.3e}")
print(f"unscaled again in float32:             {recovered:.3e}")

# Scale too far and float16 overflows instead: GradScaler watches for this.
too_big = torch.tensor(70000.0).to(torch.float16).item()
print(f"70000 stored as float16:               {too_big}")
