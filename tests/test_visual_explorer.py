"""Promise 1: the shape explorer, the ledger steppers and the loop walkthrough show what
torch computed.

- Every grid of the shape explorer holds the values torch gives for that op, recomputed
  here from the same inputs, and every shape its rule sentence names is a drawn shape.
- The walkthrough's snapshots were taken by running the very lines it shows, and two
  plain iterations of the loop end with the same parameters.
- Each visual is on its built page, where the chapter puts it.
"""

from __future__ import annotations

import functools
import re

import pytest
import torch
from bs4 import BeautifulSoup

from scripts.errors import FigureError
from scripts.figures.loop_walkthrough import loop_walkthrough
from scripts.figures.tensor_grids import grids, rule_shapes, shape_of
from scripts.paths import SNIPPETS
from scripts.run import runner
from scripts.run.programs import Program
from scripts.run.result import Result
from tests.site import page_soup

EXPLORER = "shapes/explorer.py"
WALK = "loop/walkthrough.py"


@functools.cache
def _result(rel: str) -> Result:
    """One run of a program in this test process (the figures draw from it)."""
    return runner.run(Program(SNIPPETS / rel))


def _values(rel: str) -> dict:
    """The values a program left."""
    return _result(rel).run.values


@pytest.fixture(scope="module")
def values() -> dict:
    return _values(EXPLORER)


def T(value) -> torch.Tensor:
    return torch.tensor(value)


def expected(v: dict) -> dict[str, torch.Tensor]:
    """Each op of the explorer, redone here with torch from the program's inputs."""
    a, b, row, v_, p, q = (
        T(v["a"]),
        T(v["b"]),
        T(v["row"]),
        T(v["v"]),
        T(v["p"]),
        T(v["q"]),
    )
    batch_a, batch_b = T(v["batch_a"]), T(v["batch_b"])
    return {
        "c": torch.matmul(a, b),
        "added": torch.add(a, row),
        "total": a.sum(),
        "col_sums": a.sum(0),
        "col_sums_kept": a.sum(0, keepdim=True),
        "t": a.transpose(0, 1),
        "r": a.reshape(2, 3),
        "flat": a.flatten(),
        "v_row": v_[None, :],
        "v_col": v_[:, None],
        "v_back": v_,
        "joined": torch.cat([p, q]),
        "stacked": torch.stack([p, q]),
        "batch_c": torch.bmm(batch_a, batch_b),
    }


def test_inputs_are_the_lessons(values):
    assert values["a"] == [[1, 2], [3, 4], [5, 6]]
    assert values["b"] == [[10, 20, 30], [40, 50, 60]]
    assert values["c"] == [[90, 120, 150], [190, 260, 330], [290, 400, 510]]


def test_every_result_is_what_torch_computes(values):
    for name, tensor in expected(values).items():
        assert shape_of(values[name]) == tuple(tensor.shape), name
        assert torch.equal(T(values[name]), tensor), name


def drawn(html: str) -> dict[str, torch.Tensor]:
    """The tensors a grids() block draws, read back from its cells (3-D: from its
    slices)."""
    soup = BeautifulSoup(html, "html.parser")
    out, slices = {}, {}
    for table in soup.select("table.tg-t"):
        caption = table.caption.get_text().replace("\u00a0", " ")
        rows = [
            [int(td.get_text()) for td in tr.find_all("td") if td.get_text()]
            for tr in table.find_all("tr")
        ]
        rows = [r for r in rows if r]
        name = caption.split(" · ")[0]
        shape = (
            caption.split("shape ")[-1]
            if "shape" in caption
            else caption.split(" · ")[1]
        )
        dims = len(eval(shape))  # noqa: S307 - a shape we wrote: "(3, 2)", "(2,)", "()"
        value = T(rows) if dims == 2 else T(rows[0]) if dims == 1 else T(rows[0][0])
        match = re.fullmatch(r"(\w+)\[(\d+)\]", name)
        if match:
            slices.setdefault(match[1], []).append(value)
        else:
            out[name] = value
    out.update({name: torch.stack(parts) for name, parts in slices.items()})
    return out


