"""Time on the ordinary route: the hazard profile of an event's horizon, the windows known on a day, the share elapsed.

If a meeting comes about by the ordinary route, its day is distributed in proportion to the hazard profile: 1 on an
ordinary day, ``hazard`` on a day of a ``period`` window announced by the forecast's day (the largest where periods
overlap). Occasions are routes of their own (:mod:`summitcast.model.routes`) and leave the profile alone.
Evidence scoped to windows multiplies their days further; for that the horizon's days are split into *groups* by
which evidence-bearing windows cover them, and each group's cumulative share of the profile is kept
(:class:`HazardStructure`), so the forecast can weigh each group by its own multiplier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question

__all__ = [
    "HazardStructure",
    "announced_mask",
    "base_profile",
    "day_index",
    "elapsed_share",
    "hazard_profile",
    "hazard_structure",
]


def day_index(event: Event, days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    """Index of each day in the horizon (0 = ``opens``; negative before it, ≥ n_days after ``until``)."""
    return (np.asarray(days, dtype="datetime64[D]") - np.datetime64(event.opens, "D")).astype(
        np.int64
    )


def announced_mask(event: Event, days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    """For each day, a bit mask of the event's windows announced by then and not cancelled (bit k: window k).

    Examples
    --------
    >>> from summitcast.domain.question import Prior, Window
    >>> w = Window("trip", "Trip", dt.date(2025, 3, 1), dt.date(2025, 3, 2), 10.0, dt.date(2025, 2, 1))
    >>> w.kind
    'period'
    >>> e = Event("e", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), Prior(0.2), windows=(w,))
    >>> announced_mask(e, [dt.date(2025, 1, 15), dt.date(2025, 2, 1)]).tolist()
    [0, 1]
    """
    t = np.asarray(days, dtype="datetime64[D]")
    mask = np.zeros(t.shape, dtype=np.int64)
    for k, w in enumerate(event.windows):
        known = np.datetime64(w.announced or event.opens, "D")
        live = t >= known
        if w.cancelled is not None:
            live &= t < np.datetime64(w.cancelled, "D")
        mask |= np.where(live, np.int64(1) << k, 0)
    return mask


def base_profile(event: Event | Question, mask: int | None = None) -> np.ndarray:
    """Relative hazard of each day of the horizon, with the windows in ``mask`` (all windows when ``None``).

    Parameters
    ----------
    event
        The event (a self-contained question is taken as its own event).
    mask
        Bit mask of the windows known (see :func:`announced_mask`).

    Returns
    -------
    numpy.ndarray
        One value per day of the horizon.
    """
    event = as_event(event)
    n = event.n_days
    h = np.ones(n)
    covered = np.zeros(n, dtype=bool)
    for k, w in enumerate(event.windows):
        if w.is_occasion or (mask is not None and not (mask >> k) & 1):
            continue  # occasions are routes of their own (model/routes.py), not part of the profile
        a = max((w.start - event.opens).days, 0)
        b = min((w.end - event.opens).days, n - 1)
        if a > b:
            continue
        seg = slice(a, b + 1)
        h[seg] = np.where(covered[seg], np.maximum(h[seg], w.hazard), w.hazard)
        covered[seg] = True
    return h


def hazard_profile(question: Event | Question) -> np.ndarray:
    """The hazard profile with every window (v1 name of :func:`base_profile`)."""
    return base_profile(question)


@dataclass(frozen=True)
class HazardStructure:
    """The hazard profile known on a day, its days grouped by the evidence-bearing windows that cover them.

    Attributes
    ----------
    members
        ``(G, K)`` boolean: whether group ``g``'s days lie in evidence window ``k`` (group 0 may be the ordinary
        days, which no evidence window covers).
    cum
        ``(G, n_days + 1)``: the cumulative share of the whole profile held by each group's days, so that
        ``cum[g, i]`` is the share of group ``g`` elapsed by the end of day ``i − 1``; ``cum[:, -1]`` sums to 1.
    """

    members: np.ndarray
    cum: np.ndarray

    @property
    def share(self) -> np.ndarray:
        """``(G,)``: each group's share of the whole profile."""
        return self.cum[:, -1]

    def elapsed(self, index: np.ndarray) -> np.ndarray:
        """``(G, len(index))``: each group's share elapsed by the end of each day (by horizon index)."""
        k = np.clip(np.asarray(index) + 1, 0, self.cum.shape[1] - 1)
        return self.cum[:, k]


def hazard_structure(event: Event, mask: int, evidence_windows: Sequence[int]) -> HazardStructure:
    """Group the horizon's days by which of ``evidence_windows`` cover them, under the profile known in ``mask``.

    A window not yet announced covers no day (its items are not visible either).

    Parameters
    ----------
    event
        The event.
    mask
        Bit mask of the announced windows.
    evidence_windows
        Indices of the windows that have evidence items.

    Returns
    -------
    HazardStructure
        The groups and their cumulative shares.
    """
    h = base_profile(event, mask)
    n = len(h)
    code = np.zeros(n, dtype=np.int64)
    for j, k in enumerate(evidence_windows):
        if not (mask >> k) & 1:
            continue
        w = event.windows[k]
        a = max((w.start - event.opens).days, 0)
        b = min((w.end - event.opens).days, n - 1)
        if a <= b:
            code[a : b + 1] |= np.int64(1) << j
    codes = sorted(set(code.tolist()))
    members = np.array(
        [[(c >> j) & 1 for j in range(len(evidence_windows))] for c in codes], dtype=bool
    ).reshape(len(codes), len(evidence_windows))
    total = h.sum()
    cum = np.zeros((len(codes), n + 1))
    for g, c in enumerate(codes):
        cum[g, 1:] = np.cumsum(np.where(code == c, h, 0.0)) / total
    return HazardStructure(members, cum)


def elapsed_share(
    event: Event | Question,
    days: Sequence[dt.date] | np.ndarray,
    known_on: dt.date | None = None,
) -> np.ndarray:
    """``F(t)`` without window evidence: the share of the hazard profile elapsed by the end of each day.

    0 before ``opens``, 1 from ``until`` (a question's deadline) on.

    Parameters
    ----------
    event
        The event (a self-contained question is taken as its own event).
    days
        Days, as dates or ``datetime64[D]``.
    known_on
        Use the windows announced by this day (default: every window).

    Returns
    -------
    numpy.ndarray
        ``F`` for each day.

    Examples
    --------
    A span of 10 ordinary days is 30% elapsed at the end of its third day.

    >>> from summitcast.domain.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> float(elapsed_share(q, [dt.date(2025, 1, 3)])[0])
    0.3
    """
    event = as_event(event)
    mask = None if known_on is None else int(announced_mask(event, [known_on])[0])
    h = base_profile(event, mask)
    cum = np.concatenate([[0.0], np.cumsum(h)])
    k = np.clip(day_index(event, days) + 1, 0, len(h))
    return cum[k] / cum[-1]
