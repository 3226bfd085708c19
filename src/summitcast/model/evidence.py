"""Evidence as effective likelihood ratios: strength, reliability, reprints (origins), decay, visibility.

Each item ``i`` has a stated log-likelihood-ratio ``μᵢ = ln LRᵢ``, uncertain as ``ℓᵢ ~ N(μᵢ, σᵢ²)`` with
``σᵢ = 0.1 + 0.25·|μᵢ|``; it acts with weight ``gᵢ(t) = rᵢ · decayᵢ(t) · selectedᵢ(t) · visibleᵢ(t)``: reliability
(tempering, LR^r), halving every ``half_life_days``, the origin rule (:func:`strongest_per_origin`) and visibility
(logged by ``t``, and its window announced by ``t``). Whether an item shifts the odds of a meeting within the horizon
(no window) or the hazard of its window's days is the business of :mod:`summitcast.model.forecast`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Evidence, Question
from summitcast.model.quadrature import unique

__all__ = [
    "DEFAULT_RELIABILITY",
    "MAX_RELIABILITY_DRAWS",
    "EvidenceTerms",
    "LearnedReliability",
    "evidence_terms",
    "log_lr_spread",
    "source_key",
    "stated_reliability",
    "strongest_per_origin",
]

#: Reliability of an item with none given, by source type, when no fit exists. docs/model.md gives the reasons.
DEFAULT_RELIABILITY: dict[str, float] = {
    "principal": 0.5,
    "official": 0.6,
    "analyst": 0.6,
    "media": 0.5,
    "market": 0.8,
}
#: At most this many posterior draws of a learned reliability enter one forecast (evenly thinned).
MAX_RELIABILITY_DRAWS = 128


def log_lr_spread(log_lr: float | np.ndarray) -> float | np.ndarray:
    """Standard deviation of an item's log-likelihood-ratio around its stated value.

    ``σ = 0.1 + 0.25·|ln LR|``: a floor for any judgement plus a spread that grows with the claimed strength. The
    four strength levels get 0.20 (weak), 0.37 (moderate), 0.68 (strong) and 0.95 (very-strong); an explicit ``lr``
    is treated by the same rule, as a judgement of the same kind as a strength level.

    Parameters
    ----------
    log_lr
        Natural log of the stated likelihood ratio.

    Returns
    -------
    float or numpy.ndarray
        The spread, in natural-log units.

    Examples
    --------
    >>> round(float(log_lr_spread(np.log(10.0))), 3)
    0.676
    """
    return 0.1 + 0.25 * np.abs(log_lr)


def stated_reliability(item: Evidence) -> float:
    """An item's reliability without a fit: its explicit ``reliability``, else its source type's default.

    Examples
    --------
    >>> e = Evidence("e", dt.date(2025, 1, 1), "Kim", "x", dt.date(2025, 1, 1), "principal", lr=2.0)
    >>> stated_reliability(e)
    0.5
    """
    return (
        item.reliability if item.reliability is not None else DEFAULT_RELIABILITY[item.source_type]
    )


def source_key(source: str) -> str:
    """Normalise a source's name for per-source reliability (case and surrounding space ignored).

    Examples
    --------
    >>> source_key("  Donald Trump ")
    'donald trump'
    """
    return " ".join(source.split()).lower()


@dataclass(frozen=True)
class LearnedReliability:
    """Posterior draws of learned reliabilities, as stored by ``summitcast fit``.

    Parameters
    ----------
    by_type
        For each source type, an array of draws in [0, 1]; all arrays share one length D.
    by_source
        For individual sources (keys from :func:`source_key`), arrays of the same length D.
    stale
        Whether the ledger changed since the fit (reported by the CLI, not used in computation).
    fitted_on
        The day the fit was made, when known (named by ``show`` and ``history``).
    chance_by_kind
        For each occasion kind, draws of its learned chance (CONTRACT section 4), any length.
    rate
        Draws of the learned rate (per year) of the ``floated`` prior rule, or ``None``.
    """

    by_type: Mapping[str, np.ndarray]
    by_source: Mapping[str, np.ndarray] = field(default_factory=dict)
    stale: bool = False
    fitted_on: str | None = None
    chance_by_kind: Mapping[str, np.ndarray] = field(default_factory=dict)
    rate: np.ndarray | None = None

    @property
    def n_draws(self) -> int:
        """The number of draws D."""
        for v in self.by_type.values():
            return len(v)
        for v in self.by_source.values():
            return len(v)
        return 0


@dataclass(frozen=True)
class EvidenceTerms:
    """The evidence of one event, evaluated on a set of days.

    Attributes
    ----------
    ids
        Evidence ids, in file order (columns of the arrays).
    mu, sigma
        Stated log-LR of each item and its spread, shape ``(n,)``.
    window
        ``(n,)``: index into the event's windows of the item's window, ``-1`` for an item about the meeting in
        general.
    weight
        ``(T, n)``: decay × origin selection × visibility (reliability not included).
    reliability
        ``(D, n)``: reliability draws of each item (D = 1 without a fit).
    effective
        ``(T, n)``: each item's effective log-LR ``weight · r̄ · μ`` at its point reliability.
    visible
        ``(T, n)``: logged on or before the day, and its window (if any) announced by then (an item whose
        occasion was cancelled stays visible, with weight 0 from the cancel day on).
    """

    ids: tuple[str, ...]
    mu: np.ndarray
    sigma: np.ndarray
    window: np.ndarray
    weight: np.ndarray
    reliability: np.ndarray
    effective: np.ndarray
    visible: np.ndarray

    @property
    def contribution(self) -> np.ndarray:
        """``(T, n)`` effective log-LRs (kept under the v1 name used by the report)."""
        return self.effective

    def moments(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard deviation of the summed log-LR of ``columns``, shape ``(T, D)`` each."""
        g = self.weight[:, columns]
        r = self.reliability[:, columns]
        # a sum along each day's row (numpy's pairwise sum over n items), never a BLAS product whose rounding can
        # depend on how many days are computed together: a day's moments are the same bits in show and history
        mean = np.stack([(g * self.mu[columns] * rd).sum(axis=1) for rd in r], axis=1)
        sd = np.sqrt(
            np.stack([((g * self.sigma[columns] * rd) ** 2).sum(axis=1) for rd in r], axis=1)
        )
        return mean, sd

    def shift_moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard deviation of the log-odds shift of the items without a window, ``(T, D)`` each."""
        return self.moments(np.flatnonzero(self.window < 0))


def _as_datetime64(days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[D]")


def _reliability_draws(
    items: Sequence[Evidence], learned: LearnedReliability | None
) -> tuple[np.ndarray, np.ndarray]:
    """Reliability draws ``(D, n)`` and their point values ``(n,)`` for every item."""
    n = len(items)
    if learned is None or learned.n_draws == 0:
        point = np.array([stated_reliability(e) for e in items], dtype=float)
        return point.reshape(1, n), point
    d_all = learned.n_draws
    take = unique(np.linspace(0, d_all - 1, min(d_all, MAX_RELIABILITY_DRAWS)).astype(int))
    draws = np.empty((len(take), n))
    for i, e in enumerate(items):
        if e.reliability is not None:
            draws[:, i] = e.reliability
        elif source_key(e.source) in learned.by_source:
            draws[:, i] = np.asarray(learned.by_source[source_key(e.source)])[take]
        elif e.source_type in learned.by_type:
            draws[:, i] = np.asarray(learned.by_type[e.source_type])[take]
        else:
            draws[:, i] = DEFAULT_RELIABILITY[e.source_type]
    draws = np.clip(draws, 0.0, 1.0)
    return draws, draws.mean(axis=0)


def strongest_per_origin(
    items: Sequence[Evidence], effective: np.ndarray, visible: np.ndarray
) -> np.ndarray:
    """The origin rule: per origin and day, only the visible item with the largest ``|effective|`` acts.

    Ties go to the earlier ``date``, then the smaller id, so the order of items in the file never matters. This is
    the one statement of the rule; the reliability fit uses it too.

    Parameters
    ----------
    items
        The evidence items (columns).
    effective
        ``(T, n)`` effective log-LRs.
    visible
        ``(T, n)`` visibility.

    Returns
    -------
    numpy.ndarray
        ``(T, n)`` boolean: whether each item acts on each day.

    Examples
    --------
    Two reprints of one remark: only the stronger acts.

    >>> d = dt.date(2025, 1, 1)
    >>> a = Evidence("a", d, "s", "x", d, origin="o", lr=2.0)
    >>> b = Evidence("b", d, "s", "x", d, origin="o", lr=3.0)
    >>> strongest_per_origin([a, b], np.log([[2.0, 3.0]]), np.ones((1, 2), bool)).tolist()
    [[False, True]]
    """
    keep = np.ones(effective.shape, dtype=bool)
    origins: dict[str, list[int]] = {}
    for i, e in enumerate(items):
        origins.setdefault(e.origin_key, []).append(i)
    rows = np.arange(effective.shape[0])
    for members in origins.values():
        if len(members) == 1:
            continue
        members = sorted(members, key=lambda i: (items[i].date, items[i].id))
        cols = np.array(members)
        # prefer visible items, then larger |effective|, then rank order (argmax takes the first maximum)
        score = np.where(visible[:, cols], np.abs(effective[:, cols]), -1.0)
        best = np.argmax(score, axis=1)
        block = np.zeros((effective.shape[0], len(cols)), dtype=bool)
        block[rows, best] = True
        keep[:, cols] = block
    return keep


def evidence_terms(
    event: Event | Question,
    days: Sequence[dt.date] | np.ndarray,
    *,
    learned: LearnedReliability | None = None,
) -> EvidenceTerms:
    """Evaluate every evidence item of ``event`` on each of ``days`` at once.

    Applies visibility (``logged <= t``, and the item's window announced by ``t``), decay and the origin rule
    (:func:`strongest_per_origin`). Items scoped to a window do not expire: the passage of time through the window
    removes their effect (docs/model.md).

    Parameters
    ----------
    event
        The event (a self-contained question is taken as its own event).
    days
        The as-of days.
    learned
        Learned reliability draws, if a fit exists.

    Returns
    -------
    EvidenceTerms
        Arrays over (days, items).
    """
    event = as_event(event)
    items = event.evidence
    t = _as_datetime64(days).reshape(-1, 1)
    n = len(items)
    ids = tuple(e.id for e in items)
    if n == 0:
        z = np.zeros((t.shape[0], 0))
        empty = np.zeros(0)
        return EvidenceTerms(
            ids, empty, empty, np.zeros(0, int), z, np.zeros((1, 0)), z, z.astype(bool)
        )
    index = {w.id: k for k, w in enumerate(event.windows)}
    mu = np.array([e.log_lr for e in items])
    sigma = np.asarray(log_lr_spread(mu), dtype=float)
    win = np.array([index[e.window] if e.window else -1 for e in items], dtype=int)
    logged = np.array([e.logged for e in items], dtype="datetime64[D]")
    announced = np.array(
        [
            event.windows[k].announced or event.opens if k >= 0 else dt.date.min
            for k in win.tolist()
        ],
        dtype="datetime64[D]",
    )
    date = np.array([e.date for e in items], dtype="datetime64[D]")
    half = np.array([e.half_life_days or np.inf for e in items], dtype=float)
    cancelled = np.array(
        [
            event.windows[k].cancelled or dt.date.max if k >= 0 else dt.date.max
            for k in win.tolist()
        ],
        dtype="datetime64[D]",
    )
    visible = (logged <= t) & (announced <= t)  # (T, n)
    live = visible & (t < cancelled)
    age = np.maximum((t - date).astype(np.int64), 0).astype(float)
    weight = np.where(live, np.exp2(-age / half), 0.0)

    draws, point = _reliability_draws(items, learned)
    effective = weight * point * mu
    keep = strongest_per_origin(items, effective, live)
    weight = np.where(keep, weight, 0.0)
    effective = np.where(keep, effective, 0.0) + 0.0
    return EvidenceTerms(ids, mu, sigma, win, weight, draws, effective, visible)
