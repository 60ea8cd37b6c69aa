import math
import statistics

import torch
import torch.nn as nn


class TinyMLP(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.fc1 = nn.Linear(1, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))


# Tensors this small gain nothing from several CPU threads, and threads get
# in each other's way when other programs share the machine: one thread
# keeps the 15 runs quick.
torch.set_num_threads(1)

x = torch.linspace(-math.pi, math.pi, 200).unsqueeze(-1)
y = torch.sin(x)
criterion = nn.MSELoss()
STEPS, THRESHOLD, SEEDS = 1000, 0.01, [0, 1, 2, 3, 4]


def train(make_optimizer, seed):
    """One run of the five-line loop; returns the loss at every step."""
    torch.manual_seed(seed)  # the seed fixes the starting weights
    model = TinyMLP()
    optimizer = make_optimizer(model.parameters())
    losses = []
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def steps_to(losses, threshold=THRESHOLD):
    """The first step with a loss below the threshold (None: never)."""
    below = (step for step, value in enumerate(losses) if value < threshold)
    return next(below, None)


def stays_below_from(losses, threshold=THRESHOLD):
    """The step from which the loss stays below the threshold to the end
    (None: it is not below at the last step)."""
    above = [step for step, value in enumerate(losses) if value >= threshold]
    if not above:
        return 0
    return None if above[-1] == len(losses) - 1 else above[-1] + 1


def median_steps(steps):
    """Median over runs; a run that never got there counts as infinite."""
    ordered = sorted(s if s is not None else math.inf for s in steps)
    middle = ordered[len(ordered) // 2]  # an odd number of seeds
    return None if middle == math.inf else middle


def spread(steps):
    reached = [s for s in steps if s is not None]
    return f"{min(reached)}-{max(reached)}" if reached else "-"


# The swap: the solution's SGD (lr 0.1) against Adam at its default lr
# (1e-3). Adam at lr 1e-2 is a third column: how much does the lr matter?
runs = {
    "SGD lr=0.1": lambda params: torch.optim.SGD(params, lr=0.1),
    "Adam lr=1e-3": lambda params: torch.optim.Adam(params, lr=1e-3),
    "Adam lr=1e-2": lambda params: torch.optim.Adam(params, lr=1e-2),
}
curves = {name: [train(make, seed) for seed in SEEDS]
          for name, make in runs.items()}
steps = {name: [steps_to(c) for c in cs] for name, cs in curves.items()}
stays = {name: [stays_below_from(c) for c in cs]
         for name, cs in curves.items()}
finals = {name: [c[-1] for c in cs] for name, cs in curves.items()}


def shown(value):
    return "never" if value is None else str(value)


def table_row(label, cells):
    print(f"{label:>7} | " + " | ".join(f"{cell:>12}" for cell in cells))


def both(first, stay):
    """One cell: first step below / step from which it stays below."""
    return shown(first) if first == stay else f"{shown(first)}/{shown(stay)}"


print(f"steps until the loss first drops below {THRESHOLD} "
      f"('never' = not within {STEPS})")
print("a/b: below at step a, back above later, below for good from step b")
table_row("seed", runs)
for i, seed in enumerate(SEEDS):
    table_row(seed, [both(steps[name][i], stays[name][i]) for name in runs])
print("-" * (10 + 15 * len(runs)))
reached = {n: f"{sum(s is not None for s in steps[n])}/{len(SEEDS)}"
           for n in runs}
back_above = {n: sum(a != b for a, b in zip(steps[n], stays[n]))
              for n in runs}
table_row("reached", [reached[n] for n in runs])
table_row("median", [shown(median_steps(steps[n])) for n in runs])
table_row("min-max", [spread(steps[n]) for n in runs])
table_row("went up", [back_above[n] for n in runs])
print("below for good from:")
table_row("median", [shown(median_steps(stays[n])) for n in runs])
table_row("min-max", [spread(stays[n]) for n in runs])
table_row("final", [f"{statistics.median(finals[n]):.5f}" for n in runs])
print("(min-max over the runs that got there; went up = runs that went "
      "back above\nthe threshold after reaching it; final = median over "
      "seeds of the last step's loss)")

# Named results for the text and for plots.
steps_sgd = steps["SGD lr=0.1"]
steps_adam = steps["Adam lr=1e-3"]
steps_adam_fast = steps["Adam lr=1e-2"]
median_steps_sgd = median_steps(steps_sgd)
median_steps_adam = median_steps(steps_adam)
median_steps_adam_fast = median_steps(steps_adam_fast)
final_loss_sgd = statistics.median(finals["SGD lr=0.1"])
final_loss_adam = statistics.median(finals["Adam lr=1e-3"])
final_loss_adam_fast = statistics.median(finals["Adam lr=1e-2"])
reached_sgd, reached_adam = reached["SGD lr=0.1"], reached["Adam lr=1e-3"]
reached_adam_fast = reached["Adam lr=1e-2"]
# The same as text, since a median can be None ("never"), and the spread.
median_text_sgd = shown(median_steps_sgd)
median_text_adam = shown(median_steps_adam)
median_text_adam_fast = shown(median_steps_adam_fast)
spread_sgd = spread(steps_sgd)
spread_adam = spread(steps_adam)
spread_adam_fast = spread(steps_adam_fast)
# From which step the loss stays below the threshold, and the runs that
# went back above it after reaching it (with the highest loss after that).
stay_sgd = stays["SGD lr=0.1"]
stay_text_sgd = shown(median_steps(stay_sgd))
stay_spread_sgd = spread(stay_sgd)
stay_text_adam = shown(median_steps(stays["Adam lr=1e-3"]))
stay_text_adam_fast = shown(median_steps(stays["Adam lr=1e-2"]))
back_above_sgd = back_above["SGD lr=0.1"]
back_above_adam = back_above["Adam lr=1e-3"]
back_above_adam_fast = back_above["Adam lr=1e-2"]
# Each SGD curve from its first step below the threshold on:
after_first = [c[first:] for c, first in zip(curves["SGD lr=0.1"], steps_sgd)
               if first is not None]
peak_after_sgd = max(max(c) for c in after_first) if after_first else None
# Loss curves, every 10th step and the last one, one list per seed.
curves_sgd = [c[::10] + [c[-1]] for c in curves["SGD lr=0.1"]]
curves_adam = [c[::10] + [c[-1]] for c in curves["Adam lr=1e-3"]]
curves_adam_fast = [c[::10] + [c[-1]] for c in curves["Adam lr=1e-2"]]


def sooner(a, b):
    """Seeds on which run a got there before run b (never = not at all).

    The same seed gives both runs the same starting weights."""
    inf = math.inf
    return sum((x if x is not None else inf) < (y if y is not None else inf)
               for x, y in zip(a, b))


# Is Adam faster here? Per seed, who got below the threshold first, and
# who stayed below from an earlier step.
adam_first = sooner(steps_adam, steps_sgd)
sgd_first = sooner(steps_sgd, steps_adam)
adam_fast_first = sooner(steps_adam_fast, steps_sgd)
adam_fast_stays_first = sooner(stays["Adam lr=1e-2"], stay_sgd)
n_seeds = len(SEEDS)

# The threshold against the variance of the targets: the share of it that
# a fit with a loss at the threshold leaves unexplained.
variance = torch.var(y, unbiased=False).item()
threshold_share = THRESHOLD / variance
explained_share = 1 - threshold_share  # what a fit at the threshold explains
print(f"threshold {THRESHOLD} = {threshold_share:.2%} of the variance of "
      f"sin(x) on these points ({variance:.4f})")
