"""Load benchmark (not a test): concurrent sessions edit Contract terms over Streamlit's websocket.

    python bench/load.py                               # 30 sessions, 5 edits each
    python bench/load.py --sessions 10 --edits 5 --timeout 300 --after 15

Starts the app (`streamlit run app.py`, headless, on a free port, PATHWAYS_DATA_DIR in a fresh
temp dir) and drives every session the way the browser does, with no browser:

- connect to ws://127.0.0.1:PORT/_stcore/stream with subprotocol "streamlit" (the server reads
  Sec-WebSocket-Protocol as "streamlit, <xsrf token>, <session to resume>"; the XSRF token only
  gates auth cookies, and a client sending no Origin header is accepted);
- open the page as a fresh tab at /contract_terms does: BackMsg.rerun_script with page_name
  "contract_terms" and no page_script_hash (st.navigation resolves the name by url_pathname);
  later reruns send the page_script_hash the server reported, an empty page_name, the query string
  the app last wrote (page_info_changed) and the widget states this client has set;
- edit: find the number_input whose id ends with "|District offer|lead.slots" (element ids end with
  the user key "term|<version>|District offer|lead.slots"), send a rerun with its new value
  (number_input widget states are double_value, for int inputs too) and time until
  script_finished FINISHED_SUCCESSFULLY: the time to updated results. Each session uses values no
  other session uses, so no edit is served from another session's cache.

Every edit must change the fingerprint in the sidebar (the proposal really took the value).
Errors: Exception elements (not warnings), compile errors, page not found, edits refused by the app
("Not applied"), an edit that left the fingerprint unchanged, a missing widget, disconnects and
timeouts (--timeout bounds the warm-up and the load each).

Memory: the server's RSS at idle twice, on the fresh server (Streamlit alone: the app's imports,
pandas, pyarrow, altair, openpyxl, happen in the first script run) and after one warm-up session
has opened the page and made one edit; its peak while the sessions run; and --after seconds after
they have all closed. Also printed: the server's CPU time during the load (per script run, and in
cores) and the machine's load average, since other work on the machine shifts every figure.
--option NAME=VALUE passes Streamlit config to the server, to try e.g. runner.postScriptGC=false.

--sessions 30,60,100 runs each count in turn on one server. --hostile adds a hostile neighbour
while the sessions run: one session after another opens the worst link (3,000 proposals in `edits`)
and a desk whose shared upload is the worst workbook (2.29M cell styles; a new variant each time, so
no refusal is remembered); the summary compares the p95 with the run without it (same session count,
same server) and prints the ratio.

Targets: 30 sessions, p95 under 3 s, no errors, RSS after within 2x of idle; a hostile neighbour moves
the p95 by at most 20%.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[1]
PAGE = "contract_terms"
WIDGET_SUFFIX = "|District offer|lead.slots"
TAB = "Promotion and review"  # the Contract terms tab that holds Lead slots
FINGERPRINT_HTML = "<div class='fingerprint' style='font-family: monospace'>"  # ui/widgets.py FINGERPRINT_HTML
FIRST_VALUE = 20  # Lead slots: the bundled samples have 10; any whole number 0..100000 is valid


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, data_dir: Path, log: Path, options: list[str]) -> subprocess.Popen:
    """The app as scripts/start.sh runs it, its output to a log file; options are extra NAME=VALUE."""
    cmd = [sys.executable, "scripts/serve.py", "run", "app.py", "--server.headless", "true",
           "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    for option in options:
        name, _, value = option.partition("=")
        cmd += [f"--{name}", value]
    env = {**os.environ, "PATHWAYS_DATA_DIR": str(data_dir)}
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    url = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not healthy after {timeout:.0f} s")


def stop_server(proc: subprocess.Popen) -> int:
    """SIGINT (Streamlit's Ctrl-C shutdown), then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def rss_mb(pid: int) -> float:
    """Resident set size of the server process, in MB."""
    try:
        import psutil  # type: ignore[import-not-found]

        return psutil.Process(pid).memory_info().rss / 2**20
    except ImportError:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the server process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def sample_peak(pid: int, peak: list[float], every: float = 0.2) -> None:
    """Keep peak[0] the highest RSS seen until cancelled."""
    while True:
        peak[0] = max(peak[0], rss_mb(pid))
        await asyncio.sleep(every)


# --- one session over the websocket -----------------------------------------------------------


def follow_page(client, msg: ForwardMsg) -> bool:
    """Keep what the server says of the page (its script hash, the query it wrote) as the browser does;
    True if the message was one of those."""
    kind = msg.WhichOneof("type")
    if kind == "new_session" and msg.new_session.page_script_hash:
        client.page_hash = msg.new_session.page_script_hash
    elif kind == "navigation" and msg.navigation.page_script_hash:
        client.page_hash = msg.navigation.page_script_hash
    elif kind == "page_info_changed":
        client.query_string = msg.page_info_changed.query_string
    else:
        return False
    return True


@dataclass
class Run:
    """What one script run sent back."""

    status: int | None = None
    widget_id: str | None = None
    tabs_id: str | None = None  # Contract terms' tabs: only the open one is drawn
    errors: Counter = field(default_factory=Counter)
    warnings: int = 0
    title_seen: bool = False
    fingerprint: str | None = None


@dataclass
class SessionResult:
    open_ms: float | None = None
    edit_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    warnings: int = 0


class Session:
    """One browser tab, as far as the server can tell."""

    def __init__(self, port: int, index: int, query_string: str = "") -> None:
        self.port, self.index = port, index
        self.page_hash = ""
        self.query_string = query_string
        self.widget_states: dict[str, WidgetState] = {}
        self.ws: ClientConnection | None = None

    async def connect(self) -> None:
        self.ws = await connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                                max_size=None, open_timeout=60, ping_interval=20, ping_timeout=60)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    def _client_state(self) -> ClientState:
        state = ClientState(query_string=self.query_string, page_script_hash=self.page_hash,
                            page_name="" if self.page_hash else PAGE)
        state.widget_states.widgets.extend(self.widget_states.values())
        state.context_info.CopyFrom(ContextInfo(
            timezone="UTC", timezone_offset=0, locale="en-US", is_embedded=False, color_scheme="light",
            url=f"http://127.0.0.1:{self.port}/{PAGE}" + (f"?{self.query_string}" if self.query_string else "")))
        return state

    async def rerun(self) -> Run:
        """Send rerun_script and read until the run's script_finished (or the server says it failed)."""
        back = BackMsg()
        back.rerun_script.CopyFrom(self._client_state())
        await self.ws.send(back.SerializeToString())
        run = Run()
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(await self.ws.recv())
            self._read(msg, run)
            finished = msg.WhichOneof("type") == "script_finished"
            if finished and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                run.status = msg.script_finished
                return run

    def _read(self, msg: ForwardMsg, run: Run) -> None:
        kind = msg.WhichOneof("type")
        if follow_page(self, msg):
            pass
        elif kind == "page_not_found":
            run.errors["page not found"] += 1
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            run.errors["compile error"] += 1
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._read_element(msg.delta.new_element, run)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
            block = msg.delta.add_block
            if block.WhichOneof("type") == "tab_container" and block.tab_container.id.endswith("-terms_tab"):
                run.tabs_id = block.tab_container.id

    @staticmethod
    def _read_element(element: Element, run: Run) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            if element.exception.is_warning:
                run.warnings += 1
            else:
                run.errors[f"exception: {element.exception.type}: {element.exception.message[:80]}"] += 1
        elif kind == "number_input" and element.number_input.id.endswith(WIDGET_SUFFIX):
            run.widget_id = element.number_input.id
        elif kind == "heading" and element.heading.body == "Contract terms":
            run.title_seen = True
        elif kind == "markdown" and element.markdown.body.startswith(FINGERPRINT_HTML):
            run.fingerprint = element.markdown.body.removeprefix(FINGERPRINT_HTML).split("<")[0]
        elif kind == "alert" and element.alert.body.startswith("Not applied"):
            run.errors["edit refused"] += 1

    def set_tab(self, tabs_id: str, label: str) -> None:
        self.widget_states[tabs_id] = WidgetState(id=tabs_id, string_value=label)

    def set_number(self, widget_id: str, value: float) -> None:
        self.widget_states[widget_id] = WidgetState(id=widget_id, double_value=value)


