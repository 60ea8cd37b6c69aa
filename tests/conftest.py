"""One strict build of the whole site, shared by every test and every xdist worker."""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

from scripts.paths import ROOT
from scripts.tools.engine import argv as engine_argv

BUILD_DIR = ROOT / ".cache" / "test-build"
T = TypeVar("T")
SOURCE_DATE_EPOCH = (
    os.environ.get("SOURCE_DATE_EPOCH")
    or subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    or "0"
)


def mkdocs(
    *args: str,
    cwd: Path = ROOT,
    env: dict | None = None,
    timeout: int = 1200,
    engine: str | None = None,
):
    """Run the site engine (scripts/tools/engine.py: ProperDocs unless LESSON_ENGINE or
    `engine` says mkdocs) from this environment; the CompletedProcess (output
    merged)."""
    # Dates in the sitemap come from SOURCE_DATE_EPOCH: one fixed value, same bytes
    # every build.
    # Only the shared build (below) and the reproducibility check run every program
    # afresh under CI's LESSON_FRESH=1; every other build (the scratch copies of the
    # bad-input, fork-link, recording and scaffold tests) reuses the results that
    # this run's shared build just produced, and runs only what its case changed.
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "LESSON_FRESH": "0",
        **(env or {}),  # the shared build's LESSON_FRESH wins
    }
    return subprocess.run(
        engine_argv(*args, engine=engine),
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
    )


def reader_threads() -> int:
    """The CPU threads a program a test runs may use: this worker's share of the cores,
    as the build gives each program it runs beside others its share. Two workers that
    each start torch's default (a thread per core) put four busy threads on two cores,
    where torch's threads wait on each other many times longer than they compute."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    return max(1, (os.cpu_count() or 1) // workers)


def reader_env() -> dict[str, str]:
    """The environment of a reader program, a chapter script or a notebook kernel that
    a test starts: the build's (runner.child_env), with this worker's share of the
    cores."""
    from scripts.run.runner import child_env

    return child_env(reader_threads())


def pytest_collection_finish(session):
    """This worker's own torch (the figures, the grader, the predict-first answers run
    in-process) gets the same share, once collection has imported it."""
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(reader_threads())


# What a build reads from the project.
BUILT_FROM = ("docs", "snippets", "scripts", "mkdocs.yml", "requirements.txt")


def scratch_project(where: Path, names: tuple[str, ...] = BUILT_FROM) -> Path:
    """where/project: a copy of the project's `names`, with the execution caches of
    this run's shared build, so that a build there runs only what a test changed.
    Call it from a fixture that depends on `site` (the cache is complete then)."""
    copy = where / "project"
    copy.mkdir()
    for name in names:
        source = ROOT / name
        if source.is_dir():
            no_bytecode = shutil.ignore_patterns("__pycache__")
            shutil.copytree(source, copy / name, ignore=no_bytecode)
        else:
            shutil.copy(source, copy / name)
    for cache in ("exec", "mkdocs-jupyter"):
        if (ROOT / ".cache" / cache).is_dir():
            shutil.copytree(ROOT / ".cache" / cache, copy / ".cache" / cache)
    return copy


# A costly value two workers could both ask for (the shared build, a scratch build, the
# PDF, the HTML checker's report) is made once per test run: the first worker to ask
# makes it under a file lock, the other waits on that lock and reads it back. So any
# test can go to either worker (`--dist load`), and a module's quick tests wait at most
# for the one value, never make it twice.
SHARED = ROOT / ".cache" / "test-shared"


def once_per_run(name: str, testrun_uid: str, make: Callable[[], T]) -> T:
    """make()'s value, made once in this test run by whichever worker asks first and
    read back (pickled, from .cache/test-shared/) by every later ask. An error in
    make() is reported to the later asks too, without making it again."""
    SHARED.mkdir(parents=True, exist_ok=True)
    stamp = SHARED / f"{name}.pickle"
    with FileLock(str(SHARED / f"{name}.lock")):
        if stamp.exists():
            uid, made, value = pickle.loads(stamp.read_bytes())
            if uid == testrun_uid and made:
                return value
            if uid == testrun_uid:
                pytest.fail(f"{name} could not be made:\n{value}", pytrace=False)
        try:
            value = make()
        except Exception:
            failed = (testrun_uid, False, traceback.format_exc())
            stamp.write_bytes(pickle.dumps(failed))
            raise
        stamp.write_bytes(pickle.dumps((testrun_uid, True, value)))
        return value


@pytest.fixture(scope="session")
def build(testrun_uid) -> dict:
    """{'site': Path, 'log': str, 'returncode': int} of `mkdocs build --strict`, built
    once per run."""

    def make() -> dict:
        BUILD_DIR.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(BUILD_DIR / "site", ignore_errors=True)
        fresh = {"LESSON_FRESH": os.environ.get("LESSON_FRESH", "0")}
        site = BUILD_DIR / "site"
        proc = mkdocs("build", "--strict", "--site-dir", str(site), env=fresh)
        return {"log": proc.stdout, "returncode": proc.returncode, "site": site}

    return once_per_run("build", testrun_uid, make)


@pytest.fixture
def snippet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write a program into a scratch snippets/ folder; returns a Program for it (the
    unit and component tiers)."""
    from scripts.run import programs
    from scripts.run.programs import Program

    monkeypatch.setattr(programs, "ROOT", tmp_path)
    monkeypatch.setattr(programs, "SNIPPETS", tmp_path / "snippets")

    def write(text: str, rel: str = "ch/prog.py") -> Program:
        path = tmp_path / "snippets" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return Program(path)

    return write


