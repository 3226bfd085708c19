"""Changing the ledger: ``add``, ``window``, ``resolve``, ``remove``, ``edit``, ``reopen``.

Every change holds the lock of the file it writes (a question's, or its event's when the question is on one),
re-reads that file under the lock, validates the edited text as a whole before writing it atomically, and records
the forecast each affected question then gives in its log. A refused change leaves every file byte-identical.
Errors name fields (``lr``, ``window``, ``date``); the command line turns them into flags.

Creating a file (``new``, ``new-event``) is :mod:`summitcast.app.create`, resolving and reopening
:mod:`summitcast.app.resolution`, and what a change reports is :mod:`summitcast.app.changeresult`; their public
names are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from summitcast.app.changeresult import (
    AddResult,
    ChangeResult,
    QuestionChange,
    check_finite,
    check_text,
    record_forecast,
)
from summitcast.app.create import EventCreated, new_event, new_question
from summitcast.app.resolution import reopen, resolve
from summitcast.app.tracker import learned_reliability
from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question
from summitcast.errors import LedgerError, ValidationError
from summitcast.model import forecasts_at, meeting_day
from summitcast.store import edit as ed
from summitcast.store.ledger import parse_event, parse_question
from summitcast.store.schema import (
    did_you_mean,
    evidence_field_problems,
    origin_problems,
    window_field_problems,
)
from summitcast.store.workspace import Workspace, check_id

__all__ = [
    "AddResult",
    "ChangeResult",
    "EventCreated",
    "QuestionChange",
    "add_evidence",
    "add_window",
    "edit_item",
    "new_event",
    "new_question",
    "remove_item",
    "reopen",
    "resolve",
]


@dataclass
class _Unit:
    """The file a change writes and the questions it affects, read under the file's lock."""

    ws: Workspace
    kind: str  # "question" (self-contained) or "event"
    ident: str
    path: Any
    text: str
    event: Event
    questions: list[Question]
    named: Question | None
    today: dt.date


@contextmanager
def _unit(ws: Workspace, ident: str, today: dt.date) -> Iterator[_Unit]:
    """Lock and read what ``ident`` (a question or an event) writes to: the question file, or its event's."""
    ws.require()
    target = ws.target(ident)
    if target.kind == "question" and target.question is not None and target.question.event is None:
        with ws.lock("question", ident):
            text, q = ws.read_question(ident)
            yield _Unit(
                ws, "question", ident, ws.question_path(ident), text, as_event(q), [q], q, today
            )
        return
    eid = target.event.id
    with ws.lock("event", eid):
        text, event = ws.read_event(eid, fresh=True)
        questions = ws.questions_of(eid)
        named = next((q for q in questions if q.id == ident), None)
        if named is not None:
            questions = [named] + [q for q in questions if q.id != ident]
        yield _Unit(ws, "event", eid, ws.event_path(eid), text, event, questions, named, today)


def _commit(
    unit: _Unit, new_text: str, command: str, item_id: str | None = None, *, log: bool = True
) -> ChangeResult:
    """Validate the edited text, write it atomically, record every affected question's forecast (if ``log``)."""
    ws, now = unit.ws, unit.today
    learned = learned_reliability(ws)
    if unit.kind == "question":
        q2 = parse_question(new_text, unit.path)
        ev2, questions2 = as_event(q2), [q2]
    else:
        ev2 = parse_event(new_text, unit.path)
        questions2 = unit.questions
    met = None if unit.kind == "question" else meeting_day(unit.questions, dt.date.max)
    before = {
        f.id: f for f in forecasts_at(unit.questions, unit.event, now, learned=learned, met=met)
    }
    after = forecasts_at(questions2, ev2, now, learned=learned, met=met)
    changes = [
        QuestionChange(q, before.get(q.id), f) for q, f in zip(questions2, after, strict=True)
    ]
    for c in changes:  # every file this change writes is checked before the first is written
        ws.check_writable(ws.log_path(c.question.id))
    ws.write(unit.path, new_text)
    ws._events.pop(unit.ident, None)
    for c in changes if log else []:
        record_forecast(ws, c.after, command, now)
    warnings = [
        f"'{q.id}' is already resolved {q.resolution.outcome} on {q.resolution.date}"
        for q in questions2
        if q.resolution is not None and item_id is not None
    ]
    notes = [] if log else ["not recorded in the forecast log (a backfilled entry)"]
    return ChangeResult(
        command, unit.path, unit.ident, unit.kind, changes, item_id, warnings, notes=notes
    )


# -------------------------------------------------------------------------------------- evidence