def _check(run: Run, result: SessionResult, before: str | None = None) -> bool:
    """Fold one run's errors into the session's; True if the run finished cleanly.

    After an edit (`before` is the fingerprint shown before it) the fingerprint must change:
    the proposal really took the new value.
    """
    problems = Counter(run.errors)
    if run.status != ForwardMsg.FINISHED_SUCCESSFULLY:
        problems[f"script finished with status {run.status}"] += 1
    if run.widget_id is None:
        problems["Lead slots input not found"] += 1
    if not run.title_seen:
        problems["Contract terms page not drawn"] += 1
    if before is not None and run.fingerprint == before:
        problems["edit not applied (fingerprint unchanged)"] += 1
    result.errors.update(problems)
    result.warnings += run.warnings
    return not problems


async def drive(session: Session, edits: int, result: SessionResult) -> None:
    """Open Contract terms, then edit Lead slots `edits` times, timing each run."""
    await session.connect()
    try:
        start = time.perf_counter()
        run = await session.rerun()
        if run.widget_id is None and run.tabs_id:  # Lead slots sit on a tab: click it, as a user would
            session.set_tab(run.tabs_id, TAB)
            run = await session.rerun()
        result.open_ms = (time.perf_counter() - start) * 1000
        if not _check(run, result):
            return
        for j in range(edits):
            session.set_number(run.widget_id, float(FIRST_VALUE + session.index * edits + j))
            before = run.fingerprint
            start = time.perf_counter()
            run = await session.rerun()
            elapsed = (time.perf_counter() - start) * 1000
            if not _check(run, result, before):
                return
            result.edit_ms.append(elapsed)
    finally:
        await session.close()


