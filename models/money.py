"""Dollars in words, one way everywhere: -$1,234 (not $-1,234); short for a metric; signed for a change."""

from __future__ import annotations


def money(x: float, *, short: bool = False, sign: bool = False) -> str:
    """-$1,234; short: $4,732.9M, $12K, $950 (exact figures are in the tables); sign: +$12K for a gain."""
    prefix = "-" if x < 0 else "+" if sign and x > 0 else ""
    x = abs(x)
    if short and x >= 1e6:
        return f"{prefix}${x / 1e6:,.1f}M"
    if short and x >= 1e4:
        return f"{prefix}${x / 1e3:,.0f}K"
    return f"{prefix}${x:,.0f}"
