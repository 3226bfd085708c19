"""The models in PyMC: the fit (built once, refit on new data) and the forecast model.

PyMC and PyTensor are imported inside the functions that need them, never at module level.

The fit (docs/learning.md states it in full, with its validation): each resolved event ``k``
(a meeting on day ``M``, or none up to ``D``) contributes the likelihood of what happened to it
under the v3 forecast model, with the evidence as of the day used (:mod:`summitcast.fit.data`):
``E[S(M − 1) − S(M)]`` or ``E[S(D)]``, ``S`` the survival over the routes, by the quadrature that
:mod:`summitcast.fit.likelihood` states in numpy (one ``pm.Potential`` named ``events``; a test
checks the two agree to 1e-10). The parameters and their priors:

.. code-block:: text

    r_s  = σ(η_{type(s)} + τ z_s),      z_s ~ N(0, 1)               (per source, non-centred)
    η_t  = logit(default_t) + δ + z_t,  z_t ~ N(0, 1)               (per source type)
    δ ~ N(0, 0.5)  (global calibration shift),   τ ~ HalfNormal(0.5)
    q_kind ~ Beta(q₀·k, (1 − q₀)·k)      q₀ = routes.DEFAULT_CHANCE[kind], k = CHANCE_PRIOR_WEIGHT
    ln λ ~ N(ln ln 2, RATE_PRIOR_SD)    the ``floated`` rule's rate per year

**Compiled once.** Every array of the data is a ``pm.Data`` container, so one model (and one
compiled log-density and gradient, :class:`CompiledFitModel`) serves any ledger: the number of
events, occasions and nodes may change freely, and the per-source parameters are padded to a
*source capacity*. A padded source has all-zero columns: its ``z_source`` does not touch the
likelihood and is independent of every other parameter a priori (the model is non-centred), so
it leaves the posterior of the real parameters exactly as it is; the sampler drops its draws.
"""

from __future__ import annotations

import datetime as dt
import math
import time
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import DEFAULT_FLOATED_RATE, Question
from summitcast.fit.data import (
    FLOATED_P_DESIGN,
    LOG_MULTIPLIER_BOUND,
    TABLE_Z,
    VAR_FLOOR,
    FitData,
    quadrature_layout,
)
from summitcast.model import DEFAULT_RELIABILITY, evidence_terms
from summitcast.model.hazard import announced_mask, day_index, hazard_structure
from summitcast.model.routes import CHANCE_PRIOR_WEIGHT, DEFAULT_CHANCE, RATE_PRIOR_SD

if TYPE_CHECKING:  # pragma: no cover - typing only; never imported at run time here
    import pymc as pm

__all__ = [
    "CALIBRATION_PRIOR_SD",
    "SOURCE_SCALE_PRIOR_SD",
    "TYPE_PRIOR_SD",
    "CompiledFitModel",
    "build_fit_model",
    "forecast_model",
    "model_inputs",
    "source_capacity",
]

#: Prior scale of each type's deviation from its default, on the logit scale of reliability.
TYPE_PRIOR_SD = 1.0
#: Prior scale of the global calibration shift δ (all types' logit-reliability move together).
CALIBRATION_PRIOR_SD = 0.5
#: Prior scale (half-normal) of the spread τ of individual sources around their type.
SOURCE_SCALE_PRIOR_SD = 0.5
#: Source capacities are multiples of this (so that refits with a few more sources reuse a model).
CAPACITY_STEP = 16


def source_capacity(n_sources: int) -> int:
    """The number of per-source parameters a model for ``n_sources`` sources gets (padding).

    Parameters
    ----------
    n_sources
        Learned sources in the data.

    Returns
    -------
    int
        ``n_sources`` rounded up to a multiple of ``CAPACITY_STEP`` (at least one step).

    Examples
    --------
    >>> source_capacity(0), source_capacity(16), source_capacity(50)
    (16, 16, 64)
    """
    return CAPACITY_STEP * max(1, math.ceil(n_sources / CAPACITY_STEP))


