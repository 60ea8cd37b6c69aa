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
finals = {name: [c[-1] for c in cs] for name, cs in curves.items()}


def shown(value):
    return "never" if value is None else str(value)


def table_row(label, cells):
    print(f"{label:>7} | " + " | ".join(f"{cell:>12}" for cell in cells))


print(f"steps until the loss first drops below {THRESHOLD} "
      f"('never' = not within {STEPS})")
table_row("seed", runs)
for i, seed in enumerate(SEEDS):
    table_row(seed, [shown(steps[name][i]) for name in runs])
print("-" * (10 + 15 * len(runs)))
reached = {n: f"{sum(s is not None for s in steps[n])}/{len(SEEDS)}"
           for n in runs}
table_row("reached", [reached[n] for n in runs])
table_row("median", [shown(median_steps(steps[n])) for n in runs])
table_row("min-max", [spread(steps[n]) for n in runs])
table_row("final", [f"{statistics.median(finals[n]):.5f}" for n in runs])
print("(min-max over the runs that got there; "
      "final = median over seeds of the last step's loss)")

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
# Loss curves, every 10th step, one list per seed.
curves_sgd = [c[::10] for c in curves["SGD lr=0.1"]]
curves_adam = [c[::10] for c in curves["Adam lr=1e-3"]]
curves_adam_fast = [c[::10] for c in curves["Adam lr=1e-2"]]


def compare(a_name, a_median, b_name, b_median):
    """One sentence on who reached the threshold first, from the medians."""
    if a_median is None and b_median is None:
        return (f"neither {a_name} nor {b_name} reached it "
                "in the median run")
    if b_median is None:
        return (f"{a_name} reached it in the median run "
                f"and {b_name} did not")
    if a_median is None:
        return (f"{b_name} reached it in the median run "
                f"and {a_name} did not")
    if a_median == b_median:
        return f"{a_name} and {b_name} needed the same number of steps"
    fast, slow = (a_name, b_name) if a_median < b_median else (b_name, a_name)
    ratio = max(a_median, b_median) / max(min(a_median, b_median), 1)
    return f"{fast} got there {ratio:.1f} times sooner than {slow}"


verdict = compare("Adam (lr 1e-3)", median_steps_adam,
                  "SGD (lr 0.1)", median_steps_sgd)
verdict_fast = compare("Adam (lr 1e-2)", median_steps_adam_fast,
                       "SGD (lr 0.1)", median_steps_sgd)

# A common rule of thumb: Adam converges "roughly 3x faster" than SGD.
# Does this measurement agree? (Above 1: Adam reached the threshold first.)
both = median_steps_sgd is not None and median_steps_adam is not None
adam_speedup = median_steps_sgd / median_steps_adam if both else 0.0
claim = "agrees with" if 2.0 <= adam_speedup <= 4.5 else "does not agree with"