def pytest_addoption(parser):
    parser.addoption(
        "--chapter",
        metavar="NAME",
        help="only the tests of one chapter (docs/NAME.md, snippets/NAME/, its "
        "notebook) and the quick site-wide checks any chapter can break "
        "(marked every_chapter); `make test-chapter NAME=...`",
    )


# ---- the checkout is the same after the run as before it (issue 28) -----------------
# The session notes `git status` (with each listed file's bytes) when it starts and
# fails at its end if a path is new there or a listed file's bytes changed. It does not
# see: what .gitignore ignores (site/, .cache/: build output, by design), writes outside
# the checkout, a file changed and restored to the same bytes, an untracked file
# deleted. And it cannot tell a test's write from a person's edit made while the tests
# ran: both are reported (LESSON_CHECKOUT_CHECK=0 switches the check off).


def checkout_state(root: Path = ROOT) -> dict[str, str] | None:
    """{path: sha256 of its bytes, or "absent"} for each path `git status` lists in
    `root` (tracked and changed, or untracked; not what .gitignore ignores); None where
    `root` is no git checkout. A tracked file that is unchanged is not listed: git
    compares it with the last commit itself."""
    proc = subprocess.run(
        ["git", "status", "--porcelain=v1", "-z", "--untracked-files=all"],
        cwd=root,
        capture_output=True,
    )
    if proc.returncode != 0:
        return None
    entries = iter(proc.stdout.decode("utf-8", "surrogateescape").split("\0"))
    state = {}
    for entry in entries:
        if not entry:
            continue
        code, path = entry[:2], entry[3:]
        if "R" in code or "C" in code:
            next(entries, None)  # a rename's or copy's old name follows
        file = root / path
        state[path] = "absent"
        if file.is_file():
            state[path] = hashlib.sha256(file.read_bytes()).hexdigest()
    return state


