"""Numerical pieces of the model: logit and sigmoid (written once), Gauss quadrature nodes, weighted quantiles, and
the expectations over the prior, the evidence and the window multipliers that the forecast is made of
(:func:`group_expectations`)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = [
    "N_HERMITE",
    "N_JACOBI",
    "SEED",
    "beta_nodes",
    "group_expectations",
    "logit",
    "normal_nodes",
    "occasion_expectations",
    "ordinary_expectations",
    "sigmoid",
    "unique",
    "weighted_quantiles",
    "window_nodes",
    "window_stream",
]

#: Quadrature orders: Gauss-Jacobi over the Beta prior, Gauss-Hermite over the evidence's normal uncertainty.
N_JACOBI = 40
N_HERMITE = 16
#: The seed of every draw of the model (the interval's, and the windows' beyond :data:`WINDOW_NODES`).
SEED = 20251030
#: Gauss-Hermite nodes per window multiplier, by how many windows carry evidence on a day (tensor grid).
WINDOW_NODES = {1: 16, 2: 12, 3: 6, 4: 4, 5: 3}
#: Beyond five windows with evidence on one day, seeded Monte Carlo draws of the multipliers instead.
WINDOW_MC_DRAWS = 1024
#: Reliability draws used for a day with window evidence (evenly thinned from the fit's draws).
WINDOW_RELIABILITY_DRAWS = 32


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


# ------------------------------------------------------------------------------- the window multipliers


def window_stream(window_id: str, n: int, purpose: int) -> np.ndarray:
    """``n`` seeded standard-normal draws that belong to one window, whatever the other windows are.

    Keyed by the window's id (and ``purpose``: quadrature or interval), so that neither the order of the windows in
    the file nor windows and items that are not yet visible change the draws of another window.

    Parameters
    ----------
    window_id
        The window.
    n
        How many draws.
    purpose
        1 for the quadrature's draws (:func:`window_nodes`), 2 for the interval's.

    Returns
    -------
    numpy.ndarray
        ``(n,)``.

    Examples
    --------
    >>> bool(np.all(window_stream("trip", 4, 2) == window_stream("trip", 8, 2)[:4]))
    True
    """
    key = window_id.encode("utf-8")
    return np.random.default_rng([SEED, purpose, len(key), *key]).standard_normal(n)


def window_nodes(ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Standard-normal nodes ``(N, k)`` and weights for the multipliers of the windows ``ids``.

    A tensor Gauss-Hermite grid (symmetric in the windows) up to five windows, seeded draws keyed by window id
    beyond (antithetic: each draw and its negative).

    Parameters
    ----------
    ids
        The windows whose multipliers are integrated over.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Nodes ``(N, k)`` and weights ``(N,)`` summing to 1.

    Examples
    --------
    >>> nodes, w = window_nodes(("a", "b"))
    >>> nodes.shape, round(float(w.sum()), 12)
    ((144, 2), 1.0)
    """
    k = len(ids)
    if k in WINDOW_NODES:
        nodes, weights = normal_nodes(WINDOW_NODES[k], k)
        return nodes.reshape(-1, k), weights
    return _mc_nodes(ids)


