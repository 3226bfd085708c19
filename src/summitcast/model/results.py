"""The model's results: a question's forecast on a day (:class:`Forecast`), on many days (:class:`Trajectory`), an
event's (:class:`EventForecast`), and the arrays of the vectorised core (:class:`EventArrays`).

They are computed in :mod:`summitcast.model.forecast`; each ``to_json`` is a document of CONTRACT sections 3 and 6.

Examples
--------
>>> import numpy as np
>>> tr = Trajectory("q", [dt.date(2025, 1, 1)], np.array([np.nan]), np.array([np.nan]), np.array([np.nan]),
...                 ["not-open"])
>>> tr.to_json()["points"][0]["probability"] is None
True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from summitcast.domain.event import Event
from summitcast.model.evidence import EvidenceTerms
from summitcast.model.explain import Route
from summitcast.numeric import optional_float

__all__ = ["EventArrays", "EventForecast", "Forecast", "Trajectory"]


def _interval(low: float | None, high: float | None) -> list[float | None] | None:
    """The JSON ``interval``: ``[low, high]``, or ``null`` where there is no forecast."""
    return None if low is None else [low, high]


def _contributions(contributions: dict[str, float]) -> list[dict[str, float | str]]:
    """The JSON ``contributions``: ``[{"id", "log_odds"}]`` in the evidence's order."""
    return [{"id": k, "log_odds": v} for k, v in contributions.items()]


@dataclass(frozen=True)
class Forecast:
    """The forecast of one question as of one day.

    ``probability``, ``low`` and ``high`` are ``None`` where there is no forecast (annulled, not yet open).
    ``contributions`` maps each evidence item logged by ``as_of`` to its effective change of the log-odds of a
    meeting in the rest of the horizon (0 for a reprint, or an item whose window has passed).
    """

    id: str
    as_of: dt.date
    by: dt.date
    status: str
    probability: float | None
    low: float | None
    high: float | None
    evidence_used: int
    contributions: dict[str, float]
    prior_probability: float
    evidence_probability: float | None
    elapsed: float
    remaining: float
    event: str | None = None
    routes: tuple[Route, ...] = ()
    inactive: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The ``show --json`` document (CONTRACT section 3)."""
        return {
            "id": self.id,
            "as_of": self.as_of.isoformat(),
            "by": self.by.isoformat(),
            "status": self.status,
            "probability": self.probability,
            "interval": _interval(self.low, self.high),
            "evidence_used": self.evidence_used,
            "contributions": _contributions(self.contributions),
            "event": self.event,
            "prior_probability": self.prior_probability,
            "evidence_probability": self.evidence_probability,
            "elapsed_share": self.elapsed,
            "routes": [r.to_json() for r in self.routes],
            "inactive": [{"id": k, "why": v} for k, v in self.inactive.items()],
        }


@dataclass(frozen=True)
class Trajectory:
    """Forecasts of one question on a sequence of days (``history``)."""

    id: str
    dates: list[dt.date]
    probability: np.ndarray
    low: np.ndarray
    high: np.ndarray
    status: list[str]

    def to_json(self) -> dict:
        """The ``history --json`` document (CONTRACT section 3); ``null`` where there is no forecast."""
        return {
            "id": self.id,
            "points": [
                {
                    "date": d.isoformat(),
                    "probability": optional_float(p),
                    "low": optional_float(lo),
                    "high": optional_float(hi),
                    "status": s,
                }
                for d, p, lo, hi, s in zip(
                    self.dates, self.probability, self.low, self.high, self.status, strict=True
                )
            ],
        }


@dataclass(frozen=True)
class EventForecast:
    """``show EVENT``: the event's forecast by ``until``, by each question's deadline, and by each month's end."""

    event: Event
    as_of: dt.date
    by: dt.date
    status: str
    probability: float | None
    low: float | None
    high: float | None
    questions: list[Forecast]
    cdf: list[tuple[dt.date, float, float, float]]
    evidence_used: int
    contributions: dict[str, float]
    evidence_probability: float | None
    routes: tuple[Route, ...] = ()
    inactive: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        """The ``show EVENT --json`` document (CONTRACT section 6)."""
        return {
            "id": self.event.id,
            "kind": "event",
            "as_of": self.as_of.isoformat(),
            "until": self.event.until.isoformat(),
            "by": self.by.isoformat(),
            "status": self.status,
            "probability": self.probability,
            "interval": _interval(self.low, self.high),
            "questions": [f.to_json() for f in self.questions],
            "cdf": [
                {"by": d.isoformat(), "probability": p, "interval": [lo, hi]}
                for d, p, lo, hi in self.cdf
            ],
            "evidence_used": self.evidence_used,
            "contributions": _contributions(self.contributions),
            "prior_probability": self.event.prior.probability,
            "evidence_probability": self.evidence_probability,
            "routes": [r.to_json() for r in self.routes],
            "inactive": [{"id": k, "why": v} for k, v in self.inactive.items()],
        }


@dataclass(frozen=True)
class EventArrays:
    """The vectorised core's output for days ``(T,)`` and deadlines ``(B,)`` of one event.

    ``point``, ``low``, ``high`` are ``(T, B)`` before any status override; ``evidence_probability`` and
    ``elapsed`` are ``(T,)``; ``contribution`` is ``(T, n)``. ``routes`` maps ``""`` (the ordinary route) and each
    occasion's id to ``(T, B)``: the probability that this route alone brings a meeting in ``(t, by]`` given none so
    far (NaN on a day the occasion is not a route).
    """

    terms: EvidenceTerms
    point: np.ndarray
    low: np.ndarray
    high: np.ndarray
    evidence_probability: np.ndarray
    elapsed: np.ndarray
    contribution: np.ndarray
    routes: dict[str, np.ndarray] = field(default_factory=dict)
