"""The fit's event likelihood in numpy: what the PyMC model states, for tests and simulation.

For event ``k`` with the learned reliabilities ``r`` (one per source):

.. code-block:: text

    m_k   = c_k logit p₀ + fixed_mean_k + Σ_s r_s mu_sum_ks           (general items, log-odds)
    v_k   = Var(logit p) + fixed_var_k + Σ_s r_s² var_sum_ks
    λ_j   = slot_fixed_j + Σ_s r_s slot_mu_js                          (window j's log-multiplier)
    Π_g   = exp(Σ_j members_gj λ_j)                                    (group g's multiplier)
    h'_k  = Σ_{g ∈ k} s_g Π_g                                          (the profile's total, relative)
    z_k   = (m_k + ln h'_k) / √(1 + π v_k / 8)                         (probit approximation)
    Q_k   = σ(z_k)                          P(a meeting within the horizon | evidence on the day used)
    y = 1: ln L_k = ln Q_k + ln δ_M + ln Π_{g(M)} − ln h'_k              (a meeting on day M)
    y = 0: ln L_k = ln(1 − Q_k F'_k(D)),  1 − F'_k(D) = Σ_{g ∈ k} rest_g Π_g / h'_k   (none up to D)

``δ_M`` is the meeting day's share of the (un-multiplied) profile. Window multipliers enter at
their median ``exp(λ)``: the spread of window items' log-LRs is not integrated over (the general
items' spread is, through ``v_k``). docs/learning.md states and tests this approximation.
"""

from __future__ import annotations

import math

import numpy as np

from summitcast.fit.data import FitData

__all__ = ["event_log_likelihood", "meeting_logit"]


def _parts(data: FitData, r_source: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r = np.asarray(r_source, dtype=float)
    m = data.prior_logit + data.fixed_mean + data.mu_sum @ r
    v = data.prior_var + data.fixed_var + data.var_sum @ r**2
    lam = data.slot_fixed + data.slot_mu @ r
    log_pi = data.group_members @ lam
    pi = np.exp(log_pi)
    h = np.bincount(data.group_event, weights=data.group_share * pi, minlength=len(m))
    z = (m + np.log(h)) / np.sqrt(1.0 + math.pi * v / 8.0)
    return z, log_pi, h


def meeting_logit(data: FitData, r_source: np.ndarray) -> np.ndarray:
    """``z_k``: the logit of P(a meeting within each event's horizon), shape ``(K,)``.

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    r_source
        ``(S,)`` reliability of each learned source.
    """
    return _parts(data, r_source)[0]


def event_log_likelihood(data: FitData, r_source: np.ndarray) -> np.ndarray:
    """Each event's log-likelihood of what happened to it, shape ``(K,)`` (module docstring).

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    r_source
        ``(S,)`` reliability of each learned source.

    Returns
    -------
    numpy.ndarray
        ``ln L_k``.
    """
    z, log_pi, h = _parts(data, r_source)
    pi = np.exp(log_pi)
    rest = np.bincount(data.group_event, weights=data.group_rest * pi, minlength=len(z)) / h
    log_q = -np.logaddexp(0.0, -z)
    at_day = np.where(data.day_group >= 0, log_pi[np.maximum(data.day_group, 0)], 0.0)
    yes = log_q + data.log_day_share + at_day - np.log(h)
    no = np.log(1.0 / (1.0 + np.exp(z)) + rest / (1.0 + np.exp(-z)))
    return np.where(data.y == 1, yes, no)