async def drive_bounded(session: Session, edits: int, result: SessionResult, deadline: float) -> None:
    try:
        await asyncio.wait_for(drive(session, edits, result), timeout=max(deadline - time.monotonic(), 0.1))
    except TimeoutError:
        result.errors["timeout"] += 1
    except websockets.ConnectionClosed as exc:
        result.errors[f"disconnect ({exc.rcvd.code if exc.rcvd else 'no close frame'})"] += 1
    except OSError as exc:
        result.errors[f"connection failed: {exc}"] += 1


async def neighbour(port: int, queries: list[str], opened: list[float]) -> None:
    """The hostile neighbour: open each address in a new session, one after another, until cancelled."""
    for k in range(10**6):
        session = Session(port, 10**6 + k, queries[k % len(queries)])
        start = time.perf_counter()
        try:
            await session.connect()
            await asyncio.wait_for(session.rerun(), timeout=120)
        except (TimeoutError, websockets.ConnectionClosed, OSError):
            pass
        finally:
            await session.close()
        opened.append(time.perf_counter() - start)


async def run_sessions(port: int, pid: int, sessions: int, edits: int, timeout: float,
                       first_index: int = 0, hostile: list[str] | None = None,
                       ) -> tuple[list[SessionResult], float, float]:
    """All sessions at once; returns their results, the peak RSS meanwhile and the wall time."""
    results = [SessionResult() for _ in range(sessions)]
    peak = [rss_mb(pid)]
    sampler = asyncio.create_task(sample_peak(pid, peak))
    opened: list[float] = []
    pest = asyncio.create_task(neighbour(port, hostile, opened)) if hostile else None
    deadline = time.monotonic() + timeout
    start = time.perf_counter()
    await asyncio.gather(*(drive_bounded(Session(port, first_index + i), edits, result, deadline)
                           for i, result in enumerate(results)))
    wall = time.perf_counter() - start
    if pest:
        pest.cancel()
        print(f"neighbour: {len(opened)} opens finished during the load "
              f"({', '.join(f'{t:.1f}' for t in opened)} s)")
    sampler.cancel()
    peak[0] = max(peak[0], rss_mb(pid))
    return results, peak[0], wall


@dataclass
class Samples:
    """Server RSS in MB (fresh, after one warm-up session, at peak under load, after it) and CPU use."""

    cold: float = float("nan")
    warm: float = float("nan")
    peak: float = float("nan")
    after: float = float("nan")
    load_cpu: float = float("nan")  # server CPU seconds used while the sessions ran
    client_cpu: float = float("nan")  # this load generator's CPU seconds meanwhile
    load_average: float = float("nan")  # the machine's 1-minute load average as the sessions start


