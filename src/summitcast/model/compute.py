"""One pass over an event: ``P(t, by)`` for every day ``t`` and every horizon ``by`` (:func:`compute_event`).

The days without an occasion are computed here (the expectations ``B_g`` by quadrature, once per distinct state
of the evidence; :mod:`summitcast.model.forecast` states the algebra); the days with occasions by
:func:`summitcast.model.occasions.route_rows`; the interval by :func:`summitcast.model.interval.event_interval`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question
from summitcast.model.evidence import EvidenceTerms, LearnedReliability, evidence_terms
from summitcast.model.hazard import (
    HazardStructure,
    announced_mask,
    day_index,
    hazard_structure,
)
from summitcast.model.interval import event_interval
from summitcast.model.occasions import RouteContext, route_rows
from summitcast.model.quadrature import group_expectations, unique
from summitcast.model.results import EventArrays
from summitcast.model.routes import horizon_years, prior_shape

__all__ = ["compute_event"]


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
    (:func:`summitcast.model.occasions.route_rows`).

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
    ctx = RouteContext(event, learned, occasions, a, b, window_ids, t64, b64)

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
        moments = (g_mean, g_sd, w_mean, w_sd, o_mean, o_sd)
        if live:
            route_rows(ctx, st, live, rows, c_t, c_by, moments, point, q_mean, routes)
        else:
            _ordinary_rows(ctx, st, mask, rows, c_t, c_by, moments, cache, point, q_mean, routes)
        elapsed[rows], eff = _period_effects(terms, ev_windows, st, rows, c_t, w_mean)
        _set_contributions(ctx, terms, rows, live, eff, contribution)

    if with_interval:
        low, high = event_interval(
            ctx, g_mean, g_sd, w_mean, w_sd, o_mean, o_sd, masks, structures, ti, bi
        )
    else:
        low = high = np.full((n_t, n_b), np.nan)
    return EventArrays(terms, point, low, high, q_mean, elapsed, contribution, routes)


def _ordinary_rows(
    ctx: RouteContext,
    st: HazardStructure,
    mask: int,
    rows: np.ndarray,
    c_t: np.ndarray,
    c_by: np.ndarray,
    moments: tuple[np.ndarray, ...],
    cache: dict[tuple, np.ndarray],
    point: np.ndarray,
    q_mean: np.ndarray,
    routes: dict[str, np.ndarray],
) -> None:
    """Days without an occasion: ``P(t, by)`` from the expectations ``B_g``, computed once per distinct state of
    the evidence (``cache``). Fills ``point``, ``q_mean`` and the ordinary route in place."""
    g_mean, g_sd, w_mean, w_sd = moments[:4]
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
                ctx.a,
                ctx.b,
                g_mean[t],
                g_sd[t],
                w_mean[t],
                w_sd[t],
                st.members,
                st.share,
                ctx.window_ids,
            )
        bg[r] = found
    mass_t, mass_by = _group_sums(bg, c_t, c_by)
    den = 1.0 - mass_t
    num = mass_by - mass_t[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        point[rows] = np.where(den[:, None] > 0, np.maximum(num, 0.0) / den[:, None], 0.0)
    q_mean[rows] = (bg * st.share).sum(axis=1)
    routes[""][rows] = point[rows]


def _set_contributions(
    ctx: RouteContext,
    terms: EvidenceTerms,
    rows: np.ndarray,
    live: list[int],
    eff: list[tuple[np.ndarray, np.ndarray]],
    contribution: np.ndarray,
) -> None:
    """Each period item's effect on the rows; an occasion's items move nothing once its days are over (the route
    is spent)."""
    for k, cols in eff:
        contribution[np.ix_(rows, cols)] = k
    for j in live:
        w = ctx.event.windows[ctx.occasions[j]]
        cols = np.flatnonzero(terms.window == ctx.occasions[j])
        over = ctx.t64[rows] >= np.datetime64(w.end, "D")
        contribution[np.ix_(rows[over], cols)] = 0.0


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
