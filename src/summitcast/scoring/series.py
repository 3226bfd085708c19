"""Exact time averages of proper scores over forecast series (CONTRACT section 5; docs/scoring.md).

A forecast *series* is a step function of time (:class:`Series`): each forecast stands from its
timestamp until the next one. Time is in seconds (unix epoch). The time averages integrate the
step function exactly over the span ``[opens, closes)``, truncated at ``resolved`` when earlier:

* ``baseline`` = (1 / span) * integral of the baseline score, counting 0 where the series has no
  forecast (before its first forecast, after a withdrawal) and after ``resolved``;
* ``peer`` = (1 / span) * integral of the peer score, counting 0 where either series has none;
* ``brier`` and ``log`` = integral over the covered time / covered time (``None``/NaN when nothing
  is covered);
* ``coverage`` = covered time / span; covered time lies within ``[opens, min(closes, resolved))``.

The spot scores and the input checks are those of :mod:`summitcast.scoring.rules`; pure numpy, like it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from summitcast.numeric import optional_float
from summitcast.scoring.rules import _as_obs, _as_prob, _clipped_p_outcome

__all__ = [
    "SCORE_FIELDS",
    "Series",
    "grouped_peer_scores",
    "grouped_series_scores",
    "series_peer_score",
    "series_scores",
]

SCORE_FIELDS = ("brier", "log", "baseline", "coverage")


@dataclass(frozen=True, eq=False)
class Series:
    """A forecast series: a step function of time.

    Parameters
    ----------
    times
        Timestamps in seconds since the unix epoch (UTC). Sorted on construction (stably, so
        that of two forecasts with the same timestamp the later one given wins).
    probs
        Probability of *yes* from each timestamp on, in [0, 1]; NaN means "no forecast from here
        on" (a withdrawal, or the end of a community history).

    Each value stands from its timestamp until the next timestamp; the last one stands forever.

    Examples
    --------
    >>> s = Series.from_points([10.0, 0.0], [0.7, 0.2])
    >>> s.times.tolist(), s.probs.tolist()
    ([0.0, 10.0], [0.2, 0.7])
    >>> s.value_at(5.0), s.value_at(-1.0)
    (0.2, nan)
    """

    times: NDArray[np.float64]
    probs: NDArray[np.float64]

    @classmethod
    def from_points(cls, times: ArrayLike, probs: ArrayLike) -> Series:
        """Build a series from timestamps (s) and probabilities, validating and sorting them."""
        t = np.asarray(times, dtype=float).ravel()
        p = _as_prob(probs, "probs", allow_nan=True).ravel()
        if t.shape != p.shape:
            raise ValueError(f"times and probs must have the same length ({t.size} != {p.size})")
        if not np.all(np.isfinite(t)):
            raise ValueError("times must be finite")
        order = np.argsort(t, kind="stable")
        return cls(t[order], p[order])

    @classmethod
    def empty(cls) -> Series:
        """A series with no forecast at all."""
        return cls(np.empty(0), np.empty(0))

    def __len__(self) -> int:
        return int(self.times.size)

    def value_at(self, t: float) -> float:
        """The probability standing at time ``t`` (NaN before the first forecast)."""
        i = int(np.searchsorted(self.times, t, side="right")) - 1
        return float(self.probs[i]) if i >= 0 else float("nan")


def _sorted_groups(
    group: NDArray[np.intp], times: NDArray[np.float64], *extra: NDArray[Any]
) -> tuple[NDArray[Any], ...]:
    order = np.lexsort((np.arange(times.size), times, group))
    return (group[order], times[order], *(e[order] for e in extra))


def _durations(
    group: NDArray[np.intp],
    times: NDArray[np.float64],
    start: NDArray[np.float64],
    end: NDArray[np.float64],
) -> NDArray[np.float64]:
    """How long each step stands inside its group's ``[start, end)``; rows sorted by group, time."""
    if times.size == 0:
        return np.empty(0)
    lo = start[group]
    hi = end[group]
    nxt = np.empty_like(times)
    nxt[:-1] = times[1:]
    nxt[-1] = np.inf
    last = np.ones(times.size, dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    nxt[last] = np.inf
    return np.minimum(np.maximum(nxt, lo), hi) - np.minimum(np.maximum(times, lo), hi)


def _spans(
    n: int, opens: ArrayLike, closes: ArrayLike, resolved: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    a = np.broadcast_to(np.asarray(opens, dtype=float), (n,))
    b = np.broadcast_to(np.asarray(closes, dtype=float), (n,))
    if not np.all(np.isfinite(a) & np.isfinite(b)):
        raise ValueError("opens and closes must be finite")
    if np.any(b <= a):
        raise ValueError("closes must be after opens")
    end = b.copy()
    if resolved is not None:
        r = np.broadcast_to(np.asarray(resolved, dtype=float), (n,))
        end = np.where(np.isnan(r), b, np.minimum(b, r))
    end = np.maximum(end, a)
    return a, end, b - a


def _check_group(group: ArrayLike, n: int, size: int, name: str) -> NDArray[np.intp]:
    g = np.asarray(group, dtype=np.intp).ravel()
    if g.size != size:
        raise ValueError(f"{name} must have one entry per forecast ({g.size} != {size})")
    if g.size and (g.min() < 0 or g.max() >= n):
        raise ValueError(f"{name} must index the questions (0 <= {name} < {n})")
    return g


def grouped_series_scores(
    obs: ArrayLike,
    group: ArrayLike,
    times: ArrayLike,
    probs: ArrayLike,
    *,
    opens: ArrayLike,
    closes: ArrayLike,
    resolved: ArrayLike | None = None,
) -> dict[str, NDArray[np.float64]]:
    """Time-averaged scores of many questions' forecast series at once, fully vectorized.

    For question ``k`` with span ``S = closes - opens``, scoring window ``[opens, E)`` with
    ``E = min(closes, resolved)``, and its series' step function ``p(t)`` (NaN: no forecast):

    .. math::
        \\mathrm{baseline} = \\frac{1}{S}\\int_{opens}^{E}
            100\\log_2(2p(t)(o))\\,[p(t)\\text{ defined}]\\,dt

        \\mathrm{coverage} = \\frac{C}{S}, \\quad
            C = \\int_{opens}^{E} [p(t)\\text{ defined}]\\,dt

    and ``brier``, ``log`` = the integrals of the Brier and log scores over the covered time,
    divided by ``C``. A forecast made before ``opens`` stands at ``opens`` (the last such one);
    forecasts at or after ``E`` are ignored.

    Parameters
    ----------
    obs
        Outcome of each question (1 yes, 0 no), length ``n``.
    group
        For each forecast, the index of its question (0 <= group < n).
    times
        For each forecast, its timestamp in seconds.
    probs
        For each forecast, the probability of yes (NaN: no forecast from here on).
    opens, closes
        Span of each question in seconds (scalars broadcast); ``closes > opens``.
    resolved
        Actual resolution time of each question; NaN (or None for all) when not earlier than
        ``closes``.

    Returns
    -------
    dict of str to ndarray
        ``brier``, ``log``, ``baseline``, ``coverage``, each of length ``n``; ``brier`` and
        ``log`` are NaN for a question whose series covers no time of its window.

    Examples
    --------
    >>> day = 86400.0
    >>> r = grouped_series_scores([1], [0, 0, 0, 0], [1 * day, 2 * day, 3 * day, 4 * day],
    ...                           [0.4, 0.7, 0.7, 0.8], opens=0.0, closes=5 * day)
    >>> round(float(r["baseline"][0]), 2), float(r["coverage"][0])
    (26.54, 0.8)
    """
    o = _as_obs(obs).ravel()
    n = o.size
    t = np.asarray(times, dtype=float).ravel()
    p = _as_prob(probs, "probs", allow_nan=True).ravel()
    if t.size != p.size:
        raise ValueError(f"times and probs must have the same length ({t.size} != {p.size})")
    g = _check_group(group, n, t.size, "group")
    start, end, span = _spans(n, opens, closes, resolved)
    g, t, p = _sorted_groups(g, t, p)
    dur = _durations(g, t, start, end)
    defined = ~np.isnan(p)
    w = np.where(defined, dur, 0.0)
    ps = np.where(defined, p, 0.5)
    po = o[g]
    covered = np.bincount(g, weights=w, minlength=n)
    brier_int = np.bincount(g, weights=w * (ps - po) ** 2, minlength=n)
    lp = np.log(_clipped_p_outcome(po, ps))
    log_int = np.bincount(g, weights=w * lp, minlength=n)
    base_int = np.bincount(g, weights=w * (100.0 / np.log(2.0)) * (np.log(2.0) + lp), minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        has = covered > 0
        brier = np.where(has, brier_int / np.where(has, covered, 1.0), np.nan)
        log = np.where(has, log_int / np.where(has, covered, 1.0), np.nan)
    return {
        "brier": brier,
        "log": log,
        "baseline": base_int / span,
        "coverage": covered / span,
    }


def grouped_peer_scores(
    obs: ArrayLike,
    group: ArrayLike,
    times: ArrayLike,
    probs: ArrayLike,
    ref_group: ArrayLike,
    ref_times: ArrayLike,
    ref_probs: ArrayLike,
    *,
    opens: ArrayLike,
    closes: ArrayLike,
    resolved: ArrayLike | None = None,
) -> NDArray[np.float64]:
    """Time-averaged peer scores of many questions' series against reference series, vectorized.

    .. math::
        \\mathrm{peer} = \\frac{1}{S}\\int_{opens}^{E} 100\\big(\\ln p(t)(o) - \\ln q(t)(o)\\big)
        \\,[p(t), q(t)\\text{ both defined}]\\,dt

    with ``S``, ``E`` as in :func:`grouped_series_scores`. Both step functions are merged on the
    union of their breakpoints, so the integral is exact.

    Parameters
    ----------
    obs
        Outcome of each question (1 yes, 0 no), length ``n``.
    group, times, probs
        Our forecasts: question index, timestamp (s), probability of yes.
    ref_group, ref_times, ref_probs
        The reference (community) forecasts, likewise.
    opens, closes, resolved
        As in :func:`grouped_series_scores`.

    Returns
    -------
    ndarray
        The peer score of each question (0 where the two series never overlap).

    Examples
    --------
    >>> r = grouped_peer_scores([1], [0], [0.0], [0.8], [0], [5.0], [0.4], opens=0.0, closes=10.0)
    >>> round(float(r[0]), 4)  # overlap on half the span
    34.6574
    """
    o = _as_obs(obs).ravel()
    n = o.size
    t1 = np.asarray(times, dtype=float).ravel()
    p1 = _as_prob(probs, "probs", allow_nan=True).ravel()
    t2 = np.asarray(ref_times, dtype=float).ravel()
    p2 = _as_prob(ref_probs, "ref_probs", allow_nan=True).ravel()
    if t1.size != p1.size or t2.size != p2.size:
        raise ValueError("times and probs must have the same length")
    g1 = _check_group(group, n, t1.size, "group")
    g2 = _check_group(ref_group, n, t2.size, "ref_group")
    start, end, span = _spans(n, opens, closes, resolved)
    g = np.concatenate([g1, g2])
    t = np.concatenate([t1, t2])
    src = np.concatenate([np.zeros(t1.size, np.int8), np.ones(t2.size, np.int8)])
    pos = np.concatenate([np.arange(t1.size), np.arange(t2.size)])
    prob = np.concatenate([p1, p2])
    order = np.lexsort((pos, src, t, g))
    g, t, src, prob = g[order], t[order], src[order], prob[order]
    idx = np.arange(t.size)

    def standing(which: int) -> NDArray[np.float64]:
        last = np.maximum.accumulate(np.where(src == which, idx, -1)) if t.size else idx
        ok = last >= 0
        safe = np.where(ok, last, 0)
        ok &= g[safe] == g
        return np.where(ok, prob[safe], np.nan)

    v1, v2 = standing(0), standing(1)
    dur = _durations(g, t, start, end)
    both = ~np.isnan(v1) & ~np.isnan(v2)
    po = o[g]
    a = np.log(_clipped_p_outcome(po, np.where(both, v1, 0.5)))
    b = np.log(_clipped_p_outcome(po, np.where(both, v2, 0.5)))
    integ = np.bincount(g, weights=np.where(both, dur, 0.0) * 100.0 * (a - b), minlength=n)
    return integ / span


def series_scores(
    obs: int | bool,
    fct: Series,
    *,
    opens: float,
    closes: float,
    resolved: float | None = None,
) -> dict[str, float | None]:
    """Time-averaged ``brier``, ``log``, ``baseline`` and ``coverage`` of one forecast series.

    See :func:`grouped_series_scores` for the formulas and the truncation rule.

    Parameters
    ----------
    obs
        The outcome, 1 (yes) or 0 (no).
    fct
        The forecast series.
    opens, closes
        The span, in seconds; ``closes > opens``.
    resolved
        The actual resolution time when earlier than ``closes`` (``None``: not earlier).

    Returns
    -------
    dict
        ``{"brier", "log", "baseline", "coverage"}``; ``brier`` and ``log`` are ``None`` when the
        series covers none of the window (then ``coverage`` is 0 and ``baseline`` 0).

    Examples
    --------
    The Metaculus FAQ example: a 5-day question, no forecast on day 1, then 0.4, 0.7, 0.7, 0.8.

    >>> day = 86400.0
    >>> s = Series.from_points([day, 2 * day, 4 * day], [0.4, 0.7, 0.8])
    >>> r = series_scores(1, s, opens=0.0, closes=5 * day)
    >>> round(r["baseline"], 2), r["coverage"]
    (26.54, 0.8)
    >>> series_scores(1, Series.empty(), opens=0.0, closes=day)
    {'brier': None, 'log': None, 'baseline': 0.0, 'coverage': 0.0}
    """
    r = grouped_series_scores(
        [obs],
        np.zeros(len(fct), dtype=np.intp),
        fct.times,
        fct.probs,
        opens=opens,
        closes=closes,
        resolved=np.nan if resolved is None else resolved,
    )
    return {k: optional_float(r[k][0]) for k in SCORE_FIELDS}


def series_peer_score(
    obs: int | bool,
    fct: Series,
    ref: Series,
    *,
    opens: float,
    closes: float,
    resolved: float | None = None,
) -> float:
    """Time-averaged peer score of one series against a reference series over the whole span.

    See :func:`grouped_peer_scores`; time where either series has no forecast, and time after
    ``resolved``, counts 0.

    Parameters
    ----------
    obs
        The outcome, 1 (yes) or 0 (no).
    fct
        Our series.
    ref
        The reference (community) series.
    opens, closes, resolved
        As in :func:`series_scores`.

    Returns
    -------
    float
        The peer score.

    Examples
    --------
    >>> a = Series.from_points([0.0], [0.9])
    >>> b = Series.from_points([0.0], [0.5])
    >>> round(series_peer_score(1, a, b, opens=0.0, closes=10.0, resolved=5.0), 4)
    29.3893
    """
    r = grouped_peer_scores(
        [obs],
        np.zeros(len(fct), dtype=np.intp),
        fct.times,
        fct.probs,
        np.zeros(len(ref), dtype=np.intp),
        ref.times,
        ref.probs,
        opens=opens,
        closes=closes,
        resolved=np.nan if resolved is None else resolved,
    )
    return float(r[0])
