"""The forecast: prior, evidence and the passage of time turned into ``P(t, by)`` for every deadline of an event.

docs/model.md states the model; in short, with ``x = exp(logit p + L)`` the odds from the prior and the evidence
about the meeting in general, and each evidence window ``W``'s days multiplied by ``M_W = exp(L_W)`` (the summed
effective log-LRs of the items scoped to it):

* the odds of a meeting within the horizon are ``x · h'``, ``h' = Σ_g s_g Π_g`` (``s_g`` the share of the profile
  in day group ``g``, ``Π_g`` the product of the multipliers of the windows covering it), so an item of LR ``L``
  on a window of share ``s`` multiplies them by ``s·L + 1 − s``;
* the meeting's day follows the multiplied profile, and ``c'(t) = Σ_g c_g(t) Π_g`` is its elapsed mass;
* surviving to ``t`` has likelihood ``1 − q·F(t)`` with ``q = σ(logit p + L + ln h')`` and ``F = c'/h'``, so

      P(t, by) = Σ_g (c_g(by) − c_g(t)) B_g / (1 − Σ_g c_g(t) B_g),   B_g = E[Π_g · q / h'].

The expectations ``B_g`` are computed by quadrature (Gauss-Jacobi over the Beta prior, Gauss-Hermite over the
normal log-LRs, a tensor Gauss-Hermite grid over the window multipliers; :func:`quadrature.group_expectations
<summitcast.model.quadrature.group_expectations>`), once per distinct state of the evidence, and serve every day
and every deadline at once. The 80% interval comes from seeded, survival-weighted draws. The result types are in
:mod:`summitcast.model.results` (importable from here too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question
from summitcast.model.evidence import EvidenceTerms, LearnedReliability, evidence_terms
from summitcast.model.explain import Route, inactive_items, routes_on
from summitcast.model.hazard import (
    HazardStructure,
    announced_mask,
    day_index,
    hazard_structure,
)
from summitcast.model.quadrature import (
    SEED,
    WINDOW_RELIABILITY_DRAWS,
    group_expectations,
    logit,
    normal_nodes,
    occasion_expectations,
    ordinary_expectations,
    sigmoid,
    unique,
    weighted_quantiles,
    window_stream,
)
from summitcast.model.results import EventArrays, EventForecast, Forecast, Trajectory
from summitcast.model.routes import (
    chance_draws,
    chance_nodes,
    horizon_years,
    occasion_elapsed,
    prior_shape,
)
from summitcast.numeric import optional_float

__all__ = [
    "INTERVAL",
    "N_INTERVAL_DRAWS",
    "SEED",
    "EventArrays",
    "EventForecast",
    "Forecast",
    "Trajectory",
    "apply_status",
    "compute_event",
    "event_forecast",
    "forecast",
    "forecasts_at",
    "meeting_day",
    "month_ends",
    "status_as_of",
    "trajectory",
]

#: Central probability mass of the reported interval.
INTERVAL = 0.80
#: Seeded draws behind the interval (the point forecast is computed by quadrature, not from these).
N_INTERVAL_DRAWS = 4000


# --------------------------------------------------------------------------------------- the core


def _group_sums(bg: np.ndarray, c_t: np.ndarray, c_by: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``Σ_g B_g c_g(t)`` per row ``(R,)`` and ``Σ_g B_g c_g(by)`` per row and horizon ``(R, B)``.

    Summed group by group in a fixed order (no BLAS product, whose rounding depends on the shapes), so that one
    question's value is bit-for-bit the same computed alone (``show Q``) or with the other deadlines and days of its
    event (``show EVENT``, ``list``, ``history``).
    """
    mass_t = np.zeros(bg.shape[0])
    mass_by = np.zeros((bg.shape[0], c_by.shape[1]))
    for g in range(bg.shape[1]):
        mass_t += bg[:, g] * c_t[:, g]
        mass_by += bg[:, g, None] * c_by[None, g, :]
    return mass_t, mass_by


