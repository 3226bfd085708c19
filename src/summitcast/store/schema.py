"""The ledger's schema: every key a question or event file may hold, and the one judgement of each value.

The keys and their kinds (``TOP_KEYS``, ``EVIDENCE_KEYS``, ...), the line locator and checker that collect every
problem with the line it is on, and the rules of an evidence item (:func:`evidence_field_problems`), a window
(:func:`window_field_problems`) and of origins (:func:`origin_problems`), shared by the file reader
(:mod:`summitcast.store.ledger`) and the use cases that change a file (``add``, ``edit``, ``window``).
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from summitcast.domain.limits import limit_problem
from summitcast.domain.question import (
    DIRECTIONS,
    OCCASION_KINDS,
    SOURCE_TYPES,
    STRENGTH_LR,
    WINDOW_KINDS,
    Window,
)

__all__ = [
    "EVIDENCE_KEYS",
    "did_you_mean",
    "evidence_field_problems",
    "kind_from_hazard",
    "origin_problems",
    "window_field_problems",
]

Problem = tuple[int | None, str | None, str]

# ------------------------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class _Field:
    kind: str  # "str", "date", "number", "strlist", "table", "tables"
    required: bool = False


TOP_KEYS = {
    "title": _Field("str", True),
    "event": _Field("str"),
    "resolution_criteria": _Field("str", True),
    "opens": _Field("date", True),
    "deadline": _Field("date", True),
    "tags": _Field("strlist"),
    "prior": _Field("table", True),
    "windows": _Field("tables"),
    "evidence": _Field("tables"),
    "resolution": _Field("table"),
}
#: A question on an event holds no evidence of its own; criteria and opens default to the event's.
EVENT_QUESTION_KEYS = {
    "title": _Field("str", True),
    "event": _Field("str", True),
    "resolution_criteria": _Field("str"),
    "opens": _Field("date"),
    "deadline": _Field("date", True),
    "tags": _Field("strlist"),
    "resolution": _Field("table"),
}
EVENT_KEYS = {
    "title": _Field("str", True),
    "resolution_criteria": _Field("str", True),
    "opens": _Field("date", True),
    "until": _Field("date", True),
    "tags": _Field("strlist"),
    "prior": _Field("table", True),
    "windows": _Field("tables"),
    "evidence": _Field("tables"),
}
PRIOR_KEYS = {
    "probability": _Field("number"),
    "weight": _Field("number"),
    "rationale": _Field("str"),
    "rule": _Field("str"),
}
WINDOW_KEYS = {
    "id": _Field("str", True),
    "name": _Field("str", True),
    "start": _Field("date", True),
    "end": _Field("date", True),
    "hazard": _Field("number"),
    "announced": _Field("date"),
    "kind": _Field("str"),
    "chance": _Field("number"),
    "cancelled": _Field("date"),
}
EVIDENCE_KEYS = {
    "id": _Field("str", True),
    "date": _Field("date", True),
    "logged": _Field("date"),
    "source": _Field("str", True),
    "source_type": _Field("str"),
    "origin": _Field("str"),
    "says": _Field("str", True),
    "url": _Field("str"),
    "lr": _Field("number"),
    "strength": _Field("str"),
    "direction": _Field("str"),
    "reliability": _Field("number"),
    "window": _Field("str"),
    "half_life_days": _Field("number"),
}
RESOLUTION_KEYS = {
    "outcome": _Field("str", True),
    "date": _Field("date"),
    "note": _Field("str"),
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``"; did you mean 'x'?"`` hint for a misspelt word, or ``""`` when nothing is close.

    Examples
    --------
    >>> did_you_mean("proir", ["prior", "title"])
    "; did you mean 'prior'?"
    >>> did_you_mean("zzz", ["prior"])
    ''
    """
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


# ------------------------------------------------------------------------------------ line locator


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*(?:\.\s*[A-Za-z0-9_-]+\s*)*=")


