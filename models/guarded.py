"""Reading an untrusted workbook in a child process with memory and time limits.

A file within the upload limit can still ruin a reader: millions of cell styles or shared strings,
deep nesting, a sheet of millions of rows with no dimension. Read in the server itself, one such file
held gigabytes and a minute of both cores, for every session in the room. Here each upload is read
by a fresh Python process (`python -m models.guarded`: not forked from the threaded web server) that
may use MAX_MEMORY bytes of data and MAX_SECONDS of processor time once it has started; past either
it is stopped and the file refused in words. At most READERS files are read at once; others wait.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from models.archive import FILE
from models.inputs import Inputs
from models.problems import InputError, Problem, Words

MAX_MEMORY = 1_000_000_000  # bytes of data memory for one read (the Baltimore sample needs about 0.2 GB)
MAX_SECONDS = 5  # of processor time for the read itself
START_SECONDS = 10  # on the clock, for the child to start (imports) on a busy machine
READERS = 2  # files read at once (the machine this was sized on has 2 cores)
ROOT = Path(__file__).resolve().parents[1]
REMEMBERED = 64  # refused files, by hash
_turns = threading.BoundedSemaphore(READERS)
_refused: dict[str, list[Problem]] = {}


def read(content: bytes, roster_csv: bytes | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None) -> Inputs:
    """workbook.read in a child process; InputError for a bad file, or for one past the limits.

    A file refused for its limits is remembered (by hash): sending it again is refused at once."""
    key = hashlib.sha256(content + b"\0" + (roster_csv or b"") + repr(column_map).encode()).hexdigest()
    if key in _refused:
        raise InputError(_refused[key])
    try:
        return _read(content, roster_csv, column_map)
    except InputError as exc:
        _refused[key] = exc.problems
        while len(_refused) > REMEMBERED:
            _refused.pop(next(iter(_refused)))
        raise


def _read(content: bytes, roster_csv: bytes | None, column_map: tuple[tuple[str, str], ...] | None) -> Inputs:
    start = time.monotonic()
    with _turns:
        child = subprocess.Popen([sys.executable, "-m", "models.guarded"], cwd=ROOT, stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        try:
            out, _ = child.communicate(pickle.dumps((content, roster_csv, column_map)),
                                       timeout=START_SECONDS + 2 * MAX_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            out = b""
    kind, value = pickle.loads(out) if out else ("stopped", None)  # our own child's answer, never the file's
    if kind == "inputs":
        return value
    if kind == "problems":
        raise InputError(value)
    seconds = time.monotonic() - start
    found = (f"a workbook that needs more than {MAX_MEMORY / 1e9:g} GB of memory to read" if kind == "memory"
             else f"a workbook that takes more than {MAX_SECONDS:g} s to read (stopped after {seconds:.0f} s)")
    raise InputError([Problem(FILE, None, None, Words(found), "a workbook as a district saves it: millions of "
                              "cell styles, shared strings or empty rows are refused; save only the sheets the "
                              "workbench reads (see the template) and load it again")])


def _child() -> None:
    from models import workbook  # imported before the limits: they bound the read, not the start
    os.nice(19)  # the web server's own work for the room goes first
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu + MAX_SECONDS, cpu + MAX_SECONDS + 1))
    resource.setrlimit(resource.RLIMIT_DATA, (MAX_MEMORY, MAX_MEMORY))
    content, roster_csv, column_map = pickle.loads(sys.stdin.buffer.read())
    try:
        answer = ("inputs", workbook.read(content, roster_csv=roster_csv, column_map=column_map))
    except InputError as exc:
        answer = ("problems", exc.problems)
    except MemoryError:
        answer = ("memory", None)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _child()
