"""Reading an untrusted workbook in a child process with memory and time limits.

A file within the upload limit can still ruin a reader: millions of cell styles or shared strings,
deep nesting, a sheet of millions of rows with no dimension. Read in the server itself, one such file
held gigabytes and a minute of both cores, for every session in the room. Here each upload is read
by a fresh Python process (`python -m models.guarded`: not forked from the threaded web server) at the
lowest priority, with at most MAX_MEMORY bytes of data and MAX_SECONDS on the clock (and of processor
time) from the moment it is handed the file; past either it is stopped and the file refused in words.

The clock, not processor time alone, bounds the wait: on a busy machine a reader gets a fraction of a
core, and 5 s of processor time took 16-24 s on the clock. At the lowest priority a reader gets next to
nothing while other work fills both cores (0.0 s of processor time in 10 s at load 8), so a file whose reader
the machine starved is read once more, at once, by a fresh reader at the server's own priority with what is
left of the file's 5 s of processor time: a file costs no more processor time than on an idle machine, and a
legitimate one is not refused for the load alone. A first reader that plainly gets nothing (under a fifth of
the clock after its first second) is given up then, not at 5 s: a busy upload took 10-14 s waiting it out.
Start-up (Python and the reader's imports, about 0.4 s idle, several seconds under load) is kept off the
clock: one reader is started ahead and waits for a file; each file gets a fresh one, and the next is started
once the read is over. At most READERS files are read at once; others wait.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from models.archive import FILE
from models.inputs import Inputs
from models.problems import InputError, Problem, Words

MAX_MEMORY = 1_000_000_000  # bytes of data memory for one read (the Baltimore sample needs about 0.2 GB)
MAX_SECONDS = 5  # on the clock from the hand-over of the file to the answer; also the processor-time cap
START_SECONDS = 10  # on the clock, for a reader to start (imports) when none is waiting ready
# Stopped by the clock, the file's processor time (the reader's since it was handed the file) says whose fault
# it was. Under BUSY_SHARE of the clock the machine starved the reader: read once more at AGAIN_NICE (once only,
# with what is left of the 5 s), and if that is starved too, said so and not remembered. From KEPT_SHARE one
# reader had (nearly) all 5 s itself: refused for its time and remembered. Between, it is refused for its time
# but may be tried again (it may just fit with a core to itself; a 27,660-teacher roster needs 3.6 s).
BUSY_SHARE = 0.8
KEPT_SHARE = 0.95
# The first reader is looked at every CHECK_SECONDS: from EARLY_SECONDS on the clock, under STARVED_SHARE of it in
# processor time, it is starved already (the second reader has the rest of the 5 s, as at the clock limit).
CHECK_SECONDS = 0.25
EARLY_SECONDS = 1.0
STARVED_SHARE = 0.2
NICE = 19  # a reader's priority: the web server's own work for the room goes first
AGAIN_NICE = 0  # the once-more reader's: the server's own (at any lower one, work at the server's starves it)
READERS = 2  # files read at once (the machine this was sized on has 2 cores)
ROOT = Path(__file__).resolve().parents[1]
REMEMBERED = 64  # refused files, by hash
READY = b"R"  # a reader's first byte: imported, at its priority, waiting for a file (limits come with it)
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
    nor when the clock stopped a reader that had not had nearly all of it); starved: the processor seconds the
    file had when the clock stopped a reader the machine starved (None for any other refusal); tries: 2 when
    that was the second reader's verdict (the first was starved)."""

    def __init__(self, reason: str, found: str, expected: str = EXPECTED, busy: bool = False,
                 remembered: bool = True, starved: float | None = None) -> None:
        super().__init__([Problem(FILE, None, None, Words(found), expected)])
        self.reason, self.busy, self.remembered = reason, busy, remembered and not busy
        self.starved, self.tries = starved, 1


def read(content: bytes, roster_csv: bytes | None = None,
         column_map: tuple[tuple[str, str], ...] | None = None) -> Inputs:
    """workbook.read in a child process; InputError for a bad file, Refused for one past the limits.

    A file refused for itself (its problems or its limits) is remembered by hash: sending it again is
    refused at once. One whose reader the machine starved is read once more (a fresh reader at AGAIN_NICE,
    with what is left of its MAX_SECONDS of processor time); starved again, it is refused as busy and not
    remembered (Refused)."""
    key = hashlib.sha256(content + b"\0" + (roster_csv or b"") + repr(column_map).encode()).hexdigest()
    if key in _refused:
        raise _unraised(_refused[key])
    try:
        try:
            return _read((content, roster_csv, column_map, MAX_MEMORY))
        except Refused as exc:
            if exc.starved is None:
                raise
            return _read((content, roster_csv, column_map, MAX_MEMORY), had=exc.starved)  # once: not in a try
    except InputError as exc:
        if getattr(exc, "remembered", True):
            _refused[key] = _unraised(exc)
            while len(_refused) > REMEMBERED:
                _refused.pop(next(iter(_refused)))
        raise
    finally:
        warm()  # after the read (and its second reader), so that starting the next reader does not slow it


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


