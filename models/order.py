"""The one ordering rule for what tables and charts list: bands by experience, lanes as the schedule
lists them, pathways Standard to Lead, the status quo first. Metrics sort their rows with it and charts
take their axis order from it, so a table and its chart never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from models.parameters import PATHWAYS, parse_band
from models.terms import STATUS_QUO


def bands(labels: Iterable[str]) -> list[str]:
    """Career-stage bands by their first year ('0-3', '4-9', '10-19', '20+'); others after, as found."""
    unique = list(dict.fromkeys(map(str, labels)))
    return sorted(unique, key=lambda b: (parse_band(b) is None, (parse_band(b) or (0, 0))[0]))


def groups(labels: Iterable[str], lanes: Sequence[str] = ()) -> list[str]:
    """Lanes in schedule order, then pathways Standard to Lead; anything else after, as found."""
    unique = list(dict.fromkeys(map(str, labels)))
    rank = {name: i for i, name in enumerate(list(lanes) + [p for p in PATHWAYS if p not in lanes])}
    return sorted(unique, key=lambda g: rank.get(g, len(rank) + unique.index(g)))


def scenarios(names: Iterable[str]) -> list[str]:
    """The status quo first, then the proposals as the workbook lists them."""
    unique = list(dict.fromkeys(names))
    return ([STATUS_QUO] if STATUS_QUO in unique else []) + [n for n in unique if n != STATUS_QUO]


def sort_rows(frame: pd.DataFrame, column: str, order: Sequence[str]) -> pd.DataFrame:
    """Rows in `order` of `column` (stable within each value); values not in `order` go last."""
    rank = {v: i for i, v in enumerate(order)}
    key = frame[column].astype(str).map(lambda v: rank.get(v, len(rank)))
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)