def model_inputs(data: FitData, capacity: int) -> dict[str, np.ndarray]:
    """The values of the model's ``pm.Data`` containers for ``data``, padded to ``capacity`` sources.

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    capacity
        Per-source parameters of the model (at least ``len(data.source_names)``).

    Returns
    -------
    dict
        The events' arrays (``FitData``: general sums, prior, outcomes), the period slots', the
        occasions' (a set chance or the kind's index; at least one occasion and one slot are
        kept, all-zero ones that act on nothing when the data have none), and the quadrature's
        nodes (:func:`~summitcast.fit.data.quadrature_layout`). Per-source matrices are
        ``(rows, capacity)``, zero in the padding. Index arrays rather than dense matrices keep
        each gradient evaluation linear in the data.
    """
    n_ev, n_s = data.mu_sum.shape
    if n_s > capacity:
        raise ValueError(f"{n_s} sources do not fit a model of capacity {capacity}")
    lay = quadrature_layout(data)

    def pad(a: np.ndarray, rows: int) -> np.ndarray:
        out = np.zeros((rows, capacity))
        out[: a.shape[0], :n_s] = a
        return out

    source_type = np.zeros(capacity, dtype=np.int64)
    source_type[:n_s] = data.source_type
    n_slots = max(len(data.slot_event), 1)
    # Index arrays get at least two entries (PyTensor refuses to scatter one row into many), the
    # extra ones harmless: pairs of weight 0, placeholder occasions whose days never elapse (a
    # set chance of 0.5 on event 0), floated rows of mask 0.
    n_pairs = max(len(lay.pair_cell), 2)
    pair_weight = np.zeros(n_pairs)
    pair_weight[: len(lay.pair_cell)] = 1.0
    n_occ = max(len(data.occ_event), 2)

    def grow(a: np.ndarray, n: int, fill: float = 0.0) -> np.ndarray:
        return np.concatenate([a, np.full(n - len(a), fill, dtype=a.dtype)])

    occ_kind = grow(data.occ_kind, n_occ, -1)
    occ_chance = np.where(occ_kind >= 0, 0.5, grow(data.occ_chance, n_occ, 0.5))
    occ_event = grow(data.occ_event, n_occ, 0)
    n_rows = len(lay.row_event)
    event_rows = np.zeros((n_ev, n_rows))
    event_rows[lay.row_event, np.arange(n_rows)] = 1.0
    event_occasions = np.zeros((n_ev, n_occ))
    event_occasions[occ_event[: len(data.occ_event)], np.arange(len(data.occ_event))] = 1.0
    rule_rows = np.zeros((n_rows, len(lay.rule_row)))
    rule_rows[lay.rule_row, np.arange(len(lay.rule_row))] = lay.rule_row_mask
    return {
        "y_obs": np.asarray(data.y, dtype=float),
        "fixed_mean": np.asarray(data.fixed_mean, dtype=float),
        "fixed_var": np.asarray(data.fixed_var, dtype=float),
        "mu_sum": pad(data.mu_sum, n_ev),
        "var_sum": pad(data.var_sum, n_ev),
        "source_type": source_type,
        "prior_weight": np.asarray(data.prior_weight, dtype=float),
        "years": np.asarray(data.years, dtype=float),
        "tab_lg": lay.tab_lg,
        "tab_dlg": lay.tab_dlg,
        "row_rule": lay.row_rule,
        "rule_event": lay.rule_event,
        "rule_grid": lay.rule_grid,
        "rule_pad": lay.rule_pad,
        "rule_row_event": lay.rule_row_event,
        "rule_row_mask": lay.rule_row_mask,
        "eps": lay.eps,
        "eps_w": lay.eps_w,
        "occ_eps": lay.occ_eps,
        "occ_w": lay.occ_w,
        "slot_mu": pad(data.slot_mu, n_slots),
        "slot_var": pad(data.slot_var, n_slots),
        "slot_fixed": np.pad(data.slot_fixed, (0, n_slots - len(data.slot_fixed))),
        "slot_fixed_var": np.pad(data.slot_fixed_var, (0, n_slots - len(data.slot_fixed_var))),
        "row_event": lay.row_event,
        "row_weight": lay.row_weight,
        "cell_row": lay.cell_row,
        "cell_share": lay.cell_share,
        "cell_c1": lay.cell_c1,
        "cell_c2": lay.cell_c2,
        "pair_cell": grow(lay.pair_cell, n_pairs).astype(np.int64),
        "pair_slot": grow(lay.pair_slot, n_pairs).astype(np.int64),
        "pair_eps": grow(lay.pair_eps, n_pairs),
        "pair_weight": pair_weight,
        "event_rows": event_rows,
        "event_occasions": event_occasions,
        "rule_rows": rule_rows,
        "occ_event": occ_event.astype(np.int64),
        "occ_kind": np.maximum(occ_kind, 0).astype(np.int64),
        "occ_learned": (occ_kind >= 0).astype(float),
        "occ_chance": occ_chance.astype(float),
        "occ_mu": pad(data.occ_mu, n_occ),
        "occ_var": pad(data.occ_var, n_occ),
        "occ_fixed": grow(data.occ_fixed, n_occ),
        "occ_fixed_var": grow(data.occ_fixed_var, n_occ),
        "occ_g1": grow(data.occ_g1, n_occ),
        "occ_g2": grow(data.occ_g2, n_occ),
    }


