"""What a projection derives from a roster alone, kept while that roster lives.

An edit changes terms, not the roster: the arrays the engine reads from the roster (and the hire
placement drawn from its recent teachers) are the same for every scenario and every edit, so they are
built once per roster object. A roster is never changed in place once read (its fingerprint is taken
once), which is what makes keeping them by identity safe.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")
_KEPT: dict[tuple[int, Hashable], tuple[weakref.ref, Any]] = {}
_LOCK = threading.RLock()  # re-entrant: a roster may be collected (and forgotten) while the lock is held


def per_roster(roster: pd.DataFrame, key: Hashable, build: Callable[[], T]) -> T:
    """build() for this roster object and key, built once and dropped when the roster is."""
    slot = (id(roster), key)
    with _LOCK:
        kept = _KEPT.get(slot)
    if kept is not None and kept[0]() is roster:
        return kept[1]
    value = build()

    def forget(_ref: weakref.ref, slot: tuple[int, Hashable] = slot) -> None:
        with _LOCK:
            if _KEPT.get(slot, (None,))[0] is _ref:
                del _KEPT[slot]

    with _LOCK:
        _KEPT[slot] = (weakref.ref(roster, forget), value)
    return value


def kept_count() -> int:
    """How many derived values are kept (for tests: they go with their roster)."""
    with _LOCK:
        return len(_KEPT)
