"""Changing the ledger: ``new``, ``new-event``, ``add``, ``window``, ``resolve``, ``remove``, ``edit``, ``reopen``.

Every change holds the lock of the file it writes (a question's, or its event's when the question is on one),
re-reads that file under the lock, validates the edited text as a whole before writing it atomically, and records
the forecast each affected question then gives in its log. A refused change leaves every file byte-identical.
Errors name fields (``lr``, ``window``, ``date``); the command line turns them into flags.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from summitcast import __version__
from summitcast import edit as ed
from summitcast.errors import LedgerError, QuestionExistsError, ValidationError
from summitcast.event import Event, as_event
from summitcast.forecastlog import LoggedForecast, append_forecast
from summitcast.ledger import did_you_mean, evidence_field_problems, parse_event, parse_question
from summitcast.model import Forecast, forecast, forecasts_at
from summitcast.question import OUTCOMES, Question
from summitcast.tracker import learned_reliability, resolution_conflicts, today, workspace
from summitcast.workspace import Workspace, check_id

__all__ = [
    "AddResult",
    "ChangeResult",
    "add_evidence",
    "add_window",
    "edit_item",
    "new_event",
    "new_question",
    "remove_item",
    "reopen",
    "resolve",
]


@dataclass(frozen=True)
class QuestionChange:
    """One question's forecast before and after a change (as of today)."""

    question: Question
    before: Forecast | None
    after: Forecast

    def to_json(self) -> dict[str, Any]:
        """The question's part of a change's JSON document."""
        return {
            "id": self.question.id,
            "before": None if self.before is None else self.before.to_json(),
            "after": self.after.to_json(),
        }


@dataclass(frozen=True)
class ChangeResult:
    """What a changing command reports: the file written and every affected question's forecasts."""

    action: str
    path: Any
    target: str
    kind: str
    changes: list[QuestionChange]
    item_id: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def question(self) -> Question:
        """The first affected question (the one named, for a self-contained file)."""
        return self.changes[0].question

    @property
    def forecast(self) -> Forecast:
        """The named question's forecast after the change."""
        return self.changes[0].after

    @property
    def before(self) -> Forecast | None:
        """The named question's forecast before the change."""
        return self.changes[0].before

    @property
    def after(self) -> Forecast:
        """The named question's forecast after the change."""
        return self.changes[0].after

    @property
    def evidence_id(self) -> str | None:
        """The item added or changed (v1 name)."""
        return self.item_id

    @property
    def contribution(self) -> float:
        """The item's effective log-odds shift as of today (0 for a reprint, or once its window has passed)."""
        if self.item_id is None or not self.changes:
            return 0.0
        return self.changes[0].after.contributions.get(self.item_id, 0.0)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of a change (``add``, ``window``, ``resolve``, ...)."""
        out: dict[str, Any] = {
            "id": self.target,
            "kind": self.kind,
            "action": self.action,
            "path": str(self.path),
            "questions": [c.to_json() for c in self.changes],
            "warnings": self.warnings,
        }
        if self.changes:
            out["forecast"] = self.changes[0].after.to_json()
            out["before"] = (
                None if self.changes[0].before is None else self.changes[0].before.to_json()
            )
            out["after"] = self.changes[0].after.to_json()
        if self.item_id is not None:
            out["evidence_id"] = self.item_id
            out["item_id"] = self.item_id
            out["contribution"] = self.contribution
        return out


AddResult = ChangeResult


def _now() -> dt.datetime:
    now = dt.datetime.now(dt.UTC)
    pinned = today()
    return now if pinned == now.date() else dt.datetime.combine(pinned, now.timetz())


def _finite(**options: float | None) -> None:
    for name, value in options.items():
        if value is not None and not math.isfinite(value):
            raise ValidationError(f"must be a finite number (got {value})", field=name)


def _text(name: str, value: str | None, *, required: bool = True) -> None:
    if value is None:
        if required:
            raise ValidationError("is required", field=name)
        return
    if not value.strip():
        raise ValidationError("must not be empty", field=name)


def _criteria(criteria: str | None) -> None:
    if criteria is not None and not criteria.strip():
        raise ValidationError(
            "must not be empty (leave it out for the default rule)", field="criteria"
        )


def _prior(prior: float, weight: float | None) -> None:
    _finite(prior=prior, weight=weight)
    if not 0 < prior < 1:
        raise ValidationError(f"must be between 0 and 1, exclusive (got {prior})", field="prior")
    if weight is not None and not weight > 0:
        raise ValidationError(f"must be > 0 (got {weight})", field="weight")


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


@contextmanager
def _unit(ws: Workspace, ident: str) -> Iterator[_Unit]:
    """Lock and read what ``ident`` (a question or an event) writes to: the question file, or its event's."""
    ws.require()
    target = ws.target(ident)
    if target.kind == "question" and target.question is not None and target.question.event is None:
        with ws.lock("question", ident):
            text, q = ws.read_question(ident)
            yield _Unit(ws, "question", ident, ws.question_path(ident), text, as_event(q), [q], q)
        return
    eid = target.event.id
    with ws.lock("event", eid):
        text, event = ws.read_event(eid, fresh=True)
        questions = ws.questions_of(eid)
        named = next((q for q in questions if q.id == ident), None)
        if named is not None:
            questions = [named] + [q for q in questions if q.id != ident]
        yield _Unit(ws, "event", eid, ws.event_path(eid), text, event, questions, named)


