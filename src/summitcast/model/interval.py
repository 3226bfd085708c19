"""The 80% interval of ``P(t, by)``: the central mass of seeded, survival-weighted draws.

Each draw is keyed so that file order and other windows leave it unchanged; the method is chosen day by day, so a
day's interval never depends on the other days computed with it. :func:`event_interval` is called by
:func:`summitcast.model.compute.compute_event`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from summitcast.model.hazard import HazardStructure
from summitcast.model.occasions import RouteContext
from summitcast.model.quadrature import SEED, logit, sigmoid, weighted_quantiles, window_stream
from summitcast.model.routes import chance_draws, occasion_elapsed

__all__ = ["INTERVAL", "N_INTERVAL_DRAWS", "event_interval"]

#: Central probability mass of the reported interval.
INTERVAL = 0.80
#: Seeded draws behind the interval (the point forecast is computed by quadrature, not from these).
N_INTERVAL_DRAWS = 4000


@lru_cache(maxsize=16)
def _interval_draws(
    a: float, b: float, n_rel: int, window_ids: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    p = np.clip(rng.beta(a, b, size=N_INTERVAL_DRAWS), 1e-300, 1 - 1e-16)
    eps = rng.standard_normal(N_INTERVAL_DRAWS)
    rel = rng.integers(0, n_rel, size=N_INTERVAL_DRAWS) if n_rel > 1 else np.zeros(0, dtype=int)
    # each window's draws are its own (keyed by id): file order and later windows leave them unchanged
    eps_w = np.zeros((N_INTERVAL_DRAWS, len(window_ids)))
    for j, wid in enumerate(window_ids):
        eps_w[:, j] = window_stream(wid, N_INTERVAL_DRAWS, 2)
    return logit(p), eps, rel, eps_w


def _occasion_draws(ctx: RouteContext, j: int) -> tuple[np.ndarray, np.ndarray]:
    """An occasion's draws for the interval: logit of its chance, and the normal draws of its items' log-LR.

    Keyed by the occasion's id, so neither file order nor other windows change them.
    """
    w = ctx.event.windows[ctx.occasions[j]]
    key = w.id.encode("utf-8")
    rng = np.random.default_rng([SEED, 3, len(key), *key])
    q = chance_draws(w, ctx.learned_kinds, rng, N_INTERVAL_DRAWS)
    return logit(np.clip(q, 1e-300, 1 - 1e-16)), window_stream(w.id, N_INTERVAL_DRAWS, 4)


def event_interval(
    ctx: RouteContext,
    g_mean: np.ndarray,
    g_sd: np.ndarray,
    w_mean: np.ndarray,
    w_sd: np.ndarray,
    o_mean: np.ndarray,
    o_sd: np.ndarray,
    masks: np.ndarray,
    structures: dict[int, HazardStructure],
    ti: np.ndarray,
    bi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The central 80% of the survival-weighted draws of ``P(t, by)``, ``(T, B)`` each."""
    n_t, n_b = len(ti), len(bi)
    d, k = g_mean.shape[1], w_mean.shape[2]
    base, eps, rel, eps_w = _interval_draws(ctx.a, ctx.b, d, ctx.window_ids)
    tail = (1.0 - INTERVAL) / 2
    pick = rel if d > 1 else np.zeros(N_INTERVAL_DRAWS, dtype=int)
    shift = (
        g_mean[:, pick] + g_sd[:, pick] * eps[None, :]
    )  # (T, S): the general log-LR, every route's
    z = base[None, :] + shift
    log_m = w_mean[:, pick, :] + w_sd[:, pick, :] * eps_w[None, :, :]  # (T, S, K)
    low = np.zeros((n_t, n_b))
    high = np.zeros((n_t, n_b))
    if k:
        with_windows = np.any((w_mean != 0) | (w_sd != 0), axis=(1, 2))
    else:
        with_windows = np.zeros(n_t, dtype=bool)
    for mask, st in structures.items():
        live = [j for j, kk in enumerate(ctx.occasions) if (mask >> kk) & 1]
        # the method is chosen day by day, so a day's interval never depends on the other days computed with it
        for windowed in (False, True):
            rows = np.flatnonzero((masks == mask) & (with_windows == windowed))
            if rows.size == 0:
                continue
            c_t = st.elapsed(ti[rows]).T  # (R, G)
            c_by = st.elapsed(bi)  # (G, B)
            if live:
                q, f_t, f_by = _ordinary_draws(z[rows], log_m[rows], st, c_t, c_by, windowed)
                s_t = 1.0 - q * f_t
                s_by = 1.0 - q[:, :, None] * f_by
                for j in live:
                    w = ctx.event.windows[ctx.occasions[j]]
                    lq, eps_o = _occasion_draws(ctx, j)
                    own = o_mean[rows][:, pick, j] + o_sd[rows][:, pick, j] * eps_o[None, :]
                    qw = sigmoid(lq[None, :] + shift[rows] + own)  # (R, S)
                    s_t = s_t * (1.0 - qw * occasion_elapsed(w, ctx.t64[rows])[:, None])
                    s_by = s_by * (
                        1.0 - qw[:, :, None] * occasion_elapsed(w, ctx.b64)[None, None, :]
                    )
                low[rows], high[rows] = _survival_quantiles(s_t, s_by, tail)
            elif windowed:
                lo, hi = _interval_windows(z[rows], log_m[rows], st, c_t, c_by, tail)
                low[rows], high[rows] = lo, hi
            else:
                lo, hi = _interval_flat(z[rows], c_t, c_by, tail)
                low[rows], high[rows] = lo, hi
    return low, high


