# A shape bug that raises nothing: predictions (4, 1), targets (4,).
import torch

pred = torch.tensor([[1.0], [2.0], [3.0], [4.0]])  # one column, as a model
target = torch.tensor([1.0, 2.0, 3.0, 4.0])        # a plain vector
print(f"pred {tuple(pred.shape)}  target {tuple(target.shape)}")

diff = pred - target                 # broadcast: every pred minus every target
print(f"pred - target: {tuple(diff.shape)}")
wrong_loss = (diff**2).mean().item()

right = pred.squeeze(1) - target     # (4,) - (4,): one difference per sample
right_loss = (right**2).mean().item()
print(f"loss with the bug: {wrong_loss:.4f}   without: {right_loss:.4f}")
diff_shape = str(tuple(diff.shape))