def build_fit_model(data: FitData, *, capacity: int | None = None) -> pm.Model:
    """The fit model in PyMC (see the module docstring and docs/learning.md).

    Every data array is a ``pm.Data`` container (:func:`model_inputs` names them), so the same
    model refits to other data with ``pm.set_data`` (the backtest does), as long as the data's
    sources fit the capacity. The events' likelihood (:mod:`summitcast.fit.likelihood` states it)
    is one ``pm.Potential`` named ``events``.

    Parameters
    ----------
    data
        From :func:`summitcast.fit.fit_data`.
    capacity
        Per-source parameters (default: exactly the data's sources, at least one).

    Returns
    -------
    pymc.Model
        Free variables ``calibration`` (δ), ``z_type``, ``tau``, ``z_source`` (``capacity``
        long), ``chance`` (one per occasion kind) and ``log_rate``; deterministics ``r_type``,
        ``r_source`` and ``rate``.
    """
    import pymc as pm
    import pytensor.tensor as pt

    capacity = max(len(data.source_names), 1) if capacity is None else capacity
    inputs = model_inputs(data, capacity)
    defaults = np.array([DEFAULT_RELIABILITY[t] for t in data.type_names])
    q0 = np.array([DEFAULT_CHANCE[k] for k in data.kind_names])
    coords = {"type": list(data.type_names), "kind": list(data.kind_names)}
    # check_bounds=False: the data are built here and every parameter's transform keeps it in
    # its support, so the bound checks would only add operations to compile.
    with pm.Model(coords=coords, check_bounds=False) as model:
        box = {name: pm.Data(name, value) for name, value in inputs.items()}
        delta = pm.Normal("calibration", 0.0, CALIBRATION_PRIOR_SD)
        z_type = pm.Normal("z_type", 0.0, 1.0, dims="type")
        eta_type = np.log(defaults / (1 - defaults)) + delta + TYPE_PRIOR_SD * z_type
        pm.Deterministic("r_type", pm.math.sigmoid(eta_type), dims="type")
        tau = pm.HalfNormal("tau", SOURCE_SCALE_PRIOR_SD)
        z_source = pm.Normal("z_source", 0.0, 1.0, shape=capacity)
        r = pm.Deterministic(
            "r_source", pm.math.sigmoid(eta_type[box["source_type"]] + tau * z_source)
        )
        chance = pm.Beta(
            "chance", q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT, dims="kind"
        )
        log_rate = pm.Normal("log_rate", math.log(DEFAULT_FLOATED_RATE), RATE_PRIOR_SD)
        rate = pm.Deterministic("rate", pt.exp(log_rate))
        pm.Potential("events", pt.sum(_log_likelihood(box, r, chance, rate)))
    return model


