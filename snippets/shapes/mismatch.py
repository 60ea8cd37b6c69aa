# raises: RuntimeError
import torch

b = torch.arange(10, 70, 10).reshape(2, 3)
print(f"left {tuple(b.shape)}, right {tuple(b.shape)}")
b @ b  # (2 x 3) @ (2 x 3): the inner dimensions are 3 and 2
