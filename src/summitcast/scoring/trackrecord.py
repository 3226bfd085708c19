"""Track record of resolved forecasts: Brier decomposition, discrimination, bootstrap.

The pure computations behind ``summitcast track``. Like :mod:`summitcast.scoring.rules` it imports numpy and
nothing heavy, and follows the style of `scoringrules`: ``f(obs, fct, *, ...)`` with ``obs`` the
outcome (1 = yes, 0 = no) and ``fct`` the forecast probability of *yes*. Inputs are validated by
scoring's helpers; a bad one (an outcome other than 0/1, a probability outside [0, 1], NaN, empty
input, mismatched lengths, negative weights) raises :class:`summitcast.errors.ValidationError`
with a message naming the argument.

Every statistic takes optional ``weights`` (one non-negative number per row): the daily forecasts of
questions of different lengths can be given ``1 / days`` each, so that every question counts once.
With weight ``w_i`` on row ``i`` and ``W = sum w_i``, every mean below is ``sum w_i x_i / W``.

* Murphy (1973) decomposition of the Brier score, exact when forecasts are grouped by their
  distinct values ``f_k``, with ``W_k`` the weight of group ``k``, ``ō_k`` its observed frequency
  and ``ō`` the overall one:

  .. math::
      \\mathrm{BS} = \\underbrace{\\tfrac{1}{W}\\sum_k W_k (f_k - ō_k)^2}_{\\text{reliability}}
      - \\underbrace{\\tfrac{1}{W}\\sum_k W_k (ō_k - ō)^2}_{\\text{resolution}}
      + \\underbrace{ō(1 - ō)}_{\\text{uncertainty}}

  With the forecasts binned, ``f_k`` becomes the bin's mean forecast and the two extra terms of
  Stephenson, Coelho & Jolliffe (2008) keep the identity exact: the within-bin variance of the
  forecasts, ``WBV = (1/W) sum_i w_i (f_i - f̄_k(i))^2``, and the within-bin covariance,
  ``WBC = (2/W) sum_i w_i (o_i - ō_k(i))(f_i - f̄_k(i))``; ``BS = REL - RES + UNC + WBV - WBC``.
* ROC AUC in its Mann–Whitney form (Hanley & McNeil 1982): the probability that a random *yes*
  row has a higher forecast than a random *no* row, ties counting 1/2.
* Discrimination as the difference of the mean forecasts on *yes* and *no* rows (Yates 1982;
  Tjur's 2009 coefficient of discrimination).
* A percentile bootstrap that resamples whole groups (questions, events) with replacement, so
  that the correlated daily forecasts of one question move together (Davison & Hinkley 1997,
  ch. 3, hierarchical data): :func:`bootstrap_interval` for any statistic, and
  :func:`bootstrap_scores`, the same draws vectorized for all the statistics above at once.

The groups of rows (by key, by quarter) and what each source type said are in :mod:`summitcast.scoring.grouping`.

The calibration table is :func:`summitcast.scoring.rules.calibration_bins` (equal-width bins, weights):
it is not repeated here; :func:`murphy_decomposition` with ``bins`` uses the same bins.

References: Murphy, A. H. (1973), J. Appl. Meteor. 12, 595–600. Stephenson, D. B., Coelho,
C. A. S. & Jolliffe, I. T. (2008), Weather and Forecasting 23, 752–757. Hanley, J. A. & McNeil,
B. J. (1982), Radiology 143, 29–36. Yates, J. F. (1982), Organ. Behav. Hum. Perform. 30, 132–156.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from summitcast.errors import ValidationError
from summitcast.scoring.rules import _as_obs, _as_prob, brier_score

__all__ = [
    "BOOTSTRAP_FIELDS",
    "Discrimination",
    "MurphyDecomposition",
    "bootstrap_interval",
    "bootstrap_scores",
    "discrimination",
    "murphy_decomposition",
    "roc_auc",
]


# --------------------------------------------------------------------------------------------------
# validation


def _as_weights(weights: ArrayLike | None, n: int) -> NDArray[np.float64]:
    if weights is None:
        return np.ones(n)
    try:
        w = np.asarray(weights, dtype=float).ravel()
    except (TypeError, ValueError):
        raise ValidationError("weights must be numbers") from None
    if w.size != n:
        raise ValidationError(f"weights must have one entry per forecast ({w.size} != {n})")
    if not np.all(np.isfinite(w) & (w >= 0)):
        raise ValidationError("weights must be finite and non-negative")
    if not w.sum() > 0:
        raise ValidationError("weights must not all be zero")
    return w


def _pairs(
    obs: ArrayLike, fct: ArrayLike, weights: ArrayLike | None
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Validated 1-D outcomes (as 0.0/1.0), probabilities and weights, all of one non-zero length."""
    try:
        o = _as_obs(obs).ravel().astype(float)
        p = _as_prob(fct).ravel()
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if o.size != p.size:
        raise ValidationError(f"obs and fct must have the same length ({o.size} != {p.size})")
    if o.size == 0:
        raise ValidationError("obs and fct must not be empty")
    return o, p, _as_weights(weights, p.size)


