"""Joint-table load benchmark (not a test): tables of three screens while both sides table offers.

    python bench/joint_load.py                    # 10 tables x 3 screens, each side tables once a second, 30 s
    python bench/joint_load.py --tables 5 --seconds 20

Starts the app as bench/load.py does (`streamlit run app.py`, headless, a fresh PATHWAYS_DATA_DIR) and opens
--tables joint tables on the Baltimore-scale sample in that store. Each table gets three screens (District,
Union, projector), each a session over Streamlit's websocket at /joint_table?table=TOKEN, which does what
the browser does: it opens the page, then reruns the sidebar's watch fragment whenever the server's
auto_rerun message says (once a second), and reads what the server draws. Each side tables a new version
once a second through the store, as the page's "Table" button does; the time measured is from that tabling
to each of the table's other two screens showing it (the sidebar's "N versions tabled" reaching that
version's revision): the p95 target is 1 s. Errors: exceptions drawn, runs that did not finish, screens that
never showed a tabling. Also: the server's RSS at idle, at peak and after, and its CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import cpu_seconds, follow_page, free_port, rss_mb, spread, start_server, stop_server, wait_healthy  # noqa: E402

from models import workbook  # noqa: E402
from models.joint import JointStore  # noqa: E402
from models.terms import Proposal, Terms  # noqa: E402

PAGE = "joint_table"
SAMPLE = ROOT / "sample_budgets" / "baltimore_2010.xlsx"
SHOWN = re.compile(r"· (\d+) versions tabled")


@dataclass
class Screen:
    """One browser tab at a table, as far as the server can tell."""

    port: int
    table: int
    role: str
    token: str
    page_hash: str = ""
    query_string: str = ""
    fragment: str = ""
    interval: float = 0.0
    shown: int = -1  # the revision the sidebar shows
    errors: Counter = field(default_factory=Counter)

    def state(self, fragment: str = "") -> ClientState:
        query = self.query_string or f"table={self.token}"
        state = ClientState(query_string=query, page_script_hash=self.page_hash,
                            page_name="" if self.page_hash else PAGE, fragment_id=fragment,
                            is_auto_rerun=bool(fragment))
        state.context_info.CopyFrom(ContextInfo(timezone="UTC", timezone_offset=0, locale="en-US",
                                                is_embedded=False, color_scheme="light",
                                                url=f"http://127.0.0.1:{self.port}/{PAGE}?{query}"))
        return state

    def read(self, msg: ForwardMsg, seen: dict) -> None:
        kind = msg.WhichOneof("type")
        if follow_page(self, msg):
            pass
        elif kind == "auto_rerun":
            self.fragment, self.interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            if element.WhichOneof("type") == "exception" and not element.exception.is_warning:
                self.errors[f"exception: {element.exception.message[:80]}"] += 1
            elif element.WhichOneof("type") == "markdown" and (found := SHOWN.search(element.markdown.body)):
                self.shown = int(found.group(1))
                seen[(self.table, self.role, self.shown)] = time.perf_counter()
        elif kind == "script_finished" and msg.script_finished not in (
                ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_EARLY_FOR_RERUN,
                ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
            self.errors[f"script finished with status {msg.script_finished}"] += 1


async def hold(screen: Screen, seen: dict, until: float) -> None:
    """Open the page, then rerun the watch fragment as the browser does, reading everything drawn."""
    async with connect(f"ws://127.0.0.1:{screen.port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                       open_timeout=60, ping_interval=20, ping_timeout=60) as ws:
        async def send(fragment: str = "") -> None:
            back = BackMsg()
            back.rerun_script.CopyFrom(screen.state(fragment))
            await ws.send(back.SerializeToString())

        async def reader() -> None:
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await ws.recv())
                screen.read(msg, seen)

        reading = asyncio.create_task(reader())
        await send()
        try:
            while time.monotonic() < until:
                await asyncio.sleep(screen.interval or 1.0)
                if screen.fragment:
                    await send(screen.fragment)
        finally:
            reading.cancel()


async def table_offers(store: JointStore, tokens: dict[str, str], table: int, side: str, start: float, until: float,
                       tabled: dict, baseline: Terms) -> None:
    """Table a new version once a second (as the Table button does); note when each revision was made."""
    seat = store.seat(tokens[side])
    name = "District offer" if side == "district" else "Union offer"
    k = 0
    await asyncio.sleep(start - time.monotonic() + (0.5 if side == "union" else 0.0))
    while time.monotonic() < until:
        k += 1
        offer = Proposal(name, (("lead.slots", 20 + k),))
        await asyncio.to_thread(store.table_offer, seat, offer, f"bench-{k}", baseline)
        revision = await asyncio.to_thread(store.revision, seat)
        tabled.append((table, side, revision, time.perf_counter()))
        await asyncio.sleep(1.0)


async def run(port: int, store: JointStore, tables: list[dict[str, str]], seconds: float, warm: float,
              baseline: Terms) -> tuple[list[float], Counter, int]:
    seen: dict = {}
    tabled: list = []
    screens = [Screen(port, i, role, tokens[role]) for i, tokens in enumerate(tables) for role in tokens]
    begin = time.monotonic() + warm
    until = begin + seconds
    holders = [asyncio.create_task(hold(s, seen, until + 5)) for s in screens]
    await asyncio.gather(*(table_offers(store, tokens, i, side, begin, until, tabled, baseline)
                           for i, tokens in enumerate(tables) for side in ("district", "union")))
    await asyncio.gather(*holders)
    latencies, missed = [], 0
    for table, side, revision, when in tabled:
        for role in ("district", "union", "view"):
            if role == side:
                continue
            shown = [t for (i, r, rev), t in seen.items() if i == table and r == role and rev >= revision]
            if shown:
                latencies.append((min(shown) - when) * 1000)
            else:
                missed += 1
    errors = sum((s.errors for s in screens), Counter())
    return latencies, errors, missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tables", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--warm", type=float, default=20, help="seconds for the screens to open first")
    args = parser.parse_args()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="pathways_joint_") as tmp:
        data_dir, log = Path(tmp) / "data", Path(tmp) / "server.log"
        data_dir.mkdir()
        store = JointStore(data_dir / "desks.sqlite")
        content = SAMPLE.read_bytes()
        inputs = workbook.read(content)
        offers = [(p, inputs.with_proposals((p,)).fingerprint) for p in inputs.proposals]
        label = "Baltimore-scale district, 2010"
        tables = [store.open_table(label, content, offers).tokens for _ in range(args.tables)]
        proc = start_server(port, data_dir, log, [])
        try:
            wait_healthy(port, proc)
            time.sleep(2)
            idle = rss_mb(proc.pid)
            cpu = cpu_seconds(proc.pid)
            latencies, errors, missed = asyncio.run(run(port, store, tables, args.seconds, args.warm,
                                                               inputs.baseline))
            used = cpu_seconds(proc.pid) - cpu
            after = rss_mb(proc.pid)
        finally:
            code = stop_server(proc)
        print(f"{args.tables} tables x 3 screens, each side tabling once a second for {args.seconds:.0f} s "
              f"({len(latencies) + missed} tabling-to-screen deliveries)")
        print(f"tabling to every other screen showing it: {spread(latencies)}")
        print(f"errors: {sum(errors.values()) + missed}" + (f" ({missed} never shown)" if missed else "")
              + "".join(f"\n  {n} x {what}" for what, n in errors.most_common()))
        print(f"server: RSS idle {idle:.0f} MB, after {after:.0f} MB; CPU {used:.1f} s over the run "
              f"({used / (args.seconds + args.warm):.2f} cores); exit code {code}")


if __name__ == "__main__":
    main()