def _slug(source: str, says: str) -> str:
    """A readable default item id from its source and the first words said (stop words dropped, ≤ 40 chars).

    Examples
    --------
    >>> _slug("Kim Jong Un", "I'd like to meet him at the DMZ")
    'kim-jong-un-id-like-meet-him-at-dmz'
    """
    text = re.sub(r"['’]", "", f"{source} {says}".lower())  # "I'd" -> "id", not "i-d"
    words = re.findall(r"[a-z0-9]+", text)
    stop = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "it", "that", "with", "s"}
    kept = [w for w in words if w not in stop] or ["item"]
    slug = ""
    for w in kept:
        if len(slug) + len(w) + 1 > 40:
            break
        slug = f"{slug}-{w}" if slug else w
    return slug or kept[0][:40]


def _check_item(item: dict[str, Any], unit: _Unit, now: dt.date) -> None:
    """The one judgement of an item's values (shared with the file reader), then time and the event's span."""
    present = {k: v for k, v in item.items() if v is not None}
    for key in ("source", "says"):
        check_text(key, item.get(key))
    check_finite(
        lr=item.get("lr"),
        reliability=item.get("reliability"),
        half_life_days=item.get("half_life_days"),
    )
    for key in ("date", "logged"):  # time first: a day after today is wrong whatever else is given
        if item[key] > now:
            raise ValidationError(f"{item[key]} is after today ({now})", field=key)
    for key, msg in evidence_field_problems(present):
        if key == "logged":
            msg = (
                f"must not be after the day it is logged ({item['date']} > {item['logged']}); "
                "a statement is recorded once it has been made"
            )
            key = "date"
        raise ValidationError(msg, field=key)
    end = unit.event.until
    for key in ("date", "logged"):
        value = item[key]
        if value > end:
            last = "deadline" if unit.kind == "question" else "event's until"
            raise ValidationError(
                f"{value} is after the {last} ({end}): it cannot bear on the question", field=key
            )
    if item.get("id") is not None:
        _check_origin(item, unit)
    window = item.get("window")
    if window is not None and window not in {w.id for w in unit.event.windows}:
        known = [w.id for w in unit.event.windows]
        hint = did_you_mean(window, known) or (
            f" (windows: {', '.join(known)})" if known else f" ({unit.path} has no windows)"
        )
        raise ValidationError(f"unknown window '{window}' in {unit.path}{hint}", field="window")


def _check_origin(item: dict[str, Any], unit: _Unit) -> None:
    """Refuse an origin that would chain or cycle with the file's items (the file reader's rule)."""
    others = [(e.id, e.origin) for e in unit.event.evidence if e.id != item["id"]]
    found = origin_problems([*others, (item["id"], item.get("origin") or "")])
    if found:
        raise ValidationError(found.get(len(others), next(iter(found.values()))), field="origin")


def add_evidence(
    ws: Workspace,
    ident: str,
    *,
    today: dt.date,
    source: str,
    says: str,
    lr: float | None = None,
    strength: str | None = None,
    direction: str | None = None,
    source_type: str | None = None,
    date: dt.date | None = None,
    logged: dt.date | None = None,
    origin: str | None = None,
    reliability: float | None = None,
    window: str | None = None,
    half_life_days: float | None = None,
    url: str | None = None,
    evidence_id: str | None = None,
    log: bool = True,
) -> ChangeResult:
    """Append one evidence item, once, to the file that holds the evidence of ``ident``.

    For a question on an event the item goes to the event file, and every question of the event is reported
    before and after.

    Parameters
    ----------
    ws
        The forecasts folder.
    ident
        A question (or an event) id.
    today
        Today (the command line reads it once).
    source, says, lr, strength, direction, source_type, date, logged, origin, reliability, window,
    half_life_days, url
        The item's fields (CONTRACT section 1); ``date`` and ``logged`` default to today.
    evidence_id
        The item's id; default a readable slug of the source and what was said, made unique.
    log
        Record each affected question's forecast in its log (``False``: backfilling a past episode, whose
        forecasts as of today were never published; docs/format.md, "the replay recipe").

    Returns
    -------
    ChangeResult
        Every affected question's forecast before and after, and the item's contribution.
    """
    now = today
    item: dict[str, Any] = {
        "id": evidence_id,
        "date": date or now,
        "logged": logged or now,
        "source": source,
        "source_type": source_type,
        "origin": origin,
        "says": says,
        "url": url,
        "lr": lr,
        "strength": strength,
        "direction": direction,
        "reliability": reliability,
        "window": window,
        "half_life_days": half_life_days,
    }
    if evidence_id is not None:
        check_text("id", evidence_id)
        check_id(evidence_id, "evidence", field="id")
    with _unit(ws, ident, now) as unit:
        _check_item(item, unit, now)
        ids = {e.id for e in unit.event.evidence}
        if evidence_id is None:
            base = _slug(source, says)
            evidence_id, k = base, 2
            while evidence_id in ids:
                evidence_id, k = f"{base}-{k}", k + 1
        elif evidence_id in ids:
            raise ValidationError(
                f"evidence id '{evidence_id}' already exists in {unit.path}", field="id"
            )
        item["id"] = evidence_id
        _check_origin(item, unit)
        new_text = ed.append_evidence(unit.text, item)
        result = _commit(unit, new_text, f"add {evidence_id}", evidence_id, log=log)
        result.warnings.extend(_scope_warnings(unit.event, item))
        return result


