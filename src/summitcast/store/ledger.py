"""The ledger's file formats (questions and events): reading with full validation.

One TOML file per question, ``<DIR>/<id>.toml`` (CONTRACT section 1). Reading uses the standard library's
``tomllib`` (fast: ``show`` reads a file on every run) and validates everything, collecting every problem with the
line it is on. This module is the one place that judges an evidence item (:func:`evidence_field_problems`), for files
and the command line alike. Editing is :mod:`summitcast.store.edit`; where files live is :mod:`summitcast.store.workspace`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from summitcast.domain.event import Event
from summitcast.domain.limits import limit_problem
from summitcast.domain.question import (
    DAYS_PER_YEAR,
    DEFAULT_PRIOR_WEIGHT,
    DIRECTIONS,
    ID_PATTERN,
    MAX_ID_LENGTH,
    OCCASION_KINDS,
    OUTCOMES,
    PRIOR_RULES,
    SOURCE_TYPES,
    STRENGTH_LR,
    WINDOW_KINDS,
    Evidence,
    Prior,
    Question,
    Resolution,
    Window,
    floated_probability,
)
from summitcast.errors import LedgerError

__all__ = [
    "EVIDENCE_KEYS",
    "check_question_on_event",
    "did_you_mean",
    "evidence_field_problems",
    "evidence_from_fields",
    "kind_from_hazard",
    "origin_problems",
    "parse_event",
    "parse_question",
    "read_question_text",
    "read_text",
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


def _load_toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        if line is None and "end of document" in msg:
            line = max(1, len(text.splitlines()))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise LedgerError(path, [(line, None, f"invalid TOML: {msg}")]) from None


def _check_id(c: _Checker, fid: str, what: str) -> None:
    if not ID_PATTERN.match(fid):
        rule = "lowercase letters, digits, -" + (
            f"; at most {MAX_ID_LENGTH} characters, not {len(fid)}"
            if len(fid) > MAX_ID_LENGTH
            else ""
        )
        c.problems.append((None, None, f"file name '{fid}' is not a valid {what} id ({rule})"))


def _years(opens: dt.date | None, end: dt.date | None) -> float | None:
    """The length of a span in years (both ends included), or ``None`` when either end is missing."""
    if opens is None or end is None or end < opens:
        return None
    return ((end - opens).days + 1) / DAYS_PER_YEAR


def _parse_prior(c: _Checker, top: dict[str, Any], years: float | None = None) -> Prior | None:
    if "prior" not in top:
        return None
    pr = c.check_keys(top["prior"], PRIOR_KEYS, "prior", 0, lambda k: f"prior.{k}")
    p = pr.get("probability")
    w = pr.get("weight", DEFAULT_PRIOR_WEIGHT)
    rule = pr.get("rule")
    ok = True
    if rule is not None:
        if rule not in PRIOR_RULES:
            hint = did_you_mean(rule, PRIOR_RULES) or f" (one of {', '.join(PRIOR_RULES)})"
            c.add("prior", 0, "rule", "prior.rule", f"unknown rule '{rule}'{hint}")
            ok = False
        elif p is not None:
            c.add(
                "prior",
                0,
                "probability",
                "prior.probability",
                f"is set by the rule '{rule}': give one of probability and rule",
            )
            ok = False
        elif years is not None:
            p = floated_probability(years)
    elif p is None and "probability" not in top["prior"]:
        c.add("prior", 0, None, "prior.probability", "missing required key (or name a rule)")
        ok = False
    if p is not None and (msg := limit_problem("probability", p)):
        c.add("prior", 0, "probability", "prior.probability", msg)
        ok = False
    if msg := limit_problem("weight", w):
        c.add("prior", 0, "weight", "prior.weight", msg)
        ok = False
    if p is None or not ok:
        return None
    return Prior(float(p), float(w), pr.get("rationale", ""), rule)


def _parse_windows(
    c: _Checker, top: dict[str, Any], opens: dt.date | None, end: dt.date | None, span: str
) -> list[Window]:
    windows: list[Window] = []
    seen: set[str] = set()
    for i, raw_w in enumerate(top.get("windows", [])):

        def wl(k: str, i: int = i) -> str:
            return f"windows[{i}].{k}"

        w = c.check_keys(raw_w, WINDOW_KEYS, "windows", i, wl)
        bad = len(w) < len(raw_w) or any(k not in w for k, f in WINDOW_KEYS.items() if f.required)
        legacy = "kind" not in w and "kind" not in raw_w
        if legacy:
            w = {**w, "kind": kind_from_hazard(w.get("hazard", 1.0))}
            if w["kind"] != "period":
                w.pop("hazard", None)  # a v2 hazard read as an occasion's kind (docs/format.md)
        for key, msg in window_field_problems(w):
            c.add("windows", i, key, wl(key), msg)
            bad = True
        if opens and end and "start" in w and "end" in w:  # noqa: SIM102 - reads as two rules
            if w["start"] < opens or w["end"] > end:
                c.add(
                    "windows",
                    i,
                    "start",
                    wl("start"),
                    f"window {w['start']}..{w['end']} must lie within the {span} {opens}..{end}",
                )
                bad = True
        if "id" in w:
            if w["id"] in seen:
                c.add("windows", i, "id", wl("id"), f"duplicate window id '{w['id']}'")
                bad = True
            seen.add(w["id"])
        if not bad:
            windows.append(
                Window(
                    w["id"],
                    w["name"],
                    w["start"],
                    w["end"],
                    float(w.get("hazard", 1.0)),
                    w.get("announced"),
                    kind=w["kind"],
                    chance=None if w.get("chance") is None else float(w["chance"]),
                    cancelled=w.get("cancelled"),
                    legacy=legacy,
                )
            )
    if opens and end and windows and _no_day_possible(opens, end, windows):
        c.add(
            "windows",
            0,
            "hazard",
            "windows",
            f"every day of the {span} lies in a window of hazard 0, so no day is possible for a meeting",
        )
    return windows


def _parse_evidence(
    c: _Checker, top: dict[str, Any], windows: list[Window], end: dt.date | None, last: str
) -> list[Evidence]:
    evidence: list[Evidence] = []
    seen: set[str] = set()
    known = {w.id for w in windows}
    for i, raw_e in enumerate(top.get("evidence", [])):
        eid = raw_e.get("id") if isinstance(raw_e.get("id"), str) else None

        def el(k: str, i: int = i, eid: str | None = eid) -> str:
            return f"evidence[{i}]" + (f" (id '{eid}')" if eid else "") + f".{k}"

        e = c.check_keys(raw_e, EVIDENCE_KEYS, "evidence", i, el)
        bad = len(e) < len(raw_e) or any(k not in e for k, f in EVIDENCE_KEYS.items() if f.required)
        for key, msg in evidence_field_problems(e):
            if key in raw_e and key not in e:
                continue  # already reported as a wrong type: "give either lr or ..." would be noise
            c.add("evidence", i, key if key in raw_e else None, el(key), msg)
            bad = True
        for key in ("date", "logged"):
            if end is not None and key in e and e[key] > end:
                c.add(
                    "evidence",
                    i,
                    key,
                    el(key),
                    f"{e[key]} is after the {last} ({end}): it cannot bear on the question",
                )
                bad = True
        if "window" in e and e["window"] not in known:
            ids = [w.id for w in windows]
            hint = did_you_mean(e["window"], ids) or (
                f" (windows: {', '.join(ids)})" if ids else " (the file has no [[windows]])"
            )
            c.add("evidence", i, "window", el("window"), f"unknown window '{e['window']}'{hint}")
            bad = True
        if "id" in e:
            if e["id"] in seen:
                c.add("evidence", i, "id", el("id"), f"duplicate evidence id '{e['id']}'")
                bad = True
            seen.add(e["id"])
        if not bad:
            evidence.append(evidence_from_fields(e))
    pairs = [(e.id, e.origin) for e in evidence]
    at = {
        r.get("id"): i
        for i, r in enumerate(top.get("evidence", []))
        if isinstance(r.get("id"), str)
    }
    for k, msg in origin_problems(pairs).items():
        i = at[pairs[k][0]]
        c.add("evidence", i, "origin", f"evidence[{i}] (id '{pairs[k][0]}').origin", msg)
    return evidence


def evidence_from_fields(e: dict[str, Any]) -> Evidence:
    """The :class:`Evidence` value of one item's validated fields (``logged`` defaults to ``date``)."""
    return Evidence(
        id=e["id"],
        date=e["date"],
        source=e["source"],
        says=e["says"],
        logged=e.get("logged") or e["date"],
        source_type=e.get("source_type") or "media",
        origin=e.get("origin") or "",
        url=e.get("url"),
        lr=float(e["lr"]) if e.get("lr") is not None else None,
        strength=e.get("strength"),
        direction=e.get("direction"),
        reliability=float(e["reliability"]) if e.get("reliability") is not None else None,
        window=e.get("window"),
        half_life_days=float(e["half_life_days"]) if e.get("half_life_days") is not None else None,
    )