def _window_moments(terms: EvidenceTerms, windows: list[int]) -> tuple[np.ndarray, np.ndarray]:
    t, d = terms.weight.shape[0], terms.reliability.shape[0]
    mean = np.zeros((t, d, len(windows)))
    sd = np.zeros((t, d, len(windows)))
    for j, k in enumerate(windows):
        mean[:, :, j], sd[:, :, j] = terms.moments(np.flatnonzero(terms.window == k))
    return mean, sd


def compute_event(
    event: Event | Question,
    days: Sequence[dt.date] | np.ndarray,
    bys: Sequence[dt.date] | np.ndarray,
    *,
    learned: LearnedReliability | None = None,
    with_interval: bool = True,
) -> EventArrays:
    """``P(t, by)`` for every day ``t`` of ``days`` and every ``by`` of ``bys`` of one event, in one pass.

    No status is applied: before ``opens`` the forecast is the one made with nothing elapsed, and a ``by`` on or
    before ``t`` gives 0; a ``by`` after ``until`` counts as ``until``. A day with no occasion known (and not
    cancelled) is the v2 forecast, computed as in v2; a day with occasions adds their routes
    (:func:`_route_rows`).

    Parameters
    ----------
    event
        The event (a self-contained question is taken as its own event).
    days
        The as-of days ``(T,)``.
    bys
        The horizons ``(B,)``.
    learned
        Learned draws (reliabilities, chances, rate), if a fit exists.
    with_interval
        Compute the 80% intervals (NaN otherwise).

    Returns
    -------
    EventArrays
        Arrays over days and horizons.
    """
    event = as_event(event)
    t64 = np.asarray(days, dtype="datetime64[D]").reshape(-1)
    b64 = np.asarray(bys, dtype="datetime64[D]").reshape(-1)
    n_t, n_b = len(t64), len(b64)
    terms = evidence_terms(event, t64, learned=learned)
    occasions = [k for k, w in enumerate(event.windows) if w.is_occasion]
    ev_windows = sorted(
        {int(k) for k in terms.window if k >= 0 and not event.windows[k].is_occasion}
    )
    window_ids = tuple(event.windows[k].id for k in ev_windows)
    g_mean, g_sd = terms.moments(np.flatnonzero(terms.window < 0))  # (T, D)
    w_mean, w_sd = _window_moments(terms, ev_windows)  # (T, D, K)
    o_mean, o_sd = _window_moments(terms, occasions)  # (T, D, O)
    masks = announced_mask(event, t64)
    ti = day_index(event, t64)
    bi = day_index(event, b64)
    a, b = prior_shape(event.prior, horizon_years(event), None if learned is None else learned.rate)
    ctx = _RouteContext(event, learned, occasions, a, b, window_ids, t64, b64)

    point = np.zeros((n_t, n_b))
    q_mean = np.zeros(n_t)
    elapsed = np.zeros(n_t)
    routes = {
        w: np.full((n_t, n_b), np.nan) for w in ("", *(event.windows[k].id for k in occasions))
    }
    contribution = terms.effective.copy()
    cache: dict[tuple, np.ndarray] = {}
    structures: dict[int, HazardStructure] = {}
    for mask in unique(masks).tolist():
        st = structures[mask] = hazard_structure(event, mask, ev_windows)
        rows = np.flatnonzero(masks == mask)
        live = [j for j, k in enumerate(occasions) if (mask >> k) & 1]
        c_t = st.elapsed(ti[rows]).T  # (R, G)
        c_by = st.elapsed(bi)  # (G, B)
        if live:
            moments = (g_mean, g_sd, w_mean, w_sd, o_mean, o_sd)
            _route_rows(ctx, st, live, rows, c_t, c_by, moments, point, q_mean, routes)
        else:
            bg = np.empty((len(rows), st.members.shape[0]))
            for r, t in enumerate(rows):
                key = (
                    mask,
                    g_mean[t].tobytes(),
                    g_sd[t].tobytes(),
                    w_mean[t].tobytes(),
                    w_sd[t].tobytes(),
                )
                found = cache.get(key)
                if found is None:
                    found = cache[key] = group_expectations(
                        a,
                        b,
                        g_mean[t],
                        g_sd[t],
                        w_mean[t],
                        w_sd[t],
                        st.members,
                        st.share,
                        window_ids,
                    )
                bg[r] = found
            mass_t, mass_by = _group_sums(bg, c_t, c_by)
            den = 1.0 - mass_t
            num = mass_by - mass_t[:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                point[rows] = np.where(den[:, None] > 0, np.maximum(num, 0.0) / den[:, None], 0.0)
            q_mean[rows] = (bg * st.share).sum(axis=1)
            routes[""][rows] = point[rows]
        elapsed[rows], eff = _period_effects(terms, ev_windows, st, rows, c_t, w_mean)
        for k, cols in eff:
            contribution[np.ix_(rows, cols)] = k
        for j in live:
            # an occasion's items move nothing once its days are over (the route is spent)
            w = event.windows[occasions[j]]
            cols = np.flatnonzero(terms.window == occasions[j])
            over = t64[rows] >= np.datetime64(w.end, "D")
            contribution[np.ix_(rows[over], cols)] = 0.0

    if with_interval:
        low, high = _interval(
            ctx, g_mean, g_sd, w_mean, w_sd, o_mean, o_sd, masks, structures, ti, bi
        )
    else:
        low = high = np.full((n_t, n_b), np.nan)
    return EventArrays(terms, point, low, high, q_mean, elapsed, contribution, routes)


def _period_effects(
    terms: EvidenceTerms,
    ev_windows: list[int],
    st: HazardStructure,
    rows: np.ndarray,
    c_t: np.ndarray,
    w_mean: np.ndarray,
) -> tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """The ordinary route's elapsed share on each row, and each period item's effect on the remaining odds."""
    log_bar = w_mean[rows].mean(axis=1)  # (R, K)
    pi_bar = np.exp((log_bar[:, None, :] * st.members[None, :, :]).sum(axis=2))  # (R, G)
    elapsed = np.sum(c_t * pi_bar, axis=1) / (pi_bar * st.share).sum(axis=1)
    rem = (st.share[None, :] - c_t) * pi_bar  # (R, G)
    total = rem.sum(axis=1)
    out = []
    for j, k in enumerate(ev_windows):
        cols = np.flatnonzero(terms.window == k)
        rem_k = rem[:, st.members[:, j]].sum(axis=1)
        lam = terms.effective[np.ix_(rows, cols)]
        with np.errstate(divide="ignore", invalid="ignore"):
            rest = total[:, None] - rem_k[:, None] + rem_k[:, None] * np.exp(-lam)
            eff = np.where(total[:, None] > 0, np.log(total[:, None]) - np.log(rest), 0.0)
        out.append((eff + 0.0, cols))
    return elapsed, out


@dataclass(frozen=True)
class _RouteContext:
    """What every row of one event's computation shares: the event, its occasions, the prior, the days."""

    event: Event
    learned: LearnedReliability | None
    occasions: list[int]
    a: float
    b: float
    window_ids: tuple[str, ...]
    t64: np.ndarray
    b64: np.ndarray

    @property
    def learned_kinds(self) -> dict[str, np.ndarray] | None:
        return None if self.learned is None else dict(self.learned.chance_by_kind)


def _thin(d: int) -> np.ndarray:
    """The reliability draws used on a day with occasions (evenly thinned, as on a day with period evidence)."""
    if d <= WINDOW_RELIABILITY_DRAWS:
        return np.arange(d)
    return unique(np.linspace(0, d - 1, WINDOW_RELIABILITY_DRAWS).astype(int))


def _route_rows(
    ctx: _RouteContext,
    st: HazardStructure,
    live: list[int],
    rows: np.ndarray,
    c_t: np.ndarray,
    c_by: np.ndarray,
    moments: tuple[np.ndarray, ...],
    point: np.ndarray,
    q_mean: np.ndarray,
    routes: dict[str, np.ndarray],
) -> None:
    """Days with occasions: ``P = E[S(t) − S(by)] / E[S(t)]``, the routes independent given the general evidence.

    At each reliability draw ``d`` and Gauss-Hermite node ``n`` of the general log-LR, the ordinary route survives
    to ``x`` with ``A(x) = 1 − Σ_g c_g(x) B_g`` and occasion ``W`` with ``1 − m_W G_W(x)``; ``S`` is their product,
    averaged over draws and nodes. Each row is computed on its own, so a day's value is the same alone or in a
    history. Fills ``point``, ``q_mean`` and ``routes`` in place.
    """
    g_mean, g_sd, w_mean, w_sd, o_mean, o_sd = moments
    event = ctx.event
    windows = [event.windows[ctx.occasions[j]] for j in live]
    nodes = [chance_nodes(w, ctx.learned_kinds) for w in windows]
    take = _thin(g_mean.shape[1])
    wn = normal_nodes()[1][None, :] / len(take)  # (1, N)
    g_by = np.stack([occasion_elapsed(w, ctx.b64) for w in windows])  # (L, B)
    g_t_all = np.stack([occasion_elapsed(w, ctx.t64[rows]) for w in windows], axis=1)  # (R, L)
    cache: dict[bytes, tuple[np.ndarray, np.ndarray]] = {}
    for r, t in enumerate(rows):
        key = b"".join(
            x[t][take].tobytes()
            for x in (g_mean, g_sd, w_mean, w_sd, o_mean[:, :, live], o_sd[:, :, live])
        )
        found = cache.get(key)
        if found is None:
            bg = ordinary_expectations(
                ctx.a,
                ctx.b,
                g_mean[t, take],
                g_sd[t, take],
                w_mean[t, take],
                w_sd[t, take],
                st.members,
                st.share,
                ctx.window_ids,
            )  # (D, N, G)
            m = np.stack(
                [
                    occasion_expectations(
                        q, wq, g_mean[t, take], g_sd[t, take], o_mean[t, take, j], o_sd[t, take, j]
                    )
                    for (q, wq), j in zip(nodes, live, strict=True)
                ],
                axis=2,
            )  # (D, N, L)
            found = cache[key] = (bg, m)
        bg, m = found
        a_t = 1.0 - np.einsum("dng,g->dn", bg, c_t[r])
        a_by = 1.0 - np.einsum("dng,gb->dnb", bg, c_by)
        r_t = 1.0 - m * g_t_all[r]  # (D, N, L)
        r_by = 1.0 - m[:, :, :, None] * g_by[None, None, :, :]  # (D, N, L, B)
        rt_all = np.prod(r_t, axis=2)
        s_t = float(np.sum(wn * a_t * rt_all))
        s_by = np.einsum("dn,dnb->b", np.broadcast_to(wn, a_t.shape), a_by * np.prod(r_by, axis=2))
        done = ctx.b64 <= ctx.t64[t]  # nothing is left by a day already past: exactly 0
        if s_t > 0:
            point[t] = np.where(done, 0.0, np.maximum(s_t - s_by, 0.0) / s_t)
            routes[""][t] = np.einsum("dn,dnb->b", wn * rt_all, a_t[:, :, None] - a_by) / s_t
            for i, w in enumerate(windows):
                others = a_t * np.prod(np.delete(r_t, i, axis=2), axis=2)
                routes[w.id][t] = (
                    np.einsum("dn,dnb->b", wn * others, r_t[:, :, i, None] - r_by[:, :, i, :]) / s_t
                )
        whole = (1.0 - np.einsum("dng,g->dn", bg, st.share)) * np.prod(1.0 - m, axis=2)
        q_mean[t] = 1.0 - float(np.sum(wn * whole))


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


def _occasion_draws(ctx: _RouteContext, j: int) -> tuple[np.ndarray, np.ndarray]:
    """An occasion's draws for the interval: logit of its chance, and the normal draws of its items' log-LR.

    Keyed by the occasion's id, so neither file order nor other windows change them.
    """
    w = ctx.event.windows[ctx.occasions[j]]
    key = w.id.encode("utf-8")
    rng = np.random.default_rng([SEED, 3, len(key), *key])
    q = chance_draws(w, ctx.learned_kinds, rng, N_INTERVAL_DRAWS)
    return logit(np.clip(q, 1e-300, 1 - 1e-16)), window_stream(w.id, N_INTERVAL_DRAWS, 4)


def _interval(
    ctx: _RouteContext,
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


# ----------------------------------------------------------------------------------- per question


def status_as_of(question: Question, as_of: dt.date, met: dt.date | None = None) -> str:
    """The question's status on ``as_of``.

    ``annulled`` whatever the date; ``resolved-yes``/``resolved-no`` from the resolution's date; ``not-open``
    before ``opens``; ``closed`` after the deadline while unresolved; else ``open``.

    Examples
    --------
    >>> from summitcast.domain.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> [status_as_of(q, dt.date(2024, 12, 31)), status_as_of(q, dt.date(2025, 1, 11))]
    ['not-open', 'closed']
    """
    r = question.resolution
    if r is not None and r.outcome == "annulled":
        return "annulled"
    if r is not None and as_of >= r.date:
        return f"resolved-{r.outcome}"
    if (
        r is None
        and met is not None
        and as_of >= met
        and question.opens <= met <= question.deadline
    ):
        return "resolved-yes"  # the event's meeting (a sibling's yes) lies in this question's span
    if as_of < question.opens:
        return "not-open"
    if as_of > question.deadline:
        return "closed"
    return "open"


_STATUS_VALUE = {"resolved-yes": 1.0, "resolved-no": 0.0, "closed": 0.0}


def apply_status(statuses: list[str], point: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
    """Overwrite, in place, each day's forecast where its status fixes it.

    No forecast (NaN) when ``annulled`` or ``not-open``; 1 when ``resolved-yes``; 0 when ``resolved-no`` or
    ``closed``.

    Examples
    --------
    >>> p, lo, hi = np.array([0.3, 0.3]), np.array([0.1, 0.1]), np.array([0.5, 0.5])
    >>> apply_status(["open", "resolved-yes"], p, lo, hi)
    >>> p.tolist(), lo.tolist()
    ([0.3, 1.0], [0.1, 1.0])
    """
    for i, s in enumerate(statuses):
        if s in ("annulled", "not-open"):
            point[i] = low[i] = high[i] = np.nan
        elif s in _STATUS_VALUE:
            point[i] = low[i] = high[i] = _STATUS_VALUE[s]


def _event_for(question: Question, event: Event | None) -> Event:
    if question.event is None:
        return as_event(question)
    if event is None or event.id != question.event:
        raise ValueError(
            f"question '{question.id}' is on event '{question.event}': pass that event"
        )
    return event


def _contributions(event: Event, arrays: EventArrays, row: int) -> dict[str, float]:
    """Each item visible on day ``row``: its contribution to the log-odds (``Forecast.contributions``)."""
    visible = arrays.terms.visible[row]
    return {
        e.id: float(arrays.contribution[row, i]) for i, e in enumerate(event.evidence) if visible[i]
    }


def _explained(
    event: Event,
    arrays: EventArrays,
    row: int,
    col: int,
    as_of: dt.date,
    learned: LearnedReliability | None,
) -> tuple[tuple[Route, ...], dict[str, str]]:
    """The routes shown as of ``as_of`` (by column ``col``) and the items logged that move nothing."""
    kinds = None if learned is None else dict(learned.chance_by_kind)
    shares = {k: float(v[row, col]) for k, v in arrays.routes.items()}
    routes = tuple(r for r, shown in routes_on(event, as_of, shares, kinds) if shown)
    terms = arrays.terms
    inactive = inactive_items(event, terms.visible[row], terms.weight[row], as_of)
    return routes, inactive


def _question_forecast(
    question: Question,
    event: Event,
    arrays: EventArrays,
    row: int,
    col: int,
    as_of: dt.date,
    by: dt.date,
    met: dt.date | None = None,
    learned: LearnedReliability | None = None,
) -> Forecast:
    status = status_as_of(question, as_of, met)
    p, lo, hi = (np.array([x[row, col]]) for x in (arrays.point, arrays.low, arrays.high))
    apply_status([status], p, lo, hi)
    routes, inactive = _explained(event, arrays, row, col, as_of, learned)
    return Forecast(
        id=question.id,
        as_of=as_of,
        by=by,
        status=status,
        probability=optional_float(p[0]),
        low=optional_float(lo[0]),
        high=optional_float(hi[0]),
        evidence_used=int(arrays.terms.visible[row].sum()),
        contributions=_contributions(event, arrays, row),
        prior_probability=event.prior.probability,
        evidence_probability=(
            None if status == "annulled" else float(arrays.evidence_probability[row])
        ),
        elapsed=float(arrays.elapsed[row]),
        remaining=max(0.0, 1.0 - float(arrays.elapsed[row])),
        event=question.event,
        routes=routes if status == "open" else (),
        inactive=inactive,
    )


def forecast(
    question: Question,
    as_of: dt.date,
    by: dt.date | None = None,
    *,
    event: Event | None = None,
    learned: LearnedReliability | None = None,
    met: dt.date | None = None,
) -> Forecast:
    """``P(as_of, by)``: the probability of a meeting in (as_of, by] given the evidence and no meeting so far.

    Parameters
    ----------
    question
        The question.
    as_of
        The day the forecast is made at the end of; only evidence logged (and windows announced) by then count.
    by
        The horizon (default the deadline; a later day counts as the deadline, one on or before ``as_of`` gives 0).
    event
        The question's event, when it names one (a self-contained question is its own event).
    learned
        Learned reliability draws, if a fit exists.
    met
        The event's meeting day as its questions' ``yes`` resolutions record it (:func:`meeting_day`): from that
        day a question whose span holds it is ``resolved-yes``, even before its own file says so.

    Returns
    -------
    Forecast
        The point forecast (posterior mean), its 80% interval and each item's contribution.

    Examples
    --------
    With no evidence and no windows the forecast is the closed form p̄ΔF / (1 − p̄F):

    >>> from summitcast.domain.question import Prior
    >>> q = Question("x", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 10), Prior(0.5))
    >>> round(forecast(q, dt.date(2025, 1, 5)).probability, 6)  # 0.5·0.5 / (1 − 0.5·0.5)
    0.333333
    """
    ev = _event_for(question, event)
    by = question.deadline if by is None else min(by, question.deadline)
    arrays = compute_event(ev, [as_of], [by], learned=learned)
    return _question_forecast(question, ev, arrays, 0, 0, as_of, by, met, learned)


def forecasts_at(
    questions: Sequence[Question],
    event: Event,
    as_of: dt.date,
    *,
    learned: LearnedReliability | None = None,
    met: dt.date | None = None,
) -> list[Forecast]:
    """The forecast of every question of one event as of one day, from one computation.

    Each equals ``forecast(q, as_of, event=event)``.

    Parameters
    ----------
    questions
        Questions on ``event`` (or one self-contained question, with ``event`` its :func:`as_event`).
    event
        The event.
    as_of
        The day.
    learned
        Learned reliability draws, if a fit exists.
    met
        The event's meeting day, if its questions record one (see :func:`forecast`).

    Returns
    -------
    list of Forecast
        In the order of ``questions``.
    """
    if not questions:
        return []
    deadlines = [q.deadline for q in questions]
    arrays = compute_event(event, [as_of], deadlines, learned=learned)
    return [
        _question_forecast(q, event, arrays, 0, j, as_of, deadlines[j], met, learned)
        for j, q in enumerate(questions)
    ]


def trajectory(
    question: Question,
    days: Sequence[dt.date],
    *,
    event: Event | None = None,
    learned: LearnedReliability | None = None,
    with_interval: bool = True,
    met: dt.date | None = None,
) -> Trajectory:
    """Forecasts (to the deadline) on each of ``days``, computed in one vectorised pass.

    Each point equals ``forecast(question, day)`` for that day.

    Parameters
    ----------
    question
        The question.
    days
        The as-of days, in any order.
    event
        The question's event, when it names one.
    learned
        Learned reliability draws, if a fit exists.
    with_interval
        Compute the 80% intervals (``low``/``high`` are NaN otherwise).
    met
        The event's meeting day, if its questions record one (see :func:`forecast`).

    Returns
    -------
    Trajectory
        Arrays aligned with ``days``; NaN where there is no forecast (annulled, not yet open).
    """
    days = list(days)
    ev = _event_for(question, event)
    arrays = compute_event(
        ev, days, [question.deadline], learned=learned, with_interval=with_interval
    )
    point, low, high = arrays.point[:, 0].copy(), arrays.low[:, 0].copy(), arrays.high[:, 0].copy()
    statuses = [status_as_of(question, d, met) for d in days]
    apply_status(statuses, point, low, high)
    return Trajectory(question.id, days, point, low, high, statuses)


def month_ends(start: dt.date, until: dt.date) -> list[dt.date]:
    """The last day of each month from ``start``'s month to ``until``'s, the last one clipped to ``until``.

    Examples
    --------
    >>> month_ends(dt.date(2025, 11, 20), dt.date(2026, 1, 20))
    [datetime.date(2025, 11, 30), datetime.date(2025, 12, 31), datetime.date(2026, 1, 20)]
    """
    out = []
    y, m = start.year, start.month
    while True:
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        end = nxt - dt.timedelta(days=1)
        if end >= until:
            out.append(until)
            return out
        out.append(end)
        y, m = nxt.year, nxt.month


def meeting_day(questions: Sequence[Question], as_of: dt.date) -> dt.date | None:
    """The day of the event's meeting as the questions' ``yes`` resolutions record it, if known by ``as_of``."""
    days = [
        q.resolution.date
        for q in questions
        if q.resolution is not None and q.resolution.outcome == "yes" and q.resolution.date <= as_of
    ]
    return min(days) if days else None


def event_forecast(
    event: Event,
    questions: Sequence[Question],
    as_of: dt.date,
    *,
    learned: LearnedReliability | None = None,
    by: dt.date | None = None,
) -> EventForecast:
    """The event's forecast by ``until`` (or ``by``), by each question's deadline, and by the end of each month.

    Every deadline comes from one computation, so the questions are coherent by construction.

    Parameters
    ----------
    event
        The event.
    questions
        The questions on it (each by its own deadline and status).
    as_of
        The day.
    learned
        Learned reliability draws, if a fit exists.
    by
        The horizon of the headline probability (default ``until``; a later day counts as ``until``).

    Returns
    -------
    EventForecast
        The event's curve and its questions' forecasts.
    """
    months = month_ends(event.opens, event.until)
    deadlines = [min(q.deadline, event.until) for q in questions]
    horizon = event.until if by is None else min(by, event.until)
    bys = [*deadlines, *months, horizon]
    arrays = compute_event(event, [as_of], bys, learned=learned)
    met = meeting_day(questions, as_of)
    qf = [
        _question_forecast(q, event, arrays, 0, j, as_of, deadlines[j], met, learned)
        for j, q in enumerate(questions)
    ]
    offset = len(deadlines)
    cdf = []
    for j, d in enumerate(months):
        p = arrays.point[0, offset + j]
        lo, hi = arrays.low[0, offset + j], arrays.high[0, offset + j]
        if met is not None:
            p = lo = hi = 1.0 if d >= met else 0.0
        cdf.append((d, float(p), float(lo), float(hi)))
    if met is not None:
        status, p, lo, hi = "met", 1.0, 1.0, 1.0
    elif as_of > event.until:
        status, p, lo, hi = "closed", 0.0, 0.0, 0.0
    elif as_of < event.opens:
        status, p, lo, hi = "not-open", None, None, None
    else:
        status = "open"
        p, lo, hi = (float(x[0, -1]) for x in (arrays.point, arrays.low, arrays.high))
    if met is not None and horizon < met:
        p = lo = hi = 0.0
    routes, inactive = _explained(event, arrays, 0, len(bys) - 1, as_of, learned)
    return EventForecast(
        event=event,
        as_of=as_of,
        by=horizon,
        status=status,
        probability=p,
        low=lo,
        high=hi,
        questions=qf,
        cdf=cdf,
        evidence_used=int(arrays.terms.visible[0].sum()),
        contributions=_contributions(event, arrays, 0),
        evidence_probability=float(arrays.evidence_probability[0]),
        routes=routes if status == "open" else (),
        inactive=inactive,
    )
