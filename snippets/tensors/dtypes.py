import torch

dtypes = [torch.float64, torch.float32, torch.float16, torch.bfloat16,
          torch.int8]
million = 1_000_000

print(f"{'dtype':<16}{'bytes/element':>14}{'1M elements':>14}"
      f"{'largest value':>15}   1/3 stored as")
for dt in dtypes:
    t = torch.zeros(million, dtype=dt)
    nbytes = t.element_size() * t.nelement()   # measured from the tensor
    # int8 keeps only the whole part of 1/3
    third = torch.tensor(1 / 3, dtype=torch.float64).to(dt)
    if dt.is_floating_point:
        shown = f"{third.item():.10f}"
        largest = f"{torch.finfo(dt).max:.3g}"
    else:
        shown = str(third.item())
        largest = str(torch.iinfo(dt).max)
    print(f"{str(dt):<16}{t.element_size():>14}{nbytes / 1e6:>11.1f} MB"
          f"{largest:>15}   {shown}")

f32_bytes = torch.zeros(million, dtype=torch.float32).element_size() * million
f16_bytes = torch.zeros(million, dtype=torch.float16).element_size() * million
int8_bytes = torch.zeros(million, dtype=torch.int8).element_size() * million
f32_over_f16 = f32_bytes / f16_bytes
f32_over_int8 = f32_bytes / int8_bytes
f16_element = torch.zeros(1, dtype=torch.float16).element_size()
f16_ten_million_mb = f16_element * 10_000_000 / 1e6
default_dtype = str(torch.tensor([1.0]).dtype)
f16_max = torch.finfo(torch.float16).max
bf16_max = torch.finfo(torch.bfloat16).max
f32_max = torch.finfo(torch.float32).max