def _log_likelihood(box: dict[str, Any], r: Any, chance: Any, rate: Any) -> Any:
    """``ln L_k`` in PyTensor: :func:`summitcast.fit.likelihood.survival`, operation by operation."""
    import pytensor.tensor as pt

    def log_sigmoid(u: Any) -> Any:
        return -pt.softplus(-u)

    m = box["fixed_mean"] + pt.dot(box["mu_sum"], r)
    s = pt.sqrt(VAR_FLOOR + box["fixed_var"] + pt.dot(box["var_sum"], r**2))
    ell = m[:, None] + s[:, None] * box["eps"][None, :]  # (K, N)
    lam_mean = box["slot_fixed"] + pt.dot(box["slot_mu"], r)
    lam_sd = pt.sqrt(VAR_FLOOR + box["slot_fixed_var"] + pt.dot(box["slot_var"], r**2))
    cells = pt.zeros_like(box["cell_share"])
    log_pi = pt.inc_subtensor(
        cells[box["pair_cell"]],
        box["pair_weight"]
        * (lam_mean[box["pair_slot"]] + lam_sd[box["pair_slot"]] * box["pair_eps"]),
    )
    pi = pt.exp(pt.clip(log_pi, -LOG_MULTIPLIER_BOUND, LOG_MULTIPLIER_BOUND))
    rows = pt.zeros_like(box["row_weight"])
    h = pt.inc_subtensor(rows[box["cell_row"]], box["cell_share"] * pi)
    f1 = pt.inc_subtensor(rows[box["cell_row"]], box["cell_c1"] * pi) / h
    f2 = pt.inc_subtensor(rows[box["cell_row"]], box["cell_c2"] * pi) / h
    ev = box["row_event"]
    z = ell[ev] + pt.log(h)[:, None]  # (R, N)
    q = pt.exp(_interpolate(box, ev, z)) * (1 - box["row_rule"])[:, None]
    rule = box["rule_event"]
    p_rule = pt.clip(-pt.expm1(-rate * box["years"][rule]), FLOATED_P_DESIGN, 1 - FLOATED_P_DESIGN)
    a = p_rule * box["prior_weight"][rule]
    b = (1 - p_rule) * box["prior_weight"][rule]
    u = pt.log(a / b)[:, None] + pt.sqrt(1 / a + 1 / b)[:, None] * box["rule_grid"]
    logw = a[:, None] * log_sigmoid(u) + b[:, None] * log_sigmoid(-u) + box["rule_pad"]
    pw = pt.special.softmax(logw, axis=1)  # (Kr, U)
    j = box["rule_row_event"]
    zr = u[j][:, None, :] + pt.dot(box["rule_rows"].T, z)[:, :, None]
    qr = pt.sum(pt.sigmoid(zr) * pw[j][:, None, :], axis=2)
    q = q + pt.dot(box["rule_rows"], box["rule_row_mask"][:, None] * qr)
    a1 = 1.0 - pt.dot(box["event_rows"], (box["row_weight"] * f1)[:, None] * q)
    a2 = 1.0 - pt.dot(box["event_rows"], (box["row_weight"] * f2)[:, None] * q)
    learned = box["occ_learned"]
    q_occ = pt.clip(
        learned * chance[box["occ_kind"]] + (1 - learned) * box["occ_chance"], 1e-12, 1 - 1e-12
    )
    om = box["occ_fixed"] + pt.dot(box["occ_mu"], r)
    osd = pt.sqrt(VAR_FLOOR + box["occ_fixed_var"] + pt.dot(box["occ_var"], r**2))
    own = om[:, None] + osd[:, None] * box["occ_eps"][None, :]  # (O, H)
    zo = (
        (pt.log(q_occ) - pt.log1p(-q_occ))[:, None, None]
        + ell[box["occ_event"]][:, :, None]
        + own[:, None, :]
    )
    mo = pt.dot(pt.sigmoid(zo), box["occ_w"])  # (O, N)
    r1 = pt.dot(box["event_occasions"], pt.log1p(-mo * box["occ_g1"][:, None]))
    r2 = pt.dot(box["event_occasions"], pt.log1p(-mo * box["occ_g2"][:, None]))
    s1 = pt.dot(a1 * pt.exp(r1), box["eps_w"])
    s2 = pt.dot(a2 * pt.exp(r2), box["eps_w"])
    y = box["y_obs"]
    return pt.log(s1 - y * s2)


