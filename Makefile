# Two commands for a newcomer: `make serve` and `make test`. Both set everything up first.
# The newest Python 3.11+ on the PATH (scripts/tools/python.sh); `make PYTHON=python3.12` picks one.
PYTHON ?= $(shell sh scripts/tools/python.sh 2>/dev/null)
# The site engine: ProperDocs, the maintained fork of MkDocs 1.x, reads mkdocs.yml and runs
# the same plugins and hooks; `make build ENGINE=mkdocs` builds with MkDocs 1.6.1 (pinned
# too: Material needs it), and the reproducibility test checks both give the same site.
ENGINE ?= properdocs
export LESSON_ENGINE := $(ENGINE)
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates (the sitemap's) come from the last commit, not the clock.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: serve test lint build pdf clean chapter test-chapter zensical notebooks lighthouse

# The virtual environment is rebuilt whenever the pins change; scripts/tools/install.sh
# installs them on all cores. The machinery itself is installed editable (pyproject.toml),
# so `import scripts` works from the MkDocs hooks, the tests and `python -m scripts.<...>`
# with no sys.path edit. No build isolation: the setuptools that torch requires is
# already in the venv (isolation would install a second copy).
$(VENV)/.installed: requirements.txt pyproject.toml
	@test -n "$(PYTHON)" || sh scripts/tools/python.sh >/dev/null
	$(PYTHON) -m venv $(VENV)
	sh scripts/tools/install.sh $(BIN)/python requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

serve: $(VENV)/.installed
	SITE_URL=http://127.0.0.1:8000/ $(BIN)/$(ENGINE) serve -f mkdocs.yml --strict --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(BIN)/$(ENGINE) build -f mkdocs.yml --strict

# The print edition as a PDF: a build whose footer links the PDF (LESSON_PDF=1), then /print/
# printed by Chromium (scripts/tools/pdf.py, the browser the tests use) to site/pytorch-basics.pdf.
pdf: $(VENV)/.installed
	LESSON_PDF=1 $(BIN)/$(ENGINE) build -f mkdocs.yml --strict
	$(BIN)/python -m scripts.tools.pdf site site/pytorch-basics.pdf

# The same sources built with Zensical (beta, by Material's authors) into site-zensical/:
# it reads mkdocs.yml (through zensical.yml) and runs our Markdown extension, but no
# hooks, so every program runs first (the pre-build step, into the execution cache).
# What it cannot host yet, and the plan for each: ARCHITECTURE.md. Zensical's own page
# cache (.cache/<number>/) does not know when a program changed: it is emptied first
# (not with --clean, which empties all of .cache/, the execution cache too). Zensical
# does not stop on an error the lesson logs: the target fails on an ERROR line.
zensical: $(VENV)/.installed
	$(BIN)/python -m scripts.site.prebuild
	rm -rf $$(find .cache -maxdepth 1 -name '[0-9]*' 2>/dev/null)
	$(BIN)/python -m zensical build --config-file zensical.yml > .cache/zensical.log 2>&1; \
	status=$$?; cat .cache/zensical.log; \
	if [ $$status -ne 0 ] || grep -q '^ERROR' .cache/zensical.log; then \
		echo "make zensical: failed (above)"; exit 1; fi

# The W3C Nu HTML Checker for the tests, from npm (package-lock.json pins it); it runs on
# Java. Without npm the HTML test says what is missing (and fails under CI).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --ignore-scripts --loglevel=error && touch $@; \
	else echo "npm not found: the HTML checker test will be skipped (it fails under CI)"; fi

# Lighthouse (npm, pinned like the checker) on every page of a strict build, served
# gzipped under a sub-path as GitHub Pages serves it: mobile defaults, the median of 3
# runs per page (scripts/tools/lighthouse.py). Fails below the goal: performance 0.95,
# accessibility and best practices 1.0. Minutes, and the CPU's load lowers performance:
# not part of `make test`. LIGHTHOUSE_ARGS: --runs N, pages (loop/ ledger/).
lighthouse: build node_modules/.installed
	$(BIN)/python -m scripts.tools.lighthouse site $(LIGHTHOUSE_ARGS)

# Lint first (seconds): machinery and tests at 88 columns (pyproject.toml), reader
# programs at 79. Then every test: tests/unit (no torch, no process), tests/component
# (programs run, no build) and the promise tests, which share one strict build.
lint: $(VENV)/.installed
	$(BIN)/ruff check scripts tests
	$(BIN)/ruff check --line-length 79 --select E501,E9,F snippets

test: lint $(VENV)/.installed node_modules/.installed
	$(BIN)/python -m pytest

# One chapter and everything it touches, fast: one warm build, then only the tests whose
# parameter is that chapter (its programs run fresh, its script, notebook, shape notes,
# predict-first blocks, axe on its page) and the site-wide checks a chapter can break
# (fences, strict build, committed notebooks). `make test-chapter NAME=ledger`
test-chapter: $(VENV)/.installed
	@test -n "$(NAME)" || { echo 'usage: make test-chapter NAME=ledger'; exit 2; }
	$(BIN)/python -m pytest --chapter "$(NAME)"

# A new chapter that builds and passes its tests as it is (scripts/tools/new_chapter.py):
# `make chapter NAME=layer-norm TITLE="Layer Normalization"`
chapter: $(VENV)/.installed
	$(BIN)/python -m scripts.tools.new_chapter "$(NAME)" "$(TITLE)"

# The committed Colab notebooks (notebooks/), written again from the pages and programs;
# prints the ones that changed. Run it after editing a chapter's headings or programs.
notebooks: $(VENV)/.installed
	$(BIN)/python -m scripts.site.downloads --notebooks

# Record every program on this machine's GPU (CUDA or MPS) into recordings/; see ARCHITECTURE.md.
# Needs only python3 with torch (no venv). RECORD_ARGS: --out DIR, --jobs N, programs.
.PHONY: record
record:
	$(if $(wildcard $(BIN)/python),$(BIN)/python,python3) -m scripts.tools.record $(RECORD_ARGS)

# The drift report: every program run under another torch (default: the newest release
# pip finds), against this build's own runs: which pages would change (fails, changed,
# claims, warns, same). A side venv in .cache/drift/; the report in .cache/drift/.
# `make drift TORCH=2.12.0`; DRIFT_ARGS: --pre, --python PATH, programs.
.PHONY: drift
drift: $(VENV)/.installed
	$(BIN)/python -m scripts.tools.drift $(if $(TORCH),--torch $(TORCH)) $(DRIFT_ARGS)

clean:
	rm -rf site site-zensical .cache .pytest_cache
