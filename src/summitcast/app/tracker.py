"""Reading the ledger: what ``show``, ``list`` and ``history`` compute, as library functions.

Each function takes the :class:`Workspace` the command line opened, the day, and plain values and returns a result object; printing is the caller's
business (:mod:`summitcast.render.text`). Checking it is :mod:`summitcast.app.checks`; changing it :mod:`summitcast.app.changes`. Errors name fields, never
command-line flags.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from summitcast.domain.event import Event
from summitcast.domain.question import Question
from summitcast.errors import ValidationError
from summitcast.model import (
    EventForecast,
    Forecast,
    LearnedReliability,
    Trajectory,
    apply_status,
    compute_event,
    event_forecast,
    forecast,
    meeting_day,
    optional_float,
    status_as_of,
    trajectory,
)
from summitcast.store.forecastlog import LoggedForecast, read_log
from summitcast.store.workspace import Workspace

__all__ = [
    "EventShowResult",
    "ListResult",
    "ListRow",
    "ShowResult",
    "history",
    "learned_reliability",
    "list_questions",
    "show",
]


def learned_reliability(ws: Workspace, *, use_fit: bool = True) -> LearnedReliability | None:
    """The stored reliability fit of the workspace, if there is one and it is to be used (numpy only)."""
    if not use_fit or not ws.fit_path.exists():
        return None
    from summitcast.fit import load_learned

    return load_learned(ws.root)


def _met(ws: Workspace, question: Question) -> dt.date | None:
    """The day of the meeting the question's event records (a ``yes`` of any of its questions), if any."""
    if question.event is None:
        return None
    return meeting_day(ws.questions_of(question.event), dt.date.max)


def _last_recorded(ws: Workspace, question_id: str) -> LoggedForecast | None:
    log = read_log(ws.log_path(question_id))
    return log[-1] if log else None


def _fit_json(learned: LearnedReliability | None) -> str | None:
    return None if learned is None else ("stale" if learned.stale else "current")


# ------------------------------------------------------------------------------------------- show


@dataclass(frozen=True)
class ShowResult:
    """What ``show ID`` reports: the forecast, the question and its event, the last published forecast, the fit."""

    question: Question
    event: Event
    forecast: Forecast
    last_recorded: LoggedForecast | None
    learned: LearnedReliability | None

    def to_json(self) -> dict[str, Any]:
        """The ``show --json`` document."""
        out = self.forecast.to_json()
        out["title"] = self.question.title
        last = self.last_recorded
        out["last_recorded"] = (
            None
            if last is None
            else {
                "timestamp": last.timestamp.isoformat().replace("+00:00", "Z"),
                "as_of": last.as_of.isoformat(),
                "probability": last.probability,
            }
        )
        out["reliability_fit"] = _fit_json(self.learned)
        return out


@dataclass(frozen=True)
class EventShowResult:
    """What ``show EVENT`` reports: the event's curve and the forecast of each of its questions."""

    event: Event
    result: EventForecast
    learned: LearnedReliability | None

    def to_json(self) -> dict[str, Any]:
        """The ``show EVENT --json`` document (CONTRACT section 6)."""
        out = self.result.to_json()
        out["title"] = self.event.title
        out["reliability_fit"] = _fit_json(self.learned)
        return out


def show(
    ws: Workspace,
    ident: str,
    as_of: dt.date,
    by: dt.date | None = None,
    *,
    use_fit: bool = True,
) -> ShowResult | EventShowResult:
    """The forecast of one question (or of one event and all its questions) and what drives it.

    Parameters
    ----------
    ws
        The forecasts folder.
    ident
        A question id, or an event id (then ``by`` is not allowed).
    as_of
        The day (the command line gives today by default).
    by
        The horizon of a question (default its deadline).
    use_fit
        Use the stored reliability fit when there is one (``--no-fit``: the stated defaults).

    Returns
    -------
    ShowResult or EventShowResult
        The forecast and its context.
    """
    ws.require()
    target = ws.target(ident)
    learned = learned_reliability(ws, use_fit=use_fit)
    if target.kind == "event":
        questions = ws.questions_of(target.event.id)
        res = event_forecast(target.event, questions, as_of, learned=learned, by=by)
        return EventShowResult(target.event, res, learned)
    q = target.question
    assert q is not None
    fc = forecast(q, as_of, by, event=target.event, learned=learned, met=_met(ws, q))
    return ShowResult(q, target.event, fc, _last_recorded(ws, q.id), learned)


# ------------------------------------------------------------------------------------------- list


