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
# On purpose: a target the model computes itself. A state pays reward 1
# at every step, forever; with discount 0.9 its value is 1 / (1 - 0.9).
# The model is one weight, v = w, and it learns from its own estimate:
# target = reward + gamma * v, as reinforcement learning does.
reward, gamma, lr, steps = 1.0, 0.9, 0.5, 8
true_value = reward / (1 - gamma)


def train(detach):
    w = torch.tensor(0.0, requires_grad=True)
    values, grads = [w.item()], []
    for _ in range(steps):
        target = reward + gamma * w
        if detach:
            target = target.detach()  # "aim here", not "move me too"
        loss = (w - target) ** 2
        loss.backward()
        grads.append(w.grad.item())
        with torch.no_grad():
            w -= lr * w.grad
        w.grad = None
        values.append(w.item())
    return values, grads


fixed, grads_fixed = train(detach=True)
moving, grads_moving = train(detach=False)
print("step  v, target detached  v, target attached")
for k in range(steps + 1):
    print(f"{k:4d}  {fixed[k]:18.4f}  {moving[k]:18.4f}")
print(f"the true value: {true_value:.4f}")
print(f"first gradient: {grads_fixed[0]:+.4f} detached, "
      f"{grads_moving[0]:+.4f} attached")
# Each run climbs at every step, and neither passes the true value.
fixed_climbs = all(a < b < true_value for a, b in zip(fixed, fixed[1:]))
moving_climbs = all(a < b < true_value
                    for a, b in zip(moving, moving[1:]))
# --8<-- [end:on-purpose]
