# raises: RuntimeError
# A tensor made under inference_mode() cannot be saved for a backward walk.
import torch

w = torch.ones(3, requires_grad=True)     # a weight, recorded ink
with torch.inference_mode():
    h = torch.arange(3.0) * 2             # an inference tensor
print(f"h.is_inference() = {h.is_inference()}")

loss = (w * h).sum()   # the multiply must save h to differentiate w
