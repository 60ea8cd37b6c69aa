"""Promise 1 and 3: GPU recordings, shown beside the build's output only for the exact
source that ran.

- a recording matches a program by the SHA-256 of its file, or by its code when only the
  words of comments differ (its provenance then says so); a program whose code, lines or
  section markers changed is shown as not recorded in its current form (unit, and one
  scratch build); a recording whose source was edited by hand stops the build;
- a fake recording dropped into recordings/ is picked up by the build (same scratch
  build);
- `python -m scripts.tools.record` on a machine without a GPU refuses and writes
  nothing;
- no built page shows a recording whose source differs from the snippet file today.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from scripts.run import recordings
from scripts.run.programs import DIRECTIVE_COMMENT
from scripts.site import render
from scripts.tools.record import dump
from tests.conftest import BUILT_FROM, ROOT, mkdocs, once_per_run, scratch_project
from tests.site import page_soup

CHANGED = "gpu/mix.py"  # recorded, then edited in the scratch copy
FAKED = "gpu/to_rules.py"  # given a fake recording in the scratch copy
FAKE_STDOUT = "printed by a fake GPU for this test\n"


def sha(rel: str, root: Path = ROOT) -> str:
    return hashlib.sha256((root / "snippets" / rel).read_bytes()).hexdigest()


def fake_recording(
    rel: str,
    source_sha: str,
    stdout: str,
    date: str = "2099-01-01",
    source: str | None = None,
) -> dict:
    result = {
        "sections": [{"name": "", "stdout": stdout, "error": None, "seconds": 0.1}],
        "values": {"answer": 42},
        "torch": "9.9.9",
        "device": "cuda (Fake GPU)",
        "python": "3.12.0",
    }
    return {
        "format": recordings.FORMAT,
        "recorded": {
            "gpu": "Fake GPU 9000",
            "driver": "1.0",
            "cuda": "99.0",
            "python": "3.12.0",
            "torch": "9.9.9+cu990",
            "date": date,
            "commit": "0000000",
            "backend": "cuda",
        },
        "programs": {
            rel: {"source_sha256": source_sha, "seconds": 0.1, "result": result}
            | ({} if source is None else {"source": source})
        },
    }


def write(folder: Path, name: str, data: dict) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(dump(data), encoding="utf-8")


# --- unit: matching by source ---------------------------------------------------------


def test_a_recording_matches_only_the_exact_source(tmp_path):
    write(
        tmp_path, "2099-01-01-fake.json", fake_recording(FAKED, sha(FAKED), FAKE_STDOUT)
    )
    write(
        tmp_path,
        "2099-01-02-fake.json",
        fake_recording(FAKED, "0" * 64, "older text\n", "2099-01-02"),
    )
    found = recordings.match(FAKED, recordings.load(tmp_path))
    assert (
        found.recording is not None and found.recording.name == "2099-01-01-fake.json"
    )
    assert [r.name for r in found.stale] == ["2099-01-02-fake.json"]
    assert found.result.sections[0].stdout == FAKE_STDOUT

    write(
        tmp_path, "2099-01-01-fake.json", fake_recording(FAKED, "f" * 64, FAKE_STDOUT)
    )
    changed = recordings.match(FAKED, recordings.load(tmp_path))
    assert changed.recording is None and len(changed.stale) == 2
    label, body = render.recorded_tab(changed, "")
    assert "not recorded" in label and "lesson-recorded__run" not in body
    assert FAKE_STDOUT.strip() not in body
    assert "has not been recorded on a GPU in its current form" in body


def recorded_as(tmp_path, text: str) -> recordings.Match:
    """Match FAKED as it is now against a recording of `text`."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    write(
        tmp_path,
        "2099-01-01-fake.json",
        fake_recording(FAKED, digest, FAKE_STDOUT, source=text),
    )
    return recordings.match(FAKED, recordings.load(tmp_path))


