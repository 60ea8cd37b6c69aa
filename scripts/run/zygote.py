"""One interpreter that imports torch once, then forks a process for each program.

Importing torch costs more CPU than most of the course's programs take to run, and a
build runs every program on the site. So the build starts this file by path (`python
scripts/run/zygote.py`, the way child.py is started: the project is not importable in
it), it imports torch, and then each request forks a process that runs child.main on
one program, exactly as `python scripts/run/child.py` would, with that import already
done.

What a fork shares with its zygote, and a fresh `python snippets/x.py` would not:
- torch, numpy and their imports are already loaded (the program's `import torch`
  finds them). Nothing else from the zygote runs before the program.
- The global random generators of Python, NumPy and torch: each fork seeds all three
  again from the OS, as a fresh interpreter seeds them (torch.seed()), so an unseeded
  program draws differently each run, and never the same numbers as its neighbour.
- Not the working directory: each fork enters the scratch directory the runner made
  for its program (runner._start_child), as a fresh interpreter is started in one.
- The thread count: OpenMP read OMP_NUM_THREADS when the zygote loaded torch, so a fork
  is given its share of the cores with torch.set_num_threads (and the same variables
  set in its environment).
The zygote holds one thread when it forks, as a fork must (a lock held by another thread
would stay locked in the child forever; Python 3.12 warns about it): NumPy, which torch
imports, starts an OpenBLAS thread pool on import unless OPENBLAS_NUM_THREADS=1, so the
zygote runs with that. torch's own threads are not OpenBLAS's and start in the fork; no
course program times NumPy.
CUDA is never touched in the zygote (a CUDA context does not survive a fork); the record
command, which runs on GPUs, starts fresh interpreters instead (runner.run). And
tests/test_page_matches_run.py runs every program the reader's way, in a new
interpreter, and compares what it prints with the page.

Protocol, one JSON object a line: the zygote says {"id": "ready", "threads"} once it has
imported torch; the runner writes {"id", "args", "threads", "log", "cwd"} to the
zygote's stdin (cwd: the program's scratch directory, which the fork enters); the
zygote answers {"id", "pid"} when it has forked and {"id", "exit"} when that process
has ended. The fork's own stdout and stderr go to
the file "log" (child.py captures what the program prints, section by section).
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

# The variables that cap a process's CPU threads (runner.child_env sets them too).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


# --------------------------------------------------------------------- the zygote side


def _become_the_program(request: dict) -> None:
    """In the fork: the program's working directory, stdin from /dev/null, stdout and
    stderr to the log, this program's threads and random seeds, then child.py's
    main."""
    import random  # noqa: PLC0415 - already loaded by torch; named for the reseed

    import child  # noqa: PLC0415 - scripts/run/child.py, beside this file
    import torch  # noqa: PLC0415 - loaded in serve(); here to set threads, seed

    os.chdir(request["cwd"])  # the program's scratch directory (runner._start_child)
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    threads = request.get("threads")
    if threads:
        os.environ.update({name: str(threads) for name in THREAD_VARIABLES})
        torch.set_num_threads(threads)
    random.seed()
    torch.seed()
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed()
    child.main(*request["args"])


def _fork(request: dict, selector: selectors.BaseSelector) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        selector.close()
        _become_the_program(request)
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else int(done.code is not None)
    except BaseException:  # noqa: BLE001 - written to the log the runner reports
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _answer(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _reap(running: dict[int, int]) -> None:
    """Answer for every fork that has ended."""
    while running:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if pid == 0:
            return
        _answer({"id": running.pop(pid), "exit": os.waitstatus_to_exitcode(status)})


def serve() -> None:
    """Read requests until stdin closes; then stop whatever still runs."""
    import child  # noqa: F401, PLC0415 - scripts/run/child.py, beside this file
    import torch  # noqa: F401, PLC0415 - the import every fork would pay for again

    # Ready, and how many threads this process holds now that it will fork (tested).
    _answer({"id": "ready", "threads": len(os.listdir("/proc/self/task"))})
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ)
    running: dict[int, int] = {}  # pid -> request id
    pending = b""
    while True:
        # Poll for ended forks every 20 ms while any runs; otherwise wait for input.
        if selector.select(timeout=0.02 if running else None):
            chunk = os.read(0, 1 << 16)
            if not chunk:
                break
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = _fork(request, selector)
                running[pid] = request["id"]
                _answer({"id": request["id"], "pid": pid})
        _reap(running)
    for pid in running:
        os.kill(pid, signal.SIGKILL)


# --------------------------------------------------------------------- the runner side


class Zygote:
    """The runner's handle on one zygote: started on first use, one fork per call to
    run(), safe to call from several threads at once."""

    def __init__(self, env: dict[str, str], cwd: Path):
        self._env, self._cwd = env, cwd
        self._proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count()
        self._waiting: dict[int, queue.Queue] = {}
        self.threads_when_ready: int | None = None  # the zygote's, before any fork
        self._gone = False  # set when the zygote's stdout closes: nobody will answer

    def _started(self) -> subprocess.Popen:
        with self._lock:
            if self._proc is None:
                self._proc = subprocess.Popen(
                    [sys.executable, __file__],
                    cwd=self._cwd,
                    env={**self._env, "OPENBLAS_NUM_THREADS": "1"},  # one thread
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                )
                threading.Thread(target=self._read, daemon=True).start()
            return self._proc

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            message = json.loads(line)
            if message["id"] == "ready":
                self.threads_when_ready = message["threads"]
                continue
            self._waiting[message["id"]].put(message)
        self._gone = True  # before the snapshot: run() checks it after registering
        for waiting in list(self._waiting.values()):
            waiting.put(None)

    def run(
        self, args: list[str], threads: int | None, timeout: float, cwd: str
    ) -> tuple[int, str]:
        """(exit code, what the fork wrote to stdout and stderr); the fork works in
        `cwd`. TimeoutError when it runs past `timeout` seconds (it is killed),
        RuntimeError when the zygote died."""
        proc = self._started()
        number = next(self._ids)
        answers: queue.Queue = queue.Queue()
        self._waiting[number] = answers
        with tempfile.TemporaryDirectory() as tmp:
            log = os.path.join(tmp, "log")
            request = {
                "id": number,
                "args": args,
                "threads": threads,
                "log": log,
                "cwd": cwd,
            }
            try:
                if self._gone:
                    raise BrokenPipeError
                with self._lock:
                    assert proc.stdin is not None
                    proc.stdin.write((json.dumps(request) + "\n").encode())
                    proc.stdin.flush()
            except BrokenPipeError:
                del self._waiting[number]
                raise RuntimeError(f"the zygote ended (exit {proc.wait()})") from None
            forked = answers.get()
            if forked is None:
                raise RuntimeError(f"the zygote ended (exit {proc.wait()})")
            try:
                ended = answers.get(timeout=timeout)
            except queue.Empty:
                os.kill(forked["pid"], signal.SIGKILL)
                answers.get()
                raise TimeoutError from None
            finally:
                del self._waiting[number]
            if ended is None:
                raise RuntimeError(f"the zygote ended (exit {proc.wait()})")
            with open(log, encoding="utf-8", errors="replace") as f:
                return ended["exit"], f.read()

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.stdin is not None:
                self._proc.stdin.close()
                self._proc.wait(timeout=30)


if __name__ == "__main__":
    serve()
