"""Days with occasions: each occasion is a route of its own beside the ordinary one (CONTRACT section 2).

:func:`route_rows` fills the point forecast and the routes of the days on which an occasion is known;
:class:`RouteContext` is what every row of one event's computation shares (also the interval's,
:mod:`summitcast.model.interval`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from summitcast.domain.event import Event
from summitcast.model.evidence import LearnedReliability
from summitcast.model.hazard import HazardStructure
from summitcast.model.quadrature import (
    WINDOW_RELIABILITY_DRAWS,
    normal_nodes,
    occasion_expectations,
    ordinary_expectations,
    unique,
)
from summitcast.model.routes import chance_nodes, occasion_elapsed

__all__ = ["RouteContext", "route_rows"]


@dataclass(frozen=True)
class RouteContext:
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


def route_rows(
    ctx: RouteContext,
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
