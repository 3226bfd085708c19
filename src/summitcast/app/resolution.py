"""Resolving and reopening a question: ``resolve`` and ``reopen``.

A ``yes`` on a question of an event is the event's meeting and resolves with it every other unresolved question
whose span holds that day, under the event's lock and each question's. Like every change
(:mod:`summitcast.app.changes`), a refused resolution leaves every file byte-identical, and errors name fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from summitcast.app.changeresult import ChangeResult, QuestionChange, record_forecast
from summitcast.app.checks import resolution_conflicts
from summitcast.app.tracker import learned_reliability
from summitcast.domain.question import OUTCOMES, Question
from summitcast.errors import LedgerError, UnknownQuestionError, ValidationError
from summitcast.model import forecast
from summitcast.store import edit as ed
from summitcast.store.ledger import parse_question
from summitcast.store.workspace import Workspace

__all__ = ["reopen", "resolve"]


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
        date = _resolution_date(q, outcome, date, now)
        path = ws.question_path(question_id)
        new_text = ed.set_resolution(
            text,
            {"outcome": outcome, "date": date, "note": note if note and note.strip() else None},
        )
        q2 = parse_question(new_text, path)
        q2, _ = ws.attach(q2, new_text)
        implied = _siblings_resolved(ws, q2, question_id, outcome, date, note, held)
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


def _resolution_date(q: Question, outcome: str, date: dt.date | None, now: dt.date) -> dt.date:
    """The day a resolution is recorded on, or why time does not allow it (see :func:`resolve`)."""
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
            raise ValidationError(f"must not be before opens ({date} < {q.opens})", field="date")
    else:
        date = date or now
    return date


def _siblings_resolved(
    ws: Workspace,
    q2: Question,
    question_id: str,
    outcome: str,
    date: dt.date,
    note: str | None,
    held: ExitStack,
) -> list[tuple[Question, Question, str]]:
    """``(before, after, new text)`` of each sibling the resolution ``q2`` resolves with it (each sibling's lock
    entered on ``held``); a resolution that contradicts a sibling's is refused."""
    implied: list[tuple[Question, Question, str]] = []
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
    return implied


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