def _ratio(num: NDArray[Any], den: NDArray[Any]) -> NDArray[np.float64]:
    """``num / den`` where ``den > 0``, else 0 (a group of zero weight contributes nothing)."""
    safe = np.where(den > 0, den, 1.0)
    return np.where(den > 0, num / safe, 0.0)


# --------------------------------------------------------------------------------------------------
# Brier decomposition


@dataclass(frozen=True)
class MurphyDecomposition:
    """The Brier score and its parts; lower Brier and reliability, higher resolution, are better.

    ``brier == reliability - resolution + uncertainty + within_bin_variance
    - within_bin_covariance`` up to rounding; the two within-bin terms are 0 unless the forecasts
    were binned. ``n`` counts the forecasts (rows) and ``groups`` the distinct forecast values or
    the non-empty bins.
    """

    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    n: int
    groups: int
    within_bin_variance: float = 0.0
    within_bin_covariance: float = 0.0


def murphy_decomposition(
    obs: ArrayLike,
    fct: ArrayLike,
    *,
    bins: int | None = None,
    weights: ArrayLike | None = None,
) -> MurphyDecomposition:
    """Murphy's decomposition of the (weighted) Brier score, exact.

    .. math::
        \\mathrm{BS} = \\mathrm{REL} - \\mathrm{RES} + \\mathrm{UNC} + \\mathrm{WBV} - \\mathrm{WBC}

    with ``REL = (1/W) Σ_k W_k (f̄_k − ō_k)²``, ``RES = (1/W) Σ_k W_k (ō_k − ō)²``,
    ``UNC = ō (1 − ō)``, and, when binned, the within-bin variance and covariance of Stephenson,
    Coelho & Jolliffe (2008), ``WBV = (1/W) Σ_i w_i (f_i − f̄_k)²`` and
    ``WBC = (2/W) Σ_i w_i (o_i − ō_k)(f_i − f̄_k)`` (both 0 when not binned).

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no); booleans are accepted.
    fct
        Forecast probabilities of *yes*, in [0, 1], one per outcome.
    bins
        ``None`` (default): group the forecasts by their distinct values, Murphy's original form.
        An integer ``n``: group them into ``n`` equal-width bins over [0, 1], the bins of
        :func:`summitcast.scoring.rules.calibration_bins` (``k/n <= p < (k+1)/n``, the last one closed).
    weights
        Optional non-negative weight of each forecast (default 1 each).

    Returns
    -------
    MurphyDecomposition
        The Brier score, reliability, resolution, uncertainty, the within-bin terms, the number of
        forecasts and of groups.

    Raises
    ------
    ValidationError
        Empty input, an outcome other than 0/1, a probability outside [0, 1] or NaN, mismatched
        lengths, bad weights, or ``bins`` not a positive integer.

    Examples
    --------
    Two forecasts of 0.8 (one came true) and two of 0.4 (both came true):

    >>> d = murphy_decomposition([1, 0, 1, 1], [0.8, 0.8, 0.4, 0.4])
    >>> [round(x, 4) for x in (d.brier, d.reliability, d.resolution, d.uncertainty)]
    [0.35, 0.225, 0.0625, 0.1875]
    >>> d.n, d.groups
    (4, 2)

    In one bin, the spread of the forecasts within it shows in the two extra terms:

    >>> b = murphy_decomposition([1, 0, 1, 1], [0.8, 0.8, 0.4, 0.4], bins=1)
    >>> [round(x, 4) for x in (b.reliability, b.within_bin_variance, b.within_bin_covariance)]
    [0.0225, 0.04, -0.1]
    >>> round(b.reliability - b.resolution + b.uncertainty
    ...       + b.within_bin_variance - b.within_bin_covariance, 12)
    0.35
    """
    o, p, w = _pairs(obs, fct, weights)
    if bins is None:
        values, k = np.unique(p, return_inverse=True)
        m = values.size
    else:
        if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 1:
            raise ValidationError(f"bins must be a positive integer, got {bins!r}")
        m = int(bins)
        k = np.minimum((p * m).astype(np.intp), m - 1)  # as in scoring.calibration_bins
    total = w.sum()
    wk = np.bincount(k, weights=w, minlength=m)
    ok = _ratio(np.bincount(k, weights=w * o, minlength=m), wk)
    fk = values if bins is None else _ratio(np.bincount(k, weights=w * p, minlength=m), wk)
    obar = float(np.sum(w * o) / total)
    wbv = wbc = 0.0
    if bins is not None:
        dev = p - fk[k]
        wbv = float(np.sum(w * dev**2) / total)
        wbc = float(2.0 * np.sum(w * (o - ok[k]) * dev) / total)
    return MurphyDecomposition(
        brier=float(np.sum(w * brier_score(o, p)) / total),
        reliability=float(np.sum(wk * (fk - ok) ** 2) / total),
        resolution=float(np.sum(wk * (ok - obar) ** 2) / total),
        uncertainty=obar * (1.0 - obar),
        n=int(p.size),
        groups=int(np.count_nonzero(np.bincount(k, minlength=m))),
        within_bin_variance=wbv,
        within_bin_covariance=wbc,
    )


