import torch

t = torch.ones(3)
print("a new tensor lives on:", t.device)

# Pick the best device this machine has, at run time, and move the tensor
# there.
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
moved = t.to(device)
print("after .to(device)     :", moved.device)

device_name = str(moved.device)