def _scope_warnings(event: Event, item: dict[str, Any]) -> list[str]:
    """Why a newly added item scoped to a window may not act yet (or any more), said when it is added."""
    if item.get("window") is None:
        return []
    w = event.window(item["window"])
    known = w.announced or event.opens
    out = []
    if known > item["logged"]:
        out.append(
            f"window '{w.id}' is announced only on {known}, after this item was logged "
            f"({item['logged']}): the item counts from {known} on"
        )
    if w.cancelled is not None:
        out.append(
            f"occasion '{w.id}' was called off on {w.cancelled}: the item counts only before"
        )
    return out


def add_window(
    ws: Workspace,
    ident: str,
    *,
    today: dt.date,
    window_id: str,
    name: str,
    start: dt.date,
    end: dt.date,
    kind: str = "period",
    chance: float | None = None,
    hazard: float | None = None,
    announced: dt.date | None = None,
    log: bool = True,
) -> ChangeResult:
    """Add a ``[[windows]]`` entry (an occasion, or a named period) to the file that holds ``ident``'s windows.

    Parameters
    ----------
    ws
        The forecasts folder.
    ident
        A question (or an event) id.
    today
        Today.
    window_id, name, start, end, kind, chance, hazard, announced
        The window (CONTRACT section 1); it must lie within the span (the event's horizon). ``chance`` is for an
        occasion (default: its kind's learned or default chance), ``hazard`` for a period (default 1).
        ``announced`` defaults to today; a window that has already ended needs it (the day it became public).
    log
        Record each affected question's forecast in its log (``False``: backfilling, as for :func:`add_evidence`).

    Returns
    -------
    ChangeResult
        Every affected question's forecast before and after.
    """
    check_text("window_id", window_id)
    check_id(window_id, "window", field="window_id")
    check_text("name", name)
    check_finite(chance=chance, hazard=hazard)
    fields = {"kind": kind, "chance": chance, "hazard": hazard, "start": start, "end": end}
    fields = {k: v for k, v in fields.items() if v is not None}
    for key, msg in window_field_problems(fields):
        raise ValidationError(msg, field=key)
    now = today
    if announced is not None and announced > now:
        raise ValidationError(f"{announced} is after today ({now})", field="announced")
    with _unit(ws, ident, now) as unit:
        if any(w.id == window_id for w in unit.event.windows):
            raise ValidationError(
                f"window '{window_id}' already exists in {unit.path}", field="window_id"
            )
        ev = unit.event
        if start < ev.opens or end > ev.until:
            span = "the question's span" if unit.kind == "question" else "the event's horizon"
            raise ValidationError(
                f"the window {start}..{end} must lie within {span} {ev.opens}..{ev.until}",
                field="start" if start < ev.opens else "end",
            )
        if announced is None and end < now:
            raise ValidationError(
                f"is required for a window that ended before today ({end} < {now}): give the day it "
                "became public, so that no replay of a past day knows it earlier than it was known",
                field="announced",
            )
        announced = announced or now
        for key, msg in window_field_problems({"announced": announced, "end": end}):
            raise ValidationError(msg, field=key)
        values = {
            "id": window_id,
            "name": name,
            "kind": kind,
            "start": start,
            "end": end,
            "chance": None if chance is None else float(chance),
            "hazard": None if hazard is None else float(hazard),
            "announced": announced,
        }
        return _commit(unit, ed.append_window(unit.text, values), f"window {window_id}", log=log)