# --------------------------------------------------------------------------------------------------
# discrimination


def roc_auc(obs: ArrayLike, fct: ArrayLike, *, weights: ArrayLike | None = None) -> float:
    """Area under the ROC curve, in its Mann–Whitney form (0.5: no discrimination; 1: perfect).

    .. math::
        \\mathrm{AUC} = \\frac{\\sum_{i: o_i = 1} \\sum_{j: o_j = 0} w_i w_j
            \\big([f_i > f_j] + \\tfrac12 [f_i = f_j]\\big)}
            {\\big(\\sum_{i: o_i = 1} w_i\\big)\\big(\\sum_{j: o_j = 0} w_j\\big)}

    computed in ``O(n log n)`` by sorting; with weights it equals the trapezoidal area under the
    weighted ROC curve (as scikit-learn's ``roc_auc_score`` with ``sample_weight``).

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Forecast probabilities of *yes* (only their order matters), in [0, 1].
    weights
        Optional non-negative weight of each forecast.

    Returns
    -------
    float
        The AUC in [0, 1]; NaN when one class is absent (or has zero total weight), where it is
        undefined.

    Raises
    ------
    ValidationError
        As :func:`murphy_decomposition`.

    Examples
    --------
    >>> roc_auc([1, 1, 0, 0], [0.9, 0.4, 0.4, 0.2])  # 3 of 4 pairs right, 1 tie
    0.875
    >>> roc_auc([1, 1], [0.9, 0.4])
    nan
    """
    o, p, w = _pairs(obs, fct, weights)
    w_yes = float(np.sum(w * o))
    w_no = float(np.sum(w * (1.0 - o)))
    if w_yes == 0.0 or w_no == 0.0:
        return float("nan")
    values, k = np.unique(p, return_inverse=True)
    yes = np.bincount(k, weights=w * o, minlength=values.size)
    no = np.bincount(k, weights=w * (1.0 - o), minlength=values.size)
    no_below = np.cumsum(no) - no
    return float(np.sum(yes * (no_below + 0.5 * no)) / (w_yes * w_no))