def _interpolate(box: dict[str, Any], ev: Any, z: Any) -> Any:
    """:func:`summitcast.fit.data.interpolate_log_g` in PyTensor."""
    import pytensor.tensor as pt

    z0, dz, n = float(TABLE_Z[0]), float(TABLE_Z[1] - TABLE_Z[0]), len(TABLE_Z)
    zc = pt.clip(z, z0, float(TABLE_Z[-1]) - 1e-9)
    pos = (zc - z0) / dz
    pos = pt.switch(pt.isnan(pos), 0.0, pos)  # a NaN log-density, never an index out of range
    i = pt.floor(pos)
    t = pos - i
    flat = pt.cast(ev[:, None] * n + i, "int64")
    lg, dlg = box["tab_lg"].ravel(), box["tab_dlg"].ravel()
    f0, f1 = lg[flat], lg[flat + 1]
    d0, d1 = dlg[flat] * dz, dlg[flat + 1] * dz
    t2, t3 = t * t, t * t * t
    val = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (3 * t2 - 2 * t3) * f1
    return val + (t3 - t2) * d1 + (z - zc) * dlg[flat]


class CompiledFitModel:
    """The fit model with its log-density and gradient compiled once, for any data that fits.

    Parameters
    ----------
    data
        The first data set (its sources must fit ``capacity``).
    capacity
        Per-source parameters (default :func:`source_capacity` of the data's sources).
    mode
        PyTensor compile mode of the log-density and gradient (default: PyTensor's, C).

    Attributes
    ----------
    model
        The PyMC model (:func:`build_fit_model`).
    capacity
        Per-source parameters.
    logp_dlogp
        PyMC's compiled log-density and gradient of the free parameters (raveled), which every
        NUTS step of this model shares.
    n_parameters
        Length of the raveled free parameters.
    compile_seconds
        Seconds spent building and compiling.
    """

    def __init__(self, data: FitData, *, capacity: int | None = None, mode: Any = None) -> None:
        t0 = time.perf_counter()
        self.capacity = source_capacity(len(data.source_names)) if capacity is None else capacity
        self.model = build_fit_model(data, capacity=self.capacity)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kwargs = {} if mode is None else {"mode": mode}
            self.logp_dlogp = self.model.logp_dlogp_function(ravel_inputs=True, **kwargs)
        self.logp_dlogp.trust_input = True
        self.logp_dlogp.set_extra_values({})
        # One evaluation here, so that a lazily compiling mode (NUMBA) compiles in this process,
        # not once in each sampler process that PyMC forks from it.
        # (raveled free parameters: calibration, z_type, log tau, z_source, logit chance, log_rate)
        self.n_parameters = 1 + len(data.type_names) + 1 + self.capacity + len(data.kind_names) + 1
        self.logp_dlogp(np.zeros(self.n_parameters))
        self.compile_seconds = time.perf_counter() - t0

    def fits(self, data: FitData) -> bool:
        """Whether ``data``'s sources fit this model's capacity."""
        return len(data.source_names) <= self.capacity

    def set_data(self, data: FitData) -> None:
        """Point the model's data containers at ``data`` (nothing is recompiled)."""
        import pymc as pm

        pm.set_data(model_inputs(data, self.capacity), model=self.model)


# ====================================================================== the forecast model in PyMC