def test_a_comment_reworded_in_place_keeps_the_recording(tmp_path):
    now = (ROOT / "snippets" / FAKED).read_text()
    comment = next(
        line
        for line in now.splitlines()
        if line.startswith("# ") and not DIRECTIVE_COMMENT.match(line)
    )
    then = now.replace(comment, "# " + "older words " * 3, 1)
    found = recorded_as(tmp_path, then)
    assert found.recording is not None and found.comments_changed
    assert found.result.sections[0].stdout == FAKE_STDOUT
    label, body = render.recorded_tab(found, "")
    assert label.startswith("Recorded:") and FAKE_STDOUT.strip() in body
    assert "some of its comments were reworded since" in body
    assert "from exactly this program" not in body

    exact = recorded_as(tmp_path, now)
    assert exact.recording is not None and not exact.comments_changed
    assert "from exactly this program" in render.recorded_tab(exact, "")[1]


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("ones(3)", "ones(4)", 1), id="code"),
        pytest.param(lambda text: "# a new first line\n" + text, id="lines-moved"),
        pytest.param(
            lambda text: text.replace("# .to()", "# --8<-- [start:new]\n# .to()", 1)
            + "# --8<-- [end:new]\n",
            id="section-marker",
        ),
        pytest.param(lambda text: text + "# raises: ValueError\n", id="raises-marker"),
    ],
)
def test_anything_but_a_comments_words_makes_the_recording_stale(tmp_path, edit):
    now = (ROOT / "snippets" / FAKED).read_text()
    then = edit(now)
    assert then != now, "the edit did not apply: the test program changed"
    found = recorded_as(tmp_path, then)
    assert found.recording is None and len(found.stale) == 1


def test_a_recording_whose_source_was_edited_is_refused(tmp_path):
    now = (ROOT / "snippets" / FAKED).read_text()
    data = fake_recording(FAKED, sha(FAKED), FAKE_STDOUT, source=now + "# edited\n")
    write(tmp_path, "2099-01-01-fake.json", data)
    with pytest.raises(ValueError, match="does not hash to its source_sha256"):
        recordings.load(tmp_path)


def test_tabs_are_the_markup_pymdownx_tabbed_writes():
    ours = BeautifulSoup(
        render.tabs_html("1", [("A", "<p>one</p>"), ("B", "<p>two</p>")]),
        "html.parser",
    )
    text = '=== "A"\n\n    one\n\n=== "B"\n\n    two\n'
    theirs = BeautifulSoup(
        markdown.markdown(
            text,
            extensions=["pymdownx.tabbed"],
            extension_configs={"pymdownx.tabbed": {"alternate_style": True}},
        ),
        "html.parser",
    )

    def shape(soup):
        return [
            (
                t.name,
                sorted(c for c in t.get("class", []) if c != "lesson-recorded"),
                {
                    k: v
                    for k, v in t.attrs.items()
                    if k in ("id", "name", "for", "type", "checked")
                },
            )
            for t in soup.find_all(True)
        ]

    assert shape(ours) == shape(theirs)


# --- the record command on this (GPU-less) machine ------------------------------------


def test_record_refuses_without_a_gpu_and_writes_nothing(tmp_path):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available() or torch.backends.mps.is_available():
        pytest.skip("this machine has a GPU")
    before = sorted(p.name for p in (ROOT / "recordings").iterdir())
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.tools.record", "--out", str(out), "gpu/mix.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode != 0
    assert "sees no GPU here" in proc.stderr and "no file was written" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr  # one clear message
    assert not out.exists()
    assert sorted(p.name for p in (ROOT / "recordings").iterdir()) == before


