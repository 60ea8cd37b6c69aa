# --8<-- [start:default]
# Where a new layer's numbers come from, and why they must differ.
import math

import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.Linear(64, 16)
fan_in = layer.in_features  # 64 inputs feed each output
bound = 1 / math.sqrt(fan_in)
w_low, w_high = layer.weight.min().item(), layer.weight.max().item()
b_low, b_high = layer.bias.min().item(), layer.bias.max().item()
print(f"1 / sqrt(fan_in) = 1 / sqrt({fan_in}) = {bound:.4f}")
print(f"weight: {layer.weight.numel()} numbers in "
      f"[{w_low:+.4f}, {w_high:+.4f}]")
print(f"bias:   {layer.bias.numel()} numbers in "
      f"[{b_low:+.4f}, {b_high:+.4f}]")

# The same two draws by hand, from the same seed, as nn.Linear makes them.
torch.manual_seed(0)
w = torch.empty(16, 64)  # allocated, not yet filled with anything
nn.init.kaiming_uniform_(w, a=math.sqrt(5))
b = torch.empty(16)
nn.init.uniform_(b, -bound, bound)
same_draws = torch.equal(w, layer.weight) and torch.equal(b, layer.bias)
print(f"the same numbers as nn.Linear's: {same_draws}")

# With the range shrinking as inputs grow, outputs keep their size.
std_16 = nn.Linear(16, 256)(torch.randn(512, 16)).std().item()
std_1024 = nn.Linear(1024, 256)(torch.randn(512, 1024)).std().item()
print(f"output std, 16 inputs: {std_16:.3f}   1024 inputs: {std_1024:.3f}")
# --8<-- [end:default]

# --8<-- [start:nn-init]
torch.manual_seed(0)
tanh_net = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 1))

# Each function fills a parameter in place (the trailing underscore).
nn.init.xavier_uniform_(tanh_net[0].weight)
nn.init.zeros_(tanh_net[0].bias)
nn.init.normal_(tanh_net[2].weight, mean=0.0, std=0.01)
nn.init.zeros_(tanh_net[2].bias)
print(f"tanh_net[0].bias:   all zero? {bool((tanh_net[0].bias == 0).all())}")
print(f"tanh_net[2].weight: std {tanh_net[2].weight.std().item():.4f}")
still_learnable = all(p.requires_grad for p in tanh_net.parameters())
print(f"every parameter still requires grad: {still_learnable}")


def init_linear(module):
    """Called once on every module of the tree, the model included."""
    if isinstance(module, nn.Linear):
        nn.init.xavier_uniform_(module.weight)
        nn.init.zeros_(module.bias)


tanh_net.apply(init_linear)  # the whole model, one call
biases_zero = all(bool((m.bias == 0).all())
                  for m in tanh_net if isinstance(m, nn.Linear))
print(f"after tanh_net.apply(init_linear), every bias zero: {biases_zero}")
# --8<-- [end:nn-init]

# --8<-- [start:zeros]
torch.manual_seed(0)
x = torch.randn(64, 1)
y = x * x  # a curve: no straight line fits it
best_constant = ((y - y.mean()) ** 2).mean().item()  # predicting the mean


n_steps = 500


def train(start, steps=n_steps, lr=0.1):
    """Plain gradient descent from a chosen start."""
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
    for p in model.parameters():
        if start == "zeros":
            nn.init.zeros_(p)
        elif start == "all 0.5":
            nn.init.constant_(p, 0.5)
    largest_grad = 0.0  # the first weight's largest |gradient|, any step
    for step in range(steps):
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        g = model[0].weight.grad.abs().max().item()
        largest_grad = max(largest_grad, g)
        with torch.no_grad():
            for p in model.parameters():
                p -= lr * p.grad
                p.grad = None
    final_loss = ((model(x) - y) ** 2).mean().item()
    return model, final_loss, largest_grad


results = {}
for start in ["default", "zeros", "all 0.5"]:
    model, final_loss, largest_grad = train(start)
    # Each hidden unit's weight in, bias and weight out, one tensor each.
    units = [model[0].weight[:, 0], model[0].bias, model[2].weight[0]]
    spread = max((t - t[0]).abs().max().item() for t in units)  # 0: alike
    results[start] = {"loss": final_loss, "largest_grad": largest_grad,
                      "spread": spread}
    print(f"{start:>8}: final loss {final_loss:.4f}   "
          f"first layer's weight, largest |grad| {largest_grad:.4f}   "
          f"hidden units differ by {spread:.4f}")
    if start == "zeros":
        moved = [name for name, p in model.named_parameters()
                 if bool((p != 0).any())]
print(f"predicting the mean of y: loss {best_constant:.4f}")
print(f"zeros start, after {n_steps} steps, parameters not zero: {moved}")
# --8<-- [end:zeros]
