# --8<-- [start:step]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(8, 3)
y = torch.randn(8, 1)
model = nn.Linear(3, 1)
criterion = nn.MSELoss()

lr = 0.01
optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.999))
print(f"state before any step: {len(optimizer.state)} entries")

before = model.weight.detach().clone()
criterion(model(x), y).backward()
grad = model.weight.grad.clone()
optimizer.step()

state = optimizer.state[model.weight]
print(f"state kept for the weight: {sorted(state)}")
for key in ["exp_avg", "exp_avg_sq"]:
    print(f"  {key:<10} shape {tuple(state[key].shape)}  (the weight itself: {tuple(model.weight.shape)})")
# --8<-- [end:step]

# --8<-- [start:inside]
# After one step the two averages are just scaled copies of the gradient (they start at zero):
print(f"exp_avg    == 0.1   * grad    : {torch.allclose(state['exp_avg'], 0.1 * grad)}")
print(f"exp_avg_sq == 0.001 * grad**2 : {torch.allclose(state['exp_avg_sq'], 0.001 * grad**2)}")

# ... so the bias-corrected first step is lr * grad / |grad|: every weight moves by lr.
step_taken = (before - model.weight.detach()) / lr
print(f"step / lr  : " + "  ".join(f"{v:+.4f}" for v in step_taken.flatten().tolist()))
print(f"sign(grad) : " + "  ".join(f"{v:+.4f}" for v in grad.sign().flatten().tolist()))

n_param_numbers = sum(p.numel() for p in model.parameters())
n_state_numbers = sum(t.numel() for s in optimizer.state.values() for k, t in s.items() if k != "step")
print(f"numbers in the model: {n_param_numbers}   numbers in Adam's state: {n_state_numbers}")
# --8<-- [end:inside]
