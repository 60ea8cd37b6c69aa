"""Promise 8: the order rule's checker (scripts/site/order.py) on made-up courses."""

from __future__ import annotations

from scripts.site import order

EXPLAIN = "`torch.manual_seed(0)` fixes the random numbers that follow.\n"
INCLUDE = '```python exec="on"\n--8<-- "one/seeded.py"\n```\n'
PROGRAMS = {
    "one/seeded.py": "import torch\n\ntorch.manual_seed(0)\nprint(torch.ones(2))\n",
    "two/item.py": "import torch\n\nx = torch.ones(2).sum()\nprint(x.item())\n",
}


def _late(pages: list[tuple[str, str]]) -> list[str]:
    return [use.message() for use in order.problems(pages, PROGRAMS.__getitem__)]


def test_a_name_in_prose_above_the_include_passes():
    pages = [("one.md", "# One\n\n" + EXPLAIN + "\n" + INCLUDE)]
    assert _late(pages) == []


def test_moving_the_explanation_below_the_first_use_fails():
    """The same two-page course twice: the sentence that names the API above the
    include, then moved below it (or to the next page)."""
    second = "# Two\n\n`.item()` reads one number out.\n\n" + INCLUDE.replace(
        "one/seeded.py", "two/item.py"
    )
    good = [("one.md", "# One\n\n" + EXPLAIN + "\n" + INCLUDE), ("two.md", second)]
    assert _late(good) == []
    moved = [("one.md", "# One\n\n" + INCLUDE + "\n" + EXPLAIN), ("two.md", second)]
    assert _late(moved) == [
        "docs/one.md:4: snippets/one/seeded.py:3 uses torch.manual_seed, which no "
        "prose names before it (name it on this page above the include, or on an "
        "earlier page)"
    ]
    next_page = [("one.md", "# One\n\n" + INCLUDE), ("two.md", EXPLAIN + second)]
    assert [u.api for u in order.problems(next_page, PROGRAMS.__getitem__)] == [
        "torch.manual_seed"
    ]


def test_only_the_first_use_counts_and_an_earlier_page_names_it():
    again = INCLUDE + "\n" + INCLUDE
    pages = [("one.md", EXPLAIN + again), ("two.md", "# Two\n\n" + INCLUDE)]
    assert _late(pages) == []


def test_a_section_is_met_where_its_include_is():
    source = (
        "import torch\n# --8<-- [start:a]\nx = torch.ones(3)\n# --8<-- [end:a]\n"
        "# --8<-- [start:b]\nprint(x.detach())\n# --8<-- [end:b]\n"
    )
    programs = {"p/cut.py": source}
    page = (
        '```python exec="on"\n--8<-- "p/cut.py:a"\n```\n\n`.detach()` cuts it.\n\n'
        '```python exec="on"\n--8<-- "p/cut.py:b"\n```\n'
    )
    assert order.problems([("p.md", page)], programs.__getitem__) == []
    swapped = page.replace(':a"', ":X\"").replace(':b"', ':a"').replace(":X", ":b")
    late = order.problems([("p.md", swapped)], programs.__getitem__)
    assert [(u.api, u.page_line, u.program_line) for u in late] == [(".detach", 2, 6)]


def test_what_a_program_uses():
    source = (
        "import torch\nimport torch.nn as nn\nfrom torch.utils.data import DataLoader\n"
        "import time\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
        "        super().__init__()\n        self.head = nn.Linear(2, 1)\n\n"
        "    def forward(self, x):\n        return self.head(x)\n\n\n"
        "torch.manual_seed(0)\nnet = Net()\nloss = net(torch.randn(4, 2)).sum()\n"
        "loss.backward()\nwith torch.no_grad():\n    g = net.head.weight.grad\n"
        "print(', '.join(['a']), loss.item(), time.perf_counter(), torch.float16)\n"
        "loader = DataLoader([1, 2])\nnames = [n for n, _ in net.named_parameters()]\n"
    )
    assert [api for api, _ in order.apis_used(source)] == [
        "torch.nn.Module",
        "torch.nn.Linear",
        "torch.manual_seed",
        ".backward",
        "torch.no_grad",
        ".grad",
        ".item",
        "torch.float16",
        "torch.utils.data.DataLoader",
        ".named_parameters",
    ]


def test_how_prose_names_an_api():
    names = order.names_in(
        "Call `loss.item()`, `nn.MSELoss()`, `torch.backends.mps.is_available()`, "
        "`Generator().manual_seed(0)` and `no_grad()`; not ```code``` {{ x }}"
    )
    assert {"loss.item", "torch.nn.MSELoss", "torch.backends", ".manual_seed"} <= names
    assert order.names_api("no_grad", "torch.no_grad")
    assert order.names_api("torch.no_grad", "torch.no_grad")
    assert order.names_api("loss.item", ".item")
    assert order.names_api("torch.Tensor.item", ".item")
    assert order.names_api(".manual_seed", ".manual_seed")
    assert not order.names_api("x.grad", "torch.autograd.grad")
    assert not order.names_api("torch.cuda.manual_seed", "torch.manual_seed")
    assert not order.names_api("item", ".items")


def test_fences_comments_and_values_name_nothing():
    page = (
        "```text\n`torch.manual_seed`\n```\n<!-- `torch.manual_seed` -->\n"
        "<!--\n`torch.manual_seed`\n-->\ntorch.manual_seed in plain words\n"
        + INCLUDE
    )
    assert [u.api for u in order.problems([("p.md", page)], PROGRAMS.__getitem__)] == [
        "torch.manual_seed"
    ]


def test_the_home_page_is_checked_alone():
    """The home page's map names every chapter's APIs: that is no lesson. Its own
    programs need its own prose, and the chapters need theirs."""
    home = ("index.md", "# Home\n\n" + INCLUDE + "\n| map | `torch.manual_seed` |\n")
    chapter = ("one.md", "# One\n\n" + INCLUDE)
    late = order.problems([home, chapter], PROGRAMS.__getitem__, ["index.md"])
    assert [(u.page, u.api) for u in late] == [
        ("index.md", "torch.manual_seed"),
        ("one.md", "torch.manual_seed"),
    ]


def test_nav_pages_in_order():
    text = "nav:\n  - Home: index.md\n  - 1. A: a.md\n  - 1b. N: n.ipynb\n"
    assert order.nav_pages(text + "theme:\n  name: material\n") == ["index.md", "a.md"]


def test_setting_a_tracked_attribute_is_a_use_and_self_attributes_are_own():
    source = (
        "import torch\n\n\nclass M:\n    def __init__(self):\n"
        "        self.scale = 1\n\n    def step(self):\n        return self.scale()\n"
        "\n\nx = torch.ones(2)\nx.grad = None\nM().step()\n"
    )
    assert order.apis_used(source) == [(".grad", 13)]
