# --8<-- [start:freeze]
# Freezing a layer: its parameters get no gradient, and the optimizer
# leaves them where they are.
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(16, 4)
y = torch.randn(16, 1)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
criterion = nn.MSELoss()

model[0].requires_grad_(False)  # the first layer: its weight and its bias
for name, p in model.named_parameters():
    print(f"{name:<9} requires_grad={p.requires_grad}")

h = model[0](x)  # the frozen layer's output
out = model[2](model[1](h))
loss = criterion(out, y)
loss.backward()
h_recorded = h.grad_fn is not None
without_grad = [name for name, p in model.named_parameters()
                if p.grad is None]
print(f"h.grad_fn: {h.grad_fn}")
print(f"after backward(), .grad is None for: {without_grad}")
# --8<-- [end:freeze]

# --8<-- [start:step]
# weight_decay shrinks every parameter it steps, even with a zero grad,
# so a frozen layer stepped with zeros would move.
optimizer = torch.optim.SGD(model.parameters(), lr=0.1,
                            weight_decay=0.01)  # all four
before = {name: p.detach().clone() for name, p in model.named_parameters()}
for step in range(5):
    optimizer.zero_grad()
    criterion(model(x), y).backward()
    optimizer.step()
changed = [name for name, p in model.named_parameters()
           if not torch.equal(p, before[name])]
print(f"changed by 5 steps: {changed}")
# --8<-- [end:step]

# --8<-- [start:trainable]
trainable = [p for p in model.parameters() if p.requires_grad]
optimizer = torch.optim.Adam(trainable, lr=1e-3)
n_given = len(optimizer.param_groups[0]["params"])
n_all = len(list(model.parameters()))
print(f"Adam manages {n_given} of the model's {n_all} parameter tensors")
# --8<-- [end:trainable]

# --8<-- [start:late]
# Freezing in the middle of training, with Adam already stepping.
def frozen_drift(set_to_none):
    """How far the first layer's weight moves in 5 steps after freezing."""
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for step in range(10):
        if step == 5:
            model[0].requires_grad_(False)
            frozen = model[0].weight.detach().clone()
        optimizer.zero_grad(set_to_none=set_to_none)
        criterion(model(x), y).backward()
        optimizer.step()
    return (model[0].weight - frozen).abs().max().item()


drift_none = frozen_drift(set_to_none=True)    # the default
drift_zeros = frozen_drift(set_to_none=False)  # .grad kept, filled with 0
print(f"zero_grad() sets .grad to None:   frozen weight moved "
      f"{drift_none:.4f}")
print(f"zero_grad(set_to_none=False):     frozen weight moved "
      f"{drift_zeros:.4f}")
# --8<-- [end:late]
