# Second derivative of f(x) = x**4 at x = 2: f'(x) = 4x**3, f''(x) = 12x**2.
import torch

x = torch.tensor(2.0, requires_grad=True)
f = x**4

# create_graph=True: the scribe also records the derivative it computes,
# so the derivative is itself ink with a ledger behind it.
(df,) = torch.autograd.grad(f, x, create_graph=True)
print(f"f'(2)  = {df.item():.1f}   grad_fn={type(df.grad_fn).__name__}")

(d2f,) = torch.autograd.grad(df, x)      # differentiate the derivative
print(f"f''(2) = {d2f.item():.1f}")
print(f"by hand: 4 * 2**3 = {4 * 2**3},  12 * 2**2 = {12 * 2**2}")

# retain_graph=True alone keeps the old ledger, but records nothing new:
f = x**4
(df_plain,) = torch.autograd.grad(f, x, retain_graph=True)
print(f"with retain_graph=True only: requires_grad={df_plain.requires_grad}"
      f", grad_fn={df_plain.grad_fn}")
second = d2f.item()
plain_has_ledger = df_plain.grad_fn is not None
