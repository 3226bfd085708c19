"""The fit's event likelihood in numpy: exactly what the PyMC model states, for tests and simulation.

Event ``k``, with the evidence of its day used (:mod:`summitcast.fit.data`), the learned
reliabilities ``r`` (one per source), each occasion kind's chance ``q_kind`` and the rate ``λ``,
is the v3 model's (CONTRACT section 2; :func:`summitcast.model.occasions.route_rows`):

.. code-block:: text

    ℓ ~ N(m_k, s_k²),  m_k = fixed_mean + Σ_s r_s mu_sum,  s_k² = fixed_var + Σ_s r_s² var_sum
    p ~ Beta(a_k, b_k)        (a ``floated`` prior: p₀ = 1 − e^(−λY), a = p₀w, b = (1 − p₀)w)
    period slot j:  λ_j ~ N(slot mean, slot var);   Π_g = exp(Σ_{j ∋ g} λ_j),  h' = Σ_g s_g Π_g
    ordinary route:  q = σ(logit p + ℓ + ln h'),  a_B(x) = q F'(x),  F'(x) = Σ_g c_g(x) Π_g / h'
    occasion W:      a_W(x) = σ(logit q_W + ℓ + ℓ_W) G_W(x),  q_W = q_kind(W) or its set chance
    S(x) = (1 − a_B(x)) Π_W (1 − a_W(x))
    a meeting on M:  L_k = E[S(M − 1) − S(M)];     none up to D:  L_k = E[S(D)]

The expectation is by quadrature: Gauss-Hermite nodes of ``ℓ`` shared by all the routes (they are
independent only given it), a trapezoid over ``logit p``, a tensor Gauss-Hermite grid over the
period multipliers and Gauss-Hermite over each occasion's own log-LR ``ℓ_W``
(:func:`summitcast.fit.data.quadrature_layout`). Given ``ℓ`` the routes factor, so
``S = Σ_n w_n A_n(x) Π_W (1 − m_{W,n} G_W(x))`` with ``A_n`` the ordinary route's survival and
``m_{W,n}`` the occasion's chance at node ``n``. Nothing is approximated beyond the quadrature.
"""

from __future__ import annotations

import numpy as np

from summitcast.domain.question import DEFAULT_FLOATED_RATE
from summitcast.fit.data import (
    FLOATED_P_DESIGN,
    LOG_MULTIPLIER_BOUND,
    VAR_FLOOR,
    FitData,
    QuadratureLayout,
    interpolate_log_g,
    quadrature_layout,
)
from summitcast.model.routes import DEFAULT_CHANCE

__all__ = ["default_chances", "event_likelihood", "event_log_likelihood", "survival"]


def default_chances(data: FitData) -> np.ndarray:
    """Each kind's documented default chance, in the order of ``data.kind_names``."""
    return np.array([DEFAULT_CHANCE[k] for k in data.kind_names])