@dataclass(frozen=True)
class ListRow:
    """One question in ``list``."""

    question: Question
    status: str
    probability: float | None
    low: float | None
    high: float | None
    change_7d: float | None


@dataclass(frozen=True)
class ListResult:
    """What ``list`` reports: a row per readable question, and the files that could not be read."""

    as_of: dt.date
    rows: list[ListRow]
    learned: LearnedReliability | None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``list --json`` document."""
        return {
            "as_of": self.as_of.isoformat(),
            "questions": [
                {
                    "id": r.question.id,
                    "event": r.question.event,
                    "title": r.question.title,
                    "status": r.status,
                    "probability": r.probability,
                    "interval": None if r.low is None else [r.low, r.high],
                    "change_7d": r.change_7d,
                    "opens": r.question.opens.isoformat(),
                    "deadline": r.question.deadline.isoformat(),
                }
                for r in self.rows
            ],
            "problems": self.problems,
            "reliability_fit": _fit_json(self.learned),
        }


def list_questions(ws: Workspace, as_of: dt.date, *, use_fit: bool = True) -> ListResult:
    """Every question with its forecast, its change over 7 days and its status.

    Questions of one event are computed together, once per event. A file that cannot be read is named in
    ``problems`` and the other questions are still listed.

    Parameters
    ----------
    ws
        The forecasts folder.
    as_of
        The day (the command line gives today by default).
    use_fit
        Use the stored reliability fit when there is one.

    Returns
    -------
    ListResult
        One row per readable question, sorted by id.
    """
    ws.require()
    learned = learned_reliability(ws, use_fit=use_fit)
    loaded, bad = ws.load_all()
    by_event: dict[str, tuple[Event, list[Question]]] = {}
    for q, ev in loaded:
        by_event.setdefault(ev.id if q.event else f"\0{q.id}", (ev, []))[1].append(q)
    rows: dict[str, ListRow] = {}
    days = [as_of - dt.timedelta(days=7), as_of]
    for ev, questions in by_event.values():
        arrays = compute_event(ev, days, [q.deadline for q in questions], learned=learned)
        met = meeting_day(questions, dt.date.max) if not ev.standalone else None
        for j, q in enumerate(questions):
            p, lo, hi = (x[:, j].copy() for x in (arrays.point, arrays.low, arrays.high))
            statuses = [status_as_of(q, d, met) for d in days]
            apply_status(statuses, p, lo, hi)
            then, now = optional_float(p[0]), optional_float(p[1])
            rows[q.id] = ListRow(
                q,
                statuses[1],
                now,
                optional_float(lo[1]),
                optional_float(hi[1]),
                None if then is None or now is None else now - then,
            )
    problems = [line for exc in bad for line in exc.lines()]
    return ListResult(as_of, [rows[k] for k in sorted(rows)], learned, problems)


# ---------------------------------------------------------------------------------------- history


def history(
    ws: Workspace,
    question_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    every: int = 1,
    *,
    today: dt.date,
    use_fit: bool = True,
) -> Trajectory:
    """The forecast on every ``every``-th day from ``start`` to ``end`` (both included when on the step).

    ``start`` defaults to the question's ``opens``; ``end`` to its resolution date when resolved, else today.
    Days before ``opens`` are ``not-open`` (no forecast).

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question.
    start, end
        The first and last day.
    today
        Today (the default ``end`` of an unresolved question).
    every
        The step in days (>= 1).
    use_fit
        Use the stored reliability fit when there is one.

    Returns
    -------
    Trajectory
        Computed in one vectorised pass.
    """
    ws.require()
    if every < 1:
        raise ValidationError(f"must be at least 1 (got {every})", field="every")
    ws.refuse_event(
        question_id,
        f"`summitcast show {question_id}` gives its curve; history takes one of its questions",
    )
    q, ev = ws.load(question_id)
    given_end = end is not None
    start = start or q.opens
    if end is None:
        end = q.resolution.date if q.resolution is not None else today
    if end < start:
        if not given_end:
            raise ValidationError.mentioning(
                "'{qid}' opens on {opens}, after today ({end_}): no forecast to show yet "
                "(give {start} and {end} to see the days before it opens)",
                {"qid": q.id, "opens": q.opens, "end_": end},
            )
        raise ValidationError(f"must not be before the start ({end} < {start})", field="end")
    n = (end - start).days
    days = [start + dt.timedelta(days=k) for k in range(0, n + 1, every)]
    learned = learned_reliability(ws, use_fit=use_fit)
    return trajectory(q, days, event=ev, learned=learned, met=_met(ws, q))
