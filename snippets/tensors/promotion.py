# raises: RuntimeError
# float64 data from NumPy meets a float32 weight.
import numpy as np
import torch

x = torch.from_numpy(np.ones((2, 3)))   # NumPy's default dtype: float64
w = torch.ones(3, 4)                    # PyTorch's default dtype: float32
print(f"x: {x.dtype}   w: {w.dtype}")

scaled = x * w[:, 0]                    # elementwise: quietly promoted
mixed_dtype = str(scaled.dtype)
print(f"x * w[:, 0] -> {mixed_dtype}")
print(f"x.float() @ w -> {(x.float() @ w).dtype}")   # converted first: fine

x @ w                                   # a matrix product does not promote