def cancel_window(
    ws: Workspace,
    ident: str,
    *,
    today: dt.date,
    window_id: str,
    date: dt.date | None = None,
    log: bool = True,
) -> ChangeResult:
    """Record that occasion ``window_id`` was called off (or postponed) on ``date`` (default today).

    From that day on the occasion is no route and its items stop counting; a forecast as of an earlier day still
    sees it. A postponement is a cancellation plus a new window announced the same day (docs/format.md).

    Parameters
    ----------
    ws
        The forecasts folder.
    ident
        A question (or an event) id.
    today
        Today.
    window_id
        The occasion.
    date
        The day it was called off.
    log
        Record each affected question's forecast in its log (``False``: backfilling).

    Returns
    -------
    ChangeResult
        Every affected question's forecast before and after.
    """
    now = today
    day = date or now
    if day > now:
        raise ValidationError(f"{day} is after today ({now})", field="date")
    with _unit(ws, ident, now) as unit:
        try:
            w = unit.event.window(window_id)
        except KeyError:
            ids = [x.id for x in unit.event.windows]
            hint = did_you_mean(window_id, ids) or (
                f" (windows: {', '.join(ids)})" if ids else " (it has no windows)"
            )
            raise ValidationError(
                f"unknown window '{window_id}' in {unit.path}{hint}", field="cancel"
            ) from None
        if not w.is_occasion:
            raise ValidationError(
                f"'{window_id}' is a period, not an occasion: only an occasion can be called off",
                field="cancel",
            )
        if w.cancelled is not None:
            raise ValidationError(
                f"'{window_id}' was already called off on {w.cancelled}", field="cancel"
            )
        known = w.announced or unit.event.opens
        if day < known:
            raise ValidationError(
                f"must not be before the window was announced ({day} < {known})", field="date"
            )
        new_text = ed.replace_table(unit.text, "windows", window_id, {"cancelled": day})
        return _commit(unit, new_text, f"cancel {window_id}", log=log)


# ------------------------------------------------------------------------------ removing, editing


def remove_item(ws: Workspace, ident: str, item_id: str, *, today: dt.date) -> ChangeResult:
    """Remove an evidence item or a window (with no item scoped to it) from the file that holds ``ident``'s."""
    with _unit(ws, ident, today) as unit:
        if any(e.id == item_id for e in unit.event.evidence):
            return _commit(
                unit, ed.remove_table(unit.text, "evidence", item_id), f"remove {item_id}"
            )
        if any(w.id == item_id for w in unit.event.windows):
            users = [e.id for e in unit.event.evidence if e.window == item_id]
            if users:
                raise ValidationError(
                    f"window '{item_id}' is named by {len(users)} item(s) ({', '.join(users[:3])}); "
                    "remove or edit them first"
                )
            return _commit(
                unit, ed.remove_table(unit.text, "windows", item_id), f"remove {item_id}"
            )
        known = [e.id for e in unit.event.evidence] + [w.id for w in unit.event.windows]
        raise ValidationError(
            f"no evidence item or window '{item_id}' in {unit.path}{did_you_mean(item_id, known)}"
        )


_ITEM_KEYS = (
    "date",
    "logged",
    "source",
    "source_type",
    "origin",
    "says",
    "url",
    "lr",
    "strength",
    "direction",
    "reliability",
    "window",
    "half_life_days",
)


def _written_keys(text: str, item_id: str) -> set[str]:
    """The keys an evidence item's table writes in the file (not those it takes by default)."""
    import tomllib

    for table in tomllib.loads(text.removeprefix("\ufeff")).get("evidence", []):
        if table.get("id") == item_id:
            return set(table)
    return set()


def edit_item(
    ws: Workspace, ident: str, item_id: str, *, today: dt.date, **changes: Any
) -> ChangeResult:
    """Change fields of one evidence item (the flags of ``add``); the edited item is judged like a new one.

    ``lr`` replaces ``strength``/``direction`` and the other way round.
    """
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise ValidationError("nothing to change: give at least one field")
    with _unit(ws, ident, today) as unit:
        old = next((e for e in unit.event.evidence if e.id == item_id), None)
        if old is None:
            known = [e.id for e in unit.event.evidence]
            raise ValidationError(
                f"no evidence item '{item_id}' in {unit.path}{did_you_mean(item_id, known)}"
            )
        # only the keys the file writes are carried over: a default (source_type, logged = date) stays implicit,
        # so that an implicit logged follows an edited date
        written = _written_keys(unit.text, item_id)
        fields = {k: getattr(old, k) for k in _ITEM_KEYS if k in written}
        if "origin" in fields:
            fields["origin"] = old.origin or None
        if "lr" in changes:
            fields["strength"] = fields["direction"] = None
        if "strength" in changes or "direction" in changes:
            fields["lr"] = None
        fields.update(changes)
        judged = {"id": item_id, "logged": fields.get("logged") or fields["date"], **fields}
        _check_item(judged, unit, today)
        update = dict(fields)
        new_text = ed.replace_table(unit.text, "evidence", item_id, update)
        return _commit(unit, new_text, f"edit {item_id}", item_id)


_ = (LedgerError,)
