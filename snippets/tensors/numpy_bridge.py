import numpy as np
import torch

arr = np.array([1.0, 2.0, 3.0])
shared = torch.from_numpy(arr)  # a view: the tensor reads arr's memory
copied = torch.tensor(arr)      # a copy: fresh memory of its own

arr[0] = 100.0                  # write through the NumPy name...
print("after arr[0] = 100")
print("  arr    :", arr)
print("  shared :", shared)     # ...and the tensor sees it
print("  copied :", copied)     # the copy does not

back = shared.numpy()           # .numpy() on a CPU tensor is a view again
back[1] = -2.0
print("after back[1] = -2")
print("  arr    :", arr)
print("  shared :", shared)

shares_from_numpy = bool(np.shares_memory(arr, shared.numpy()))
shares_tensor = bool(np.shares_memory(arr, copied.numpy()))
print(f"from_numpy shares memory: {shares_from_numpy}   "
      f"torch.tensor shares memory: {shares_tensor}")
print(f"dtype kept from NumPy: {shared.dtype}   "
      f"PyTorch's own default: {torch.tensor([1.0]).dtype}")

# A tensor's three extras, looked up on the NumPy array.
extras = ["device", "requires_grad", "grad_fn"]
array_has = {name: hasattr(arr, name) for name in extras}
print(f"the array has: {array_has}")
array_device = str(getattr(arr, "device", None))  # NumPy 2: always "cpu"
print(f"arr.device = {array_device}   "
      f"shared.device = {shared.device}")
