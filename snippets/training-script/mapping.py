import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.linspace(-2, 2, 100).unsqueeze(-1)
y = 2 * x + 0.05 * torch.randn_like(x)
model = nn.Linear(1, 1)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# nn.Linear(1, 1): a weight and a bias, both recording.
for name, p in model.named_parameters():
    print(f"{name}: shape {tuple(p.shape)}, requires_grad={p.requires_grad}")

# model.parameters(): a generator the optimizer iterates over.
print("parameters() gives a", type(model.parameters()).__name__)

# loss.backward(): fills .grad (empty until then).
print("before backward, weight.grad is", model.weight.grad)
loss = nn.functional.mse_loss(model(x), y)
loss.backward()
print(f"after backward,  weight.grad = {model.weight.grad.item():.4f}")

# optimizer.step(): the update rule, weight <- weight - lr * weight.grad.
expected = model.weight.detach() - 0.1 * model.weight.grad
optimizer.step()
same = torch.allclose(model.weight.detach(), expected)
print("step() did weight - lr * grad:", same)