def measure(port: int, pid: int, args: argparse.Namespace, sessions: int, hostile: list[str] | None = None,
            first: int = 0) -> tuple[list[SessionResult], SessionResult, float, Samples]:
    """Idle sample, one warm-up session (imports, caches, sample workbook), the load, the after sample."""
    samples = Samples()
    time.sleep(2)
    samples.cold = rss_mb(pid)
    [warmup], _, _ = asyncio.run(run_sessions(port, pid, 1, 1, args.timeout, first_index=sessions))
    time.sleep(2)
    samples.warm = rss_mb(pid)
    samples.load_average = os.getloadavg()[0]
    cpu, client = cpu_seconds(pid), time.process_time()
    results, samples.peak, wall = asyncio.run(run_sessions(port, pid, sessions, args.edits, args.timeout,
                                                           first_index=first, hostile=hostile))
    samples.load_cpu, samples.client_cpu = cpu_seconds(pid) - cpu, time.process_time() - client
    time.sleep(args.after)
    samples.after = rss_mb(pid)
    return results, warmup, wall, samples


# --- figures ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def spread(values: list[float]) -> str:
    if not values:
        return "none"
    return (f"p50 {percentile(values, 50):.0f} ms   p95 {percentile(values, 95):.0f} ms   "
            f"max {max(values):.0f} ms   mean {statistics.fmean(values):.0f} ms")


def report(results: list[SessionResult], warmup: SessionResult, edits: int, wall: float, samples: Samples,
           after_wait: float) -> None:
    times = [t for r in results for t in r.edit_ms]
    errors = sum((r.errors for r in results), Counter())
    runs = len(times) + sum(r.open_ms is not None for r in results)
    print(f"sessions: {len(results)}   edits each: {edits}   edits timed: {len(times)}   wall: {wall:.1f} s   "
          f"server CPU: {samples.load_cpu:.1f} s ({1000 * samples.load_cpu / max(runs, 1):.0f} ms per script run, "
          f"{samples.load_cpu / wall:.2f} cores); load generator CPU: {samples.client_cpu:.1f} s; "
          f"machine load average {samples.load_average:.1f} on {os.cpu_count()} CPUs")
    print(f"warm-up session (before the load): open {warmup.open_ms or float('nan'):.0f} ms, "
          f"edit {spread(warmup.edit_ms)}, errors {sum(warmup.errors.values())} {dict(warmup.errors) or ''}")
    print(f"open Contract terms (first run of a session): {spread([r.open_ms for r in results if r.open_ms])}")
    print(f"time to updated results: {spread(times)}")
    print(f"errors: {sum(errors.values())}" + "".join(f"\n  {n} x {what}" for what, n in errors.most_common()))
    print(f"warnings (Exception elements marked is_warning): {sum(r.warnings for r in results)}")
    print(f"server RSS: idle {samples.cold:.0f} MB (fresh server)   idle {samples.warm:.0f} MB (after one warm-up "
          f"session)   peak {samples.peak:.0f} MB   after ({after_wait:.0f} s) {samples.after:.0f} MB")
    p95_ok = bool(times) and percentile(times, 95) < 3000
    clean = not errors and len(times) == len(results) * edits
    print(f"targets: p95 < 3000 ms {_yes(p95_ok)}   zero errors {_yes(clean)}   "
          f"RSS after <= 2x idle {_yes(samples.after <= 2 * samples.cold)} (fresh idle) / "
          f"{_yes(samples.after <= 2 * samples.warm)} (warm idle)")


@dataclass
class Figures:
    """One session count's runs with or without the neighbour, pooled over --repeat."""

    edits: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)

    def words(self) -> str:
        return (f"updated results p95 {percentile(self.edits, 95):,.0f} ms, first open p95 "
                f"{percentile(self.opens, 95) / 1000:.1f} s (load average {', '.join(f'{x:.1f}' for x in self.loads)})")


