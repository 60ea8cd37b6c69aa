# raises: RuntimeError
# A leaf that requires grad (a weight, say) cannot be edited in place at all.
import torch

w = torch.ones(3, requires_grad=True)
w.add_(1)
