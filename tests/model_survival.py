"""The v3 model's survival ``E[S(x)]`` for any days ``x``, with the evidence of one day: written from the model's own
pieces (:mod:`summitcast.model.quadrature`, :mod:`summitcast.model.routes`), as ``model.occasions.route_rows``
combines them. ``compute_event`` gives only ratios ``E[S(t) − S(by)] / E[S(t)]`` with the evidence of ``t``; the fit's
likelihood needs ``E[S(M − 1) − S(M)]`` and ``E[S(D)]`` themselves, so the tests rebuild S from the same pieces and
check the rebuild against ``compute_event`` wherever the two can be compared."""

from __future__ import annotations

import datetime as dt

import numpy as np

from summitcast.domain.event import Event
from summitcast.model.evidence import LearnedReliability, evidence_terms
from summitcast.model.hazard import announced_mask, day_index, hazard_structure
from summitcast.model.quadrature import normal_nodes, occasion_expectations, ordinary_expectations
from summitcast.model.routes import chance_nodes, horizon_years, occasion_elapsed, prior_shape


def model_survival(
    event: Event, as_of: dt.date, days: list[dt.date], learned: LearnedReliability | None = None
) -> np.ndarray:
    """``E[S(x)]`` for each ``x`` of ``days``, with the evidence as of ``as_of`` (the model's routes)."""
    t = np.array([as_of], dtype="datetime64[D]")
    terms = evidence_terms(event, t, learned=learned)
    occasions = [k for k, w in enumerate(event.windows) if w.is_occasion]
    ev_windows = sorted(
        {int(k) for k in terms.window if k >= 0 and not event.windows[k].is_occasion}
    )
    mask = int(announced_mask(event, t)[0])
    st = hazard_structure(event, mask, ev_windows)
    live = [k for k in occasions if (mask >> k) & 1]
    g_mean, g_sd = terms.moments(np.flatnonzero(terms.window < 0))
    w_mean = (
        np.stack([terms.moments(np.flatnonzero(terms.window == k))[0] for k in ev_windows], axis=2)
        if ev_windows
        else np.zeros((1, g_mean.shape[1], 0))
    )
    w_sd = (
        np.stack([terms.moments(np.flatnonzero(terms.window == k))[1] for k in ev_windows], axis=2)
        if ev_windows
        else np.zeros((1, g_mean.shape[1], 0))
    )
    a, b = prior_shape(event.prior, horizon_years(event), None if learned is None else learned.rate)
    ids = tuple(event.windows[k].id for k in ev_windows)
    bg = ordinary_expectations(
        a, b, g_mean[0], g_sd[0], w_mean[0], w_sd[0], st.members, st.share, ids
    )  # (D, N, G)
    x = np.asarray(days, dtype="datetime64[D]")
    c = st.elapsed(day_index(event, x))  # (G, X)
    surv = 1.0 - np.einsum("dng,gx->dnx", bg, c)
    kinds = None if learned is None else dict(learned.chance_by_kind)
    for k in live:
        w = event.windows[k]
        q, wq = chance_nodes(w, kinds)
        cols = np.flatnonzero(terms.window == k)
        o_mean, o_sd = terms.moments(cols)
        m = occasion_expectations(q, wq, g_mean[0], g_sd[0], o_mean[0], o_sd[0])  # (D, N)
        surv = surv * (1.0 - m[:, :, None] * occasion_elapsed(w, x)[None, None, :])
    wn = normal_nodes()[1]
    return np.einsum("dnx,n->x", surv, wn) / surv.shape[0]