def _parse_resolution(
    c: _Checker, top: dict[str, Any], opens: dt.date | None, deadline: dt.date | None
) -> Resolution | None:
    if "resolution" not in top:
        return None
    r = c.check_keys(
        top["resolution"], RESOLUTION_KEYS, "resolution", 0, lambda k: f"resolution.{k}"
    )
    out = r.get("outcome")
    if out is not None and out not in OUTCOMES:
        hint = did_you_mean(out, OUTCOMES) or " (one of yes, no, annulled)"
        c.add("resolution", 0, "outcome", "resolution.outcome", f"unknown outcome '{out}'{hint}")
        out = None
    date = r.get("date")
    if date is not None and opens and date < opens:
        c.add(
            "resolution",
            0,
            "date",
            "resolution.date",
            f"must not be before opens ({date} < {opens})",
        )
    if out == "yes" and date is not None and deadline is not None and date > deadline:
        c.add(
            "resolution",
            0,
            "date",
            "resolution.date",
            f"a yes must be resolved on the meeting's day, within the span (got {date}, after the "
            f"deadline {deadline})",
        )
    if out is None or deadline is None:
        return None
    if date is None:
        # No date written: a "no" counts from the day after the deadline, a "yes" from the deadline.
        date = deadline + dt.timedelta(days=1) if out != "yes" else deadline
    return Resolution(out, date, r.get("note", ""))