def _start(nice: int = NICE) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "models.guarded", str(nice)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)


def _take() -> subprocess.Popen:
    with _spares_lock:
        while _spares:
            child = _spares.pop()
            if child.poll() is None:
                return child
    return _start()


def _read(request: tuple, had: float | None = None) -> Inputs:
    """Read by a waiting reader, or (had: the processor seconds a starved reader gave the file) by a fresh one
    at AGAIN_NICE with the rest of MAX_SECONDS."""
    with _turns:
        child = _take() if had is None else _start(AGAIN_NICE)
        try:
            return _answer(child, pickle.dumps((*request, MAX_SECONDS - (had or 0.0))), had)
        except Refused as exc:
            exc.tries = 1 if had is None else 2
            raise
        finally:
            _stop(child)


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.kill()
    for pipe in (child.stdin, child.stdout):
        with contextlib.suppress(OSError):
            pipe.close()
    child.wait()


def _answer(child: subprocess.Popen, payload: bytes, again: float | None = None) -> Inputs:
    """The reader's answer; again: the processor seconds an earlier, starved reader gave the same file."""
    had = again or 0.0
    if not _ready(child, START_SECONDS):
        raise Refused(f"the server was too busy to start reading it within {START_SECONDS} s; load it again "
                      "in a moment", f"no reader started within {START_SECONDS} s (the server was busy)",
                      AGAIN, busy=True)
    before = _cpu_seconds(child.pid)  # its start-up's: the file's time is what comes after
    try:
        out = _output(child, payload, before, early=again is None)
    except subprocess.TimeoutExpired:
        used = _cpu_seconds(child.pid) - before
        child.kill()
        if had + used < BUSY_SHARE * MAX_SECONDS:
            tries = "" if again is None else " in two tries"
            raise Refused(f"the server was too busy to read it within the {MAX_SECONDS:g} s a workbook may take "
                          f"(it had {had + used:.1f} s of processor time{tries}); load it again in a moment",
                          f"a workbook not read within {MAX_SECONDS:g} s: the server was busy", AGAIN,
                          busy=True, starved=had + used) from None
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
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):  # remembered when this reader had (nearly) all
        raise Refused(f"it took longer than the {MAX_SECONDS:g} s of processor time a workbook may take to read",
                      f"a workbook that takes longer than the {MAX_SECONDS:g} s limit to read",
                      remembered=MAX_SECONDS - had >= KEPT_SHARE * MAX_SECONDS)
    raise Refused(f"the reader stopped before the end (limits: {gb} of memory, {MAX_SECONDS:g} s)",
                  f"a workbook the reader could not finish within {gb} and {MAX_SECONDS:g} s")


def _output(child: subprocess.Popen, payload: bytes, before: float, early: bool) -> bytes:
    """The reader's answer; TimeoutExpired at the clock limit or, early, as soon as the machine plainly starves
    it (under STARVED_SHARE of the clock in processor time from EARLY_SECONDS on)."""
    start = time.monotonic()
    given = payload  # communicate() takes the input once; a call after a timeout goes on sending it
    while True:
        left = MAX_SECONDS - (time.monotonic() - start)
        try:
            return child.communicate(given, timeout=max(min(CHECK_SECONDS if early else left, left), 0.01))[0]
        except subprocess.TimeoutExpired:
            given = None
            clock = time.monotonic() - start
            if clock >= MAX_SECONDS or (early and clock >= EARLY_SECONDS
                                        and _cpu_seconds(child.pid) - before < STARVED_SHARE * clock):
                raise


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


def _child(nice: int) -> None:
    from models import workbook  # imported before the limits: they bound the read, not the start
    os.nice(nice)
    sys.stdout.buffer.write(READY)
    sys.stdout.buffer.flush()
    payload = sys.stdin.buffer.read()
    if not payload:  # the server went away before handing over a file
        return
    content, roster_csv, column_map, memory, seconds = pickle.loads(payload)  # the server's own limits
    used = resource.getrusage(resource.RUSAGE_SELF)
    cpu = math.ceil(used.ru_utime + used.ru_stime + seconds)  # whole seconds: at most 1 s over
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
    try:
        answer = ("inputs", workbook.read(content, roster_csv=roster_csv, column_map=column_map))
    except InputError as exc:
        answer = ("problems", exc.problems)
    except MemoryError:
        answer = ("memory", None)
    sys.stdout.buffer.write(pickle.dumps(answer))


if __name__ == "__main__":
    _child(int(sys.argv[1]) if len(sys.argv) > 1 else NICE)