TABS = [  # (names, outputs, rule) as docs/shapes.md draws them
    (["a", "b", "c"], 1, "(3×2) @ (2×3) → (3×3)"),
    (["a", "row", "added"], 1, "(3×2) + (2,) → (3×2)"),
    (["a", "total", "col_sums", "col_sums_kept"], 3, "(3×2) → (2,) and (1×2)"),
    (["a", "t"], 1, "(3×2) → (2×3)"),
    (["a", "r", "flat"], 2, "(3×2) → (2×3) or (6,)"),
    (["v", "v_row", "v_col", "v_back"], 3, "(3,) → (1×3) or (3×1)"),
    (["p", "q", "joined", "stacked"], 2, "(2×3) → (4×3) or (2×2×3)"),
    (["batch_a", "batch_b", "batch_c"], 1, "(2×3×4) @ (2×4×2) → (2×3×2)"),
]


@pytest.mark.parametrize("names,outputs,rule", TABS, ids=[" ".join(t[0]) for t in TABS])
def test_grids_draw_torchs_values(values, names, outputs, rule):
    html = grids(_result(EXPLORER), names, rule=rule, outputs=outputs)
    cells = drawn(html)
    truth = {**{k: T(values[k]) for k in names}, **expected(values)}
    assert set(cells) == set(names)
    for name in names:
        assert torch.equal(cells[name], truth[name]), name


def test_a_rule_naming_a_shape_that_is_not_drawn_is_an_error():
    assert rule_shapes("(3×2) @ (2×3) → (3×3), then (2,); a.sum(0) is not a shape") == [
        (3, 2),
        (2, 3),
        (3, 3),
        (2,),
    ]
    with pytest.raises(FigureError, match=r"a @ b: the rule writes the shape \(2×4\)"):
        grids(
            _result(EXPLORER), ["a", "b", "c"], rule="(3×2) @ (2×4) → (3×4)", op="a @ b"
        )


def test_the_page_rules_name_only_drawn_shapes():
    """docs/shapes.md calls grids() with its own rule sentences: they pass the same
    check."""
    text = (SNIPPETS.parent / "docs" / "shapes.md").read_text(encoding="utf-8")
    calls = re.findall(r"print\((grids\(.*?\))\)\n", text, re.S)
    assert len(calls) >= 8
    for call in calls:
        eval(call, {"grids": grids, "run": _result})  # noqa: S307 - the page's own build-helper call


# ---- the loop walkthrough ------------------------------------------------------------


