"""The forecast: prior, evidence and the passage of time turned into ``P(t, by)`` for every deadline of an event.

docs/model.md states the model; in short, with ``x = exp(logit p + L)`` the odds from the prior and the evidence
about the meeting in general, and each evidence window ``W``'s days multiplied by ``M_W = exp(L_W)`` (the summed
effective log-LRs of the items scoped to it):

* the odds of a meeting within the horizon are ``x · h'``, ``h' = Σ_g s_g Π_g`` (``s_g`` the share of the profile
  in day group ``g``, ``Π_g`` the product of the multipliers of the windows covering it), so an item of LR ``L``
  on a window of share ``s`` multiplies them by ``s·L + 1 − s``;
* the meeting's day follows the multiplied profile, and ``c'(t) = Σ_g c_g(t) Π_g`` is its elapsed mass;
* surviving to ``t`` has likelihood ``1 − q·F(t)`` with ``q = σ(logit p + L + ln h')`` and ``F = c'/h'``, so

      P(t, by) = Σ_g (c_g(by) − c_g(t)) B_g / (1 − Σ_g c_g(t) B_g),   B_g = E[Π_g · q / h'].

The expectations ``B_g`` are computed by quadrature (Gauss-Jacobi over the Beta prior, Gauss-Hermite over the
normal log-LRs, a tensor Gauss-Hermite grid over the window multipliers; :func:`quadrature.group_expectations
<summitcast.model.quadrature.group_expectations>`), once per distinct state of the evidence, and serve every day
and every deadline at once. The 80% interval comes from seeded, survival-weighted draws. The result types are in
:mod:`summitcast.model.results` (importable from here too).

This module answers per question and per event; the one pass over an event is
:func:`summitcast.model.compute.compute_event`, the days with occasions :mod:`summitcast.model.occasions`, the
interval :mod:`summitcast.model.interval`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question
from summitcast.model.compute import compute_event
from summitcast.model.evidence import LearnedReliability
from summitcast.model.explain import Route, inactive_items, routes_on
from summitcast.model.interval import INTERVAL, N_INTERVAL_DRAWS
from summitcast.model.quadrature import SEED
from summitcast.model.results import EventArrays, EventForecast, Forecast, Trajectory
from summitcast.numeric import optional_float

__all__ = [
    "INTERVAL",
    "N_INTERVAL_DRAWS",
    "SEED",
    "EventArrays",
    "EventForecast",
    "Forecast",
    "Trajectory",
    "apply_status",
    "compute_event",
    "event_forecast",
    "forecast",
    "forecasts_at",
    "meeting_day",
    "month_ends",
    "status_as_of",
    "trajectory",
]


# ----------------------------------------------------------------------------------- per question


def status_as_of(question: Question, as_of: dt.date, met: dt.date | None = None) -> str:
    """The question's status on ``as_of``.

    ``annulled`` whatever the date; ``resolved-yes``/``resolved-no`` from the resolution's date; ``not-open``
    before ``opens``; ``closed`` after the deadline while unresolved; else ``open``.

    Examples
    --------
    >>> from summitcast.domain.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> [status_as_of(q, dt.date(2024, 12, 31)), status_as_of(q, dt.date(2025, 1, 11))]
    ['not-open', 'closed']
    """
    r = question.resolution
    if r is not None and r.outcome == "annulled":
        return "annulled"
    if r is not None and as_of >= r.date:
        return f"resolved-{r.outcome}"
    if (
        r is None
        and met is not None
        and as_of >= met
        and question.opens <= met <= question.deadline
    ):
        return "resolved-yes"  # the event's meeting (a sibling's yes) lies in this question's span
    if as_of < question.opens:
        return "not-open"
    if as_of > question.deadline:
        return "closed"
    return "open"


_STATUS_VALUE = {"resolved-yes": 1.0, "resolved-no": 0.0, "closed": 0.0}


def apply_status(statuses: list[str], point: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
    """Overwrite, in place, each day's forecast where its status fixes it.

    No forecast (NaN) when ``annulled`` or ``not-open``; 1 when ``resolved-yes``; 0 when ``resolved-no`` or
    ``closed``.

    Examples
    --------
    >>> p, lo, hi = np.array([0.3, 0.3]), np.array([0.1, 0.1]), np.array([0.5, 0.5])
    >>> apply_status(["open", "resolved-yes"], p, lo, hi)
    >>> p.tolist(), lo.tolist()
    ([0.3, 1.0], [0.1, 1.0])
    """
    for i, s in enumerate(statuses):
        if s in ("annulled", "not-open"):
            point[i] = low[i] = high[i] = np.nan
        elif s in _STATUS_VALUE:
            point[i] = low[i] = high[i] = _STATUS_VALUE[s]


def _event_for(question: Question, event: Event | None) -> Event:
    if question.event is None:
        return as_event(question)
    if event is None or event.id != question.event:
        raise ValueError(
            f"question '{question.id}' is on event '{question.event}': pass that event"
        )
    return event


def _contributions(event: Event, arrays: EventArrays, row: int) -> dict[str, float]:
    """Each item visible on day ``row``: its contribution to the log-odds (``Forecast.contributions``)."""
    visible = arrays.terms.visible[row]
    return {
        e.id: float(arrays.contribution[row, i]) for i, e in enumerate(event.evidence) if visible[i]
    }


def _explained(
    event: Event,
    arrays: EventArrays,
    row: int,
    col: int,
    as_of: dt.date,
    learned: LearnedReliability | None,
) -> tuple[tuple[Route, ...], dict[str, str]]:
    """The routes shown as of ``as_of`` (by column ``col``) and the items logged that move nothing."""
    kinds = None if learned is None else dict(learned.chance_by_kind)
    shares = {k: float(v[row, col]) for k, v in arrays.routes.items()}
    routes = tuple(r for r, shown in routes_on(event, as_of, shares, kinds) if shown)
    terms = arrays.terms
    inactive = inactive_items(event, terms.visible[row], terms.weight[row], as_of)
    return routes, inactive


def _question_forecast(
    question: Question,
    event: Event,
    arrays: EventArrays,
    row: int,
    col: int,
    as_of: dt.date,
    by: dt.date,
    met: dt.date | None = None,
    learned: LearnedReliability | None = None,
) -> Forecast:
    status = status_as_of(question, as_of, met)
    p, lo, hi = (np.array([x[row, col]]) for x in (arrays.point, arrays.low, arrays.high))
    apply_status([status], p, lo, hi)
    routes, inactive = _explained(event, arrays, row, col, as_of, learned)
    return Forecast(
        id=question.id,
        as_of=as_of,
        by=by,
        status=status,
        probability=optional_float(p[0]),
        low=optional_float(lo[0]),
        high=optional_float(hi[0]),
        evidence_used=int(arrays.terms.visible[row].sum()),
        contributions=_contributions(event, arrays, row),
        prior_probability=event.prior.probability,
        evidence_probability=(
            None if status == "annulled" else float(arrays.evidence_probability[row])
        ),
        elapsed=float(arrays.elapsed[row]),
        remaining=max(0.0, 1.0 - float(arrays.elapsed[row])),
        event=question.event,
        routes=routes if status == "open" else (),
        inactive=inactive,
    )


def forecast(
    question: Question,
    as_of: dt.date,
    by: dt.date | None = None,
    *,
    event: Event | None = None,
    learned: LearnedReliability | None = None,
    met: dt.date | None = None,
) -> Forecast:
    """``P(as_of, by)``: the probability of a meeting in (as_of, by] given the evidence and no meeting so far.

    Parameters
    ----------
    question
        The question.
    as_of
        The day the forecast is made at the end of; only evidence logged (and windows announced) by then count.
    by
        The horizon (default the deadline; a later day counts as the deadline, one on or before ``as_of`` gives 0).
    event
        The question's event, when it names one (a self-contained question is its own event).
    learned
        Learned reliability draws, if a fit exists.
    met
        The event's meeting day as its questions' ``yes`` resolutions record it (:func:`meeting_day`): from that
        day a question whose span holds it is ``resolved-yes``, even before its own file says so.

    Returns
    -------
    Forecast
        The point forecast (posterior mean), its 80% interval and each item's contribution.

    Examples
    --------
    With no evidence and no windows the forecast is the closed form p̄ΔF / (1 − p̄F):

    >>> from summitcast.domain.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> round(forecast(q, dt.date(2025, 1, 5)).probability, 6)  # 0.5·0.5 / (1 − 0.5·0.5)
    0.333333
    """
    ev = _event_for(question, event)
    by = question.deadline if by is None else min(by, question.deadline)
    arrays = compute_event(ev, [as_of], [by], learned=learned)
    return _question_forecast(question, ev, arrays, 0, 0, as_of, by, met, learned)


def forecasts_at(
    questions: Sequence[Question],
    event: Event,
    as_of: dt.date,
    *,
    learned: LearnedReliability | None = None,
    met: dt.date | None = None,
) -> list[Forecast]:
    """The forecast of every question of one event as of one day, from one computation.

    Each equals ``forecast(q, as_of, event=event)``.

    Parameters
    ----------
    questions
        Questions on ``event`` (or one self-contained question, with ``event`` its :func:`as_event`).
    event
        The event.
    as_of
        The day.
    learned
        Learned reliability draws, if a fit exists.
    met
        The event's meeting day, if its questions record one (see :func:`forecast`).

    Returns
    -------
    list of Forecast
        In the order of ``questions``.
    """
    if not questions:
        return []
    deadlines = [q.deadline for q in questions]
    arrays = compute_event(event, [as_of], deadlines, learned=learned)
    return [
        _question_forecast(q, event, arrays, 0, j, as_of, deadlines[j], met, learned)
        for j, q in enumerate(questions)
    ]


def trajectory(
    question: Question,
    days: Sequence[dt.date],
    *,
    event: Event | None = None,
    learned: LearnedReliability | None = None,
    with_interval: bool = True,
    met: dt.date | None = None,
) -> Trajectory:
    """Forecasts (to the deadline) on each of ``days``, computed in one vectorised pass.

    Each point equals ``forecast(question, day)`` for that day.

    Parameters
    ----------
    question
        The question.
    days
        The as-of days, in any order.
    event
        The question's event, when it names one.
    learned
        Learned reliability draws, if a fit exists.
    with_interval
        Compute the 80% intervals (``low``/``high`` are NaN otherwise).
    met
        The event's meeting day, if its questions record one (see :func:`forecast`).

    Returns
    -------
    Trajectory
        Arrays aligned with ``days``; NaN where there is no forecast (annulled, not yet open).
    """
    days = list(days)
    ev = _event_for(question, event)
    arrays = compute_event(
        ev, days, [question.deadline], learned=learned, with_interval=with_interval
    )
    point, low, high = arrays.point[:, 0].copy(), arrays.low[:, 0].copy(), arrays.high[:, 0].copy()
    statuses = [status_as_of(question, d, met) for d in days]
    apply_status(statuses, point, low, high)
    return Trajectory(question.id, days, point, low, high, statuses)


def month_ends(start: dt.date, until: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s month to ``until``'s, the last one clipped to ``until``.

    Examples
    --------
    >>> month_ends(dt.date(2025, 11, 20), dt.date(2026, 1, 20))
    [datetime.date(2025, 11, 30), datetime.date(2025, 12, 31), datetime.date(2026, 1, 20)]
    """
    out = []
    y, m = start.year, start.month
    while True:
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        end = nxt - dt.timedelta(days=1)
        if end >= until:
            out.append(until)
            return out
        out.append(end)
        y, m = nxt.year, nxt.month


