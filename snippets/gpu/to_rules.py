import torch
import torch.nn as nn

# .to() moves between devices *and* between dtypes, with the same rules.
# Every machine has dtypes: we can watch the rules without a GPU.

t = torch.ones(3)
t.to(torch.float64)  # returns a converted copy... which this line throws away
print(f"after t.to(float64):      t.dtype = {t.dtype}")
t = t.to(torch.float64)  # reassign to keep it
print(f"after t = t.to(float64):  t.dtype = {t.dtype}")

# Asking for what a tensor already is returns the same tensor: no copy.
same_object = t.to(torch.float64) is t
print(f"t.to(its own dtype) is t: {same_object}")

m = nn.Linear(2, 1)
m.to(torch.float64)  # a module converts its own parameters, in place
print(f"after m.to(float64):      m.weight.dtype = {m.weight.dtype}")