def _ordinary_draws(
    z: np.ndarray,
    log_m: np.ndarray,
    st: HazardStructure,
    c_t: np.ndarray,
    c_by: np.ndarray,
    windowed: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ordinary route on each draw: ``q`` ``(R, S)`` and its elapsed share at ``t`` ``(R, S)`` and at each
    ``by`` ``(R, S, B)``."""
    if not windowed:
        f_t = np.broadcast_to(c_t.sum(axis=1)[:, None], z.shape)
        f_by = np.broadcast_to(c_by.sum(axis=0)[None, None, :], (*z.shape, c_by.shape[1]))
        return sigmoid(z), f_t, f_by
    pi = np.exp(np.einsum("rsk,gk->rsg", log_m, st.members.astype(float)))  # (R, S, G)
    h = pi @ st.share
    f_t = np.einsum("rsg,rg->rs", pi, c_t) / h
    f_by = np.einsum("rsg,gb->rsb", pi, c_by) / h[:, :, None]
    return sigmoid(z + np.log(h)), f_t, f_by


def _survival_quantiles(
    s_t: np.ndarray, s_by: np.ndarray, tail: float
) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of ``P = (S(t) − S(by)) / S(t)`` over draws weighted by ``S(t)``: ``(R, B)`` each."""
    weight = np.maximum(s_t, 1e-300)
    low = np.zeros((s_t.shape[0], s_by.shape[2]))
    high = np.zeros_like(low)
    for j in range(s_by.shape[2]):
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(s_t > 0, np.maximum(s_t - s_by[:, :, j], 0.0) / s_t, 0.0)
        low[:, j], high[:, j] = weighted_quantiles(p, weight, (tail, 1 - tail))
    return low, high


def _interval_flat(
    z: np.ndarray, c_t: np.ndarray, c_by: np.ndarray, tail: float
) -> tuple[np.ndarray, np.ndarray]:
    """The interval on days without window evidence: F does not depend on the draw and P is monotone in q, so
    the quantiles of P are P at the survival-weighted quantiles of q. ``z`` is ``(R, S)``; out ``(R, B)`` each."""
    f_t = c_t.sum(axis=1)
    q = sigmoid(z)
    qs = weighted_quantiles(q, 1.0 - q * f_t[:, None], (tail, 1 - tail))
    f_by = c_by.sum(axis=0)
    out = []
    for qv in qs:
        with np.errstate(divide="ignore", invalid="ignore"):
            p = qv[:, None] * (f_by[None, :] - f_t[:, None]) / (1.0 - qv * f_t)[:, None]
        out.append(np.where(np.isfinite(p), np.maximum(p, 0.0), 0.0))
    return out[0], out[1]


def _interval_windows(
    z: np.ndarray,
    log_m: np.ndarray,
    st: HazardStructure,
    c_t: np.ndarray,
    c_by: np.ndarray,
    tail: float,
) -> tuple[np.ndarray, np.ndarray]:
    """The interval on days with window evidence: P of each survival-weighted draw, then its quantiles.

    The sums over windows and day groups are written out element by element in a fixed order (no BLAS
    product, whose rounding can depend on how many days are computed together), so a day's values are the same
    bits in ``history`` and in ``show``. ``z`` is ``(R, S)``, ``log_m`` ``(R, S, K)``; out ``(R, B)`` each.
    """
    n_groups = st.members.shape[0]
    pi = np.empty((*z.shape, n_groups))  # (R, S, G)
    for g in range(n_groups):
        total = np.zeros(z.shape)
        for k in np.flatnonzero(st.members[g]):
            total += log_m[:, :, k]
        pi[:, :, g] = np.exp(total)

    def groups_sum(weights: np.ndarray) -> np.ndarray:
        """``Σ_g pi[..., g] · weights[..., g]`` in group order; ``weights`` is ``(G,)`` or ``(R, G)``."""
        out = np.zeros(z.shape)
        for g in range(n_groups):
            w = weights[..., g]
            out += pi[:, :, g] * (w[:, None] if np.ndim(w) else w)
        return out

    h = groups_sum(st.share)  # (R, S)
    f_t = groups_sum(c_t) / h
    q = sigmoid(z + np.log(h))
    survive = 1.0 - q * f_t
    weight = np.maximum(survive, 1e-300)
    low = np.zeros((z.shape[0], c_by.shape[1]))
    high = np.zeros_like(low)
    for b in range(c_by.shape[1]):
        f_by = groups_sum(c_by[:, b]) / h
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where(survive > 0, q * np.maximum(f_by - f_t, 0.0) / survive, 0.0)
        low[:, b], high[:, b] = weighted_quantiles(p, weight, (tail, 1 - tail))
    return low, high
