"""The numbers of the weekly report, computed before anything is drawn (numpy only, no matplotlib).

:func:`collect` reads the forecasts folder once and returns a :class:`ReportData`: the questions that get a page
(with their daily trajectories, the contributions of their items, the week's evidence), the events that get a
meeting-date page, the ``due`` list as of Sunday, the per-question scores of the daily trajectories and the track
record (:func:`summitcast.app.track.track`) over the questions resolved by Sunday.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Question
from summitcast.errors import LedgerError, ValidationError
from summitcast.model import (
    EventForecast,
    Forecast,
    LearnedReliability,
    Trajectory,
    event_forecast,
    evidence_terms,
    forecast,
    status_as_of,
    trajectory,
)
from summitcast.numeric import optional_float
from summitcast.store.workspace import Workspace

__all__ = [
    "EventData",
    "QuestionData",
    "ReportData",
    "ScoreRow",
    "collect",
    "default_report_path",
    "parse_week",
    "week_bounds",
    "week_of",
]

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


# ------------------------------------------------------------------------------------------ weeks


def parse_week(text: str) -> tuple[dt.date, dt.date]:
    """Return the Monday and Sunday of an ISO week written ``YYYY-Www``.

    Parameters
    ----------
    text
        The week, e.g. ``2025-W44``.

    Returns
    -------
    (datetime.date, datetime.date)
        Its first (Monday) and last (Sunday) day.

    Raises
    ------
    ValidationError
        When ``text`` is not of that form or names a week the year does not have.

    Examples
    --------
    >>> parse_week("2025-W44")
    (datetime.date(2025, 10, 27), datetime.date(2025, 11, 2))
    """
    m = _WEEK.match(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise ValidationError(f"expected YYYY-Www, e.g. 2025-W44 (got {text!r})", field="week")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a week of {year} (ISO weeks run from W01 to W52 or W53)", field="week"
        ) from None
    return monday, monday + dt.timedelta(days=6)


def week_of(day: dt.date) -> str:
    """The ISO week containing ``day``, as ``YYYY-Www``.

    Examples
    --------
    >>> week_of(dt.date(2025, 11, 2)), week_of(dt.date(2026, 1, 1))
    ('2025-W44', '2026-W01')
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """Alias of :func:`parse_week`: the Monday and Sunday of ``week``."""
    return parse_week(week)


def default_report_path(week: str) -> Path:
    """``reports/YYYY-Www.pdf``, relative to the current working directory (CONTRACT section 3)."""
    return Path("reports") / f"{week}.pdf"


# ------------------------------------------------------------------------------------------ questions


@dataclass
class QuestionData:
    """Everything the report shows about one question.

    Attributes
    ----------
    question, event
        The question and its event (the question itself as a one-question event when self-contained).
    now
        The forecast as of the end of Sunday.
    start_probability
        The forecast at the end of the previous Sunday (or on the opening day for a new question).
    new
        Whether the question opened during the week.
    days, path
        The daily trajectory from ``opens`` to Sunday.
    contribution_on_logging
        Each item's log-odds contribution on the day it was logged (when it entered the forecast).
    week_items
        The items logged during the week, in the order they were logged.
    siblings
        The other questions of the event with their forecasts as of Sunday (empty for a one-question event).
    """

    question: Question
    event: Event
    now: Forecast
    start_probability: float | None
    new: bool
    days: list[dt.date]
    path: Trajectory
    contribution_on_logging: dict[str, float]
    week_items: list[Evidence] = field(default_factory=list)
    siblings: list[tuple[Question, Forecast]] = field(default_factory=list)

    @property
    def ev(self) -> Event:
        """The question's event."""
        return self.event

    @property
    def change(self) -> float | None:
        """The change of the forecast over the week (``None`` where either end has none)."""
        p, s = self.now.probability, self.start_probability
        return None if p is None or s is None else p - s


@dataclass
class EventData:
    """An event with several questions: its meeting-date distribution as of Sunday.

    Attributes
    ----------
    event
        The event.
    questions
        Every question of the event in the ledger, by deadline.
    forecast
        :func:`summitcast.model.event_forecast` as of Sunday: ``cdf`` holds (month end, P, low, high).
    previous
        The same as of the previous Sunday (for the week's change), or None before the event opened.
    """

    event: Event
    questions: list[Question]
    forecast: EventForecast
    previous: EventForecast | None


