"""The evidence model: prior, likelihood ratios, reliability, origins, windows and the passage of time.

Pure functions over :class:`~summitcast.question.Question` values, numpy only (no scipy, no plotting, no PyMC), so
that ``show`` stays near the cost of starting Python. docs/model.md states the model in words and formulas; in short:

* ``p`` ~ Beta(p₀·w, (1−p₀)·w) is the prior probability of a meeting within the span.
* Each evidence item ``i`` has a stated log-likelihood-ratio ``μᵢ = ln LRᵢ``, uncertain as ``ℓᵢ ~ N(μᵢ, σᵢ²)`` with
  ``σᵢ = 0.1 + 0.25·|μᵢ|`` (:func:`log_lr_spread`); it acts with weight ``gᵢ(t) = rᵢ · decayᵢ(t) · activeᵢ(t)``
  where ``rᵢ`` is the reliability (tempering: LR^r), ``decay`` halves every ``half_life_days`` and ``active`` is 0
  once the item's window has ended. Of the items sharing an origin only the one with the largest ``|gᵢ μᵢ|`` acts.
* The evidence shifts the log-odds of a meeting within the span: ``q = σ(logit p + L)``, ``L = Σ gᵢ ℓᵢ``.
* A meeting within the span falls on a day in proportion to the hazard profile (1 on an ordinary day, ``hazard`` on
  a window day); ``F(t)`` is the share elapsed by the end of day ``t``. Surviving to ``t`` without a meeting has
  likelihood ``1 − q F(t)``, so ``P(t, by) = E[q (F(by) − F(t))] / E[1 − q F(t)] = ΔF·Q / (1 − F·Q)`` with
  ``Q = E[q]`` under the prior: the expectation is computed by Gauss quadrature (exact to ~1e-8; no Monte Carlo
  error), the 80% interval from seeded, survival-weighted draws of ``q``.

When a reliability fit exists (:mod:`summitcast.reliability`), items without an explicit reliability take, draw by
draw, the learned reliability of their source (or source type), so the interval carries that uncertainty too.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from summitcast.question import Evidence, Question

__all__ = [
    "DEFAULT_RELIABILITY",
    "INTERVAL",
    "N_INTERVAL_DRAWS",
    "SEED",
    "EvidenceTerms",
    "Forecast",
    "LearnedReliability",
    "Trajectory",
    "elapsed_share",
    "evidence_terms",
    "forecast",
    "hazard_profile",
    "log_lr_spread",
    "optional_float",
    "source_key",
    "stated_reliability",
    "status_as_of",
    "trajectory",
]

#: Reliability of an item with none given, by source type, when no fit exists. docs/model.md gives the reasons.
DEFAULT_RELIABILITY: dict[str, float] = {
    "principal": 0.5,
    "official": 0.6,
    "analyst": 0.6,
    "media": 0.5,
    "market": 0.8,
}
#: Central probability mass of the reported interval.
INTERVAL = 0.80
#: Seeded draws behind the interval (the point forecast is computed by quadrature, not from these).
N_INTERVAL_DRAWS = 4000
SEED = 20251030
#: Quadrature orders: Gauss-Jacobi over the Beta prior, Gauss-Hermite over the evidence's normal uncertainty.
N_JACOBI = 40
N_HERMITE = 16
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
    >>> round(float(log_lr_spread(math.log(10.0))), 3)
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


def optional_float(x: float) -> float | None:
    """``x`` as a float, or ``None`` where it is NaN (no forecast): the JSON value of a probability.

    Examples
    --------
    >>> optional_float(np.float64(0.25)), optional_float(float("nan"))
    (0.25, None)
    """
    return None if math.isnan(x) else float(x)


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
    """

    by_type: Mapping[str, np.ndarray]
    by_source: Mapping[str, np.ndarray] = field(default_factory=dict)
    stale: bool = False

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
    """The evidence of one question, evaluated on a set of days.

    Attributes
    ----------
    ids
        Evidence ids, in file order (columns of the arrays).
    mu, sigma
        Stated log-LR of each item and its spread, shape ``(n,)``.
    weight
        ``(T, n)``: decay × window activity × origin selection × visibility (reliability not included).
    reliability
        ``(D, n)``: reliability draws of each item (D = 1 without a fit).
    contribution
        ``(T, n)``: each item's effective log-odds shift at its point reliability.
    visible
        ``(T, n)``: logged on or before the day.
    """

    ids: tuple[str, ...]
    mu: np.ndarray
    sigma: np.ndarray
    weight: np.ndarray
    reliability: np.ndarray
    contribution: np.ndarray
    visible: np.ndarray

    def shift_moments(self) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard deviation of the total log-odds shift, shape ``(T, D)`` each."""
        g_mu = self.weight * self.mu  # (T, n)
        g_sd2 = (self.weight * self.sigma) ** 2
        mean = g_mu @ self.reliability.T
        sd = np.sqrt(g_sd2 @ (self.reliability**2).T)
        return mean, sd


@dataclass(frozen=True)
class Forecast:
    """The forecast of one question as of one day.

    ``probability``, ``low`` and ``high`` are ``None`` for an annulled question. ``contributions`` maps each evidence
    item logged by ``as_of`` to its effective log-odds shift (0 for a reprint or an expired item).
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

    def to_json(self) -> dict:
        """The ``show --json`` document (CONTRACT section 3)."""
        return {
            "id": self.id,
            "as_of": self.as_of.isoformat(),
            "by": self.by.isoformat(),
            "status": self.status,
            "probability": self.probability,
            "interval": None if self.low is None else [self.low, self.high],
            "evidence_used": self.evidence_used,
            "contributions": [{"id": k, "log_odds": v} for k, v in self.contributions.items()],
            "prior_probability": self.prior_probability,
            "evidence_probability": self.evidence_probability,
            "elapsed_share": self.elapsed,
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
                }
                for d, p, lo, hi in zip(
                    self.dates, self.probability, self.low, self.high, strict=True
                )
            ],
        }


