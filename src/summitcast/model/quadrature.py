"""Numerical pieces of the model: logit and sigmoid (written once), Gauss quadrature nodes, weighted quantiles."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

__all__ = [
    "N_HERMITE",
    "N_JACOBI",
    "beta_nodes",
    "logit",
    "normal_nodes",
    "optional_float",
    "sigmoid",
    "unique",
    "weighted_quantiles",
]

#: Quadrature orders: Gauss-Jacobi over the Beta prior, Gauss-Hermite over the evidence's normal uncertainty.
N_JACOBI = 40
N_HERMITE = 16


def logit(p: np.ndarray | float) -> np.ndarray:
    """``ln p − ln(1 − p)``.

    Examples
    --------
    >>> float(logit(0.5))
    0.0
    """
    p = np.asarray(p, dtype=float)
    return np.log(p) - np.log1p(-p)


def sigmoid(z: np.ndarray | float) -> np.ndarray:
    """The logistic function ``1 / (1 + e^−z)``, computed without overflow.

    Examples
    --------
    >>> float(sigmoid(0.0)), float(sigmoid(800.0))
    (0.5, 1.0)
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def optional_float(x: float) -> float | None:
    """``x`` as a float, or ``None`` where it is NaN (no forecast): the JSON value of a probability.

    Examples
    --------
    >>> optional_float(np.float64(0.25)), optional_float(float("nan"))
    (0.25, None)
    """
    return None if math.isnan(x) else float(x)


def unique(x: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array, as ``np.unique`` (NaNs collapsed into one).

    ``np.unique`` calls ``np.ma.is_masked``, and numpy 2 imports ``numpy.ma`` lazily on first use (about 7-15 ms of
    ``show`` and ``history``); this does the same sort-and-compare without it.

    Examples
    --------
    >>> unique(np.array([3, 1, 3])).tolist()
    [1, 3]
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
def beta_nodes(a: float, b: float, n: int = N_JACOBI) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Jacobi nodes and weights for the Beta(a, b) distribution on (0, 1) (Golub-Welsch).

    The weights sum to 1 and integrate polynomials of degree up to 2n-1 exactly against Beta(a, b).

    Examples
    --------
    >>> p, w = beta_nodes(2.0, 3.0)
    >>> round(float(p @ w), 12)  # the mean a / (a + b)
    0.4
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


@lru_cache(maxsize=32)
def normal_nodes(n: int = N_HERMITE, dim: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Gauss-Hermite nodes (standard normal, probabilists') and weights; a tensor grid when ``dim > 1``.

    Returns nodes of shape ``(n**dim, dim)`` (``(n,)`` when ``dim == 1``) and weights summing to 1.

    Examples
    --------
    >>> x, w = normal_nodes(8)
    >>> round(float((x**2) @ w), 12)  # the variance
    1.0
    """
    x, w = np.polynomial.hermite_e.hermegauss(n)
    w = w / w.sum()
    if dim == 1:
        return x, w
    grids = np.meshgrid(*([x] * dim), indexing="ij")
    wgrids = np.meshgrid(*([w] * dim), indexing="ij")
    nodes = np.stack([g.ravel() for g in grids], axis=1)
    weights = np.prod(np.stack([g.ravel() for g in wgrids], axis=1), axis=1)
    return nodes, weights


def weighted_quantiles(
    values: np.ndarray, weights: np.ndarray, probs: tuple[float, ...]
) -> list[np.ndarray]:
    """Weighted quantiles of each row of ``values`` (linear between mid-points of the weighted CDF).

    Parameters
    ----------
    values, weights
        Arrays of shape ``(R, S)``; weights are non-negative and each row has a positive sum.
    probs
        The probabilities of the quantiles.

    Returns
    -------
    list of numpy.ndarray
        One array of shape ``(R,)`` per probability.

    Examples
    --------
    >>> v = np.array([[1.0, 2.0, 3.0, 4.0]])
    >>> [float(q[0]) for q in weighted_quantiles(v, np.ones_like(v), (0.5,))]
    [2.5]
    """
    order = np.argsort(values, axis=1)
    vs = np.take_along_axis(values, order, axis=1)
    ws = np.take_along_axis(weights, order, axis=1)
    cw = np.cumsum(ws, axis=1)
    cdf = (cw - 0.5 * ws) / cw[:, -1:]
    rows = np.arange(vs.shape[0])
    out = []
    for prob in probs:
        idx = np.clip((cdf < prob).sum(axis=1), 1, vs.shape[1] - 1)
        c0, c1 = cdf[rows, idx - 1], cdf[rows, idx]
        frac = np.clip((prob - c0) / np.maximum(c1 - c0, 1e-300), 0.0, 1.0)
        out.append(vs[rows, idx - 1] + frac * (vs[rows, idx] - vs[rows, idx - 1]))
    return out
