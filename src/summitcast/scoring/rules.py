"""Proper scores for binary forecasts: spot scores, calibration and the bootstrap.

Pure numerical code: it imports numpy and nothing else (no scipy, no matplotlib), so the fast
command-line path stays fast. The functions follow the style of `scoringrules`:
``f(obs, fct, *, ...)`` with ``obs`` the outcome (1 = yes, 0 = no) and ``fct`` the forecast
probability of *yes*; inputs are validated and a bad one raises :class:`ValueError` with a message
naming the argument.

Formulas (see docs/scoring.md for sources and the rules of CONTRACT section 5):

* Brier score (Brier 1950): ``(p - o)^2``; lower is better.
* Log score (Good 1952): ``ln p(outcome)``; higher is better.
* Metaculus baseline score: ``100 * log2(2 * p(outcome))``; 0 for a 50% forecast.
* Metaculus peer score against a reference: ``100 * (ln p(outcome) - ln q(outcome))``.

``p(outcome)`` is ``p`` when the outcome is yes and ``1 - p`` when it is no. Probabilities are
clipped to [0.001, 0.999] inside the log-based scores only (log, baseline, peer); the Brier score
uses them as given.

The time averages of forecast series are in :mod:`summitcast.scoring.series`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "CLIP_HIGH",
    "CLIP_LOW",
    "CalibrationBins",
    "baseline_score",
    "bootstrap_mean_ci",
    "brier_score",
    "calibration_bins",
    "expected_calibration_error",
    "log_score",
    "peer_score",
]

#: Bounds to which probabilities are clipped inside the log-based scores.
CLIP_LOW = 0.001
CLIP_HIGH = 0.999

# --------------------------------------------------------------------------------------------------
# validation helpers


def _as_obs(obs: ArrayLike, name: str = "obs") -> NDArray[np.bool_]:
    a = np.asarray(obs)
    if a.dtype == bool:
        return a
    try:
        f = a.astype(float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must contain only 0 and 1 (outcome no/yes)") from None
    if not np.all((f == 0) | (f == 1)):
        bad = f[~((f == 0) | (f == 1))].ravel()[0]
        raise ValueError(f"{name} must contain only 0 and 1 (outcome no/yes), got {float(bad)!r}")
    return f == 1


def _as_prob(fct: ArrayLike, name: str = "fct", *, allow_nan: bool = False) -> NDArray[np.float64]:
    try:
        f = np.asarray(fct, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric probabilities") from None
    bad = ~((f >= 0) & (f <= 1))
    if allow_nan:
        bad &= ~np.isnan(f)
    if np.any(bad):
        raise ValueError(
            f"{name} must be probabilities in [0, 1], got {float(f[bad].ravel()[0])!r}"
        )
    return f


def _ret(x: NDArray[np.float64]) -> float | NDArray[np.float64]:
    return float(x) if np.ndim(x) == 0 else x


def _p_outcome(obs: NDArray[np.bool_], fct: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.where(obs, fct, 1.0 - fct)


def _clipped_p_outcome(obs: NDArray[np.bool_], fct: NDArray[np.float64]) -> NDArray[np.float64]:
    return _p_outcome(obs, np.clip(fct, CLIP_LOW, CLIP_HIGH))


# --------------------------------------------------------------------------------------------------
# spot scores


def brier_score(obs: ArrayLike, fct: ArrayLike) -> float | NDArray[np.float64]:
    """Brier score of probability forecasts of a binary event (lower is better).

    .. math:: \\mathrm{BS}(o, p) = (p - o)^2

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no); booleans are accepted.
    fct
        Forecast probabilities of *yes*, in [0, 1]. Broadcast against ``obs``.

    Returns
    -------
    float or ndarray
        The score for each pair (a float for scalar inputs).

    Raises
    ------
    ValueError
        An outcome other than 0/1 or a probability outside [0, 1].

    Examples
    --------
    >>> brier_score(1, 0.8)
    0.03999999999999998
    >>> brier_score([1, 0], [0.8, 0.8]).round(2).tolist()
    [0.04, 0.64]
    """
    o = _as_obs(obs)
    p = _as_prob(fct)
    return _ret((p - o) ** 2)


def log_score(obs: ArrayLike, fct: ArrayLike) -> float | NDArray[np.float64]:
    """Logarithmic score: the natural log of the probability of the outcome (higher is better).

    .. math:: \\mathrm{LS}(o, p) = \\ln p(o), \\quad p(1) = p, \\; p(0) = 1 - p

    with ``p`` clipped to [0.001, 0.999] first.

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Forecast probabilities of *yes*, in [0, 1].

    Returns
    -------
    float or ndarray
        ``ln p(outcome)``, at least ``ln 0.001``.

    Examples
    --------
    >>> round(log_score(1, 0.5), 6)
    -0.693147
    >>> round(log_score(0, 1.0), 4)  # clipped to 0.999, so p(no) = 0.001
    -6.9078
    """
    o = _as_obs(obs)
    p = _as_prob(fct)
    return _ret(np.log(_clipped_p_outcome(o, p)))


def baseline_score(obs: ArrayLike, fct: ArrayLike) -> float | NDArray[np.float64]:
    """Metaculus baseline score at one instant (higher is better; 0 for a 50% forecast).

    .. math:: \\mathrm{Baseline}(o, p) = 100 \\, \\log_2\\big(2\\, p(o)\\big)

    with ``p`` clipped to [0.001, 0.999], so the score lies in [-896.58, +99.86].

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Forecast probabilities of *yes*, in [0, 1].

    Returns
    -------
    float or ndarray
        The baseline score.

    Examples
    --------
    >>> round(baseline_score(1, 0.001), 2)
    -896.58
    >>> [round(s, 2) for s in baseline_score(1, [0.4, 0.7, 0.8]).tolist()]
    [-32.19, 48.54, 67.81]
    """
    o = _as_obs(obs)
    p = _as_prob(fct)
    return _ret(100.0 * np.log2(2.0 * _clipped_p_outcome(o, p)))


def peer_score(obs: ArrayLike, fct: ArrayLike, ref: ArrayLike) -> float | NDArray[np.float64]:
    """Peer score of a forecast against a reference forecast (e.g. the community) at one instant.

    .. math:: \\mathrm{Peer}(o, p, q) = 100 \\, \\big(\\ln p(o) - \\ln q(o)\\big)

    with both probabilities clipped to [0.001, 0.999]: Metaculus's peer score with a single peer.

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Our forecast probabilities of *yes*, in [0, 1].
    ref
        The reference (community) probabilities of *yes*, in [0, 1].

    Returns
    -------
    float or ndarray
        Positive when ``fct`` gave the outcome more probability than ``ref``.

    Examples
    --------
    >>> round(peer_score(1, 0.8, 0.4), 4)
    69.3147
    """
    o = _as_obs(obs)
    p = _as_prob(fct)
    q = _as_prob(ref, "ref")
    return _ret(100.0 * (np.log(_clipped_p_outcome(o, p)) - np.log(_clipped_p_outcome(o, q))))


# --------------------------------------------------------------------------------------------------
# calibration and bootstrap


@dataclass(frozen=True, eq=False)
class CalibrationBins:
    """Calibration table: per equal-width probability bin, count, mean forecast, observed rate.

    ``mean_forecast`` and ``observed`` are NaN for empty bins. With weights, ``count`` is the
    number of forecasts and ``weight`` their total weight (e.g. time); means are weighted.
    """

    edges: NDArray[np.float64]
    count: NDArray[np.int64]
    weight: NDArray[np.float64]
    mean_forecast: NDArray[np.float64]
    observed: NDArray[np.float64]


def calibration_bins(
    obs: ArrayLike, fct: ArrayLike, *, n_bins: int = 10, weights: ArrayLike | None = None
) -> CalibrationBins:
    """Bin forecasts into ``n_bins`` equal-width bins over [0, 1] (not folded at 50%).

    Bin ``k`` holds ``k/n <= p < (k+1)/n``; the last bin also holds ``p = 1``.

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Forecast probabilities of yes, in [0, 1], same shape as ``obs``.
    n_bins
        Number of bins, at least 1.
    weights
        Optional non-negative weight of each forecast (e.g. how long it stood).

    Returns
    -------
    CalibrationBins
        Edges (``n_bins + 1``), and per bin the count, total weight, mean forecast and observed
        frequency.

    Examples
    --------
    >>> cb = calibration_bins([1, 0, 1, 1], [0.15, 0.12, 0.85, 0.95], n_bins=2)
    >>> cb.count.tolist(), cb.mean_forecast.round(3).tolist(), cb.observed.tolist()
    ([2, 2], [0.135, 0.9], [0.5, 1.0])
    """
    if not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    o = _as_obs(obs).ravel().astype(float)
    p = _as_prob(fct).ravel()
    if o.size != p.size:
        raise ValueError(f"obs and fct must have the same length ({o.size} != {p.size})")
    if weights is None:
        w = np.ones(p.size)
    else:
        w = np.asarray(weights, dtype=float).ravel()
        if w.size != p.size:
            raise ValueError(f"weights must have the same length as fct ({w.size} != {p.size})")
        if not np.all(np.isfinite(w) & (w >= 0)):
            raise ValueError("weights must be finite and non-negative")
    k = np.minimum((p * n_bins).astype(np.intp), n_bins - 1)
    count = np.bincount(k, minlength=n_bins).astype(np.int64)
    wsum = cast("NDArray[np.float64]", np.bincount(k, weights=w, minlength=n_bins))
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_f = np.bincount(k, weights=w * p, minlength=n_bins) / wsum
        observed = np.bincount(k, weights=w * o, minlength=n_bins) / wsum
    empty = wsum == 0
    mean_f[empty] = np.nan
    observed[empty] = np.nan
    return CalibrationBins(np.linspace(0.0, 1.0, n_bins + 1), count, wsum, mean_f, observed)


def expected_calibration_error(
    obs: ArrayLike, fct: ArrayLike, *, n_bins: int = 10, weights: ArrayLike | None = None
) -> float:
    """The expected calibration error: the weighted mean gap between forecast and frequency per bin.

    .. math:: \\mathrm{ECE} = \\sum_k \\frac{W_k}{W} \\left| \\bar o_k - \\bar p_k \\right|

    over the equal-width bins of :func:`calibration_bins` (``W_k`` a bin's total weight, ``\\bar p_k`` its mean
    forecast and ``\\bar o_k`` its observed frequency).

    Parameters
    ----------
    obs, fct, n_bins, weights
        As in :func:`calibration_bins`.

    Returns
    -------
    float
        The ECE, in [0, 1].

    Examples
    --------
    Two bins: mean forecasts 0.135 and 0.9 against frequencies 0.5 and 1, so (2·0.365 + 2·0.1) / 4:

    >>> round(expected_calibration_error([1, 0, 1, 1], [0.15, 0.12, 0.85, 0.95], n_bins=2), 6)
    0.2325
    """
    bins = calibration_bins(obs, fct, n_bins=n_bins, weights=weights)
    full = bins.weight > 0
    gap = np.abs(bins.observed[full] - bins.mean_forecast[full])
    return float(np.sum(bins.weight[full] * gap) / np.sum(bins.weight[full]))


def bootstrap_mean_ci(
    values: ArrayLike, *, level: float = 0.95, n_boot: int = 10_000, seed: int = 0
) -> tuple[float, float]:
    """Percentile-bootstrap confidence interval for the mean (deterministic: seeded Generator).

    Parameters
    ----------
    values
        The sample (e.g. per-question differences ours − community); NaN values are dropped.
    level
        Coverage of the interval, in (0, 1).
    n_boot
        Number of bootstrap resamples.
    seed
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    (float, float)
        The ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of the resampled means.

    Examples
    --------
    >>> lo, hi = bootstrap_mean_ci([1.0, 2.0, 3.0, 4.0], seed=1)
    >>> bool(1.0 <= lo < 2.5 < hi <= 4.0)
    True
    >>> bootstrap_mean_ci([5.0])
    (5.0, 5.0)
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[~np.isnan(x)]
    if x.size == 0:
        raise ValueError("values must contain at least one number")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    if n_boot < 1:
        raise ValueError(f"n_boot must be positive, got {n_boot!r}")
    rng = np.random.default_rng(seed)
    means = np.empty(n_boot)
    chunk = max(1, 2_000_000 // x.size)
    for i in range(0, n_boot, chunk):
        m = min(chunk, n_boot - i)
        means[i : i + m] = x[rng.integers(0, x.size, size=(m, x.size))].mean(axis=1)
    lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)
