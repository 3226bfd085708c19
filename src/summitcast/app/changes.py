"""Changing the ledger: ``add``, ``window``, ``resolve``, ``remove``, ``edit``, ``reopen``.

Every change holds the lock of the file it writes (a question's, or its event's when the question is on one),
re-reads that file under the lock, validates the edited text as a whole before writing it atomically, and records
the forecast each affected question then gives in its log. A refused change leaves every file byte-identical.
Errors name fields (``lr``, ``window``, ``date``); the command line turns them into flags.

Creating a file (``new``, ``new-event``) is :mod:`summitcast.app.create`, and what a change reports is
:mod:`summitcast.app.changeresult`; their public names are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
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
from summitcast.app.tracker import learned_reliability, resolution_conflicts
from summitcast.domain.event import Event, as_event
from summitcast.domain.question import OUTCOMES, Question
from summitcast.errors import LedgerError, UnknownQuestionError, ValidationError
from summitcast.model import forecast, forecasts_at, meeting_day
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


# ------------------------------------------------------------------------------------- resolution


def resolve(
    ws: Workspace,
    question_id: str,
    outcome: str,
    *,
    today: dt.date,
    date: dt.date | None = None,
    note: str | None = None,
) -> ChangeResult:
    """Record a question's outcome (``yes``, ``no`` or ``annulled``); time must allow it.

    ``yes`` needs a day within [opens, deadline] and not after today (default today). ``no`` before the deadline
    has passed needs ``date``, the day it was settled (when the criteria allow an early settlement, e.g. the
    summit was called off for good); otherwise it takes the day after the deadline.

    A ``yes`` on a question of an event is the event's meeting: every other unresolved question of the event whose
    span holds that day is resolved ``yes`` on it too, in the same change (under the event's lock and each
    question's), and the result's ``notes`` say which. A resolution that contradicts another question's is refused.

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question.
    outcome
        ``yes``, ``no`` or ``annulled``.
    today
        Today.
    date
        The resolution date (see above).
    note
        Free text, e.g. the source that settles it.

    Returns
    -------
    ChangeResult
        The forecast before and after of the question and of every question it resolved with it.
    """
    if outcome not in OUTCOMES:
        raise ValidationError(f"must be yes, no or annulled (got {outcome!r})", field="outcome")
    now = today
    if date is not None and date > now:
        raise ValidationError(f"{date} is after today ({now})", field="date")
    ws.require()
    ws.refuse_event(
        question_id, f"resolve its questions (summitcast show {question_id} lists them)"
    )
    # the event's lock first, then the questions' (sorted): no writer holds a question's lock while it waits for
    # an event's, so resolutions of one event never wait on each other in a circle
    with _event_lock(ws, question_id), ws.lock("question", question_id), ExitStack() as held:
        text, q = ws.read_question(question_id)
        q, event = ws.attach(q, text)
        if q.resolution is not None:
            r = q.resolution
            raise ValidationError(
                f"'{question_id}' is already resolved {r.outcome} on {r.date}; "
                "`summitcast reopen` undoes it"
            )
        if outcome == "yes":
            date = date or now
            if not q.opens <= date <= q.deadline:
                raise ValidationError(
                    f"a yes is resolved on the meeting's day, within the span {q.opens}..{q.deadline} "
                    f"(got {date})",
                    field="date",
                )
        elif outcome == "no":
            if date is None:
                if now <= q.deadline:
                    raise ValidationError(
                        f"the deadline ({q.deadline}) has not passed; give the date it was settled if "
                        "the criteria allow an early 'no'",
                        field="date",
                    )
                date = q.deadline + dt.timedelta(days=1)
            elif date < q.opens:
                raise ValidationError(
                    f"must not be before opens ({date} < {q.opens})", field="date"
                )
        else:
            date = date or now
        path = ws.question_path(question_id)
        new_text = ed.set_resolution(
            text,
            {"outcome": outcome, "date": date, "note": note if note and note.strip() else None},
        )
        q2 = parse_question(new_text, path)
        q2, _ = ws.attach(q2, new_text)
        implied: list[
            tuple[Question, Question, str]
        ] = []  # (before, after, new text) of each sibling
        if q2.event is not None:
            siblings = [s for s in ws.questions_of(q2.event) if s.id != q2.id]
            conflicts = resolution_conflicts(q2, siblings)
            if conflicts:
                raise ValidationError(conflicts[0])
            if outcome == "yes":
                for sid in sorted(
                    s.id for s in siblings if s.resolution is None and s.opens <= date <= s.deadline
                ):
                    held.enter_context(ws.lock("question", sid))
                    implied.extend(_implied_yes(ws, sid, question_id, date, note))
        learned = learned_reliability(ws)
        changes = [
            QuestionChange(
                q2,
                forecast(q, now, event=event, learned=learned),
                forecast(q2, now, event=event, learned=learned),
            )
        ]
        changes += [
            QuestionChange(
                s2,
                forecast(s, now, event=event, learned=learned),
                forecast(s2, now, event=event, learned=learned),
            )
            for s, s2, _ in implied
        ]
        for c in changes:  # every file this change writes is checked before the first is written
            ws.check_writable(ws.question_path(c.question.id))
            ws.check_writable(ws.log_path(c.question.id))
        ws.write(path, new_text)
        for _, s2, s_text in implied:
            ws.write(ws.question_path(s2.id), s_text)
        record_forecast(ws, changes[0].after, f"resolve {outcome}", now)
        for c in changes[1:]:
            record_forecast(ws, c.after, f"resolve yes (with {question_id})", now)
    notes = [
        f"'{s2.id}' resolved yes on {date} too: the meeting lies in its span ({s2.opens}..{s2.deadline})"
        for _, s2, _ in implied
    ]
    return ChangeResult(f"resolve {outcome}", path, question_id, "question", changes, notes=notes)


def _implied_yes(
    ws: Workspace, sibling: str, named: str, day: dt.date, note: str | None
) -> list[tuple[Question, Question, str]]:
    """The ``yes`` on ``day`` that a meeting recorded through ``named`` implies for ``sibling`` (read under its lock).

    Returns an empty list when the sibling was resolved yes on that day meanwhile; raises when it was resolved
    otherwise.
    """
    text, s = ws.read_question(sibling)
    s, _ = ws.attach(s, text)
    if s.resolution is not None:
        if s.resolution.outcome == "yes" and s.resolution.date == day:
            return []
        raise ValidationError(
            f"'{sibling}' of the same event was resolved {s.resolution.outcome} on {s.resolution.date} "
            f"meanwhile, and the meeting on {day} lies in its span; try again"
        )
    why = f"the meeting recorded by '{named}'" + (
        f": {note.strip()}" if note and note.strip() else ""
    )
    new_text = ed.set_resolution(text, {"outcome": "yes", "date": day, "note": why})
    s2, _ = ws.attach(parse_question(new_text, ws.question_path(sibling)), new_text)
    return [(s, s2, new_text)]


@contextmanager
def _event_lock(ws: Workspace, question_id: str) -> Iterator[None]:
    """The lock of the question's event, if it has one (resolutions of one event are checked together)."""
    try:
        event_id = ws.read_question(question_id)[1].event
    except (LedgerError, UnknownQuestionError):
        event_id = None
    if event_id is None:
        yield
        return
    with ws.lock("event", event_id):
        yield


def reopen(ws: Workspace, question_id: str, *, today: dt.date) -> ChangeResult:
    """Undo a question's resolution (the removed table is kept in the file as a comment, with today's date)."""
    ws.require()
    with ws.lock("question", question_id):
        text, q = ws.read_question(question_id)
        q, event = ws.attach(q, text)
        if q.resolution is None:
            raise ValidationError(f"'{question_id}' is not resolved")
        r = q.resolution
        path = ws.question_path(question_id)
        new_text = ed.remove_resolution(text)
        nl = "\r\n" if "\r\n" in text else "\n"
        note = f" ({r.note})" if r.note else ""
        new_text = (
            new_text.rstrip("\r\n")
            + nl
            + f"# reopened {today}: was resolved {r.outcome} on {r.date}{note}"
            + nl
        )
        q2 = parse_question(new_text, path)
        q2, _ = ws.attach(q2, new_text)
        learned = learned_reliability(ws)
        before = forecast(q, today, event=event, learned=learned)
        after = forecast(q2, today, event=event, learned=learned)
        ws.check_writable(ws.log_path(question_id))
        ws.write(path, new_text)
        record_forecast(ws, after, "reopen", today)
    return ChangeResult(
        "reopen", path, question_id, "question", [QuestionChange(q2, before, after)]
    )


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
