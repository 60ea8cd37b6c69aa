#!/bin/sh
# Install the pins of a requirements file into a virtual environment, on all cores.
#
#   sh scripts/tools/install.sh .venv/bin/python requirements.txt
#
# One pip process uses one core, and most of its time goes to unpacking and compiling
# (35 s for this project's pins on the 2-core machine, with the second core idle). So the
# pins are split three ways (torch alone, the rest in two halves) and installed at once,
# each part with --no-deps: no part resolves, so no two parts install the same package.
# Then one plain `pip install -r` resolves the whole file against what is there. Where
# the pins are complete, as on this machine, it finds everything installed and adds
# nothing; where they cannot be, it adds what is missing (on Linux, PyPI's torch wheel
# needs NVIDIA libraries that a CPU freeze does not list), exactly as a single pip would.
# The result is the same set of files as one `pip install -r` (compared file by file).
set -eu
python=$1
requirements=$2

parts=$(mktemp -d)
trap 'rm -rf "$parts"' EXIT
pins() { grep -E '^[A-Za-z0-9]' "$requirements"; }
pins | grep -E '^torch==' > "$parts/torch" || true
pins | grep -vE '^torch==' | awk 'NR % 2 == 1' > "$parts/odd"
pins | grep -vE '^torch==' | awk 'NR % 2 == 0' > "$parts/even"

pids=""
for part in torch odd even; do
  "$python" -m pip install --quiet --no-deps -r "$parts/$part" &
  pids="$pids $!"
done
failed=0
for pid in $pids; do
  wait "$pid" || failed=1
done
if [ "$failed" != 0 ]; then
  echo "error: installing the pins of $requirements failed (pip's message is above)" >&2
  exit 1
fi
"$python" -m pip install --quiet -r "$requirements"
