# --8<-- [start:train]
import os

import torch
import torch.nn as nn

# The device is picked at run time: a GPU if there is one.
device = "cuda" if torch.cuda.is_available() else "cpu"

criterion = nn.MSELoss()
torch.manual_seed(0)
x = torch.linspace(-2, 2, 100, device=device).unsqueeze(-1)
y = 2 * x + 0.05 * torch.randn_like(x)


def make():
    """A fresh model and optimizer. Momentum gives the optimizer a state of
    its own: a running velocity for every parameter."""
    torch.manual_seed(1)
    model = nn.Linear(1, 1).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    return model, optimizer


def train(model, optimizer, steps):
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


# One run of 40 steps without a stop, to compare with.
straight = train(*make(), steps=40)

# The same run, stopped after 20 steps and saved to a file.
model, optimizer = make()
first_half = train(model, optimizer, steps=20)
torch.save({"model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "step": 20}, "checkpoint.pt")
checkpoint_bytes = os.path.getsize("checkpoint.pt")
velocities = [s["momentum_buffer"] for s in optimizer.state.values()]
tensor_bytes = sum(t.numel() * t.element_size()
                   for t in [*model.parameters(), *velocities])
print(f"saved checkpoint.pt: {checkpoint_bytes} bytes, "
      f"of which the tensors' numbers: {tensor_bytes}")
# --8<-- [end:train]

# --8<-- [start:resume]
# A new process would start here; this one keeps only the data and, for
# the comparison, the losses so far.
del model, optimizer
checkpoint = torch.load("checkpoint.pt", weights_only=True,
                        map_location=device)
model, optimizer = make()
model.load_state_dict(checkpoint["model"])
optimizer.load_state_dict(checkpoint["optimizer"])
resumed = first_half + train(model, optimizer, steps=20)

# Resumed again, but with the optimizer left fresh: no saved velocity.
model, optimizer = make()
model.load_state_dict(checkpoint["model"])
fresh_optimizer = first_half + train(model, optimizer, steps=20)

print(f"resumed at step {checkpoint['step']}")
for step in (20, 21, 39):
    print(f"step {step}: straight {straight[step]:.6f}  "
          f"resumed {resumed[step]:.6f}  "
          f"fresh optimizer {fresh_optimizer[step]:.6f}")
same_as_straight = resumed == straight
fresh_same_as_straight = fresh_optimizer == straight
first_differ = next((i for i, (f, s) in
                    enumerate(zip(fresh_optimizer, straight)) if f != s), None)
all_differ_after = all(f != s for f, s in
                       zip(fresh_optimizer[21:], straight[21:]))
print("resumed run equals the straight run:", same_as_straight)
print("fresh-optimizer run equals it:", fresh_same_as_straight)
print("fresh-optimizer run first differs at step", first_differ,
      "and differs at every step after 20:", all_differ_after)
# --8<-- [end:resume]