def changed_since(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Paths that are new in `git status`, or listed both times with other bytes. A
    path listed before and not after (a commit made meanwhile, a file restored) is
    not a change a test made."""
    return sorted(path for path, digest in after.items() if before.get(path) != digest)


def _checks_the_checkout(config) -> bool:
    """In the process that runs the session (not an xdist worker), unless
    LESSON_CHECKOUT_CHECK=0 (for a checkout someone edits while the tests run)."""
    return not hasattr(config, "workerinput") and os.environ.get(
        "LESSON_CHECKOUT_CHECK", "1"
    ) not in ("0", "")


def pytest_sessionstart(session):
    if _checks_the_checkout(session.config):
        session.config.stash[_CHECKOUT] = checkout_state()


def pytest_sessionfinish(session, exitstatus):
    """Fail the run if it changed the checkout: a program or a test wrote into it."""
    before = session.config.stash.get(_CHECKOUT, None)
    if before is None or not _checks_the_checkout(session.config):
        return
    changed = changed_since(before, checkout_state() or {})
    if not changed:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_sep("!", "this test run changed the checkout", red=True)
        for path in changed:
            reporter.write_line(f"  {path}")
        reporter.write_line(
            "A test or a program it ran wrote into the checkout (programs run in a "
            "scratch directory: scripts/run/runner.py). If you edited these files "
            "yourself while the tests ran, run again, or set LESSON_CHECKOUT_CHECK=0."
        )
    if session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_CHECKOUT = pytest.StashKey[dict]()


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "every_chapter: a quick site-wide check any chapter can break (fences, "
        "notebooks, nav); `--chapter NAME` keeps it",
    )


def chapter_of(value) -> str | None:
    """The chapter a test parameter belongs to: a Program, 'ledger/x.py', 'ledger.md'
    or 'ledger' all give 'ledger'."""
    rel = getattr(value, "rel", value)
    if not isinstance(rel, str):
        return None
    return rel.split("/")[0].split(":")[0].removesuffix(".md").removesuffix(".ipynb")


def pytest_collection_modifyitems(config, items):
    _only_one_chapter(config, items)
    items.sort(key=_start_order)  # stable: collection order within each rank


def _start_order(item) -> int:
    """Long tests first (marked `long`: tens of seconds), so that the last minute is not
    one worker alone on a long test. First of all a long test that needs no shared build
    at its start (the second clean build): it runs while the other worker makes the
    shared one. A module's quick tests that read a value its first (long) test made
    (once_per_run) are not marked: they come after every long test, when that value is
    long made, so neither worker waits for it."""
    if item.get_closest_marker("long") is None:
        return 2
    return 1 if "build" in item.fixturenames else 0  # the closure: site needs build


def _only_one_chapter(config, items):
    """`--chapter NAME`: the tests with a parameter of that chapter (chapter_of: a
    program of snippets/NAME/, the page docs/NAME.md or its built NAME/index.html, or
    NAME itself) and those marked every_chapter. A test covers every chapter, a new one
    too, by being parametrized over what it finds (tests/site.py: nav_pages; the
    programs; the pages' blocks), never over a list of chapters; test_new_chapter
    checks that a scaffolded chapter's own tests are the ones selected."""
    name = config.getoption("--chapter")
    if not name:
        return
    if not (ROOT / "docs" / f"{name}.md").is_file():
        raise pytest.UsageError(f"--chapter {name}: there is no docs/{name}.md")
    keep, drop = [], []
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        mine = any(chapter_of(v) == name for v in params.values())
        wide = item.get_closest_marker("every_chapter") is not None
        (keep if mine or wide else drop).append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


def first_error(log: str) -> str:
    """The build's first ERROR line, or the last line of the log (a crash): what broke
    the build, in one look."""
    lines = log.splitlines()
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines[-1:] or ["(no output)"])[0]


@pytest.fixture(scope="session")
def site(build) -> Path:
    if build["returncode"] != 0:
        pytest.fail(
            "the strict build failed, so this test cannot run. Its first error:\n"
            f"{first_error(build['log'])}\n(the whole log: test_build_is_strict)",
            pytrace=False,
        )
    return build["site"]


def pytest_terminal_summary(terminalreporter):
    """Say how many reader blocks exist, so a reader of the log can see none was left
    out."""
    from scripts.run.programs import all_programs, scan_docs

    scans = scan_docs()
    blocks = sum(1 for s in scans for b in s.blocks if b.program is not None)
    fences = sum(s.python_fences for s in scans)
    terminalreporter.write_line(
        f"lesson: {fences} Python fences in docs/, {blocks} reader blocks from "
        f"{len(all_programs())} programs in snippets/, each program run fresh by "
        "test_page_matches_run"
    )


@pytest.fixture(scope="session")
def served_site(site):
    """(base_url, [page paths]) for the built site served on loopback."""
    from scripts.tools.browser import serve
    from tests.site import html_pages

    server, base = serve(site)
    pages = [
        p.relative_to(site).as_posix().removesuffix("index.html")
        for p in html_pages(site)
    ]
    yield base, pages
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from tests.browser import ARGS, CHROMIUM, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