class _Lines:
    """Maps ``(table, index, key)`` to the 1-based line where it is written, from the raw text."""

    def __init__(self, text: str):
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        table, index = "", 0
        counts: dict[str, int] = {}
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            m = _HEADER.match(line)
            if m:
                table = m.group(2).strip().strip("\"'")
                if m.group(1) == "[[":
                    index = counts.get(table, -1) + 1
                    counts[table] = index
                else:
                    index = 0
                self.tables.setdefault((table, index), lineno)
                continue
            k = _KEYLINE.match(line)
            if k:
                key = k.group(1).strip("\"'")
                self.keys.setdefault((table, index, key), lineno)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2 == 1:
                        in_multiline = quote
                        break

    def key(self, table: str, index: int, key: str) -> int | None:
        found = self.keys.get((table, index, key))
        if found is None and table == "":
            # an inline or dotted table: ``prior = {...}`` or ``prior.probability = ...``
            return None
        return found

    def table(self, table: str, index: int = 0) -> int | None:
        return self.tables.get((table, index)) or self.keys.get(("", 0, table))


# --------------------------------------------------------------------------------------- validation


class _Checker:
    """Collects problems while converting a raw TOML mapping into domain values."""

    def __init__(self, text: str):
        self.lines = _Lines(text.removeprefix("\ufeff"))
        self.problems: list[Problem] = []
        #: keys known to the format but not allowed here, with the reason (e.g. evidence in a question on an event)
        self.refused: dict[str, str] = {}

    def add(self, table: str, index: int, key: str | None, label: str | None, msg: str) -> None:
        line = self.lines.key(table, index, key) if key else None
        if line is None:
            line = self.lines.table(table, index) if table else None
        self.problems.append((line, label, msg))

    def check_keys(
        self,
        raw: dict[str, Any],
        schema: dict[str, _Field],
        table: str,
        index: int,
        label: Callable[[str], str],
    ) -> dict[str, Any]:
        """Unknown and missing keys, and each value's type; returns the well-typed values."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in schema:
                where = f"[{table}]" if table else "the top level"
                if key in self.refused:
                    self.add(table, index, key, label(key), self.refused[key])
                    continue
                hint = did_you_mean(key, schema) or f" (allowed: {', '.join(schema)})"
                self.add(table, index, key, label(key), f"unknown key '{key}' in {where}{hint}")
                continue
            ok, msg = _typecheck(value, schema[key].kind)
            if ok:
                out[key] = value
            else:
                self.add(table, index, key, label(key), msg)
        for key, spec in schema.items():
            if spec.required and key not in raw:
                self.add(table, index, None, label(key), "missing required key")
        return out


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dt.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, dt.date | dt.time):
        return f"{type(value).__name__} {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"{type(value).__name__} {value!r}"


def _typecheck(value: Any, kind: str) -> tuple[bool, str]:
    if kind == "str":
        if isinstance(value, str):
            return (True, "") if value.strip() else (False, "must not be empty")
        return False, f"must be a string (got {_describe(value)})"
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, f"must be a number (got {_describe(value)})"
        if not math.isfinite(value):
            return False, f"must be a finite number (got {value})"
        return True, ""
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return True, ""
        if isinstance(value, str):
            return False, f"must be a TOML date like 2025-10-29, without quotes (got {value!r})"
        return False, f"must be a date like 2025-10-29 (got {_describe(value)})"
    if kind == "strlist":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True, ""
        return False, "must be a list of strings"
    if kind == "table":
        if isinstance(value, dict):
            return True, ""
        return False, f"must be a table (got {_describe(value)})"
    if kind == "tables":
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return True, ""
        return False, f"must be an array of tables, written [[...]] (got {_describe(value)})"
    raise AssertionError(kind)


def evidence_field_problems(item: dict[str, Any]) -> list[tuple[str, str]]:
    """Range and consistency problems of one evidence item's well-typed fields, as ``(key, message)``.

    Shared by the file reader and ``add``, so that a value is judged the same way wherever it comes from.
    Cross-item rules (unique ids, windows that exist) are checked by :func:`parse_question`.

    Parameters
    ----------
    item
        The item's keys and values (already of the right types).

    Returns
    -------
    list of (str, str)
        Each problem's key and message; empty when the item is valid.

    Examples
    --------
    >>> evidence_field_problems({"lr": -1.0})
    [('lr', 'must be > 0 (got -1.0)')]
    """
    problems: list[tuple[str, str]] = []
    has_lr = "lr" in item
    has_strength = "strength" in item
    if has_lr and (msg := limit_problem("lr", item["lr"])):
        problems.append(("lr", msg))
    if has_lr and (has_strength or "direction" in item):
        other = "strength" if has_strength else "direction"
        problems.append((other, "give either lr or strength with direction, not both"))
    if has_strength:
        if item["strength"] not in STRENGTH_LR:
            hint = did_you_mean(item["strength"], STRENGTH_LR) or (
                f" (one of {', '.join(STRENGTH_LR)})"
            )
            problems.append(("strength", f"unknown strength '{item['strength']}'{hint}"))
        if "direction" not in item:
            problems.append(("direction", "strength needs a direction: 'for' or 'against'"))
    if "direction" in item and item["direction"] not in DIRECTIONS:
        hint = did_you_mean(item["direction"], DIRECTIONS) or " (one of for, against)"
        problems.append(("direction", f"unknown direction '{item['direction']}'{hint}"))
    if "direction" in item and not has_strength and not has_lr:
        problems.append(("strength", "direction needs a strength (weak ... very-strong)"))
    if not has_lr and not has_strength and "direction" not in item:
        problems.append(("lr", "give either lr or strength with direction"))
    st = item.get("source_type")
    if st is not None and st not in SOURCE_TYPES:
        hint = did_you_mean(st, SOURCE_TYPES) or f" (one of {', '.join(SOURCE_TYPES)})"
        problems.append(("source_type", f"unknown source type '{st}'{hint}"))
    for key in ("reliability", "half_life_days"):
        if item.get(key) is not None and (msg := limit_problem(key, item[key])):
            problems.append((key, msg))
    if "date" in item and "logged" in item and item["logged"] < item["date"]:
        problems.append(("logged", f"must not be before date ({item['logged']} < {item['date']})"))
    return problems


#: The v2 reading of a window without ``kind`` (docs/format.md, "Windows of version 2"): the smallest hazard of
#: each kind's row in the v2 rubric's table (1000 a bilateral both announced, 100 a visit or summit, 20 a trip
#: nearby), halfway on a log scale between rows; below 5 it is a period with its hazard.
LEGACY_KIND_THRESHOLDS = ((300.0, "bilateral"), (30.0, "summit"), (5.0, "nearby"))


def kind_from_hazard(hazard: float) -> str:
    """The kind a v2 window (no ``kind``) is read as, from its hazard.

    Examples
    --------
    >>> [kind_from_hazard(h) for h in (1000, 100, 20, 1)]
    ['bilateral', 'summit', 'nearby', 'period']
    """
    for threshold, kind in LEGACY_KIND_THRESHOLDS:
        if hazard >= threshold:
            return kind
    return "period"


def window_field_problems(item: dict[str, Any]) -> list[tuple[str, str]]:
    """Range and consistency problems of one window's well-typed fields, as ``(key, message)``.

    Shared by the file reader and the ``window`` command, so that a window is judged the same way wherever it
    comes from. Cross-window rules (unique ids, the span) are checked by the reader.

    Parameters
    ----------
    item
        The window's keys and values (already of the right types).

    Returns
    -------
    list of (str, str)
        The offending key and the message, in a fixed order.

    Examples
    --------
    >>> window_field_problems({"kind": "period", "chance": 0.5})
    [('chance', 'applies to an occasion (bilateral, visit, summit, nearby), not to a period')]
    """
    problems: list[tuple[str, str]] = []
    kind = item.get("kind")
    if kind is not None and kind not in WINDOW_KINDS:
        hint = did_you_mean(kind, WINDOW_KINDS) or f" (one of {', '.join(WINDOW_KINDS)})"
        problems.append(("kind", f"unknown kind '{kind}'{hint}"))
        kind = None
    occasion_kinds = ", ".join(OCCASION_KINDS)
    q = item.get("chance")
    if q is not None:
        if msg := limit_problem("chance", q):
            problems.append(("chance", msg))
        elif kind == "period":
            problems.append(
                ("chance", f"applies to an occasion ({occasion_kinds}), not to a period")
            )
    h = item.get("hazard")
    if h is not None:
        if msg := limit_problem("hazard", h):
            problems.append(("hazard", msg))
        elif kind is not None and kind != "period":
            problems.append(
                ("hazard", f"applies to a period only; an occasion ({kind}) has a chance instead")
            )
    if "cancelled" in item and kind == "period":
        problems.append(("cancelled", "applies to an occasion, not to a period"))
    if "start" in item and "end" in item and item["end"] < item["start"]:
        problems.append(("end", f"must not be before start ({item['end']} < {item['start']})"))
    if "announced" in item and "end" in item and item["announced"] > item["end"]:
        problems.append(
            (
                "announced",
                f"must not be after the window's end ({item['announced']} > {item['end']})",
            )
        )
    if "cancelled" in item and "announced" in item and item["cancelled"] < item["announced"]:
        problems.append(
            (
                "cancelled",
                f"must not be before the window was announced ({item['cancelled']} < {item['announced']})",
            )
        )
    return problems


def origin_problems(items: list[tuple[str, str]]) -> dict[int, str]:
    """Origins that name an item which is itself a reprint: chains (a -> b -> c) and cycles (a -> b -> a).

    Items sharing an ``origin`` count once. An origin that is another item's id names that item as the original,
    so the item it names must be one: its own origin empty or its own id. Otherwise the items would not share an
    origin and would all count, without a word (a -> b, b -> a counted both); the file reader and ``add`` refuse it.

    Parameters
    ----------
    items
        Each item's ``(id, origin)`` in file order (``""``: no origin).

    Returns
    -------
    dict of int to str
        The index of each offending item and the message for its ``origin``.

    Examples
    --------
    >>> origin_problems([("a", "b"), ("b", "a")])[0]
    "'b' is an item whose own origin is 'a': origins form a cycle (a -> b -> a); give the original no origin and each reprint the original's id"
    >>> origin_problems([("a", "x"), ("x", ""), ("b", "b")])
    {}
    """
    origin_of = {i: o for i, o in items}
    out: dict[int, str] = {}
    for k, (item_id, origin) in enumerate(items):
        if not origin or origin == item_id or origin not in origin_of:
            continue
        named = origin_of[origin]
        if named in ("", origin):
            continue
        path, seen = [item_id, origin], {item_id, origin}
        while (nxt := origin_of.get(path[-1], "")) and nxt != path[-1] and nxt in origin_of:
            path.append(nxt)
            if nxt in seen:
                break
            seen.add(nxt)
        if path[-1] == item_id:
            out[k] = (
                f"'{origin}' is an item whose own origin is '{named}': origins form a cycle "
                f"({' -> '.join(path)}); give the original no origin and each reprint the original's id"
            )
        else:  # a chain: the original is where it ends, an item with no origin or the label it names
            last = path[-1]
            original = last if origin_of[last] in ("", last) else origin_of[last]
            out[k] = (
                f"'{origin}' is an item whose own origin is '{named}': name the original instead "
                f"(origin = '{original}'), so that they all count once"
            )
    return out


def _no_day_possible(opens: dt.date, deadline: dt.date, windows: list[Window]) -> bool:
    """Whether windows of hazard 0 cover every day of the span (the hazard profile would be all zero)."""
    periods = [w for w in windows if not w.is_occasion]
    zero = [w for w in periods if w.hazard == 0]
    if not zero:
        return False
    positive = [w for w in periods if w.hazard > 0]
    day = opens
    while day <= deadline:
        in_zero = any(w.start <= day <= w.end for w in zero)
        if not in_zero or any(w.start <= day <= w.end for w in positive):
            return False
        day += dt.timedelta(days=1)
    return True