def _expit(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _log_sigmoid(u: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -u)


def survival(
    data: FitData,
    r_source: np.ndarray,
    chance: np.ndarray | None = None,
    rate: float | None = None,
    layout: QuadratureLayout | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``E[S(x₁)]`` and ``E[S(x₂)]`` of each event (``x₁ = M − 1, x₂ = M``, or ``D`` and ``D``).

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    r_source
        ``(S,)`` reliability of each learned source.
    chance
        ``(4,)`` chance of each occasion kind (``data.kind_names``; default: the documented ones).
    rate
        The ``floated`` rule's rate per year (default ln 2).
    layout
        The nodes (default :func:`~summitcast.fit.data.quadrature_layout` of ``data``).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        ``(K,)`` each.
    """
    lay = quadrature_layout(data) if layout is None else layout
    r = np.asarray(r_source, dtype=float)
    chance = default_chances(data) if chance is None else np.asarray(chance, dtype=float)
    rate = DEFAULT_FLOATED_RATE if rate is None else float(rate)
    n_ev = len(data.event_ids)
    # the general log-LR at each node
    m = data.fixed_mean + data.mu_sum @ r
    s = np.sqrt(VAR_FLOOR + data.fixed_var + data.var_sum @ r**2)
    ell = m[:, None] + s[:, None] * lay.eps[None, :]  # (K, N)
    # the period multipliers, cell by cell
    lam_mean = data.slot_fixed + data.slot_mu @ r
    lam_sd = np.sqrt(VAR_FLOOR + data.slot_fixed_var + data.slot_var @ r**2)
    log_pi = np.zeros(len(lay.cell_row))
    np.add.at(log_pi, lay.pair_cell, lam_mean[lay.pair_slot] + lam_sd[lay.pair_slot] * lay.pair_eps)
    pi = np.exp(np.clip(log_pi, -LOG_MULTIPLIER_BOUND, LOG_MULTIPLIER_BOUND))
    n_rows = len(lay.row_event)
    h = np.bincount(lay.cell_row, weights=lay.cell_share * pi, minlength=n_rows)
    f1 = np.bincount(lay.cell_row, weights=lay.cell_c1 * pi, minlength=n_rows) / h
    f2 = np.bincount(lay.cell_row, weights=lay.cell_c2 * pi, minlength=n_rows) / h
    # the ordinary route: g(z) = E_p[σ(logit p + z)] at each row and node (tables; floated
    # priors by their trapezoid at the rate's shape), then its survival per event and node
    ev = lay.row_event
    z = ell[ev] + np.log(h)[:, None]  # (R, N)
    q = np.exp(interpolate_log_g(lay.tab_lg, lay.tab_dlg, np.broadcast_to(ev[:, None], z.shape), z))
    q = q * (1 - lay.row_rule)[:, None]
    p_rule = np.clip(
        -np.expm1(-rate * data.years[lay.rule_event]), FLOATED_P_DESIGN, 1 - FLOATED_P_DESIGN
    )
    a = p_rule * data.prior_weight[lay.rule_event]
    b = (1 - p_rule) * data.prior_weight[lay.rule_event]
    u = np.log(a / b)[:, None] + np.sqrt(1 / a + 1 / b)[:, None] * lay.rule_grid
    logw = a[:, None] * _log_sigmoid(u) + b[:, None] * _log_sigmoid(-u) + lay.rule_pad
    pw = np.exp(logw - logw.max(axis=1, keepdims=True))
    pw /= pw.sum(axis=1, keepdims=True)  # (Kr, U)
    j = lay.rule_row_event
    zr = u[j][:, None, :] + z[lay.rule_row][:, :, None]
    qr = np.einsum("rnu,ru->rn", _expit(zr), pw[j])
    np.add.at(q, lay.rule_row, lay.rule_row_mask[:, None] * qr)
    a1, a2 = np.ones((n_ev, len(lay.eps))), np.ones((n_ev, len(lay.eps)))
    np.add.at(a1, ev, -(lay.row_weight * f1)[:, None] * q)
    np.add.at(a2, ev, -(lay.row_weight * f2)[:, None] * q)
    # the occasions: each one's chance at each node of ℓ, integrated over its own log-LR
    q_occ = np.where(data.occ_kind >= 0, chance[np.maximum(data.occ_kind, 0)], data.occ_chance)
    q_occ = np.clip(q_occ, 1e-12, 1 - 1e-12)
    om = data.occ_fixed + data.occ_mu @ r
    osd = np.sqrt(VAR_FLOOR + data.occ_fixed_var + data.occ_var @ r**2)
    own = om[:, None] + osd[:, None] * lay.occ_eps[None, :]  # (O, H)
    zo = (
        (np.log(q_occ) - np.log1p(-q_occ))[:, None, None]
        + ell[data.occ_event][:, :, None]
        + own[:, None, :]
    )
    mo = _expit(zo) @ lay.occ_w  # (O, N)
    r1, r2 = np.zeros_like(a1), np.zeros_like(a2)
    np.add.at(r1, data.occ_event, np.log1p(-mo * data.occ_g1[:, None]))
    np.add.at(r2, data.occ_event, np.log1p(-mo * data.occ_g2[:, None]))
    s1 = (a1 * np.exp(r1)) @ lay.eps_w
    s2 = (a2 * np.exp(r2)) @ lay.eps_w
    return s1, s2


def event_likelihood(
    data: FitData,
    r_source: np.ndarray,
    chance: np.ndarray | None = None,
    rate: float | None = None,
    layout: QuadratureLayout | None = None,
) -> np.ndarray:
    """Each event's likelihood of what happened to it, ``(K,)`` (module docstring).

    ``E[S(M − 1) − S(M)]`` for a meeting on ``M``, ``E[S(D)]`` for none up to ``D``; the
    parameters as in :func:`survival`.
    """
    lay = quadrature_layout(data) if layout is None else layout
    r = np.asarray(r_source, dtype=float)
    chance = default_chances(data) if chance is None else np.asarray(chance, dtype=float)
    rate = DEFAULT_FLOATED_RATE if rate is None else float(rate)
    s1, s2 = survival(data, r, chance, rate, lay)
    return np.where(data.y == 1, s1 - s2, s1)


def event_log_likelihood(
    data: FitData,
    r_source: np.ndarray,
    chance: np.ndarray | None = None,
    rate: float | None = None,
    layout: QuadratureLayout | None = None,
) -> np.ndarray:
    """Each event's log-likelihood of what happened to it, shape ``(K,)`` (module docstring).

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    r_source
        ``(S,)`` reliability of each learned source.
    chance
        ``(4,)`` chance of each occasion kind (default: the documented defaults).
    rate
        The ``floated`` rule's rate per year (default ln 2).
    layout
        The nodes (default: computed from ``data``).

    Returns
    -------
    numpy.ndarray
        ``ln L_k``.
    """
    return np.log(event_likelihood(data, r_source, chance, rate, layout))
