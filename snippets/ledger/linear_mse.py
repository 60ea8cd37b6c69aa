import torch

# Three points and a line yhat = w*x + b that does not fit them yet.
xs = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
ys = torch.tensor([2.0, 4.0, 5.0], dtype=torch.float64)
w = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)

loss = ((w * xs + b - ys) ** 2).mean()   # one line of forward pass
loss.backward()

# By hand: with residuals r_i = w*x_i + b - y_i and N points,
#   dL/dw = (2/N) * sum(r_i * x_i)     dL/db = (2/N) * sum(r_i)
with torch.no_grad():
    r = w * xs + b - ys
    N = len(xs)
    hand_w = (2 / N * (r * xs).sum()).item()
    hand_b = (2 / N * r.sum()).item()

below_all = bool((w * xs + b < ys).all())  # the line under every point?
print(f"loss = {loss.item():.4f}   line below all three points: "
      f"{below_all}")
print(f"dL/dw  autograd {w.grad.item():.4f}   by hand {hand_w:.4f}")
print(f"dL/db  autograd {b.grad.item():.4f}   by hand {hand_b:.4f}")
mse_worst = max(abs(w.grad.item() - hand_w), abs(b.grad.item() - hand_b))
print(f"largest difference: {mse_worst:.1e}")