def _record(ws: Workspace, fc: Forecast, command: str) -> None:
    append_forecast(
        ws.log_path(fc.id),
        LoggedForecast(
            id=fc.id,
            timestamp=_now(),
            as_of=fc.as_of,
            probability=fc.probability,
            low=fc.low,
            high=fc.high,
            evidence_used=fc.evidence_used,
            version=__version__,
            command=command,
        ),
    )


def _commit(unit: _Unit, new_text: str, command: str, item_id: str | None = None) -> ChangeResult:
    """Validate the edited text, write it atomically, record every affected question's forecast."""
    ws, now = unit.ws, today()
    learned = learned_reliability(ws)
    if unit.kind == "question":
        q2 = parse_question(new_text, unit.path)
        ev2, questions2 = as_event(q2), [q2]
    else:
        ev2 = parse_event(new_text, unit.path)
        questions2 = unit.questions
    before = {f.id: f for f in forecasts_at(unit.questions, unit.event, now, learned=learned)}
    after = forecasts_at(questions2, ev2, now, learned=learned)
    changes = [
        QuestionChange(q, before.get(q.id), f) for q, f in zip(questions2, after, strict=True)
    ]
    ws.write(unit.path, new_text)
    ws._events.pop(unit.ident, None)
    for c in changes:
        _record(ws, c.after, command)
    warnings = [
        f"'{q.id}' is already resolved {q.resolution.outcome} on {q.resolution.date}"
        for q in questions2
        if q.resolution is not None and item_id is not None
    ]
    return ChangeResult(command, unit.path, unit.ident, unit.kind, changes, item_id, warnings)


# ---------------------------------------------------------------------------------------- creating


def new_question(
    directory: Any,
    question_id: str,
    *,
    title: str,
    deadline: dt.date,
    opens: dt.date | None = None,
    prior: float | None = None,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
    event: str | None = None,
    tags: list[str] | None = None,
) -> ChangeResult:
    """Create ``DIR/<question_id>.toml``: self-contained (with a prior), or on an event (without one).

    Parameters
    ----------
    directory
        The forecasts directory (created if missing).
    question_id
        The new question's id (lowercase letters, digits, hyphens).
    title, opens, deadline, prior, weight, criteria, rationale, tags
        As in the question file; ``criteria`` defaults to a standard in-person-meeting rule (or the event's).
    event
        The event the question asks about (then no ``prior``, ``weight`` or ``rationale``).

    Returns
    -------
    ChangeResult
        The new question and its first forecast.
    """
    ws = workspace(directory)
    check_id(question_id)
    _text("title", title)
    _criteria(criteria)
    for t in tags or []:
        _text("tags", t)
    if event is not None:
        check_id(event, "event", field="event")
        for name, value in (("prior", prior), ("weight", weight), ("rationale", rationale)):
            if value is not None:
                raise ValidationError(
                    "a question on an event takes its prior from the event", field=name
                )
        ev = ws.load_event(event)
        if opens is not None and opens < ev.opens:
            raise ValidationError(
                f"must not be before the event's opens ({opens} < {ev.opens})", field="opens"
            )
        if deadline > ev.until:
            raise ValidationError(
                f"must not be after the event's until ({deadline} > {ev.until})", field="deadline"
            )
        text = ed.render_question_on_event(
            event=event, title=title, deadline=deadline, opens=opens, criteria=criteria, tags=tags
        )
    else:
        if prior is None:
            raise ValidationError("is required (or give --event)", field="prior")
        if opens is None:
            raise ValidationError("is required (or give --event)", field="opens")
        _prior(prior, weight)
        text = ed.render_new_question(
            title=title,
            opens=opens,
            deadline=deadline,
            probability=prior,
            weight=weight,
            criteria=criteria,
            rationale=rationale if rationale and rationale.strip() else None,
        )
        if tags:
            text = text.replace("tags = []", "tags = " + _toml_list(tags), 1)
    start = opens or (ws.load_event(event).opens if event else None)
    if start is not None and deadline < start:
        raise ValidationError(f"must not be before opens ({deadline} < {start})", field="deadline")
    ws.root.mkdir(parents=True, exist_ok=True)
    path = ws.question_path(question_id)
    with ws.lock("question", question_id):
        if path.exists():
            raise QuestionExistsError(f"question '{question_id}' already exists: {path}")
        q = parse_question(text, path)
        q, ev_used = ws.attach(q, text)
        fc = forecast(q, today(), event=ev_used, learned=learned_reliability(ws))
        ws.write(path, text)
        _record(ws, fc, "new")
    return ChangeResult("new", path, question_id, "question", [QuestionChange(q, None, fc)])


