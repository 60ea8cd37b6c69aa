#!/bin/sh
# Install the pins of a requirements file into a virtual environment, on all cores.
#
#   sh scripts/tools/install.sh .venv/bin/python requirements.txt
#
# One pip process uses one core, and most of its time goes to unpacking and compiling
# (35 s for this project's pins on the 2-core machine, with the second core idle). So the
# pins are split three ways (torch alone, the rest in two halves) and installed at once,
# each part with --no-deps: no part resolves, so each package is installed by exactly one
# process. (Two packages that ship the same file would overwrite each other as they do
# under one pip; in this project's pins no file belongs to two packages.) Then one plain
# `pip install -r` resolves the whole file against what is there. Where the pins are
# complete, as on this machine, it finds everything installed and adds nothing; where they
# cannot be, it adds what is missing, exactly as a single pip would: on Linux, PyPI's torch
# wheel needs NVIDIA libraries that a CPU freeze does not list, and those come in this
# last, single pass. The result is the same set of files as one `pip install -r`.
set -eu
if [ "$#" != 2 ]; then
  echo "usage: sh scripts/tools/install.sh PYTHON REQUIREMENTS" >&2
  exit 2
fi
python=$1
requirements=$2

# Only `name==version` lines (and comments) split safely: an option line (an index, a
# constraint, a hash) would hold for one part and not the others.
if grep -vE '^[A-Za-z0-9][A-Za-z0-9._-]*==[^ ]+$|^#|^[[:space:]]*$' "$requirements" >&2; then
  echo "error: $requirements: the lines above are not name==version pins; install.sh splits only pins" >&2
  exit 2
fi

parts=$(mktemp -d)
pids=""
# A background job in a non-interactive shell ignores Ctrl-C, so an interrupted install
# stops its pips itself, rather than leave them writing into the venv (the exit runs the
# EXIT trap, which removes the parts).
stop() {
  [ -z "$pids" ] || kill $pids 2>/dev/null || true
  exit 130
}
trap stop INT TERM
trap 'rm -rf "$parts"' EXIT

pins() { grep -E '^[A-Za-z0-9]' "$requirements"; }
pins | grep -E '^torch==' > "$parts/torch" || true
pins | grep -vE '^torch==' | awk 'NR % 2 == 1' > "$parts/odd"
pins | grep -vE '^torch==' | awk 'NR % 2 == 0' > "$parts/even"

for part in torch odd even; do
  "$python" -m pip install --quiet --no-deps -r "$parts/$part" &
  pids="$pids $!"
done
failed=0
for pid in $pids; do
  wait "$pid" || failed=1
done
pids=""
if [ "$failed" != 0 ]; then
  echo "error: installing the pins of $requirements failed (pip's message is above)" >&2
  exit 1
fi
"$python" -m pip install --quiet -r "$requirements"
