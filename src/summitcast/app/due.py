"""What needs attention this week (``summitcast due``): most urgent first.

* a question past its deadline that is still unresolved;
* a window starting in the next 14 days, with the questions it bears on: for an occasion, how much of each
  question's forecast its route accounts for; for a period, how much of their remaining hazard it holds;
* an open question with no evidence logged in the last 14 days;
* a forecast that moved by more than a threshold since the last recorded (published) forecast;
* a stored reliability fit that is stale.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summitcast.app.tracker import learned_reliability
from summitcast.model import (
    LearnedReliability,
    base_profile,
    compute_event,
    meeting_day,
    status_as_of,
)
from summitcast.model.hazard import announced_mask, day_index
from summitcast.store.forecastlog import read_log
from summitcast.store.workspace import Workspace

__all__ = ["DueItem", "DueResult", "due"]

#: How far ahead a window counts as approaching, and how long without news counts as quiet.
LOOKAHEAD_DAYS = 14
QUIET_DAYS = 14
#: The order of urgency of the kinds of item.
KINDS = ("past-deadline", "window-soon", "moved", "quiet", "fit-stale")


@dataclass(frozen=True)
class DueItem:
    """One thing that needs attention."""

    kind: str
    ids: tuple[str, ...]
    message: str
    days: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The item in ``due --json``."""
        return {
            "kind": self.kind,
            "ids": list(self.ids),
            "message": self.message,
            "days": self.days,
            **self.details,
        }


@dataclass(frozen=True)
class DueResult:
    """What ``due`` reports, most urgent first."""

    as_of: dt.date
    items: list[DueItem]
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``due --json`` document."""
        return {
            "as_of": self.as_of.isoformat(),
            "items": [i.to_json() for i in self.items],
            "problems": self.problems,
        }


def _window_share(event: Any, window_index: int, as_of: dt.date, deadline: dt.date) -> float:
    """The share of a question's remaining hazard (as_of, deadline] that one window's days hold."""
    mask = int(announced_mask(event, [as_of])[0])
    h = base_profile(event, mask)
    a, b = (int(i) for i in day_index(event, [as_of, deadline]))
    rest = h[max(a + 1, 0) : b + 1]
    if rest.sum() <= 0:
        return 0.0
    w = event.windows[window_index]
    ws, we = (int(i) for i in day_index(event, [w.start, w.end]))
    lo, hi = max(ws, a + 1, 0), min(we, b)
    return float(h[lo : hi + 1].sum() / rest.sum()) if hi >= lo else 0.0


def _occasion_shares(
    event: Any, window_id: str, questions: list[Any], as_of: dt.date, learned: Any
) -> dict[str, float]:
    """For each question, the share of its forecast that the occasion's route alone accounts for."""
    arrays = compute_event(
        event, [as_of], [q.deadline for q in questions], learned=learned, with_interval=False
    )
    route = arrays.routes.get(window_id)
    out = {}
    for j, q in enumerate(questions):
        p = float(arrays.point[0, j])
        r = float(route[0, j]) if route is not None else 0.0
        out[q.id] = min(r / p, 1.0) if p > 0 and np.isfinite(r) else 0.0
    return out


def _past_deadline(questions: list, as_of: dt.date, met: dt.date | None) -> list[DueItem]:
    """The event's questions whose deadline passed while they are unresolved."""
    items = []
    for q in questions:
        if status_as_of(q, as_of, met) == "closed":
            late = (as_of - q.deadline).days
            items.append(
                DueItem(
                    "past-deadline",
                    (q.id,),
                    f"{q.id}: the deadline {q.deadline} passed {late} day(s) ago and it is not "
                    f"resolved (summitcast resolve {q.id} yes|no)",
                    -late,
                )
            )
    return items


