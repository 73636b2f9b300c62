"""Text from users and workbooks stays text: no formula in a spreadsheet (OWASP CSV injection), no Markdown on screen.

A cell starting with = + - @, a tab or a carriage return can run as a formula when the file is
opened; prefixing a single quote shows it as typed. Numbers stay numbers.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-\$?[0-9,]*\.?[0-9]+%?")  # a figure as the app writes it (-1.5%, -$1,200): no formula


def cell(value: Any) -> Any:
    """The value as it may be written: strings that could run as formulas get a leading quote."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell, column name and index label neutralised: for files the app writes, and for
    every table it shows (Streamlit's own "Download as CSV" writes the table as shown)."""
    out = df.rename(columns=lambda c: cell(c) if isinstance(c, str) else c,
                    index=lambda i: cell(i) if isinstance(i, str) else i)
    for column in out.columns:
        kind = out[column].dtype
        if pd.api.types.is_object_dtype(kind) or isinstance(kind, (pd.StringDtype, pd.CategoricalDtype)):
            out[column] = out[column].astype(object).map(cell)
    return out


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^%\"'@/])")


WORD_JOINER = "\u2060"
_BARE_LINK = re.compile(r"(?<=\\:)(?=\\/\\/)|(?i:(?<=www))(?=\\\.)|(?=\\@)")  # ://, www. and @


def markdown(text: object) -> str:
    """Text from a user or a workbook, to be shown as typed where Streamlit reads Markdown (markdown, captions,
    headings, messages, widget labels): every punctuation mark escaped, so no link, image, colour, icon, maths
    or HTML can come of it; line breaks become spaces."""
    escaped = _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
    # Escapes do not stop GFM's bare-address links (found in the text after parsing): a word joiner, unseen,
    # breaks "://", "www." and "@" so no address or e-mail becomes a link.
    return _BARE_LINK.sub(WORD_JOINER, escaped)