def forecast_model(
    question: Question, as_of: dt.date, by: dt.date | None = None, *, event: Event | None = None
) -> pm.Model:
    """The forecast model of an open question in PyMC (``model.forecast`` does it by quadrature).

    .. code-block:: text

        p ~ Beta(p₀w, (1−p₀)w)
        ℓᵢ ~ Normal(μᵢ, σᵢ)                  for the items acting on ``as_of``
        L = Σᵢ gᵢ rᵢ ℓᵢ                       items without a window (gᵢ: decay × origin × visible)
        λ_W = Σ_{i ∈ W} gᵢ rᵢ ℓᵢ               items scoped to window W: W's days' hazard × exp(λ_W)
        Π_g = exp(Σ_{W ∋ g} λ_W),  h' = Σ_g s_g Π_g,  c'(t) = Σ_g c_g(t) Π_g   (per draw)
        q = σ(logit p + L + ln h'),  F(t) = c'(t) / h'
        Potential: log(1 − q F(as_of))      the likelihood of "no meeting so far"
        P = q (F(by) − F(as_of)) / (1 − q F(as_of))

    ``s_g`` and ``c_g`` are the shares of the hazard profile known on ``as_of`` held (and elapsed)
    in each group of days covered by the same evidence windows
    (:func:`summitcast.model.hazard.hazard_structure`). The posterior mean of ``P`` equals
    ``model.forecast(question, as_of, by, event=event).probability`` for an open question
    (tests/test_model_pymc.py checks it within Monte Carlo error). Reliability is each item's
    explicit value or the type's default; status rules (resolved, closed) are outside the model.

    Parameters
    ----------
    question
        The question.
    as_of
        The as-of day.
    by
        The horizon (default the deadline; a later day counts as the deadline).
    event
        The question's event, when it names one (a self-contained question is its own event).

    Returns
    -------
    pymc.Model
        With free variables ``p`` and ``log_lr`` (when any item acts) and deterministics ``q`` and
        ``P``.
    """
    import pymc as pm
    import pytensor.tensor as pt

    ev = as_event(question) if question.event is None else event
    if ev is None or ev.id != (question.event or question.id):
        raise ValueError(f"question '{question.id}' is on event '{question.event}': pass it")
    by = question.deadline if by is None else min(by, question.deadline)
    terms = evidence_terms(ev, [as_of])
    g = terms.weight[0] * terms.reliability[0]
    act = np.flatnonzero(g != 0)
    windows = sorted({int(terms.window[i]) for i in act if terms.window[i] >= 0})
    st = hazard_structure(ev, int(announced_mask(ev, [as_of])[0]), windows)
    c_t, c_by = (st.elapsed(day_index(ev, [d]))[:, 0] for d in (as_of, by))
    # (windows, acting items): which items multiply which window; general items have no row
    scope = np.array([[terms.window[i] == k for i in act] for k in windows], dtype=float)
    general = np.array([terms.window[i] < 0 for i in act], dtype=float)
    coords = {"item": [terms.ids[i] for i in act]}
    with pm.Model(coords=coords) as model:
        p = pm.Beta("p", alpha=ev.prior.alpha, beta=ev.prior.beta)
        z = pm.math.logit(p)
        log_pi = pt.zeros(len(st.share))
        if len(act):
            ell = pm.Normal("log_lr", mu=terms.mu[act], sigma=terms.sigma[act], dims="item")
            shift = g[act] * ell
            z = z + pt.dot(general, shift)
            if windows:
                log_pi = pt.dot(
                    st.members.astype(float), pt.dot(scope.reshape(-1, len(act)), shift)
                )
        pi = pt.exp(log_pi)
        h = pt.dot(st.share, pi)
        q = pm.Deterministic("q", pm.math.sigmoid(z + pt.log(h)))
        f_t = pt.dot(c_t, pi) / h
        f_by = pt.dot(c_by, pi) / h
        pm.Potential("no_meeting_so_far", pt.log1p(-q * f_t))
        pm.Deterministic("P", q * pt.maximum(f_by - f_t, 0.0) / (1.0 - q * f_t))
    return model
