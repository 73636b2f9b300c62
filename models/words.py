"""Tables in the users' words: column headings, money as money, the status quo first.

The pages' tables, the chart tables and the export's Results sheets read their headings from here, so a
figure is called the same thing wherever it is shown.
"""

from __future__ import annotations

import math

import pandas as pd

from models import order, safe_text
from models.components import COUNT_LINES, LINE_WORDS
from models.money import money as dollars

COLUMN_WORDS = {
    "scenario": "Scenario", "year": "Year", "headcount": "Teachers", "fte": "FTE", "separations": "Leavers",
    "hires": "Hires", "base_salary": "Salary", "stipends": "Stipends and bonuses", "rollup": "Roll-up",
    "total_cost": "Total cost", "total_cost_p10": "Total cost, 10th percentile",
    "total_cost_p50": "Total cost, median", "total_cost_p90": "Total cost, 90th percentile",
    "budget": "Budget", "diff_vs_budget": "Cost minus budget", "cumulative_cost": "Cost so far",
    "diff_vs_status_quo": "Difference from the status quo",
    "cumulative_diff_vs_status_quo": "Difference from the status quo so far",
    "au_banked": "AUs banked", "model_applicants": "Model applicants", "model_promotions": "Promoted to Model",
    "component": "Part", "part": "Part", "amount": "Amount", "label": "What", "line": "Line",
    "in_total": "In total cost", "system": "Pay system", "group": "Lane or pathway", "number": "Step or interval",
    "band": "Years of experience", "share_remaining": "Share still employed",
    "experienced_teachers": "Teachers with 4+ years", "teachers": "Teachers",
    "share_better_off": "Share better off", "share_worse_off": "Share worse off",
    "share_better_off_by_year": "Share better off by year 3",
    "median_cumulative_gain": "Median gain over the horizon", "median_final_salary_gain": "Median gain in final salary",
    "gross_movement_cost": "Step cost (gross)", "breakage": "Breakage (turnover savings)",
    "net_movement_cost": "Step cost net of breakage", "cost_of_one_percent": "Cost of 1%",
    "members_topped_up": "Members topped up", "top_up": "Top-up", "top_up_with_rollup": "Top-up with roll-up",
    "dimension": "Grouped by", "losers": "Members worse off", "median_gain": "Median gain",
    "median_loss": "Median loss of those worse off", "p10": "10th percentile", "p25": "25th percentile",
    "p50": "Median", "p75": "75th percentile", "p90": "90th percentile", "placement": "Placement",
    "salary": "Salary", "earnings": "Earnings", "cumulative_earnings": "Earnings so far",
    "chance_over_budget": "Chance over budget", "replicates": "Replicates", "ranges": "Assumptions drawn",
    "assumption": "Assumption", "range": "Range", "source": "Source", "lane": "Lane", "step": "Step",
    "swing": "Swing", "aus_earned": "AUs earned", "aus_banked": "AUs banked",
    "aus_needed": "AUs to the next interval", "salary_vs_status_quo": "Salary vs the status quo",
    "change_low": "Change at the low end", "change_high": "Change at the high end",
    "cast_forward_cost": "Cast forward", "with_turnover_cost": "With turnover",
    "cast_forward_over_base": "Cast forward over base", "with_turnover_over_base": "With turnover over base",
    "increment": "Increment (steps and lanes)", "increment_with_rollup": "Increment with roll-up",
    "increment_share": "Increment as a share of salary", "cost_of_one_percent_with_rollup": "Cost of 1% with roll-up",
    **LINE_WORDS,
}
MONEY = {"base_salary", "stipends", "rollup", "total_cost", "total_cost_p10", "total_cost_p50", "total_cost_p90",
         "budget", "diff_vs_budget", "cumulative_cost", "diff_vs_status_quo", "cumulative_diff_vs_status_quo",
         "amount", "median_cumulative_gain", "median_final_salary_gain", "gross_movement_cost", "breakage",
         "net_movement_cost", "cost_of_one_percent", "top_up", "top_up_with_rollup", "median_gain", "median_loss",
         "p10", "p25", "p50", "p75", "p90", "salary", "salary_vs_status_quo", "earnings", "cumulative_earnings",
         "swing", "change_low", "change_high", "cast_forward_cost", "with_turnover_cost", "increment",
         "increment_with_rollup", "cost_of_one_percent_with_rollup"} | (set(LINE_WORDS) - set(COUNT_LINES))
SHARES = {"share_remaining", "share_better_off", "share_worse_off", "share_better_off_by_year", "chance_over_budget",
          "cast_forward_over_base", "with_turnover_over_base", "increment_share"}
COUNTS = {"headcount", "fte", "separations", "hires", "experienced_teachers", "teachers", "au_banked",
          "model_applicants", "model_promotions", "members_topped_up", "losers", "aus_earned", "aus_banked",
          "aus_needed"} | set(COUNT_LINES)


def money(x: float) -> str:
    """-$37,609,647 (models.money), blank for a missing figure."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return dollars(x)


def heading(column: str) -> str:
    return COLUMN_WORDS.get(column, column.replace("_", " ").capitalize())


def formats(columns) -> dict[str, object]:
    """Column -> how to show its values (money, share, count), for the columns that have one."""
    shown: dict[str, object] = {}
    for c in columns:
        if c in MONEY:
            shown[heading(c)] = money
        elif c in SHARES:
            shown[heading(c)] = "{:.1%}"
        elif c in COUNTS:
            shown[heading(c)] = "{:,.1f}" if c in ("fte", "headcount") or c.startswith("au") else "{:,.0f}"
    return shown


def readable(table: pd.DataFrame) -> pd.DataFrame:
    """The table with the status quo first and headings in the users' words (values untouched)."""
    if "scenario" in table.columns:
        table = order.sort_rows(table, "scenario", order.scenarios(table["scenario"]))
    return table.rename(columns={c: heading(c) for c in table.columns if isinstance(c, str)})


def styled(table: pd.DataFrame, blank: str = ""):
    """`readable` with money as money and shares as percentages (a pandas Styler for st.dataframe); a missing
    figure shows as `blank`."""
    shown = safe_text.frame(readable(table))  # text cells neutralised, as every table the app shows
    return shown.style.format({c: f for c, f in formats(table.columns).items() if c in shown.columns},
                              na_rep=blank)