@dataclass(frozen=True)
class Discrimination:
    """Mean forecast on the rows that resolved *yes* and on those that resolved *no*.

    ``difference = mean_yes - mean_no`` (Yates's slope, Tjur's coefficient of discrimination): 0
    for forecasts that do not tell the two apart, 1 for certain and right ones. Means are NaN for
    an absent class; ``n_yes`` and ``n_no`` count rows.
    """

    mean_yes: float
    mean_no: float
    difference: float
    n_yes: int
    n_no: int


def discrimination(
    obs: ArrayLike, fct: ArrayLike, *, weights: ArrayLike | None = None
) -> Discrimination:
    """Mean forecast on *yes* rows versus *no* rows, and their difference.

    .. math::
        \\bar f_{yes} = \\frac{\\sum_{o_i = 1} w_i f_i}{\\sum_{o_i = 1} w_i}, \\quad
        \\bar f_{no} = \\frac{\\sum_{o_i = 0} w_i f_i}{\\sum_{o_i = 0} w_i}, \\quad
        \\Delta = \\bar f_{yes} - \\bar f_{no}

    Parameters
    ----------
    obs
        Outcomes, 1 (yes) or 0 (no).
    fct
        Forecast probabilities of *yes*, in [0, 1].
    weights
        Optional non-negative weight of each forecast.

    Returns
    -------
    Discrimination
        ``mean_yes``, ``mean_no``, ``difference`` (NaN where a class is absent or weighs 0), and
        the row counts ``n_yes``, ``n_no``.

    Raises
    ------
    ValidationError
        As :func:`murphy_decomposition`.

    Examples
    --------
    >>> d = discrimination([1, 1, 0], [0.9, 0.5, 0.3])
    >>> round(d.mean_yes, 4), round(d.mean_no, 4), round(d.difference, 4), d.n_yes, d.n_no
    (0.7, 0.3, 0.4, 2, 1)
    """
    o, p, w = _pairs(obs, fct, weights)
    w_yes = float(np.sum(w * o))
    w_no = float(np.sum(w * (1.0 - o)))
    mean_yes = float(np.sum(w * o * p) / w_yes) if w_yes > 0 else float("nan")
    mean_no = float(np.sum(w * (1.0 - o) * p) / w_no) if w_no > 0 else float("nan")
    n_yes = int(np.count_nonzero(o))
    return Discrimination(mean_yes, mean_no, mean_yes - mean_no, n_yes, int(o.size) - n_yes)


# --------------------------------------------------------------------------------------------------
# bootstrap over groups


