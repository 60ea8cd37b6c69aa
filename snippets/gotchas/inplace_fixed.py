# a = a * 2 instead of a.mul_(2)
import torch

x = torch.tensor([0.0, 1.0, 2.0], requires_grad=True)
a = x.exp()
a = a * 2    # rebinds the name a

a.sum().backward()
by_hand = 2 * torch.exp(x.detach())  # d/dx of sum(2 * exp(x)) is 2 * exp(x)
print(f"x.grad : {[round(v, 4) for v in x.grad.tolist()]}")
print(f"by hand: {[round(v, 4) for v in by_hand.tolist()]}")
print(f"match  : {torch.allclose(x.grad, by_hand)}")
