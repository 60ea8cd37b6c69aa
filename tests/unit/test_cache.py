"""The cache key: a result is reused only while nothing it depends on changed."""

import json
from importlib import metadata

import pytest

from scripts.run import cache

SPEC = {
    "file": "snippets/a.py",
    "sections": [{"name": "", "first_line": 1, "code": "x"}],
}


@pytest.fixture
def machinery(tmp_path, monkeypatch):
    """Copies of the runner, the child, the zygote and the pins, for the key to read."""
    files = {
        name: tmp_path / name
        for name in ("child.py", "runner.py", "zygote.py", "requirements.txt")
    }
    for name, path in files.items():
        path.write_text(f"{name} v1\n")
    monkeypatch.setattr(cache, "MACHINERY", list(files.values()))
    return files


def test_the_key_is_stable(machinery):
    """The same program gives the same key: from an equal spec built anew, with its
    keys in another order (a key of the object, or of its dict's order, would not)."""
    rebuilt = json.loads(json.dumps(SPEC))
    reordered = {k: rebuilt[k] for k in reversed(list(rebuilt))}
    assert reordered is not SPEC and list(reordered) != list(SPEC)
    assert cache.key(reordered) == cache.key(SPEC) == cache.key(SPEC)


def test_the_source_is_in_the_key(machinery):
    changed = {**SPEC, "sections": [{"name": "", "first_line": 1, "code": "y"}]}
    assert cache.key(changed) != cache.key(SPEC)


@pytest.mark.parametrize(
    "name", ["runner.py", "child.py", "zygote.py", "requirements.txt"]
)
def test_the_runner_the_child_the_zygote_and_the_pins_are_in_the_key(machinery, name):
    before = cache.key(SPEC)
    machinery[name].write_text(f"{name} v2\n")
    assert cache.key(SPEC) != before


def test_torchs_version_is_in_the_key(machinery, monkeypatch):
    real = metadata.version

    def version(name, torch="2.13.0"):
        return torch if name == "torch" else real(name)

    monkeypatch.setattr(metadata, "version", version)
    cache.environment.cache_clear()  # read once per process: a build is one
    before = cache.key(SPEC)
    monkeypatch.setattr(metadata, "version", lambda name: version(name, "9.9.9"))
    cache.environment.cache_clear()
    assert cache.key(SPEC) != before
    cache.environment.cache_clear()


def test_the_real_machinery_files_exist():
    assert all(path.is_file() for path in cache.MACHINERY), cache.MACHINERY
