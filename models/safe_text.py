"""Text from users and workbooks stays text: no formula in a spreadsheet (OWASP CSV injection), no Markdown on screen.

A cell starting with = + - @, a tab or a carriage return can run as a formula when the file is
opened; prefixing a single quote shows it as typed. Numbers stay numbers.
"""

from __future__ import annotations

import re
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


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^%\"'@/])")


def markdown(text: object) -> str:
    """Text from a user or a workbook, to be shown as typed where Streamlit reads Markdown (markdown, captions,
    headings, messages, widget labels): every punctuation mark escaped, so no link, image, colour, icon, maths
    or HTML can come of it; line breaks become spaces."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