def _toml_list(values: list[str]) -> str:
    import json

    return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"


@dataclass(frozen=True)
class EventCreated:
    """What ``new-event`` reports: the event file and the event's forecast by its ``until``."""

    event: Event
    path: Any
    probability: float | None

    def to_json(self) -> dict[str, Any]:
        """The ``new-event --json`` document."""
        return {
            "id": self.event.id,
            "kind": "event",
            "action": "new-event",
            "path": str(self.path),
            "opens": self.event.opens.isoformat(),
            "until": self.event.until.isoformat(),
            "probability": self.probability,
        }


def new_event(
    directory: Any,
    event_id: str,
    *,
    title: str,
    opens: dt.date,
    until: dt.date,
    prior: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
) -> EventCreated:
    """Create ``DIR/events/<event_id>.toml`` (CONTRACT section 6).

    Parameters
    ----------
    directory
        The forecasts directory (created if missing).
    event_id
        The new event's id.
    title, opens, until, prior, weight, criteria, rationale
        As in the event file.

    Returns
    -------
    EventCreated
        The event and its forecast by ``until`` as of today.
    """
    from summitcast.model import compute_event

    ws = workspace(directory)
    check_id(event_id, "event")
    _text("title", title)
    _criteria(criteria)
    _prior(prior, weight)
    if until < opens:
        raise ValidationError(f"must not be before opens ({until} < {opens})", field="until")
    text = ed.render_new_event(
        title=title,
        opens=opens,
        until=until,
        probability=prior,
        weight=weight,
        criteria=criteria,
        rationale=rationale if rationale and rationale.strip() else None,
    )
    path = ws.event_path(event_id)
    with ws.lock("event", event_id):
        if path.exists():
            raise QuestionExistsError(f"event '{event_id}' already exists: {path}")
        event = parse_event(text, path)
        ws.write(path, text)
    now = today()
    p = None
    if event.opens <= now <= event.until:
        p = float(compute_event(event, [now], [event.until], with_interval=False).point[0, 0])
    return EventCreated(event, path, p)


# -------------------------------------------------------------------------------------- evidence


def _slug(source: str, says: str) -> str:
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
        _text(key, item.get(key))
    _finite(
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
    window = item.get("window")
    if window is not None and window not in {w.id for w in unit.event.windows}:
        known = [w.id for w in unit.event.windows]
        hint = did_you_mean(window, known) or (
            f" (windows: {', '.join(known)})" if known else f" ({unit.path} has no windows)"
        )
        raise ValidationError(f"unknown window '{window}' in {unit.path}{hint}", field="window")


def add_evidence(
    directory: Any,
    ident: str,
    *,
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
) -> ChangeResult:
    """Append one evidence item, once, to the file that holds the evidence of ``ident``.

    For a question on an event the item goes to the event file, and every question of the event is reported
    before and after.

    Parameters
    ----------
    directory
        The forecasts directory.
    ident
        A question (or an event) id.
    source, says, lr, strength, direction, source_type, date, logged, origin, reliability, window,
    half_life_days, url
        The item's fields (CONTRACT section 1); ``date`` and ``logged`` default to today.
    evidence_id
        The item's id; default a readable slug of the source and what was said, made unique.

    Returns
    -------
    ChangeResult
        Every affected question's forecast before and after, and the item's contribution.
    """
    ws = workspace(directory)
    now = today()
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
        _text("id", evidence_id)
    with _unit(ws, ident) as unit:
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
        return _commit(unit, ed.append_evidence(unit.text, item), f"add {evidence_id}", evidence_id)


def add_window(
    directory: Any,
    ident: str,
    *,
    window_id: str,
    name: str,
    start: dt.date,
    end: dt.date,
    hazard: float = 1.0,
    announced: dt.date | None = None,
) -> ChangeResult:
    """Add a ``[[windows]]`` entry (a trip, a summit, a named period) to the file that holds ``ident``'s windows.

    Parameters
    ----------
    directory
        The forecasts directory.
    ident
        A question (or an event) id.
    window_id, name, start, end, hazard, announced
        The window (CONTRACT section 1); it must lie within the span (the event's horizon). ``announced``
        defaults to today, and must be given for a window that ended before today.

    Returns
    -------
    ChangeResult
        Every affected question's forecast before and after.
    """
    ws = workspace(directory)
    _text("window_id", window_id)
    check_id(window_id, "window", field="window_id")
    _text("name", name)
    _finite(hazard=hazard)
    if not hazard >= 0:
        raise ValidationError(f"must be >= 0 (got {hazard})", field="hazard")
    if end < start:
        raise ValidationError(f"must not be before the start ({end} < {start})", field="end")
    now = today()
    if announced is not None and announced > now:
        raise ValidationError(f"{announced} is after today ({now})", field="announced")
    with _unit(ws, ident) as unit:
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
                f"is required for a window that ended before today ({end} < {now}): give the day "
                "it became public",
                field="announced",
            )
        announced = announced or now
        if announced > end:
            raise ValidationError(
                f"must not be after the window's end ({announced} > {end})", field="announced"
            )
        values = {
            "id": window_id,
            "name": name,
            "start": start,
            "end": end,
            "hazard": float(hazard),
            "announced": announced,
        }
        return _commit(unit, ed.append_window(unit.text, values), f"window {window_id}")


