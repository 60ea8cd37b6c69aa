# --8<-- [start:accident]
import torch

# Two "layers", each one weight: upstream w1, downstream w2.
w1 = torch.tensor(0.5, requires_grad=True)
w2 = torch.tensor(-1.5, requires_grad=True)
x = torch.tensor(2.0)

h = w1 * x          # upstream layer
h_cut = h.detach()  # the slip: same numbers, but no ledger behind them
out = w2 * h_cut    # downstream layer
loss = (out - 1.0) ** 2
loss.backward()

print(f"h.requires_grad     = {h.requires_grad}")
print(f"h_cut.requires_grad = {h_cut.requires_grad}")
print(f"w2.grad = {w2.grad.item():.4f}")
print(f"w1.grad = {w1.grad}")  # the upstream weight never hears about the loss
# --8<-- [end:accident]

# --8<-- [start:on-purpose]
# On purpose: a target computed by the model itself, held fixed for this step.
w = torch.tensor(1.5, requires_grad=True)
prediction = w * 2.0
target = (w * 3.0).detach()  # "aim here", not "move this too"
loss = (prediction - target) ** 2
loss.backward()
grad_fixed_target = w.grad.item()

w.grad = None
prediction = w * 2.0
target = w * 3.0             # the same target, left attached
loss = (prediction - target) ** 2
loss.backward()
grad_moving_target = w.grad.item()

print(f"target detached: w.grad = {grad_fixed_target:+.4f}"
      "  (moves the prediction toward the target)")
print(f"target attached: w.grad = {grad_moving_target:+.4f}"
      "  (also drags the target along)")
# --8<-- [end:on-purpose]