def parse_question(text: str, path: Path | str, question_id: str | None = None) -> Question:
    """Parse and validate a question file's text (self-contained, or a question on an event).

    The rules that need the event (its span holds the question's) are checked by
    :func:`check_question_on_event`.

    Parameters
    ----------
    text
        The TOML text.
    path
        The file it came from (named in every error).
    question_id
        The question's id; default the file's stem.

    Returns
    -------
    Question
        The validated question.

    Raises
    ------
    LedgerError
        With every problem found, each naming the line and key.
    """
    path = Path(path)
    qid = question_id if question_id is not None else path.stem
    raw = _load_toml(text, path)
    c = _Checker(text)
    _check_id(c, qid, "question")
    on_event = "event" in raw
    if on_event:
        why = "a question on an event has no [{}]: the event file holds it (CONTRACT section 6)"
        c.refused = {k: why.format(k) for k in ("prior", "windows", "evidence")}
        top = c.check_keys(raw, EVENT_QUESTION_KEYS, "", 0, lambda k: k)
        if "event" in top and not ID_PATTERN.match(top["event"]):
            c.add("", 0, "event", "event", f"'{top['event']}' is not a valid event id")
        prior, windows, evidence = None, [], []
        opens, deadline = top.get("opens"), top.get("deadline")
    else:
        top = c.check_keys(raw, TOP_KEYS, "", 0, lambda k: k)
        opens, deadline = top.get("opens"), top.get("deadline")
        prior = _parse_prior(c, top, _years(opens, deadline))
    if opens and deadline and deadline < opens:
        c.add("", 0, "deadline", "deadline", f"must not be before opens ({deadline} < {opens})")
    if not on_event:
        windows = _parse_windows(c, top, opens, deadline, "span")
        evidence = _parse_evidence(c, top, windows, deadline, "deadline")
    resolution = _parse_resolution(c, top, opens, deadline)
    if c.problems:
        raise LedgerError(path, c.problems)
    assert deadline is not None and (on_event or (prior is not None and opens is not None))
    return Question(
        id=qid,
        title=top["title"],
        resolution_criteria=top.get("resolution_criteria", ""),
        opens=opens,  # type: ignore[arg-type]  # filled from the event by check_question_on_event
        deadline=deadline,
        prior=prior,
        tags=tuple(top.get("tags", ())),
        windows=tuple(windows),
        evidence=tuple(evidence),
        resolution=resolution,
        path=str(path),
        event=top.get("event"),
    )


