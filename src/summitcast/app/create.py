"""Creating ledger files: ``new`` (a question, self-contained or on an event) and ``new-event``.

Each holds the lock of the file it creates, refuses one that exists, validates the whole text before writing it
atomically, and records the new question's first forecast in its log. Changing a file that exists is
:mod:`summitcast.app.changes`. Errors name fields (``prior``, ``deadline``); the command line turns them into flags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from summitcast.app.changeresult import (
    ChangeResult,
    QuestionChange,
    check_finite,
    check_text,
    record_forecast,
)
from summitcast.app.tracker import learned_reliability
from summitcast.domain.event import Event
from summitcast.domain.limits import check_limit
from summitcast.errors import QuestionExistsError, ValidationError
from summitcast.model import forecast
from summitcast.store import edit as ed
from summitcast.store.ledger import parse_event, parse_question
from summitcast.store.workspace import Workspace, check_id

__all__ = ["EventCreated", "new_event", "new_question"]


def _criteria(criteria: str | None) -> None:
    if criteria is not None and not criteria.strip():
        raise ValidationError(
            "must not be empty (leave it out for the default rule)", field="criteria"
        )


def _prior(prior: float, weight: float | None) -> None:
    """Refuse a prior or a weight outside its range (:data:`summitcast.domain.limits.LIMITS`), naming the field.

    Examples
    --------
    >>> _prior(0.2, 10.0)
    >>> _prior(1.5, None)
    Traceback (most recent call last):
    ...
    summitcast.errors.ValidationError: must be between 0 and 1, exclusive (got 1.5)
    """
    check_finite(prior=prior, weight=weight)
    if not 0 < prior < 1:
        raise ValidationError(f"must be between 0 and 1, exclusive (got {prior})", field="prior")
    check_limit("probability", prior, field="prior")
    check_limit("weight", weight)


def new_question(
    ws: Workspace,
    question_id: str,
    *,
    today: dt.date,
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
    ws
        The forecasts folder (created if missing).
    question_id
        The new question's id (lowercase letters, digits, hyphens).
    today
        Today (the day of its first forecast).
    title, opens, deadline, prior, weight, criteria, rationale, tags
        As in the question file; ``criteria`` defaults to a standard in-person-meeting rule (or the event's).
    event
        The event the question asks about (then no ``prior``, ``weight`` or ``rationale``).

    Returns
    -------
    ChangeResult
        The new question and its first forecast.
    """
    check_id(question_id)
    check_text("title", title)
    _criteria(criteria)
    for t in tags or []:
        check_text("tags", t)
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
            raise ValidationError.mentioning("is required (or give {event})", {}, field="prior")
        if opens is None:
            raise ValidationError.mentioning("is required (or give {event})", {}, field="opens")
        _prior(prior, weight)
        text = ed.render_new_question(
            title=title,
            opens=opens,
            deadline=deadline,
            probability=prior,
            weight=weight,
            criteria=criteria,
            rationale=rationale if rationale and rationale.strip() else None,
            tags=tags,
        )
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
        fc = forecast(q, today, event=ev_used, learned=learned_reliability(ws))
        ws.check_writable(ws.log_path(question_id))
        ws.write(path, text)
        record_forecast(ws, fc, "new", today)
    return ChangeResult("new", path, question_id, "question", [QuestionChange(q, None, fc)])


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
    ws: Workspace,
    event_id: str,
    *,
    today: dt.date,
    title: str,
    opens: dt.date,
    until: dt.date,
    prior: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
    tags: list[str] | None = None,
) -> EventCreated:
    """Create ``DIR/events/<event_id>.toml`` (CONTRACT section 6).

    Parameters
    ----------
    ws
        The forecasts folder (created if missing).
    event_id
        The new event's id.
    today
        Today (the day of its first forecast).
    title, opens, until, prior, weight, criteria, rationale, tags
        As in the event file.

    Returns
    -------
    EventCreated
        The event and its forecast by ``until`` as of today.
    """
    from summitcast.model import compute_event

    check_id(event_id, "event")
    check_text("title", title)
    _criteria(criteria)
    for t in tags or []:
        check_text("tags", t)
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
        tags=tags,
    )
    path = ws.event_path(event_id)
    with ws.lock("event", event_id):
        if path.exists():
            raise QuestionExistsError(f"event '{event_id}' already exists: {path}")
        event = parse_event(text, path)
        ws.write(path, text)
    now = today
    p = None
    if event.opens <= now <= event.until:
        p = float(compute_event(event, [now], [event.until], with_interval=False).point[0, 0])
    return EventCreated(event, path, p)
