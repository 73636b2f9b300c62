"""Reading an untrusted workbook in a child process with memory and time limits.

A file within the upload limit can still ruin a reader: millions of cell styles or shared strings,
deep nesting, a sheet of millions of rows with no dimension. Read in the server itself, one such file
held gigabytes and a minute of both cores, for every session in the room. Here each upload is read
by a fresh Python process (`python -m models.guarded`: not forked from the threaded web server) at the
lowest priority, with at most MAX_MEMORY bytes of data and MAX_SECONDS on the clock (and of processor
time) from the moment it is handed the file; past either it is stopped and the file refused in words.

The clock, not processor time alone, bounds the wait: on a busy machine a reader gets a fraction of a
core, and 5 s of processor time took 16-24 s on the clock. Start-up (Python and the reader's imports,
about 0.4 s idle, several seconds under load) is kept off the clock: one reader is started ahead and
waits for a file; each file gets a fresh one, and the next is started once the read is over. At most
READERS files are read at once; others wait.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import threading
from pathlib import Path

from models.archive import FILE
from models.inputs import Inputs
from models.problems import InputError, Problem, Words

MAX_MEMORY = 1_000_000_000  # bytes of data memory for one read (the Baltimore sample needs about 0.2 GB)
MAX_SECONDS = 5  # on the clock from the hand-over of the file to the answer; also the processor-time cap
START_SECONDS = 10  # on the clock, for a reader to start (imports) when none is waiting ready
# Stopped by the clock, the reader's processor time says whose fault it was. Under BUSY_SHARE of the clock the
# machine was busy: said so, and not remembered. From KEPT_SHARE the file used (nearly) all 5 s itself: refused
# for its time and remembered. Between, it is refused for its time but may be tried again (it may just fit
# with a core to itself; a 27,660-teacher roster needs 3.6 s).
BUSY_SHARE = 0.8
KEPT_SHARE = 0.95
READERS = 2  # files read at once (the machine this was sized on has 2 cores)
ROOT = Path(__file__).resolve().parents[1]
REMEMBERED = 64  # refused files, by hash
READY = b"R"  # a reader's first byte: imported, limited, waiting for a file
EXPECTED = ("a workbook as a district saves it: millions of cell styles, shared strings or empty rows are refused; "
            "save only the sheets the workbench reads (see the template) and load it again")
AGAIN = "the same file loaded again in a moment"
_turns = threading.BoundedSemaphore(READERS)
_refused: dict[str, InputError] = {}
_spares: list[subprocess.Popen] = []
_spares_lock = threading.Lock()


class Refused(InputError):
    """A file refused for a limit of the reader (time or memory), not for a problem in one of its cells.

    reason: the plain sentence the app shows ("it took longer than the 5 s ..."); busy: refused because the
    machine was too busy to read it in time; remembered: sending it again is refused at once (never when busy,
    nor when the clock stopped a reader that had not had nearly all of it)."""

    def __init__(self, reason: str, found: str, expected: str = EXPECTED, busy: bool = False,
                 remembered: bool = True) -> None:
        super().__init__([Problem(FILE, None, None, Words(found), expected)])
        self.reason, self.busy, self.remembered = reason, busy, remembered and not busy


def read(content: bytes, roster_csv: bytes | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None) -> Inputs:
    """workbook.read in a child process; InputError for a bad file, Refused for one past the limits.

    A file refused for itself (its problems or its limits) is remembered by hash: sending it again is
    refused at once. One refused because the machine was too busy to read it in time is not (Refused)."""
    key = hashlib.sha256(content + b"\0" + (roster_csv or b"") + repr(column_map).encode()).hexdigest()
    if key in _refused:
        raise _unraised(_refused[key])
    try:
        return _read(pickle.dumps((content, roster_csv, column_map, MAX_MEMORY)))
    except InputError as exc:
        if getattr(exc, "remembered", True):
            _refused[key] = _unraised(exc)
            while len(_refused) > REMEMBERED:
                _refused.pop(next(iter(_refused)))
        raise


def _unraised(exc: InputError) -> InputError:
    """A copy never raised: a raised one keeps its traceback, whose frames hold the upload (64 kept uploads)
    and which every session raising the same object would share."""
    copy = type(exc).__new__(type(exc), *exc.args)
    copy.__dict__.update(exc.__dict__)
    return copy


def warm(wait: float = 0) -> int:
    """Have one reader started and waiting, so the next file's read starts at once; its process id.

    wait: seconds to wait for it to be ready (its imports done), for a caller that times the next read."""
    with _spares_lock:
        _spares[:] = [c for c in _spares if c.poll() is None]
        if not _spares:
            _spares.append(_start())
        child = _spares[-1]
    select.select([child.stdout], [], [], wait)  # READY is left in the pipe for the read to take
    return child.pid


def _start() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "models.guarded"], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _take() -> subprocess.Popen:
    with _spares_lock:
        while _spares:
            child = _spares.pop()
            if child.poll() is None:
                return child
    return _start()


def _read(payload: bytes) -> Inputs:
    with _turns:
        child = _take()
        try:
            return _answer(child, payload)
        finally:
            _stop(child)
            warm()  # after the read, so that starting the next reader does not slow this one


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.kill()
    for pipe in (child.stdin, child.stdout):
        with contextlib.suppress(OSError):
            pipe.close()
    child.wait()


def _answer(child: subprocess.Popen, payload: bytes) -> Inputs:
    if not _ready(child, START_SECONDS):
        raise Refused(f"the server was too busy to start reading it within {START_SECONDS} s; load it again "
                      "in a moment", f"no reader started within {START_SECONDS} s (the server was busy)",
                      AGAIN, busy=True)
    try:
        out, _ = child.communicate(payload, timeout=MAX_SECONDS)
    except subprocess.TimeoutExpired:
        used = _cpu_seconds(child.pid)
        child.kill()
        if used < BUSY_SHARE * MAX_SECONDS:
            raise Refused(f"the server was too busy to read it within the {MAX_SECONDS:g} s a workbook may take "
                          f"(the reader had {used:.1f} s of processor time); load it again in a moment",
                          f"a workbook not read within {MAX_SECONDS:g} s: the server was busy", AGAIN,
                          busy=True) from None
        raise Refused(f"it took longer than the {MAX_SECONDS:g} s a workbook may take to read",
                      f"a workbook that takes longer than the {MAX_SECONDS:g} s limit to read",
                      remembered=used >= KEPT_SHARE * MAX_SECONDS) from None
    kind, value = pickle.loads(out) if out else ("stopped", None)  # our own child's answer, never the file's
    if kind == "inputs":
        return value
    if kind == "problems":
        raise InputError(value)
    gb = f"{MAX_MEMORY / 1e9:g} GB"
    if kind == "memory":
        raise Refused(f"it needed more than the {gb} of memory a workbook may use to read",
                      f"a workbook that needs more than the {gb} memory limit to read")
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Refused(f"it took longer than the {MAX_SECONDS:g} s of processor time a workbook may take to read",
                      f"a workbook that takes longer than the {MAX_SECONDS:g} s limit to read")
    raise Refused(f"the reader stopped before the end (limits: {gb} of memory, {MAX_SECONDS:g} s)",
                  f"a workbook the reader could not finish within {gb} and {MAX_SECONDS:g} s")


def _ready(child: subprocess.Popen, seconds: float) -> bool:
    """Wait for the reader's READY byte (already there for a reader started ahead)."""
    fd = child.stdout.fileno()
    readable, _, _ = select.select([fd], [], [], seconds)
    return bool(readable) and os.read(fd, 1) == READY


def _cpu_seconds(pid: int) -> float:
    """User + system processor time of a running process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _child() -> None:
    from models import workbook  # imported before the limits: they bound the read, not the start
    os.nice(19)  # the web server's own work for the room goes first
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(used.ru_utime + used.ru_stime) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu + MAX_SECONDS, cpu + MAX_SECONDS + 1))
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    payload = sys.stdin.buffer.read()
    if not payload:  # the server went away before handing over a file
        return
    content, roster_csv, column_map, memory = pickle.loads(payload)  # the server's own limit, with the file
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    try:
        answer = ("inputs", workbook.read(content, roster_csv=roster_csv, column_map=column_map))
    except InputError as exc:
        answer = ("problems", exc.problems)
    except MemoryError:
        answer = ("memory", None)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _child()
