"""Promise 7: the exercise's reference solution does what the task asks, and the grader
can tell.

scripts/site/grading.py checks (a) the fit on sin(x), (b) two nn.Linear attributes and
no nn.Sequential, (c) the bonus's SGD-against-Adam comparison over at least five seeds.
The reference passes all three; deliberately wrong programs fail the check they break.
"""

from __future__ import annotations

import textwrap

import pytest

from scripts.site.grading import FIT_THRESHOLD, grade, grade_html
from tests.conftest import once_per_run

_DATA_AND_LOOP = """
x = torch.linspace(-math.pi, math.pi, 200).unsqueeze(-1)
y = torch.sin(x)
torch.manual_seed(0)
model = TinyMLP()
criterion = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
losses = []
for step in range(1000):
    optimizer.zero_grad()
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
with torch.no_grad():
    final_mse = criterion(model(x), y).item()
print(f"final MSE: {final_mse:.5f}")
"""

SEQUENTIAL = (
    """
import math

import torch
import torch.nn as nn


class TinyMLP(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(1, hidden), nn.ReLU(), nn.Linear(hidden, 1))

    def forward(self, x):
        return self.net(x)
"""
    + _DATA_AND_LOOP
)

SEQUENTIAL_ONLY_IN_SOURCE = (
    """
import math

import torch
import torch.nn as nn

unused = nn.Sequential()  # never part of the model, but the task says: no nn.Sequential


class TinyMLP(nn.Module):
    def __init__(self, hidden=16):
        super().__init__()
        self.fc1 = nn.Linear(1, hidden)
        self.fc2 = nn.Linear(hidden, 1)

    def forward(self, x):
        return self.fc2(torch.relu(self.fc1(x)))
"""
    + _DATA_AND_LOOP
)


@pytest.fixture(scope="session")
def reference(testrun_uid):
    return once_per_run("graded-reference", testrun_uid, grade)


def _by_letter(checks):
    return dict(zip("abc"[: len(checks)], checks, strict=True))


def test_reference_passes_every_check(reference):
    assert len(reference) == 3, reference
    failed = [f"{c.name}: {c.detail}" for c in reference if not c.passed]
    assert not failed, "\n".join(failed)
    fit = _by_letter(reference)["a"]
    assert f"threshold {FIT_THRESHOLD}" in fit.detail


def test_a_sequential_solution_fails_the_architecture_check(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text(SEQUENTIAL, encoding="utf-8")
    checks = _by_letter(grade(path, bonus_rel=None))
    # it fits well: only the architecture is wrong
    assert checks["a"].passed, checks["a"].detail
    assert not checks["b"].passed
    assert "Sequential" in checks["b"].detail


def test_sequential_in_the_source_alone_fails_too(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text(SEQUENTIAL_ONLY_IN_SOURCE, encoding="utf-8")
    checks = _by_letter(grade(path, bonus_rel=None))
    assert not checks["b"].passed
    assert "the source names Sequential on line 7" in checks["b"].detail


def test_an_unfinished_fit_fails_the_fit_check(tmp_path):
    path = tmp_path / "solution.py"
    path.write_text(
        SEQUENTIAL_ONLY_IN_SOURCE.replace("unused = nn.Sequential()", "").replace(
            "range(1000)", "range(3)"
        ),
        encoding="utf-8",
    )
    checks = _by_letter(grade(path, bonus_rel=None))
    assert not checks["a"].passed and "not below" in checks["a"].detail
    assert checks["b"].passed, checks["b"].detail


BONUS = """
SEEDS = {seeds}
THRESHOLD = 0.01
steps_sgd = {sgd}
steps_adam = {adam}
median_steps_sgd, median_steps_adam = {medians}
spread_sgd, spread_adam = "{sgd_spread}", "{adam_spread}"
print("median ...")
"""


@pytest.mark.parametrize(
    "case, fields, passes",
    [
        (
            "consistent",
            dict(
                seeds=[0, 1, 2, 3, 4],
                sgd=[5, 3, 9, 7, 1],
                adam=[2, None, None, 4, 8],
                medians=(5, 8),
                sgd_spread="1-9",
                adam_spread="2-8",
            ),
            True,
        ),
        (
            "three seeds",
            dict(
                seeds=[0, 1, 2],
                sgd=[5, 3, 9],
                adam=[2, 4, 8],
                medians=(5, 4),
                sgd_spread="3-9",
                adam_spread="2-8",
            ),
            False,
        ),
        (
            "wrong median",
            dict(
                seeds=[0, 1, 2, 3, 4],
                sgd=[5, 3, 9, 7, 1],
                adam=[2, 4, 8, 6, 1],
                medians=(7, 4),
                sgd_spread="1-9",
                adam_spread="1-8",
            ),
            False,
        ),
        (
            "wrong spread",
            dict(
                seeds=[0, 1, 2, 3, 4],
                sgd=[5, 3, 9, 7, 1],
                adam=[2, 4, 8, 6, 1],
                medians=(5, 4),
                sgd_spread="3-9",
                adam_spread="1-8",
            ),
            False,
        ),
    ],
)
def test_bonus_check(case, fields, passes, tmp_path):
    path = tmp_path / "bonus.py"
    path.write_text(textwrap.dedent(BONUS.format(**fields)), encoding="utf-8")
    reference = tmp_path / "solution.py"
    reference.write_text(
        SEQUENTIAL_ONLY_IN_SOURCE.replace("range(1000)", "range(1)"), encoding="utf-8"
    )
    bonus = grade(reference, bonus_rel=path)[2]
    assert bonus.passed is passes, f"{case}: {bonus.detail}"


def test_grade_html_is_an_accessible_table(reference):
    html = grade_html(reference)
    assert html.startswith("<table") and "<caption>" in html
    assert html.count('scope="col"') == 3 and html.count('scope="row"') == len(
        reference
    )
    assert html.count("✔") == len(reference) and "✘" not in html
    assert '<span aria-hidden="true">✔</span> passed' in html
    from scripts.site.grading import Check

    bad = grade_html([Check("a <b>", False, "x & y")])
    assert (
        "✘" in bad
        and "a &lt;b&gt;" in bad
        and "x &amp; y" in bad
        and "0 of 1 passed" in bad
    )


def test_the_exercise_page_shows_the_build_time_grading(site):
    html = (site / "exercise" / "index.html").read_text(encoding="utf-8")
    assert "Automatic checks of the reference solution: 3 of 3 passed" in html