@lru_cache(maxsize=8)
def _mc_nodes(ids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    half = np.stack([window_stream(i, WINDOW_MC_DRAWS // 2, 1) for i in ids], axis=1)
    return np.concatenate([half, -half]), np.full(WINDOW_MC_DRAWS, 1.0 / WINDOW_MC_DRAWS)


def group_expectations(
    a: float,
    b: float,
    g_mean: np.ndarray,
    g_sd: np.ndarray,
    w_mean: np.ndarray,
    w_sd: np.ndarray,
    members: np.ndarray,
    share: np.ndarray,
    window_ids: tuple[str, ...],
) -> np.ndarray:
    """``B_g = E[Π_g q / h']`` for each group ``g`` of a day's hazard profile (docs/model.md).

    ``p ~ Beta(a, b)`` is integrated by Gauss-Jacobi, the general log-LR ``~ N(g_mean, g_sd)`` by Gauss-Hermite,
    and each evidence window's log-multiplier ``~ N(w_mean, w_sd)`` by :func:`window_nodes`; ``q = σ(logit p + L +
    ln h')`` with ``h' = Σ_g share_g Π_g``. The rows ``D`` are reliability draws (averaged; thinned to
    :data:`WINDOW_RELIABILITY_DRAWS` on a day with window evidence).

    Parameters
    ----------
    a, b
        The Beta prior.
    g_mean, g_sd
        ``(D,)``: the mean and sd of the summed log-LR of the items on no window.
    w_mean, w_sd
        ``(D, K)``: the same for each of the ``K`` evidence windows.
    members
        ``(G, K)`` boolean: whether group ``g``'s days lie in window ``k``.
    share
        ``(G,)``: each group's share of the hazard profile (summing to 1).
    window_ids
        The ids of the ``K`` windows (they key the draws beyond five windows).

    Returns
    -------
    numpy.ndarray
        ``(G,)``.

    Examples
    --------
    With no window evidence every group has ``E[q]``, here the prior mean:

    >>> members, share = np.zeros((2, 1), dtype=bool), np.array([0.5, 0.5])
    >>> zero = np.zeros((1, 1))
    >>> bg = group_expectations(2.0, 6.0, np.zeros(1), np.zeros(1), zero, zero, members, share, ("w",))
    >>> [round(float(x), 10) for x in bg]
    [0.25, 0.25]
    """
    p, wp = beta_nodes(a, b)
    eps, we = normal_nodes()
    wz = (wp[:, None] * we[None, :]).ravel()
    active = np.flatnonzero(np.any((w_sd != 0) | (w_mean != 0), axis=0))
    d_all = g_mean.shape[0]
    n_groups = members.shape[0]
    if active.size == 0:
        z = logit(p)[None, :, None] + g_mean[:, None, None] + g_sd[:, None, None] * eps
        q = (sigmoid(z.reshape(d_all, -1)) @ wz).mean()
        return np.full(n_groups, q)
    if d_all > WINDOW_RELIABILITY_DRAWS:
        take = unique(np.linspace(0, d_all - 1, WINDOW_RELIABILITY_DRAWS).astype(int))
        g_mean, g_sd, w_mean, w_sd = g_mean[take], g_sd[take], w_mean[take], w_sd[take]
    d = g_mean.shape[0]
    z = (logit(p)[None, :, None] + g_mean[:, None, None] + g_sd[:, None, None] * eps).reshape(d, -1)
    nodes, wn = window_nodes(tuple(window_ids[j] for j in active))
    log_m = w_mean[:, None, active] + w_sd[:, None, active] * nodes[None, :, :]  # (D, N, Ka)
    pi = np.exp(log_m @ members[:, active].T.astype(float))  # (D, N, G)
    h = pi @ share  # (D, N)
    out = np.zeros(n_groups)
    step = max(1, 400_000 // (z.shape[1] * len(wn)))
    for i in range(0, d, step):
        q = sigmoid(z[i : i + step, None, :] + np.log(h[i : i + step, :, None])) @ wz  # (d, N)
        out += np.einsum("dn,dng,n->g", q / h[i : i + step], pi[i : i + step], wn)
    return out / d


# ------------------------------------------------------------------------------- routes, node by node


def ordinary_expectations(
    a: float,
    b: float,
    g_mean: np.ndarray,
    g_sd: np.ndarray,
    w_mean: np.ndarray,
    w_sd: np.ndarray,
    members: np.ndarray,
    share: np.ndarray,
    window_ids: tuple[str, ...],
) -> np.ndarray:
    """``B_g`` of the ordinary route at each reliability draw and each node of the general evidence.

    As :func:`group_expectations`, but not averaged over the general log-LR ``ℓ = g_mean + g_sd·ε``: the
    Gauss-Hermite nodes ``ε_n`` of :func:`normal_nodes` are kept apart, because every occasion's odds move with
    the same ``ℓ`` (the routes are independent only given it).

    Parameters
    ----------
    a, b, g_mean, g_sd, w_mean, w_sd, members, share, window_ids
        As in :func:`group_expectations` (``D`` rows: the reliability draws used, not thinned here).

    Returns
    -------
    numpy.ndarray
        ``(D, N, G)``, ``N`` = :data:`N_HERMITE`.

    Examples
    --------
    >>> members, share = np.zeros((1, 0), dtype=bool), np.array([1.0])
    >>> zero = np.zeros((1, 0))
    >>> bg = ordinary_expectations(2.0, 6.0, np.zeros(1), np.zeros(1), zero, zero, members, share, ())
    >>> bg.shape, round(float(bg[0, 3, 0]), 10)  # with no evidence every node has the prior mean
    ((1, 16, 1), 0.25)
    """
    p, wp = beta_nodes(a, b)
    eps, _ = normal_nodes()
    d = g_mean.shape[0]
    n_groups = members.shape[0]
    z = logit(p)[None, :, None] + g_mean[:, None, None] + g_sd[:, None, None] * eps  # (D, P, N)
    active: np.ndarray | list[int] = (
        np.flatnonzero(np.any((w_sd != 0) | (w_mean != 0), axis=0)) if w_mean.size else []
    )
    if len(active) == 0:
        q = np.einsum("dpn,p->dn", sigmoid(z), wp)
        return np.repeat(q[:, :, None], n_groups, axis=2)
    nodes, wn = window_nodes(tuple(window_ids[j] for j in active))
    log_m = w_mean[:, None, active] + w_sd[:, None, active] * nodes[None, :, :]  # (D, M, Ka)
    pi = np.exp(log_m @ members[:, active].T.astype(float))  # (D, M, G)
    h = pi @ share  # (D, M)
    out = np.empty((d, len(eps), n_groups))
    for i in range(d):
        q = sigmoid(z[i][:, :, None] + np.log(h[i])[None, None, :])  # (P, N, M)
        qn = np.einsum("pnm,p,m->nm", q, wp, wn / h[i])
        out[i] = qn @ pi[i]
    return out


def occasion_expectations(
    q: np.ndarray,
    wq: np.ndarray,
    g_mean: np.ndarray,
    g_sd: np.ndarray,
    o_mean: np.ndarray,
    o_sd: np.ndarray,
) -> np.ndarray:
    """``m = E[σ(logit q_W + ℓ + ℓ_W)]`` of one occasion at each reliability draw and general-evidence node.

    The chance ``q_W`` is integrated over its nodes ``(q, wq)`` (:func:`summitcast.model.routes.chance_nodes`),
    the log-LR of the items scoped to the occasion ``ℓ_W ~ N(o_mean, o_sd)`` by Gauss-Hermite; the general
    log-LR ``ℓ = g_mean + g_sd·ε_n`` stays at each node ``ε_n``.

    Parameters
    ----------
    q, wq
        The chance's nodes and weights.
    g_mean, g_sd
        ``(D,)``: the general evidence's summed log-LR.
    o_mean, o_sd
        ``(D,)``: the occasion's own items' summed log-LR.

    Returns
    -------
    numpy.ndarray
        ``(D, N)``.

    Examples
    --------
    With no evidence, every node holds the chance's mean:

    >>> m = occasion_expectations(np.array([0.2, 0.6]), np.array([0.5, 0.5]), np.zeros(1), np.zeros(1),
    ...                           np.zeros(1), np.zeros(1))
    >>> round(float(m[0, 0]), 12)
    0.4
    """
    eps, _ = normal_nodes()
    lq = logit(np.clip(q, 1e-300, 1 - 1e-16))
    if not np.any(o_sd) and not np.any(o_mean):
        h_eps, h_w = np.zeros(1), np.ones(1)
    else:
        h_eps, h_w = eps, normal_nodes()[1]
    general = g_mean[:, None] + g_sd[:, None] * eps[None, :]  # (D, N)
    own = o_mean[:, None] + o_sd[:, None] * h_eps[None, :]  # (D, H)
    z = lq[None, None, :, None] + general[:, :, None, None] + own[:, None, None, :]  # (D, N, J, H)
    return np.einsum("dnjh,j,h->dn", sigmoid(z), wq, h_w)
