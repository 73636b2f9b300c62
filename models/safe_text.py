"""Text written to a spreadsheet must stay text: neutralise formula injection (OWASP CSV injection).

A cell starting with = + - @, a tab or a carriage return can run as a formula when the file is
opened; prefixing a single quote shows it as typed. Numbers stay numbers.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """The value as it may be written: strings that could run as formulas get a leading quote."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell and column name neutralised."""
    out = df.rename(columns=lambda c: cell(c) if isinstance(c, str) else c)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].map(cell)
    return out
