"""The ledger's file formats (questions and events): reading with full validation.

One TOML file per question, ``<DIR>/<id>.toml`` (CONTRACT section 1). Reading uses the standard library's
``tomllib`` (fast: ``show`` reads a file on every run) and validates everything, collecting every problem with the
line it is on. The keys and the one judgement of each value (an evidence item, a window) are
:mod:`summitcast.store.schema`, shared with the use cases that change a file. Editing is :mod:`summitcast.store.edit`;
where files live is :mod:`summitcast.store.workspace`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from summitcast.domain.event import Event
from summitcast.domain.limits import limit_problem
from summitcast.domain.question import (
    DAYS_PER_YEAR,
    DEFAULT_PRIOR_WEIGHT,
    ID_PATTERN,
    MAX_ID_LENGTH,
    OUTCOMES,
    PRIOR_RULES,
    Evidence,
    Prior,
    Question,
    Resolution,
    Window,
    floated_probability,
)
from summitcast.errors import LedgerError
from summitcast.store.schema import (
    EVENT_KEYS,
    EVENT_QUESTION_KEYS,
    EVIDENCE_KEYS,
    PRIOR_KEYS,
    RESOLUTION_KEYS,
    TOP_KEYS,
    WINDOW_KEYS,
    _Checker,
    _no_day_possible,
    did_you_mean,
    evidence_field_problems,
    kind_from_hazard,
    origin_problems,
    window_field_problems,
)

__all__ = [
    "check_question_on_event",
    "evidence_from_fields",
    "parse_event",
    "parse_question",
    "read_question_text",
    "read_text",
]


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

    Examples
    --------
    >>> read_text(Path("q.toml"), "title = 'Will Trump and Kim meet? 김정은'".encode())
    "title = 'Will Trump and Kim meet? 김정은'"
    """
    data = Path(path).read_bytes() if data is None else data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LedgerError(path, [(line, None, f"not UTF-8 text ({exc.reason})")]) from None


read_question_text = read_text