@dataclass(frozen=True)
class ScoreRow:
    """The scores of one resolved question's daily trajectory (None where there is nothing to score)."""

    question: Question
    days: int
    brier: float | None = None
    log: float | None = None
    baseline: float | None = None
    coverage: float | None = None
    community_baseline: float | None = None
    peer: float | None = None


@dataclass
class ReportData:
    """What :func:`collect` computed for one week."""

    monday: dt.date
    sunday: dt.date
    questions: list[QuestionData]
    events: list[EventData]
    upcoming: list[Question]
    resolved: list[Question]
    learned: LearnedReliability | None
    due: Any = None
    track: Any = None
    scores: list[ScoreRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def event_of(self, question_id: str) -> EventData | None:
        """The event page a question's page follows, if its event has one."""
        for e in self.events:
            if any(q.id == question_id for q in e.questions):
                return e
        return None


def days_between(a: dt.date, b: dt.date) -> list[dt.date]:
    """Every day from ``a`` to ``b`` inclusive."""
    return [a + dt.timedelta(days=k) for k in range((b - a).days + 1)]


def in_report(q: Question, monday: dt.date, sunday: dt.date) -> bool:
    """Open on some day of the week, or resolved (yes, no or annulled) within it."""
    if q.resolution is not None and monday <= q.resolution.date <= sunday:
        return True
    first = max(monday, q.opens)
    return first <= sunday and any(
        status_as_of(q, d) == "open" for d in days_between(first, sunday)
    )


def question_data(
    q: Question,
    event: Event,
    monday: dt.date,
    sunday: dt.date,
    learned: LearnedReliability | None,
    siblings: list[Question] = (),  # type: ignore[assignment]
) -> QuestionData:
    """The numbers of one question's page."""
    now = forecast(q, sunday, event=event, learned=learned)
    days = days_between(q.opens, sunday)
    path = trajectory(q, days, event=event, learned=learned)
    before = monday - dt.timedelta(days=1)
    new = q.opens > before
    start = path.probability[0] if new else path.probability[(before - q.opens).days]
    start_p = optional_float(start)
    contrib: dict[str, float] = {}
    if event.evidence:
        logged = [max(e.logged, q.opens) for e in event.evidence]
        terms = evidence_terms(event, logged, learned=learned)
        diag = np.diagonal(terms.contribution)
        contrib = {e.id: float(diag[i]) for i, e in enumerate(event.evidence)}
    week_items = sorted(
        (e for e in event.evidence if monday <= e.logged <= sunday),
        key=lambda e: (e.logged, e.date, e.id),
    )
    others = [
        (o, forecast(o, sunday, event=event, learned=learned)) for o in siblings if o.id != q.id
    ]
    return QuestionData(q, event, now, start_p, new, days, path, contrib, week_items, others)


# ------------------------------------------------------------------------------------------ scores


def score_rows(
    resolved: list[Question],
    events: dict[str, Event],
    ws: Workspace,
    learned: LearnedReliability | None,
) -> tuple[list[ScoreRow], bool]:
    """Each resolved question's daily trajectory scored over its span (CONTRACT section 5), with the community
    series recorded beside it where there is one; and whether any question had one."""
    from summitcast.evaluation.comparison import (
        community_path,
        question_span,
        read_community,
        series_peer_score,
        trajectory_series,
    )
    from summitcast.scoring.series import series_scores

    rows = []
    any_community = False
    for q in resolved:
        assert q.resolution is not None
        made = trajectory_series(q, learned, events[q.id])
        obs = 1 if q.resolution.outcome == "yes" else 0
        if made is None:
            rows.append(ScoreRow(q, 0))
            continue
        series, probs = made
        opens, closes, res_t = question_span(q)
        s = series_scores(obs, series, opens=opens, closes=closes, resolved=res_t)
        comm_baseline = peer = None
        recorded = community_path(ws, q.id)
        if recorded is not None:
            comm = read_community(recorded)
            cs = series_scores(obs, comm, opens=opens, closes=closes, resolved=res_t)
            peer = series_peer_score(obs, series, comm, opens=opens, closes=closes, resolved=res_t)
            comm_baseline = cs["baseline"]
            any_community = True
        rows.append(
            ScoreRow(
                q,
                len(probs),
                s["brier"],
                s["log"],
                s["baseline"],
                s["coverage"] or 0.0,
                comm_baseline,
                peer,
            )
        )
    return rows, any_community


class _AsOf(Workspace):
    """The workspace as it stood at the end of a day for the track record: questions resolved after it are
    left out (they were not resolved yet)."""

    def __init__(self, ws: Workspace, as_of: dt.date):
        super().__init__(ws.root)
        self._as_of = as_of

    def load_all(self) -> tuple[list[tuple[Question, Event]], list[LedgerError]]:
        good, bad = super().load_all()
        keep = [
            (q, ev)
            for q, ev in good
            if q.resolution is None
            or q.resolution.outcome not in ("yes", "no")
            or q.resolution.date <= self._as_of
        ]
        return keep, bad


def track_record(ws: Workspace, sunday: dt.date) -> tuple[Any, str | None]:
    """:func:`summitcast.app.track.track` (grouped by year) over the questions resolved by ``sunday``; or None and
    why not."""
    from summitcast.app.track import track

    try:
        return track(_AsOf(ws, sunday), by="year"), None
    except (ValidationError, LedgerError) as exc:
        return None, str(exc).splitlines()[0]


# ------------------------------------------------------------------------------------------ collect


def collect(ws: Workspace, monday: dt.date, sunday: dt.date, step: Any = None) -> ReportData:
    """Read the folder and compute every number of the week's report.

    Parameters
    ----------
    ws
        The forecasts folder.
    monday, sunday
        The week.
    step
        Called with a label after each question's forecasts (the progress bar).

    Returns
    -------
    ReportData
        The data; its ``notes`` name the files that could not be read.
    """
    from summitcast.app.tracker import learned_reliability

    ws.require()
    loaded, bad = ws.load_all()
    learned = learned_reliability(ws)
    notes = [f"not reported (invalid file): {line}" for exc in bad for line in exc.lines()]
    if learned is not None and learned.stale:
        notes.append(
            "the reliability fit is stale (the ledger changed since); run `summitcast fit`"
        )
    questions = [q for q, _ in loaded]
    events = {q.id: ev for q, ev in loaded}
    by_event: dict[str, list[Question]] = {}
    for q, ev in loaded:
        by_event.setdefault(ev.id, []).append(q)
    chosen = [q for q in questions if in_report(q, monday, sunday)]
    # an event with several questions gets a page before its questions' pages
    event_pages: list[EventData] = []
    order: list[Question] = []
    seen: set[str] = set()
    for q in chosen:
        ev = events[q.id]
        if ev.id in seen:
            continue
        seen.add(ev.id)
        mine = [c for c in chosen if events[c.id].id == ev.id]
        order.extend(mine)
        family = sorted(by_event[ev.id], key=lambda c: (c.deadline, c.id))
        if len(family) > 1:
            now = event_forecast(ev, family, sunday, learned=learned)
            before = monday - dt.timedelta(days=1)
            prev = (
                event_forecast(ev, family, before, learned=learned) if before >= ev.opens else None
            )
            event_pages.append(EventData(ev, family, now, prev))
    data = []
    for q in order:
        ev = events[q.id]
        family = by_event[ev.id] if len(by_event[ev.id]) > 1 else []
        data.append(question_data(q, ev, monday, sunday, learned, family))
        if step is not None:
            step(f"forecast {q.id}")
    resolved = [
        q
        for q in questions
        if q.resolution is not None
        and q.resolution.outcome in ("yes", "no")
        and q.resolution.date <= sunday
    ]
    upcoming = [q for q in questions if q.opens > sunday and not q.annulled]
    out = ReportData(monday, sunday, data, event_pages, upcoming, resolved, learned, notes=notes)
    from summitcast.app.due import due

    out.due = due(ws, sunday)
    if resolved:
        out.scores, with_community = score_rows(resolved, events, ws, learned)
        if not with_community:
            notes.append(
                "track record page: no community or market series is saved beside any resolved question "
                "(summitcast pull writes DIR/ID.community.csv), so ours-vs-community is omitted"
            )
        out.track, why = track_record(ws, sunday)
        if why is not None:
            notes.append(f"track record: {why}")
    return out
