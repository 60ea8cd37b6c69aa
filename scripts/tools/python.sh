#!/bin/sh
# Print the newest Python 3.11 or later on the PATH (the Makefile and .ci/run build .venv
# with it). Each name is asked for its version: a bare `python3`, or a pyenv shim for a
# version that is not active, does not count. With none, one line says what is needed.
for name in python3.14 python3.13 python3.12 python3.11 python3; do
  if command -v "$name" >/dev/null 2>&1 &&
     "$name" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
    echo "$name"
    exit 0
  fi
done
echo "error: this course needs Python 3.11 or newer on the PATH (as python3.13, python3.12, python3.11 or python3); none was found" >&2
exit 1