def bootstrap_interval(
    stat: Callable[[NDArray[np.intp]], float],
    groups: ArrayLike,
    *,
    n: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile-bootstrap interval of a statistic, resampling whole groups with replacement.

    Each replicate draws as many groups as there are, with replacement, and takes all rows of each
    drawn group (a group drawn twice gives its rows twice). The daily forecasts of one question
    are strongly correlated, so resampling rows would give intervals far too narrow; resampling
    questions (or events) does not (the cluster bootstrap, Davison & Hinkley 1997, ch. 3).

    Parameters
    ----------
    stat
        Called with the row indices of one replicate (an int array: each drawn group's rows
        together, groups in the order drawn, repeated as drawn); returns the statistic, e.g. ``lambda i: roc_auc(obs[i], fct[i], weights=w[i])``.
        A replicate where it returns NaN (say an AUC with one class drawn) is left out.
    groups
        The group of each row (question id, event id, ...): anything :func:`numpy.unique` sorts.
    n
        Number of replicates, at least 1.
    seed
        Seed of :func:`numpy.random.default_rng`: the same inputs give the same interval.
    level
        Coverage of the interval, in (0, 1).

    Returns
    -------
    (float, float)
        The ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of the finite replicates;
        ``(nan, nan)`` when no replicate is finite.

    Raises
    ------
    ValidationError
        No rows, an unsortable ``groups``, ``n < 1`` or ``level`` outside (0, 1).

    Examples
    --------
    >>> x = np.array([0.0, 0.0, 1.0, 1.0, 1.0])
    >>> lo, hi = bootstrap_interval(lambda i: float(x[i].mean()), ["a", "a", "b", "b", "b"])
    >>> lo, hi
    (0.0, 1.0)
    >>> bootstrap_interval(lambda i: float(x[i].mean()), ["a"] * 5)  # one group: no spread
    (0.6, 0.6)
    """
    inv = _boot_groups(groups, n, level)
    order = np.argsort(inv, kind="stable")
    counts = np.bincount(inv)
    starts = np.cumsum(counts) - counts
    rng = np.random.default_rng(seed)
    reps = np.empty(int(n))
    for r in range(int(n)):
        drawn = rng.integers(0, counts.size, size=counts.size)
        lens = counts[drawn]
        shift = np.repeat(starts[drawn] - (np.cumsum(lens) - lens), lens)
        reps[r] = stat(order[np.arange(int(lens.sum())) + shift])
    return _percentiles(reps, level)


def _boot_groups(groups: ArrayLike, n: int, level: float) -> NDArray[np.intp]:
    """Validate the bootstrap settings; the group number (0..G-1, in sorted label order) of each row."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValidationError(f"n must be a positive integer, got {n!r}")
    if not 0 < level < 1:
        raise ValidationError(f"level must be in (0, 1), got {level!r}")
    try:
        _, inv = np.unique(np.asarray(groups).ravel(), return_inverse=True)
    except TypeError:
        raise ValidationError("groups must be comparable labels (all str or all numbers)") from None
    if inv.size == 0:
        raise ValidationError("groups must not be empty")
    return inv.ravel()


def _percentiles(reps: NDArray[np.float64], level: float) -> tuple[float, float]:
    reps = reps[np.isfinite(reps)]
    if reps.size == 0:
        return float("nan"), float("nan")
    lo, hi = np.quantile(reps, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


#: The statistics :func:`bootstrap_scores` gives intervals for.
BOOTSTRAP_FIELDS = (
    "brier",
    "reliability",
    "resolution",
    "uncertainty",
    "roc_auc",
    "mean_yes",
    "mean_no",
    "discrimination",
)


def _histogram_stats(
    ry: NDArray[np.float64], rn: NDArray[np.float64], f: NDArray[np.float64]
) -> dict[str, NDArray[np.float64]]:
    """The statistics of each row of weight histograms over the distinct forecasts ``f``.

    ``ry[r, v]`` (``rn[r, v]``) is the weight of the *yes* (*no*) rows forecast ``f[v]`` in replicate
    ``r``; every statistic of this module (unbinned) is a function of these two histograms.
    """
    wk = ry + rn
    w, wy, wn = wk.sum(axis=1), ry.sum(axis=1), rn.sum(axis=1)
    # Σ_k W_k ō_k², the one term that needs an element-wise division
    q = np.divide(ry * ry, wk, out=np.zeros_like(wk), where=wk > 0).sum(axis=1)
    fy, fn, ff = ry @ f, rn @ f, wk @ (f * f)
    with np.errstate(invalid="ignore", divide="ignore"):
        obar = wy / w
        auc = np.sum(ry * (np.cumsum(rn, axis=1) - 0.5 * rn), axis=1) / (wy * wn)
        return {
            "brier": (wy - 2.0 * fy + ff) / w,  # Σ ry (1 - f)² + rn f²
            "reliability": (ff - 2.0 * fy + q) / w,  # Σ W_k (f_k - ō_k)²
            "resolution": q / w - obar**2,  # Σ W_k (ō_k - ō)²
            "uncertainty": obar * (1.0 - obar),
            "roc_auc": np.where((wy > 0) & (wn > 0), auc, np.nan),
            "mean_yes": fy / wy,
            "mean_no": fn / wn,
            "discrimination": fy / wy - fn / wn,
        }


def bootstrap_scores(
    obs: ArrayLike,
    fct: ArrayLike,
    groups: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    n: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, tuple[float, float]]:
    """Group-bootstrap intervals of the whole track-record table at once, vectorized.

    The same intervals as :func:`bootstrap_interval` with the same ``groups``, ``n``, ``seed`` and
    ``level`` applied to :func:`murphy_decomposition` (unbinned), :func:`roc_auc` and
    :func:`discrimination` (up to rounding), but without a Python call per replicate: each group is
    reduced to its weight histograms of *yes* and *no* rows over the distinct forecast values, a
    replicate's histograms are the drawn groups' histograms summed (a count matrix times the
    per-group matrix), and every statistic follows from them (see :data:`BOOTSTRAP_FIELDS`).

    Parameters
    ----------
    obs, fct, weights
        As in :func:`murphy_decomposition`.
    groups
        The group of each row (question id, event id, ...).
    n, seed, level
        As in :func:`bootstrap_interval`.

    Returns
    -------
    dict of str to (float, float)
        For each name in :data:`BOOTSTRAP_FIELDS`, the percentile interval (NaN replicates, such
        as an AUC with one class drawn, left out; ``(nan, nan)`` when none is finite).

    Raises
    ------
    ValidationError
        As :func:`murphy_decomposition` and :func:`bootstrap_interval`, or ``groups`` not one per
        row.

    Examples
    --------
    >>> ci = bootstrap_scores([1, 1, 0, 0], [0.9, 0.8, 0.3, 0.1], ["a", "a", "b", "b"], n=200)
    >>> ci["roc_auc"], ci["uncertainty"]
    ((1.0, 1.0), (0.0, 0.25))
    """
    o, p, w = _pairs(obs, fct, weights)
    inv = _boot_groups(groups, n, level)
    if inv.size != p.size:
        raise ValidationError(f"groups must have one entry per forecast ({inv.size} != {p.size})")
    values, k = np.unique(p, return_inverse=True)
    n_groups, n_values = int(inv.max()) + 1, values.size
    cell = inv * n_values + k.ravel()
    hy = np.bincount(cell, weights=w * o, minlength=n_groups * n_values)
    hn = np.bincount(cell, weights=w * (1.0 - o), minlength=n_groups * n_values)
    hy, hn = hy.reshape(n_groups, n_values), hn.reshape(n_groups, n_values)
    rng = np.random.default_rng(seed)
    drawn = np.stack([rng.integers(0, n_groups, size=n_groups) for _ in range(int(n))])
    out = {name: np.empty(int(n)) for name in BOOTSTRAP_FIELDS}
    chunk = max(1, 2_000_000 // max(n_values, n_groups))
    for a in range(0, int(n), chunk):
        d = drawn[a : a + chunk]
        c = np.zeros((d.shape[0], n_groups))
        np.add.at(c, (np.arange(d.shape[0])[:, None], d), 1.0)
        for name, v in _histogram_stats(c @ hy, c @ hn, values).items():
            out[name][a : a + chunk] = v
    return {name: _percentiles(out[name], level) for name in BOOTSTRAP_FIELDS}
