"""The event: one meeting that many deadline questions ask about (CONTRACT section 6).

An event holds the prior, the windows and the evidence once; every question on it is a deadline on its horizon
(``opens`` to ``until``), so questions of one event are coherent by construction. A self-contained question file is
its own event (:func:`as_event`), whose horizon is the question's span.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from summitcast.domain.question import Evidence, Prior, Question, Window

__all__ = ["Event", "as_event"]


@dataclass(frozen=True)
class Event:
    """An event file's content, validated: the next in-person meeting of two leaders after ``opens``.

    Attributes
    ----------
    id, title, resolution_criteria
        As in the file.
    opens, until
        The horizon, both days included.
    prior
        P(a meeting within the horizon), judged on ``opens``.
    windows, evidence
        The occasions and the statements, each recorded once.
    path
        The file it was read from (``None`` for an event built in memory).
    standalone
        Whether this is a self-contained question file seen as its own event.
    """

    id: str
    title: str
    resolution_criteria: str
    opens: dt.date
    until: dt.date
    prior: Prior
    tags: tuple[str, ...] = ()
    windows: tuple[Window, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    path: str | None = field(default=None, compare=False)
    standalone: bool = False

    @property
    def n_days(self) -> int:
        """Days in the horizon."""
        return (self.until - self.opens).days + 1

    def window(self, window_id: str) -> Window:
        """Return the window with id ``window_id`` (``KeyError`` when there is none)."""
        for w in self.windows:
            if w.id == window_id:
                return w
        raise KeyError(window_id)


def as_event(question: Question | Event) -> Event:
    """A self-contained question seen as its own event (an event is returned as it is).

    Examples
    --------
    >>> q = Question("q", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), Prior(0.2))
    >>> e = as_event(q)
    >>> (e.id, e.opens, e.until, e.standalone)
    ('q', datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), True)
    """
    if isinstance(question, Event):
        return question
    if question.prior is None:
        raise ValueError(f"question '{question.id}' is on event '{question.event}': load the event")
    return Event(
        id=question.id,
        title=question.title,
        resolution_criteria=question.resolution_criteria,
        opens=question.opens,
        until=question.deadline,
        prior=question.prior,
        tags=question.tags,
        windows=question.windows,
        evidence=question.evidence,
        path=question.path,
        standalone=True,
    )