# ------------------------------------------------------------------------------------- resolution


def resolve(
    directory: Any,
    question_id: str,
    outcome: str,
    *,
    date: dt.date | None = None,
    note: str | None = None,
) -> ChangeResult:
    """Record a question's outcome (``yes``, ``no`` or ``annulled``); time must allow it.

    ``yes`` needs a day within [opens, deadline] and not after today (default today). ``no`` before the deadline
    has passed needs ``date``, the day it was settled (when the criteria allow an early settlement, e.g. the
    summit was called off for good); otherwise it takes the day after the deadline.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    outcome
        ``yes``, ``no`` or ``annulled``.
    date
        The resolution date (see above).
    note
        Free text, e.g. the source that settles it.

    Returns
    -------
    ChangeResult
        The question's forecast before and after.
    """
    ws = workspace(directory)
    if outcome not in OUTCOMES:
        raise ValidationError(f"must be yes, no or annulled (got {outcome!r})", field="outcome")
    now = today()
    if date is not None and date > now:
        raise ValidationError(f"{date} is after today ({now})", field="date")
    ws.require()
    with ws.lock("question", question_id):
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
        if q2.event is not None:
            conflicts = resolution_conflicts(q2, ws.questions_of(q2.event))
            if conflicts:
                raise ValidationError(conflicts[0])
        learned = learned_reliability(ws)
        before = forecast(q, now, event=event, learned=learned)
        after = forecast(q2, now, event=event, learned=learned)
        ws.write(path, new_text)
        _record(ws, after, f"resolve {outcome}")
    return ChangeResult(
        f"resolve {outcome}", path, question_id, "question", [QuestionChange(q2, before, after)]
    )


def reopen(directory: Any, question_id: str) -> ChangeResult:
    """Undo a question's resolution (the removed table is kept in the file as a comment, with today's date)."""
    ws = workspace(directory)
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
            + f"# reopened {today()}: was resolved {r.outcome} on {r.date}{note}"
            + nl
        )
        q2 = parse_question(new_text, path)
        q2, _ = ws.attach(q2, new_text)
        learned = learned_reliability(ws)
        before = forecast(q, today(), event=event, learned=learned)
        after = forecast(q2, today(), event=event, learned=learned)
        ws.write(path, new_text)
        _record(ws, after, "reopen")
    return ChangeResult(
        "reopen", path, question_id, "question", [QuestionChange(q2, before, after)]
    )


# ------------------------------------------------------------------------------ removing, editing


def remove_item(directory: Any, ident: str, item_id: str) -> ChangeResult:
    """Remove an evidence item or a window (with no item scoped to it) from the file that holds ``ident``'s."""
    ws = workspace(directory)
    with _unit(ws, ident) as unit:
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


def edit_item(directory: Any, ident: str, item_id: str, **changes: Any) -> ChangeResult:
    """Change fields of one evidence item (the flags of ``add``); the edited item is judged like a new one.

    ``lr`` replaces ``strength``/``direction`` and the other way round.
    """
    ws = workspace(directory)
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        raise ValidationError("nothing to change: give at least one field")
    with _unit(ws, ident) as unit:
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
        _check_item(judged, unit, today())
        update = dict(fields)
        new_text = ed.replace_table(unit.text, "evidence", item_id, update)
        return _commit(unit, new_text, f"edit {item_id}", item_id)


_ = (LedgerError,)
