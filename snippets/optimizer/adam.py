# --8<-- [start:step]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
model = nn.Linear(3, 1)
criterion = nn.MSELoss()

lr = 0.01
optimizer = torch.optim.Adam(model.parameters(), lr=lr,
                             betas=(0.9, 0.999))
print(f"state before any step: {len(optimizer.state)} entries")

before = model.weight.detach().clone()
criterion(model(x), y).backward()
grad = model.weight.grad.clone()
optimizer.step()

state = optimizer.state[model.weight]
print(f"state kept for the weight: {sorted(state)}")
for key in ["exp_avg", "exp_avg_sq"]:
    print(f"  {key:<10} shape {tuple(state[key].shape)}  "
          f"(the weight itself: {tuple(model.weight.shape)})")
# --8<-- [end:step]

# --8<-- [start:inside]
# After one step (both start at zero): exp_avg is the gradient scaled by
# 1 - beta1, exp_avg_sq is the gradient's square scaled by 1 - beta2.
m_ok = torch.allclose(state["exp_avg"], 0.1 * grad)
v_ok = torch.allclose(state["exp_avg_sq"], 0.001 * grad**2)
print(f"exp_avg    == 0.1   * grad    : {m_ok}")
print(f"exp_avg_sq == 0.001 * grad**2 : {v_ok}")


def row(t):
    return "  ".join(f"{v:+.4f}" for v in t.flatten().tolist())


# ... so the bias-corrected first step is lr * grad / |grad|:
# every weight moves by lr.
step_taken = (before - model.weight.detach()) / lr
print(f"step / lr  : {row(step_taken)}")
print(f"sign(grad) : {row(grad.sign())}")
against_sign = torch.allclose(step_taken, grad.sign(), atol=1e-4)
print(f"each step is lr against the gradient's sign: {against_sign}")

n_param_numbers = sum(p.numel() for p in model.parameters())
n_state_numbers = sum(t.numel() for s in optimizer.state.values()
                      for k, t in s.items() if k != "step")
# Besides the averages: one step counter per parameter tensor.
n_step_numbers = sum(s["step"].numel() for s in optimizer.state.values())
n_param_tensors = len(list(model.parameters()))  # weight and bias
print(f"numbers in the model: {n_param_numbers}   "
      f"numbers in Adam's averages: {n_state_numbers}   "
      f"step counters: {n_step_numbers}")

# For comparison: plain SGD (no momentum) keeps no state at all.
sgd = torch.optim.SGD(model.parameters(), lr=lr)
sgd.step()  # uses the .grad that is still there
n_sgd_state = len(sgd.state)
print(f"entries in plain SGD's state after a step: {n_sgd_state}")
# --8<-- [end:inside]