def plain_two_iterations():
    """The chapter's loop, twice, written plainly: no snapshots, nothing in between."""
    torch.manual_seed(0)
    x = torch.linspace(-2, 2, 8).unsqueeze(-1)
    y = 2 * x + 0.05 * torch.randn_like(x)
    model = torch.nn.Linear(1, 1)
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(2):
        optimizer.zero_grad()
        yhat = model(x)
        loss = criterion(yhat, y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model.weight.item(), model.bias.item(), losses


def test_walkthrough_ends_where_two_plain_iterations_end():
    trace = _values(WALK)["trace"]
    weight, bias, losses = plain_two_iterations()
    assert len(trace) == 10
    assert trace[-1]["weight"] == pytest.approx(weight, abs=1e-7)
    assert trace[-1]["bias"] == pytest.approx(bias, abs=1e-7)
    assert [
        s["loss"] for s in trace if s["line"] == "loss = criterion(yhat, y)"
    ] == pytest.approx(losses, abs=1e-7)


def test_each_snapshot_follows_the_line_it_names():
    """The walkthrough appends `snapshot(iteration, "<line>")` right after running
    <line>."""
    source = Program(SNIPPETS / WALK).source.splitlines()
    appends = [i for i, line in enumerate(source) if "trace.append(snapshot(" in line]
    assert len(appends) == 5
    lines = []
    for i in appends:
        named = re.search(r'snapshot\(iteration, "(.*)"\)\)', source[i])[1]
        assert source[i - 1].strip() == named
        lines.append(named)
    trace = _values(WALK)["trace"]
    assert [s["line"] for s in trace] == lines * 2
    assert [s["iteration"] for s in trace] == [1] * 5 + [2] * 5


def test_walkthrough_marks_what_each_line_changed():
    figure = BeautifulSoup(loop_walkthrough(_result(WALK)), "html.parser").figure
    frames = figure.select(".lw-frame")
    assert len(frames) == 11 and figure["data-steps"] == "10"

    def changed(k):
        return [tr.th.get_text() for tr in frames[k].select("tr.lw-changed")]

    assert changed(0) == []
    assert changed(1) == []  # the first zero_grad: no gradients to clear yet
    assert changed(2) == ["yhat[:3, 0]"]
    assert changed(3) == ["loss"]
    assert changed(4) == ["model.weight.grad", "model.bias.grad"]
    assert changed(5) == ["model.weight", "model.bias"]
    # now zero_grad clears them
    assert changed(6) == ["model.weight.grad", "model.bias.grad"]
    for k in range(1, 11):
        now = frames[k].select(".lw-code li.lw-now")
        assert len(now) == 1 and now[0].get("aria-current") == "true"
        assert all(
            "▲ changed" in tr.get_text() for tr in frames[k].select("tr.lw-changed")
        )


# ---- on the built pages --------------------------------------------------------------


def page(site, name: str) -> BeautifulSoup:
    return page_soup(site / name / "index.html")


def test_explorer_tabs_are_on_the_shapes_page(site):
    soup = page(site, "shapes")
    assert soup.select_one('link[href$="assets/explorer.css"]'), (
        "docs/assets/explorer.css is not in extra_css"
    )
    tabset = next(t for t in soup.select(".tabbed-set") if t.select_one(".tg"))
    labels = [
        label.get_text(strip=True)
        for label in tabset.select(":scope > .tabbed-labels > label")
    ]
    assert labels[0] == "a @ b" and len(labels) >= 8
    # Its own tabs only: a block's output may hold a GPU recording's tabs of its own.
    blocks = tabset.select(":scope > .tabbed-content > .tabbed-block")
    assert len(blocks) == len(labels)
    sections = [s.name for s in Program(SNIPPETS / EXPLORER).sections()]
    for block, section in zip(blocks, sections, strict=True):
        run = block.select_one("div.lesson-run")
        assert run["data-snippet"] == EXPLORER and run["data-section"] == section
        assert block.select_one('.lesson-output[data-kind="stdout"]'), section
        assert block.select_one(".tg .tg-rule") and block.select(
            "table.tg-t caption"
        ), section
    first = blocks[0].select("table.tg-t caption")
    assert [c.get_text().replace("\u00a0", " ") for c in first] == [
        "a · shape (3, 2)",
        "b · shape (2, 3)",
        "c · shape (3, 3)",
    ]


def test_three_steppers_follow_their_programs_on_the_ledger_page(site):
    soup = page(site, "ledger")
    figures = soup.select("figure.graph-stepper")
    assert [f.select_one(".graph-stepper__title").get_text() for f in figures] == [
        "L = (x + y) * z",
        "o = tanh(w1 * x1 + w2 * x2 + b)",
        "loss = mean((w * xs + b - ys) ** 2)",
    ]
    for figure, program in zip(
        figures,
        ["ledger/dictation.py", "ledger/neuron.py", "ledger/linear_mse.py"],
        strict=True,
    ):
        before = figure.find_previous("div", class_="lesson-run")
        assert before["data-snippet"] == program
        assert figure.select_one("svg.graph-svg") and figure.select("li[data-step]")


def test_walkthrough_is_on_the_loop_page(site):
    soup = page(site, "loop")
    figure = soup.select_one("figure.loop-walk")
    assert figure is not None and figure["data-steps"] == "10"
    assert figure.find_previous("div", class_="lesson-run")["data-snippet"] == WALK
    assert (
        len(figure.select(".lw-frame")) == 11
        and len(figure.select("li[data-step]")) == 10
    )
    assert soup.select_one('link[href$="assets/explorer.css"]'), (
        "docs/assets/explorer.css is not in extra_css"
    )