def test_record_imports_neither_mkdocs_nor_the_venv_packages():
    code = (
        "import sys, scripts.tools.record; print(sorted(m for m in sys.modules if "
        "m.split('.')[0] in "
        "{'mkdocs','markdown','markdown_exec','pymdownx','filelock','yaml','jinja2','bs4'}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


# --- one scratch build: a changed program, a fake recording ---------------------------


# `site`: the shared build ran first and filled the cache (without it, this copy would
# build cold, or copy a cache still being written)
@pytest.fixture(scope="session")
def scratch_site(site, tmp_path_factory, testrun_uid) -> Path:
    return once_per_run(
        "recordings-site", testrun_uid, lambda: _scratch_site(tmp_path_factory)
    )


def _scratch_site(tmp_path_factory) -> Path:
    copy = scratch_project(
        tmp_path_factory.mktemp("recordings"), (*BUILT_FROM, "recordings")
    )
    changed = copy / "snippets" / CHANGED
    changed.write_text(changed.read_text() + "# an edit after the recording\n")
    write(
        copy / "recordings",
        "2099-01-01-fake-gpu-9000.json",
        fake_recording(FAKED, sha(FAKED, copy), FAKE_STDOUT),
    )
    proc = mkdocs("build", "--site-dir", str(copy / "site"), cwd=copy)
    page = copy / "site" / "gpu" / "index.html"
    assert page.exists(), proc.stdout[-3000:]
    return copy / "site"


def tab_sets(page: Path, rel: str) -> list:
    soup = page_soup(page)
    return [
        div.select_one(".lesson-recorded")
        for div in soup.select(f'div.lesson-run[data-snippet="{rel}"]')
    ]


@pytest.mark.long
def test_a_changed_program_is_shown_as_not_recorded(scratch_site):
    [tabs] = tab_sets(scratch_site / "gpu" / "index.html", CHANGED)
    labels = [label.get_text() for label in tabs.select(".tabbed-labels label")]
    assert labels[0].startswith("Run for this page: cpu")
    assert labels[1] == "GPU: not recorded for this version"
    assert "has not been recorded on a GPU in its current form" in tabs.get_text()
    # the old GPU output is not shown
    assert not tabs.select('[data-kind^="recorded-"]')
    assert "Expected all tensors to be on the same device" not in tabs.get_text()


def test_a_new_recording_file_is_picked_up(scratch_site):
    [tabs] = tab_sets(scratch_site / "gpu" / "index.html", FAKED)
    labels = [label.get_text() for label in tabs.select(".tabbed-labels label")]
    assert labels[1] == "Recorded: Fake GPU 9000, torch 9.9.9+cu990, 2099-01-01"
    shown = tabs.select_one('[data-kind="recorded-stdout"] pre code').get_text()
    assert shown == FAKE_STDOUT.rstrip("\n")


# --- promise: a page never shows a recording of another text --------------------------


def test_no_page_shows_a_recording_of_a_different_source(build):
    site = build["site"]
    pages = sorted(site.rglob("*.html"))
    assert pages, "the build wrote no pages"
    kept = {r.name: r for r in recordings.load()}
    shown = 0
    for page in pages:
        soup = page_soup(page)
        for run in soup.select(".lesson-recorded__run"):
            rel = run["data-snippet"]
            entry = kept[run["data-recording"]].programs[rel]
            assert run["data-source-sha256"] == entry["source_sha256"]
            if entry["source_sha256"] != sha(rel):  # only comments may differ
                now = (ROOT / "snippets" / rel).read_text()
                assert recordings.same_code(entry["source"], now), (
                    f"{page}: {rel} shows a recording of other code"
                )
                assert "comments were reworded since" in run.get_text()
            shown += 1
        for quote in soup.select("span.recorded[data-program]"):
            rel = quote["data-program"]
            if (ROOT / "snippets" / rel).is_file():
                entry = kept[quote["data-recording"]].programs[rel]
                assert quote["data-source-sha256"] == entry["source_sha256"]
                now = (ROOT / "snippets" / rel).read_text()
                assert entry["source_sha256"] == sha(rel) or recordings.same_code(
                    entry["source"], now
                ), f"{page}: {rel} quotes a recording of other code"
            else:
                kept_source = kept[quote["data-recording"]].measurements[rel]["source"]
                assert (
                    quote["data-source-sha256"]
                    == hashlib.sha256(kept_source.encode()).hexdigest()
                )
            shown += 1
    assert shown > 0, "no recording is shown anywhere"
    gpu = page_soup(site / "gpu" / "index.html")
    assert gpu.select(".lesson-recorded"), "the GPU chapter shows no recording tabs"