def parse_event(text: str, path: Path | str, event_id: str | None = None) -> Event:
    """Parse and validate an event file's text (CONTRACT section 6).

    Parameters
    ----------
    text
        The TOML text.
    path
        The file it came from (named in every error).
    event_id
        The event's id; default the file's stem.

    Returns
    -------
    Event
        The validated event.

    Raises
    ------
    LedgerError
        With every problem found, each naming the line and key.
    """
    path = Path(path)
    eid = event_id if event_id is not None else path.stem
    raw = _load_toml(text, path)
    c = _Checker(text)
    _check_id(c, eid, "event")
    c.refused = {
        "deadline": "an event has no deadline: its horizon ends on `until`; deadlines belong to its "
        "questions (DIR/<id>.toml with event = ...)",
        "resolution": "an event is not resolved itself: resolve its questions",
    }
    top = c.check_keys(raw, EVENT_KEYS, "", 0, lambda k: k)
    opens, until = top.get("opens"), top.get("until")
    prior = _parse_prior(c, top, _years(opens, until))
    if opens and until and until < opens:
        c.add("", 0, "until", "until", f"must not be before opens ({until} < {opens})")
    windows = _parse_windows(c, top, opens, until, "horizon")
    evidence = _parse_evidence(c, top, windows, until, "horizon's end")
    if c.problems:
        raise LedgerError(path, c.problems)
    assert prior is not None and opens is not None and until is not None
    return Event(
        id=eid,
        title=top["title"],
        resolution_criteria=top["resolution_criteria"],
        opens=opens,
        until=until,
        prior=prior,
        tags=tuple(top.get("tags", ())),
        windows=tuple(windows),
        evidence=tuple(evidence),
        path=str(path),
    )


def check_question_on_event(question: Question, text: str, event: Event) -> Question:
    """Apply a question's event: defaults (criteria, opens) and the span rule ``event.opens <= opens <= deadline
    <= event.until``.

    Raises
    ------
    LedgerError
        Naming the question's file and the offending key.
    """
    c = _Checker(text)
    opens = question.opens or event.opens
    if opens < event.opens:
        c.add(
            "",
            0,
            "opens",
            "opens",
            f"must not be before the event's opens ({opens} < {event.opens})",
        )
    if question.deadline > event.until:
        c.add(
            "",
            0,
            "deadline",
            "deadline",
            f"must not be after the event's until ({question.deadline} > {event.until})",
        )
    if question.deadline < opens:
        c.add(
            "",
            0,
            "deadline",
            "deadline",
            f"must not be before opens ({question.deadline} < {opens})",
        )
    r = question.resolution
    if r is not None and r.date < opens:
        c.add(
            "resolution",
            0,
            "date",
            "resolution.date",
            f"must not be before opens ({r.date} < {opens})",
        )
    if c.problems:
        raise LedgerError(question.path or "", c.problems)
    return replace(
        question,
        opens=opens,
        resolution_criteria=question.resolution_criteria or event.resolution_criteria,
    )


# ------------------------------------------------------------------------------------------ reading


def read_text(path: Path, data: bytes | None = None) -> str:
    """A ledger file's text exactly as stored (no newline translation), decoded as UTF-8.

    Parameters
    ----------
    path
        The file (named in errors; read unless ``data`` is given).
    data
        Its bytes, when already read.

    Raises
    ------
    LedgerError
        When the file is not UTF-8 text.
    """
    data = Path(path).read_bytes() if data is None else data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LedgerError(path, [(line, None, f"not UTF-8 text ({exc.reason})")]) from None


read_question_text = read_text