def summary(figures: dict[tuple[int, bool], Figures]) -> None:
    """One line per session count, with and without the neighbour, and the ratio (target: within 20%)."""
    print("\n=== summary (load average of the machine as each run started) ===")
    for sessions in dict.fromkeys(n for n, _ in figures):
        calm = figures[sessions, False]
        print(f"{sessions:>4} sessions: {calm.words()}")
        pest = figures.get((sessions, True))
        if pest:
            edit = percentile(pest.edits, 95) / percentile(calm.edits, 95)
            first = percentile(pest.opens, 95) / percentile(calm.opens, 95)
            print(f"     with the hostile neighbour: {pest.words()}\n     ratio with / without: updated results "
                  f"{edit:.2f}, first open {first:.2f} (within 20%: {_yes(edit <= 1.2)} / {_yes(first <= 1.2)})")


def _yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="30", help="concurrent sessions, or counts run in turn: 30,60,100")
    parser.add_argument("--hostile", action="store_true", help="also run each count with a hostile neighbour")
    parser.add_argument("--neighbour", choices=("both", "link", "workbook", "plain"), default="both",
                        help="what the neighbour opens: the worst link, the worst workbook, both in turn, or (a "
                             "reference) the plain sample's address, a session after another as the others")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each count (alternating with the neighbour)")
    parser.add_argument("--edits", type=int, default=5, help="edits per session (default 5)")
    parser.add_argument("--timeout", type=float, default=300, help="overall bound on the sessions, s (default 300)")
    parser.add_argument("--after", type=float, default=15, help="wait before the after-RSS sample, s (default 15)")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="extra Streamlit config for the server, e.g. runner.postScriptGC=false (repeatable)")
    return parser.parse_args()


def hostile_addresses(data_dir: Path, variants: int = 40, opens: str = "both") -> list[str]:
    """The worst link, and desks whose shared upload is the worst workbook: a variant each (another zip comment,
    so another hash), so that no refusal is remembered and each open costs the server a full read."""
    sys.path.insert(0, str(ROOT))
    from models.ledger import Ledger, new_token
    from tests import hostile
    store = Ledger(data_dir / "desks.sqlite")
    link = urlencode({"sample": "baltimore_2010", "edits": hostile.link_bomb(3_000)})
    styles = hostile.style_bomb(2_290_000)
    addresses = []
    for k in range(variants):
        buffer = io.BytesIO(styles)
        with zipfile.ZipFile(buffer, "a") as archive:
            archive.comment = b"variant %d" % k
        token = new_token()
        store.save(token, "styles.xlsx", buffer.getvalue(), {}, [], "joint", holder="someone else", shared=True)
        addresses += [urlencode({"desk": token}), link]
    if opens == "plain":  # not hostile: what any newcomer opening a page every second costs the room
        return [urlencode({"sample": "baltimore_2010"})]
    return [a for a in addresses if opens == "both" or (opens == "link") == a.startswith("sample=")]


def main() -> None:
    args = parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pathways_load_") as tmp:
        data_dir, log = Path(tmp) / "data", Path(tmp) / "server.log"
        data_dir.mkdir()
        pests = hostile_addresses(data_dir, opens=args.neighbour) if args.hostile else None
        proc = start_server(port, data_dir, log, args.option)
        try:
            wait_healthy(port, proc)
            runs = [(int(n), hostile) for n in args.sessions.split(",") for _ in range(args.repeat)
                    for hostile in ([None, pests] if pests else [None])]  # alternating: the machine's drift is shared
            figures: dict[tuple[int, bool], Figures] = {}
            for number, (sessions, hostile) in enumerate(runs):
                print(f"\n=== {sessions} sessions{' with a hostile neighbour' if hostile else ''} ===")
                # each run's values are its own (no cache hit from an earlier run) and within Lead slots' bounds
                results, warmup, wall, samples = measure(port, proc.pid, args, sessions, hostile,
                                                         first=(number + 1) * 1000)
                report(results, warmup, args.edits, wall, samples, args.after)
                pooled = figures.setdefault((sessions, bool(hostile)), Figures())
                pooled.edits += [t for r in results for t in r.edit_ms]
                pooled.opens += [r.open_ms for r in results if r.open_ms]
                pooled.loads.append(samples.load_average)
            summary(figures)
        finally:
            code = stop_server(proc)
            server_log = log.read_text(errors="replace")
        print(f"server stopped (exit code {code})")
        tracebacks = server_log.count("Traceback")
        if tracebacks:
            print(f"server log: {tracebacks} traceback(s); last lines:\n" + "\n".join(server_log.splitlines()[-15:]))


if __name__ == "__main__":
    main()
