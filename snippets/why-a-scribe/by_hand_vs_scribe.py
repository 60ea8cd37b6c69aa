# --8<-- [start:setup]
import numpy as np
import torch

# A two-layer network: 4 inputs -> 8 hidden (tanh) -> 1 output, mean
# squared error. Everything in float64, weights drawn once from a seeded
# generator.
rng = np.random.default_rng(0)
X = rng.normal(size=(16, 4))           # a batch of 16 samples, 4 features each
Y = rng.normal(size=(16, 1))           # 16 targets
W1 = rng.normal(size=(4, 8)) * 0.5
b1 = np.zeros(8)
W2 = rng.normal(size=(8, 1)) * 0.5
b2 = np.zeros(1)
# --8<-- [end:setup]

# --8<-- [start:forward]
# Forward pass, keeping every intermediate we will need on the way back.
Z1 = X @ W1 + b1                       # (16, 8)
H = np.tanh(Z1)                        # (16, 8)
P = H @ W2 + b2                        # (16, 1)
loss_np = np.mean((P - Y) ** 2)
print(f"NumPy loss: {loss_np:.6f}")
# --8<-- [end:forward]

# --8<-- [start:backward]
# Backward pass, derived by hand with the chain rule, one layer at a time.
n = P.size
dP = 2.0 * (P - Y) / n                 # dL/dP                     (16, 1)
dW2 = H.T @ dP                         # dL/dW2                    (8, 1)
db2 = dP.sum(axis=0)                   # dL/db2                    (1,)
dH = dP @ W2.T                         # dL/dH                     (16, 8)
dZ1 = dH * (1.0 - H ** 2)              # through tanh: 1 - tanh^2  (16, 8)
dW1 = X.T @ dZ1                        # dL/dW1                    (4, 8)
db1 = dZ1.sum(axis=0)                  # dL/db1                    (8,)
grads_np = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
shapes = ", ".join(f"{k} {v.shape}" for k, v in grads_np.items())
print(f"hand-derived gradients: {shapes}")
# --8<-- [end:backward]

# --8<-- [start:torch]
# The same network, the same numbers. torch.tensor copies each array into
# float64 ink and requires_grad=True tells the scribe to record every
# operation on it.
arrays = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}
params = {name: torch.tensor(value, requires_grad=True)
          for name, value in arrays.items()}
Xt, Yt = torch.tensor(X), torch.tensor(Y)

# Only the forward pass is written. No line of backward code.
Ht = torch.tanh(Xt @ params["W1"] + params["b1"])
Pt = Ht @ params["W2"] + params["b2"]
loss_t = ((Pt - Yt) ** 2).mean()
loss_t.backward()                      # the scribe walks its ledger in reverse
print(f"torch loss: {loss_t.item():.6f}  (dtype {loss_t.dtype})")
loss_gap = abs(float(loss_np) - loss_t.item())  # NumPy's against torch's
tanh_entry = type(Ht.grad_fn).__name__   # the ledger entry behind Ht
# --8<-- [end:torch]

# --8<-- [start:compare]
# Put the two sets of gradients side by side.
diffs = {}
for name, by_hand in grads_np.items():
    by_scribe = params[name].grad.numpy()
    diffs[name] = float(np.abs(by_hand - by_scribe).max())
    print(f"{name:>2}  shape {str(by_hand.shape):7}  "
          f"largest |hand - autograd| = {diffs[name]:.1e}")

max_diff = max(diffs.values())
n_entries = sum(g.size for g in grads_np.values())
eps = float(np.finfo(np.float64).eps)  # gap between 1.0 and the next float64
ratio = max_diff / eps
max_grad = max(float(np.abs(g).max()) for g in grads_np.values())
label = f"largest difference over all {n_entries} gradient entries:"
print(f"{label:<52} {max_diff:.1e}")
print(f"{'float64 machine epsilon:':<52} {eps:.1e}")
# --8<-- [end:compare]
