"""App rerun benchmark (not a test): time from a Contract terms edit to updated bargaining-table figures.

    python bench/app_rerun.py

With AppTest on the Baltimore sample: each round changes the District offer's Lead slots (a new
fingerprint, so nothing is cached), reruns the Contract terms page, then reruns the bargaining
table, which re-projects the edited offer only (each scenario is cached on its own key) and draws every
figure. Median of 10. Target: 300 ms. Reference in the same run, rounds alternating: the same edit with
the projection cache emptied first, so the table re-projects all three scenarios (as before each scenario
had its own key); the bargaining table's rerun is printed as a ratio of it.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui import data  # noqa: E402


def main(rounds: int = 10) -> None:
    at = AppTest.from_file(str(ROOT / "tests" / "app_entry.py"), default_timeout=300).run()
    table, terms = str(ROOT / "pages" / "bargaining_table.py"), str(ROOT / "pages" / "contract_terms.py")
    edit_times, table_times, full_times = [], [], []
    for i in range(2 * rounds + 1):
        at.switch_page(terms).run()
        if at.session_state["terms_tab"] != "Promotion and review":  # open the tab, as a click would
            at.session_state["terms_tab"] = "Promotion and review"
            at.run()
        widget = next(w for w in at.number_input if w.key and w.key.endswith("|District offer|lead.slots"))
        start = time.perf_counter()
        widget.set_value(20 + i).run()
        edited = time.perf_counter()
        if i % 2 == 0:  # the reference round: nothing cached, every scenario re-projected
            data._projection.clear()
            edited = time.perf_counter()
        at.switch_page(table).run()
        done = time.perf_counter()
        assert not at.exception, at.exception
        if i == 0:  # the first round warms imports and caches of the unchanged status quo
            continue
        if i % 2:
            edit_times.append(edited - start)
            table_times.append(done - edited)
        else:
            full_times.append(done - edited)
    total = [a + b for a, b in zip(edit_times, table_times, strict=True)]
    print(f"Contract terms rerun after an edit:        median {statistics.median(edit_times) * 1000:6.0f} ms")
    print(f"Bargaining table rerun with new figures:   median {statistics.median(table_times) * 1000:6.0f} ms")
    print(f"Edit to updated figures (sum, median of {rounds}): {statistics.median(total) * 1000:6.0f} ms "
          f"(target 300 ms)")
    rerun, full = statistics.median(table_times), statistics.median(full_times)
    print(f"Reference: the same rerun re-projecting every scenario: median {full * 1000:6.0f} ms; "
          f"the bargaining table's rerun is {rerun / full:.2f}x that")


if __name__ == "__main__":
    main()