# --------------------------------------------------------------------------------------------- time


def hazard_profile(question: Question) -> np.ndarray:
    """Relative hazard of each day of the span, ``opens`` to ``deadline`` inclusive.

    1 on an ordinary day; on a window day the window's ``hazard`` (the largest where windows overlap).

    Parameters
    ----------
    question
        The question.

    Returns
    -------
    numpy.ndarray
        One value per day of the span.
    """
    n = (question.deadline - question.opens).days + 1
    h = np.ones(n)
    covered = np.zeros(n, dtype=bool)
    for w in question.windows:
        a = max((w.start - question.opens).days, 0)
        b = min((w.end - question.opens).days, n - 1)
        if a > b:
            continue
        seg = slice(a, b + 1)
        h[seg] = np.where(covered[seg], np.maximum(h[seg], w.hazard), w.hazard)
        covered[seg] = True
    return h


def elapsed_share(question: Question, days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    """``F(t)``: the share of the hazard profile elapsed by the end of each day ``t``.

    0 before ``opens``, 1 from ``deadline`` on.

    Parameters
    ----------
    question
        The question.
    days
        Days, as dates or ``datetime64[D]``.

    Returns
    -------
    numpy.ndarray
        ``F`` for each day.

    Examples
    --------
    A span of 10 ordinary days is 30% elapsed at the end of its third day.

    >>> from summitcast.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> float(elapsed_share(q, [dt.date(2025, 1, 3)])[0])
    0.3
    """
    h = hazard_profile(question)
    cum = np.concatenate([[0.0], np.cumsum(h)])
    total = cum[-1]
    k = _day_index(question, days) + 1  # days elapsed through the end of day t
    k = np.clip(k, 0, len(h))
    return cum[k] / total


def _as_datetime64(days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    return np.asarray(days, dtype="datetime64[D]")


def _day_index(question: Question, days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    return (_as_datetime64(days) - np.datetime64(question.opens, "D")).astype(np.int64)


def status_as_of(question: Question, as_of: dt.date) -> str:
    """The question's status on ``as_of``: ``open``, ``closed``, ``resolved-yes``, ``resolved-no`` or ``annulled``.

    An annulled question is ``annulled`` whatever the date; a yes/no resolution counts from its date; a question
    still unresolved after its deadline is ``closed``.

    Parameters
    ----------
    question
        The question.
    as_of
        The day.

    Returns
    -------
    str
        The status.
    """
    r = question.resolution
    if r is not None and r.outcome == "annulled":
        return "annulled"
    if r is not None and as_of >= r.date:
        return f"resolved-{r.outcome}"
    if as_of > question.deadline:
        return "closed"
    return "open"


# ------------------------------------------------------------------------------------------ evidence


def _item_reliability_draws(
    question: Question, learned: LearnedReliability | None
) -> tuple[np.ndarray, np.ndarray]:
    """Reliability draws ``(D, n)`` and their point values ``(n,)`` for every item."""
    items = question.evidence
    n = len(items)
    if learned is None or learned.n_draws == 0:
        point = np.array([stated_reliability(e) for e in items], dtype=float)
        return point.reshape(1, n), point
    d_all = learned.n_draws
    take = _unique(np.linspace(0, d_all - 1, min(d_all, MAX_RELIABILITY_DRAWS)).astype(int))
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


def evidence_terms(
    question: Question,
    days: Sequence[dt.date] | np.ndarray,
    *,
    learned: LearnedReliability | None = None,
) -> EvidenceTerms:
    """Evaluate every evidence item of ``question`` on each of ``days`` at once.

    Applies visibility (``logged <= t``), decay, window expiry (an item about a window stops acting once the window
    has ended: from the end of its last day), and origin de-duplication (per origin, only the visible item with the
    largest effective ``|log-LR|`` acts; ties go to the earlier ``date``, then the smaller id, so file order never
    matters).

    Parameters
    ----------
    question
        The question.
    days
        The as-of days.
    learned
        Learned reliability draws, if a fit exists.

    Returns
    -------
    EvidenceTerms
        Arrays over (days, items).
    """
    items = question.evidence
    t = _as_datetime64(days).reshape(-1, 1)
    n = len(items)
    ids = tuple(e.id for e in items)
    if n == 0:
        z = np.zeros((t.shape[0], 0))
        return EvidenceTerms(ids, np.zeros(0), np.zeros(0), z, np.zeros((1, 0)), z, z.astype(bool))
    mu = np.array([e.log_lr for e in items])
    sigma = np.asarray(log_lr_spread(mu), dtype=float)
    logged = np.array([e.logged for e in items], dtype="datetime64[D]")
    date = np.array([e.date for e in items], dtype="datetime64[D]")
    half = np.array([e.half_life_days or np.inf for e in items], dtype=float)
    win_end = np.array(
        [question.window(e.window).end if e.window else dt.date.max for e in items],
        dtype="datetime64[D]",
    )
    visible = logged <= t  # (T, n)
    age = np.maximum((t - date).astype(np.int64), 0).astype(float)
    decay = np.exp2(-age / half)
    active = t < win_end
    weight = np.where(visible & active, decay, 0.0)

    draws, point = _item_reliability_draws(question, learned)
    effective = weight * point * mu  # (T, n)

    # Origin de-duplication: keep, per origin and day, the item with the largest |effective| (ties: rank order).
    origins: dict[str, list[int]] = {}
    for i, e in enumerate(items):
        origins.setdefault(e.origin_key, []).append(i)
    for members in origins.values():
        if len(members) == 1:
            continue
        members = sorted(members, key=lambda i: (items[i].date, items[i].id))
        block = np.abs(effective[:, members])
        # prefer visible items, then larger |effective|, then rank order (argmax takes the first maximum)
        score = np.where(visible[:, members], block, -1.0)
        best = np.argmax(score, axis=1)
        keep = np.zeros_like(block, dtype=bool)
        keep[np.arange(block.shape[0]), best] = True
        cols = np.array(members)
        weight[:, cols] = np.where(keep, weight[:, cols], 0.0)
        effective[:, cols] = np.where(keep, effective[:, cols], 0.0)
    return EvidenceTerms(ids, mu, sigma, weight, draws, effective + 0.0, visible)


# ------------------------------------------------------------------------------------- integration


def _unique(x: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array, as ``np.unique`` (NaNs collapsed into one).

    ``np.unique`` calls ``np.ma.is_masked``, and numpy 2 imports ``numpy.ma`` lazily on first use (about 7-15 ms of
    ``show`` and ``history``); this does the same sort-and-compare without it.
    """
    x = np.sort(np.asarray(x).ravel())
    if x.size == 0:
        return x
    keep = np.empty(x.size, dtype=bool)
    keep[0] = True
    np.not_equal(x[1:], x[:-1], out=keep[1:])
    if x.dtype.kind in "fc" and np.isnan(x[-1]):
        keep[np.argmax(np.isnan(x)) + 1 :] = False  # NaNs sort last; keep the first
    return x[keep]


@lru_cache(maxsize=64)
def _beta_nodes(a: float, b: float, n: int = N_JACOBI) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Jacobi nodes and weights for the Beta(a, b) distribution on (0, 1) (Golub-Welsch).

    The weights sum to 1 and integrate polynomials of degree up to 2n-1 exactly against Beta(a, b).
    """
    if a + b < 1e-8:
        # A vanishing prior weight: Beta(a, b) is, to float precision, p = 1 with probability a / (a + b), else 0.
        mean = a / (a + b)
        return np.array([1e-300, 1 - 1e-16]), np.array([1.0 - mean, mean])
    al, be = b - 1.0, a - 1.0  # weight (1-x)^al (1+x)^be on [-1, 1], p = (1+x)/2
    # The recurrence is written with a + b = al + be + 2 and a − b = be − al taken from a and b directly, so that a
    # tiny prior weight (a + b below float resolution next to 2) neither divides by zero nor loses its digits.
    k = np.arange(n, dtype=float)
    s = 2 * k + (a + b) - 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        diag = (a - b) * ((a + b) - 2.0) / (s * (s + 2))
    diag[0] = (a - b) / (a + b)
    m = np.arange(1, n, dtype=float)
    s1 = 2 * m + (a + b) - 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        off2 = 4 * m * (m + al) * (m + be) * (m + al + be) / (s1**2 * (s1 + 1) * (s1 - 1))
    off2[0] = 4 * a * b / ((a + b) ** 2 * (a + b + 1))
    jac = np.diag(diag) + np.diag(np.sqrt(off2), 1) + np.diag(np.sqrt(off2), -1)
    x, vec = np.linalg.eigh(jac)
    w = vec[0] ** 2
    p = np.clip((1 + x) / 2, 1e-300, 1 - 1e-16)
    return p, w / w.sum()


@lru_cache(maxsize=1)
def _normal_nodes(n: int = N_HERMITE) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.hermite_e.hermegauss(n)
    return x, w / w.sum()


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p) - np.log1p(-p)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _expected_q(a: float, b: float, mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """``Q = E[σ(logit p + L)]`` with p ~ Beta(a, b), L ~ N(mean, sd²) mixed over draws; ``mean``: (T, D)."""
    p, wp = _beta_nodes(a, b)
    eps, we = _normal_nodes()
    base = _logit(p)  # (J,)
    T, D = mean.shape
    out = np.empty(T)
    step = max(1, 200_000 // (D * len(p) * len(eps)))
    for i in range(0, T, step):
        m = mean[i : i + step, :, None, None]
        s = sd[i : i + step, :, None, None]
        z = base[None, None, :, None] + m + s * eps[None, None, None, :]
        q = _sigmoid(z) @ we  # (t, D, J)
        out[i : i + step] = (q @ wp).mean(axis=1)
    return out


@lru_cache(maxsize=16)
def _interval_draws(a: float, b: float, n_rel: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    p = np.clip(rng.beta(a, b, size=N_INTERVAL_DRAWS), 1e-300, 1 - 1e-16)
    eps = rng.standard_normal(N_INTERVAL_DRAWS)
    rel = rng.integers(0, n_rel, size=N_INTERVAL_DRAWS) if n_rel > 1 else np.zeros(0, dtype=int)
    return _logit(p), eps, rel


def _weighted_quantiles(
    z: np.ndarray, f: np.ndarray, probs: tuple[float, float], presorted: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Survival-weighted quantiles of ``q = σ(z)`` per row, weights ``1 − q F``; z: (T, S), f: (T,).

    ``presorted``: each row of ``z`` is already in ascending order (it is not sorted again).
    """
    zs = z if presorted else np.sort(z, axis=1)
    qs = _sigmoid(zs)
    w = 1.0 - qs * f[:, None]
    cw = np.cumsum(w, axis=1)
    total = cw[:, -1:]
    cdf = (cw - 0.5 * w) / total
    out = []
    for prob in probs:
        idx = np.clip((cdf < prob).sum(axis=1), 1, zs.shape[1] - 1)
        rows = np.arange(zs.shape[0])
        c0, c1 = cdf[rows, idx - 1], cdf[rows, idx]
        frac = np.clip((prob - c0) / np.maximum(c1 - c0, 1e-300), 0.0, 1.0)
        out.append(qs[rows, idx - 1] + frac * (qs[rows, idx] - qs[rows, idx - 1]))
    return out[0], out[1]


def _compute(
    question: Question,
    days: np.ndarray,
    by: np.ndarray,
    learned: LearnedReliability | None,
    with_interval: bool = True,
) -> tuple[EvidenceTerms, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised core: point, low, high (before status overrides), Q and F for each day."""
    terms = evidence_terms(question, days, learned=learned)
    mean, sd = terms.shift_moments()
    a, b = question.prior.alpha, question.prior.beta
    q_mean = _expected_q(a, b, mean, sd)
    f_t = elapsed_share(question, days)
    f_by = elapsed_share(question, by)
    d_f = np.maximum(f_by - f_t, 0.0)
    point = d_f * q_mean / (1.0 - f_t * q_mean)
    if not with_interval:
        nan = np.full_like(point, np.nan)
        return terms, point, nan, nan, q_mean, f_t
    base, eps, rel = _interval_draws(a, b, mean.shape[1])
    lo_q = np.empty(len(days))
    hi_q = np.empty(len(days))
    tail = (1.0 - INTERVAL) / 2
    if mean.shape[1] == 1:
        # The ordering of the draws depends only on the spread: sort once per distinct spread (adding the
        # mean, a monotone operation in floating point, keeps each row sorted).
        m, s = mean[:, 0], sd[:, 0]
        for s_val in _unique(s):
            rows = np.flatnonzero(s == s_val)
            zs = np.sort(base + s_val * eps)[None, :] + m[rows, None]
            lo_q[rows], hi_q[rows] = _weighted_quantiles(
                zs, f_t[rows], (tail, 1 - tail), presorted=True
            )
    else:
        z = base[None, :] + mean[:, rel] + sd[:, rel] * eps[None, :]
        lo_q, hi_q = _weighted_quantiles(z, f_t, (tail, 1 - tail))

    def to_p(q: np.ndarray) -> np.ndarray:
        return d_f * q / (1.0 - f_t * q)

    return terms, point, to_p(lo_q), to_p(hi_q), q_mean, f_t


def _apply_status(
    question: Question, days: list[dt.date], point: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> list[str]:
    statuses = [status_as_of(question, d) for d in days]
    for i, s in enumerate(statuses):
        if s == "annulled":
            point[i] = lo[i] = hi[i] = np.nan
        elif s == "resolved-yes":
            point[i] = lo[i] = hi[i] = 1.0
        elif s in ("resolved-no", "closed"):
            point[i] = lo[i] = hi[i] = 0.0
    return statuses


def forecast(
    question: Question,
    as_of: dt.date,
    by: dt.date | None = None,
    *,
    learned: LearnedReliability | None = None,
) -> Forecast:
    """``P(as_of, by)``: the probability of a meeting in (as_of, by] given the evidence and no meeting so far.

    Parameters
    ----------
    question
        The question.
    as_of
        The day the forecast is made at the end of; only evidence logged on or before it is used.
    by
        The horizon (default the deadline; a later day counts as the deadline, an earlier one than ``as_of``
        gives 0).
    learned
        Learned reliability draws, if a fit exists.

    Returns
    -------
    Forecast
        The point forecast (posterior mean), its 80% interval and each item's contribution.

    Examples
    --------
    With no evidence and no windows the forecast is the closed form p̄ΔF / (1 − p̄F):

    >>> from summitcast.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> round(forecast(q, dt.date(2025, 1, 5)).probability, 6)  # 0.5·0.5 / (1 − 0.5·0.5)
    0.333333
    """
    by = question.deadline if by is None else by
    days = np.array([as_of], dtype="datetime64[D]")
    terms, point, lo, hi, q_mean, f_t = _compute(
        question, days, np.array([by], dtype="datetime64[D]"), learned
    )
    status = _apply_status(question, [as_of], point, lo, hi)[0]
    row = terms.contribution[0]
    contributions = {
        e.id: float(row[i]) for i, e in enumerate(question.evidence) if terms.visible[0, i]
    }

    return Forecast(
        id=question.id,
        as_of=as_of,
        by=by,
        status=status,
        probability=optional_float(point[0]),
        low=optional_float(lo[0]),
        high=optional_float(hi[0]),
        evidence_used=int(terms.visible[0].sum()),
        contributions=contributions,
        prior_probability=question.prior.probability,
        evidence_probability=None if status == "annulled" else float(q_mean[0]),
        elapsed=float(f_t[0]),
        remaining=float(elapsed_share(question, [by])[0] - f_t[0]),
    )


def trajectory(
    question: Question,
    days: Sequence[dt.date],
    *,
    learned: LearnedReliability | None = None,
    with_interval: bool = True,
) -> Trajectory:
    """Forecasts (to the deadline) on each of ``days``, computed in one vectorised pass.

    Each point equals ``forecast(question, day)`` for that day.

    Parameters
    ----------
    question
        The question.
    days
        The as-of days, in any order.
    learned
        Learned reliability draws, if a fit exists.
    with_interval
        Compute the 80% intervals (``low``/``high`` are NaN otherwise).

    Returns
    -------
    Trajectory
        Arrays aligned with ``days``; NaN where there is no forecast (annulled).
    """
    days = list(days)
    arr = np.array(days, dtype="datetime64[D]")
    by = np.full(len(days), np.datetime64(question.deadline, "D"))
    _, point, lo, hi, _, _ = _compute(question, arr, by, learned, with_interval)
    statuses = _apply_status(question, days, point, lo, hi)
    return Trajectory(question.id, days, point, lo, hi, statuses)
