"""App rerun benchmark (not a test): time from a Contract terms edit to updated bargaining-table figures.

    python bench/app_rerun.py

With AppTest on the Baltimore sample: each round changes the District offer's Lead slots (a new
fingerprint, so nothing is cached), reruns the Contract terms page, then reruns the bargaining
table, which re-projects the edited offer only (each scenario is cached on its own key) and draws every
figure. Median of 10. Target: 300 ms. Reference in the same run: computing every table from scratch
(models.results.results: all three scenarios projected), printed with the bargaining table's rerun as a ratio.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from models import results, workbook  # noqa: E402


def main(rounds: int = 10) -> None:
    at = AppTest.from_file(str(ROOT / "tests" / "app_entry.py"), default_timeout=300).run()
    table, terms = str(ROOT / "pages" / "bargaining_table.py"), str(ROOT / "pages" / "contract_terms.py")
    edit_times, table_times = [], []
    for i in range(rounds + 1):
        at.switch_page(terms).run()
        if at.session_state["terms_tab"] != "Promotion and review":  # open the tab, as a click would
            at.session_state["terms_tab"] = "Promotion and review"
            at.run()
        widget = next(w for w in at.number_input if w.key and w.key.endswith("|District offer|lead.slots"))
        start = time.perf_counter()
        widget.set_value(20 + i).run()
        edited = time.perf_counter()
        at.switch_page(table).run()
        done = time.perf_counter()
        assert not at.exception, at.exception
        if i:  # the first round warms imports and caches of the unchanged status quo
            edit_times.append(edited - start)
            table_times.append(done - edited)
    total = [a + b for a, b in zip(edit_times, table_times, strict=True)]
    print(f"Contract terms rerun after an edit:        median {statistics.median(edit_times) * 1000:6.0f} ms")
    print(f"Bargaining table rerun with new figures:   median {statistics.median(table_times) * 1000:6.0f} ms")
    print(f"Edit to updated figures (sum, median of {rounds}): {statistics.median(total) * 1000:6.0f} ms "
          f"(target 300 ms)")
    inputs = workbook.read(ROOT / "sample_budgets" / "baltimore_2010.xlsx")
    scratch = []
    for _ in range(rounds):
        start = time.perf_counter()
        results.results(inputs)
        scratch.append(time.perf_counter() - start)
    rerun, full = statistics.median(table_times), statistics.median(scratch)
    print(f"Reference: every table from scratch, all scenarios projected: median {full * 1000:6.0f} ms; "
          f"the bargaining table's rerun is {rerun / full:.2f}x that")


if __name__ == "__main__":
    main()
