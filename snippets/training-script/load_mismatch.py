# --8<-- [start:lenient]
# raises: RuntimeError, in the last part (strict=True), not in this one
import torch
import torch.nn as nn

torch.manual_seed(0)
saved = nn.Linear(1, 1).state_dict()  # keys: weight, bias
print("saved keys:", list(saved))

# The same layer, wrapped in a Sequential: its keys gain a prefix.
model = nn.Sequential(nn.Linear(1, 1))
print("model keys:", list(model.state_dict()))

report = model.load_state_dict(saved, strict=False)
missing, unexpected = report.missing_keys, report.unexpected_keys
print("missing:", missing)
print("unexpected:", unexpected)
# --8<-- [end:lenient]

# --8<-- [start:strict]
model.load_state_dict(saved)  # strict=True, the default
# --8<-- [end:strict]
