# --8<-- [start:forward]
import torch

# One neuron with two inputs and a tanh, in float64 so the check is exact
# to about 16 digits. The numbers are those of Andrej Karpathy's micrograd.
opts = dict(dtype=torch.float64, requires_grad=True)
x1, x2 = torch.tensor(2.0, **opts), torch.tensor(0.0, **opts)
w1, w2 = torch.tensor(-3.0, **opts), torch.tensor(1.0, **opts)
b = torch.tensor(6.8813735870195432, **opts)

n = w1 * x1 + w2 * x2 + b   # pre-activation: an intermediate, not a leaf
n.retain_grad()             # ask the scribe to keep n's gradient too
o = torch.tanh(n)
o.backward()
print(f"n = {n.item():.4f}   o = tanh(n) = {o.item():.4f}")
# --8<-- [end:forward]

# --8<-- [start:check]
# By hand: do/dn = 1 - tanh(n)^2, then the chain rule through the sum
# and the products.
do_dn = 1 - o.item() ** 2
hand = {
    "n":  do_dn,
    "w1": do_dn * x1.item(),
    "w2": do_dn * x2.item(),
    "x1": do_dn * w1.item(),
    "x2": do_dn * w2.item(),
    "b":  do_dn,
}
tensors = {"n": n, "w1": w1, "w2": w2, "x1": x1, "x2": x2, "b": b}

print(f"{'':>4}{'autograd':>10}{'by hand':>10}")
worst = 0.0
for name, t in tensors.items():
    worst = max(worst, abs(t.grad.item() - hand[name]))
    print(f"{name:>4}{t.grad.item():>10.4f}{hand[name]:>10.4f}")
print(f"largest difference: {worst:.1e}")
neuron_worst = worst
w2_grad = w2.grad.item()
# --8<-- [end:check]