def meeting_day(questions: Sequence[Question], as_of: dt.date) -> dt.date | None:
    """The day of the event's meeting as the questions' ``yes`` resolutions record it, if known by ``as_of``."""
    days = [
        q.resolution.date
        for q in questions
        if q.resolution is not None and q.resolution.outcome == "yes" and q.resolution.date <= as_of
    ]
    return min(days) if days else None


def event_forecast(
    event: Event,
    questions: Sequence[Question],
    as_of: dt.date,
    *,
    learned: LearnedReliability | None = None,
    by: dt.date | None = None,
) -> EventForecast:
    """The event's forecast by ``until`` (or ``by``), by each question's deadline, and by the end of each month.

    Every deadline comes from one computation, so the questions are coherent by construction.

    Parameters
    ----------
    event
        The event.
    questions
        The questions on it (each by its own deadline and status).
    as_of
        The day.
    learned
        Learned reliability draws, if a fit exists.
    by
        The horizon of the headline probability (default ``until``; a later day counts as ``until``).

    Returns
    -------
    EventForecast
        The event's curve and its questions' forecasts.
    """
    months = month_ends(event.opens, event.until)
    deadlines = [min(q.deadline, event.until) for q in questions]
    horizon = event.until if by is None else min(by, event.until)
    bys = [*deadlines, *months, horizon]
    arrays = compute_event(event, [as_of], bys, learned=learned)
    met = meeting_day(questions, as_of)
    qf = [
        _question_forecast(q, event, arrays, 0, j, as_of, deadlines[j], met, learned)
        for j, q in enumerate(questions)
    ]
    offset = len(deadlines)
    cdf = []
    for j, d in enumerate(months):
        p = arrays.point[0, offset + j]
        lo, hi = arrays.low[0, offset + j], arrays.high[0, offset + j]
        if met is not None:
            p = lo = hi = 1.0 if d >= met else 0.0
        cdf.append((d, float(p), float(lo), float(hi)))
    if met is not None:
        status, p, lo, hi = "met", 1.0, 1.0, 1.0
    elif as_of > event.until:
        status, p, lo, hi = "closed", 0.0, 0.0, 0.0
    elif as_of < event.opens:
        status, p, lo, hi = "not-open", None, None, None
    else:
        status = "open"
        p, lo, hi = (float(x[0, -1]) for x in (arrays.point, arrays.low, arrays.high))
    if met is not None and horizon < met:
        p = lo = hi = 0.0
    routes, inactive = _explained(event, arrays, 0, len(bys) - 1, as_of, learned)
    return EventForecast(
        event=event,
        as_of=as_of,
        by=horizon,
        status=status,
        probability=p,
        low=lo,
        high=hi,
        questions=qf,
        cdf=cdf,
        evidence_used=int(arrays.terms.visible[0].sum()),
        contributions=_contributions(event, arrays, 0),
        evidence_probability=float(arrays.evidence_probability[0]),
        routes=routes if status == "open" else (),
        inactive=inactive,
    )