def _windows_soon(
    ev: Any, open_qs: list, as_of: dt.date, learned: LearnedReliability | None
) -> list[DueItem]:
    """The event's windows that start within the lookahead and bear on an open question, with their shares."""
    items = []
    for k, w in enumerate(ev.windows):
        soon = (w.start - as_of).days
        if not (0 < soon <= LOOKAHEAD_DAYS) or not w.live_on(as_of):
            continue
        bears = [q for q in open_qs if q.opens <= w.end and w.start <= q.deadline]
        if not bears:
            continue
        if w.is_occasion:
            shares = _occasion_shares(ev, w.id, bears, as_of, learned)
            what = "of its P by this occasion's route"
        else:
            shares = {q.id: _window_share(ev, k, as_of, q.deadline) for q in bears}
            what = "of its remaining hazard"
        text = ", ".join(f"{qid} ({100 * s:.0f}% {what})" for qid, s in shares.items())
        items.append(
            DueItem(
                "window-soon",
                tuple(shares),
                f"window {w.id} ({w.name}) starts {w.start}, in {soon} day(s): bears on {text}",
                soon,
                {
                    "window": w.id,
                    "event": ev.id,
                    "start": w.start.isoformat(),
                    "shares": shares,
                },
            )
        )
    return items


def _quiet(ev: Any, open_qs: list, as_of: dt.date) -> list[DueItem]:
    """The event's open questions, when nothing was logged on it for longer than the quiet period."""
    latest = max((e.logged for e in ev.evidence if e.logged <= as_of), default=None)
    quiet = (as_of - latest).days if latest is not None else None
    if quiet is None or quiet > QUIET_DAYS:
        since = "no evidence yet" if latest is None else f"nothing logged since {latest}"
        return [
            DueItem(
                "quiet",
                tuple(q.id for q in open_qs),
                f"{', '.join(q.id for q in open_qs)}: {since} (open; anything in this week's news?)",
                -(quiet or 10**6),
            )
        ]
    return []


def _moved(
    ws: Workspace,
    ev: Any,
    open_qs: list,
    as_of: dt.date,
    learned: LearnedReliability | None,
    moved: float,
) -> list[DueItem]:
    """The open questions whose forecast moved more than ``moved`` points since the last recorded one."""
    items = []
    arrays = compute_event(
        ev, [as_of], [q.deadline for q in open_qs], learned=learned, with_interval=False
    )
    for j, q in enumerate(open_qs):
        log = read_log(ws.log_path(q.id))
        if not log or log[-1].probability is None:
            continue
        p = float(arrays.point[0, j])
        delta = 100 * (p - log[-1].probability)
        if abs(delta) > moved and np.isfinite(delta):
            items.append(
                DueItem(
                    "moved",
                    (q.id,),
                    f"{q.id}: {100 * p:.1f}% now, {delta:+.1f} pts since the last recorded forecast "
                    f"({log[-1].timestamp:%Y-%m-%d}, {100 * log[-1].probability:.1f}%)",
                    -int(abs(delta) * 10),
                    {"probability": p, "recorded": log[-1].probability},
                )
            )
    return items


def due(ws: Workspace, as_of: dt.date, *, moved: float = 5.0) -> DueResult:
    """What needs attention as of a day, most urgent first.

    Parameters
    ----------
    ws
        The forecasts folder.
    as_of
        The day (the command line gives today by default).
    moved
        The threshold, in percentage points, for a forecast that moved since the last recorded one.

    Returns
    -------
    DueResult
        The items, most urgent first (by kind, then by how soon or how long).
    """
    from summitcast.errors import ValidationError

    ws.require()
    if not moved >= 0:
        raise ValidationError(f"must be >= 0 (got {moved})", field="moved")
    loaded, bad = ws.load_all()
    learned = learned_reliability(ws)
    items: list[DueItem] = []
    by_event: dict[str, tuple[Any, list]] = {}
    for q, ev in loaded:
        by_event.setdefault(ev.id, (ev, []))[1].append(q)
    for ev, questions in by_event.values():
        met = None if ev.standalone else meeting_day(questions, dt.date.max)
        open_qs = [q for q in questions if status_as_of(q, as_of, met) == "open"]
        items += _past_deadline(questions, as_of, met)
        items += _windows_soon(ev, open_qs, as_of, learned)
        if not open_qs:
            continue
        items += _quiet(ev, open_qs, as_of)
        items += _moved(ws, ev, open_qs, as_of, learned, moved)
    if learned is not None and learned.stale:
        items.append(
            DueItem(
                "fit-stale",
                (),
                "the reliability fit is stale: the ledger changed since; run summitcast fit",
            )
        )
    items.sort(key=lambda i: (KINDS.index(i.kind), i.days, i.ids))
    return DueResult(as_of, items, [line for exc in bad for line in exc.lines()])
