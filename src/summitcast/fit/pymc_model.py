"""The models in PyMC: the reliability fit (built once, refit on new data) and the forecast model.

PyMC and PyTensor are imported inside the functions that need them, never at module level.

The fit (docs/learning.md states it in full, with its validation): each resolved event ``k``
(a meeting on day ``M``, or none up to ``D``) contributes the likelihood of what happened to it
under the forecast model, with the evidence as of the day used (:mod:`summitcast.fit.data`):

.. code-block:: text

    Q_k ≈ E[σ(logit p + Σᵢ rᵢ wᵢ ℓᵢ + ln h'_k)]   ≈ σ((m_k + ln h'_k) / √(1 + π v_k / 8))
    m_k = c_k · logit p₀ + Σᵢ r_{s(i)} wᵢ μᵢ,   v_k = Var(logit p) + Σᵢ r_{s(i)}² wᵢ² σᵢ²
    window W's days × exp(λ_W), λ_W = Σ_{i ∈ W} r_{s(i)} wᵢ μᵢ;  h'_k = Σ_g s_g Π_g
    meeting on M:  Q_k · δ_M Π_{g(M)} / h'_k;      none up to D:  1 − Q_k F'_k(D)
    r_s = σ(η_{type(s)} + τ z_s),       z_s ~ N(0, 1)               (per source, non-centred)
    η_t = logit(default_t) + δ + z_t,   z_t ~ N(0, 1)               (per source type)
    δ ~ N(0, 0.5)  (global calibration shift),   τ ~ HalfNormal(0.5)

``c_k = √(1 + π Var(logit p)/8)`` makes ``Q_k`` equal the stated prior probability exactly when
there is no evidence. :mod:`summitcast.fit.likelihood` evaluates the same likelihood in numpy.

**Compiled once.** Every array of the data is a ``pm.Data`` container, so one model (and one
compiled log-density and gradient, :class:`CompiledFitModel`) serves any ledger: the number of
questions may change freely, and the per-source parameters are padded to a *source capacity*.
A padded source has all-zero columns in ``mu_sum`` and ``var_sum``: its ``z_source`` does not
touch the likelihood and is independent of every other parameter a priori (the model is
non-centred), so it leaves the posterior of the real parameters exactly as it is; the sampler
drops its draws.
"""

from __future__ import annotations

import datetime as dt
import math
import time
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Question
from summitcast.fit.data import FitData
from summitcast.model import DEFAULT_RELIABILITY, evidence_terms
from summitcast.model.hazard import announced_mask, day_index, hazard_structure

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
        ``offset`` (``m_k`` without learned sources), ``offset_var`` (``v_k`` likewise),
        ``mu_sum`` and ``var_sum`` (``(K, capacity)``, zero in the padding), ``source_type``
        (``(capacity,)``), ``y_obs``; the window slots ``slot_mu`` (``(J, capacity)``) and
        ``slot_fixed``; which slots cover which hazard group, as index pairs ``pair_group``,
        ``pair_slot`` (with ``pair_weight``); the groups' ``group_event``, ``group_share`` and
        ``group_rest``; ``day_group`` and ``day_mask`` (the group of a meeting's day) and
        ``log_day_share``. Indices rather than dense (events × groups) matrices keep each
        gradient evaluation linear in the data. At least one slot and one pair are kept (all-zero
        ones when no event has window evidence).
    """
    n_q, n_s = data.mu_sum.shape
    if n_s > capacity:
        raise ValueError(f"{n_s} sources do not fit a model of capacity {capacity}")

    def pad(a: np.ndarray, rows: int) -> np.ndarray:
        out = np.zeros((rows, capacity))
        out[: a.shape[0], :n_s] = a
        return out

    source_type = np.zeros(capacity, dtype=np.int64)
    source_type[:n_s] = data.source_type
    n_slots = max(len(data.slot_event), 1)
    slot_fixed = np.zeros(n_slots)
    slot_fixed[: len(data.slot_fixed)] = data.slot_fixed
    pair_group, pair_slot = np.nonzero(data.group_members)
    weight = np.ones(len(pair_group))
    if not len(pair_group):  # one harmless pair keeps every array non-empty
        pair_group, pair_slot, weight = np.zeros(1, int), np.zeros(1, int), np.zeros(1)
    met = data.day_group >= 0
    return {
        "offset": np.asarray(data.prior_logit + data.fixed_mean, dtype=float),
        "offset_var": np.asarray(data.prior_var + data.fixed_var, dtype=float),
        "mu_sum": pad(data.mu_sum, n_q),
        "var_sum": pad(data.var_sum, n_q),
        "source_type": source_type,
        "y_obs": np.asarray(data.y, dtype=np.int64),
        "slot_mu": pad(data.slot_mu, n_slots),
        "slot_fixed": slot_fixed,
        "pair_group": pair_group.astype(np.int64),
        "pair_slot": pair_slot.astype(np.int64),
        "pair_weight": weight,
        "group_event": np.asarray(data.group_event, dtype=np.int64),
        "group_share": np.asarray(data.group_share, dtype=float),
        "group_rest": np.asarray(data.group_rest, dtype=float),
        "day_group": np.where(met, data.day_group, 0).astype(np.int64),
        "day_mask": met.astype(float),
        "log_day_share": np.asarray(data.log_day_share, dtype=float),
    }


def build_fit_model(data: FitData, *, capacity: int | None = None) -> pm.Model:
    """The hierarchical reliability model in PyMC (see the module docstring and docs/learning.md).

    Every data array is a ``pm.Data`` container (:func:`model_inputs` names them), so the same
    model refits to other data with ``pm.set_data`` (simulation-based calibration and the
    backtest do), as long as the data's sources fit the capacity. The events' likelihood
    (:mod:`summitcast.fit.likelihood` states it) is one ``pm.Potential`` named ``events``.

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
        long); deterministics ``r_type`` and ``r_source``.
    """
    import pymc as pm
    import pytensor.tensor as pt

    capacity = max(len(data.source_names), 1) if capacity is None else capacity
    inputs = model_inputs(data, capacity)
    defaults = np.array([DEFAULT_RELIABILITY[t] for t in data.type_names])
    # check_bounds=False: the data are built here and every parameter's transform keeps it in
    # its support, so the bound checks would only add operations to compile.
    with pm.Model(coords={"type": list(data.type_names)}, check_bounds=False) as model:
        box = {name: pm.Data(name, value) for name, value in inputs.items()}
        delta = pm.Normal("calibration", 0.0, CALIBRATION_PRIOR_SD)
        z_type = pm.Normal("z_type", 0.0, 1.0, dims="type")
        eta_type = np.log(defaults / (1 - defaults)) + delta + TYPE_PRIOR_SD * z_type
        pm.Deterministic("r_type", pm.math.sigmoid(eta_type), dims="type")
        tau = pm.HalfNormal("tau", SOURCE_SCALE_PRIOR_SD)
        z_source = pm.Normal("z_source", 0.0, 1.0, shape=capacity)
        r_source = pm.Deterministic(
            "r_source", pm.math.sigmoid(eta_type[box["source_type"]] + tau * z_source)
        )
        m = box["offset"] + pt.dot(box["mu_sum"], r_source)
        v = box["offset_var"] + pt.dot(box["var_sum"], r_source**2)
        lam = box["slot_fixed"] + pt.dot(box["slot_mu"], r_source)
        groups = pt.zeros_like(box["group_share"])
        log_pi = pt.inc_subtensor(
            groups[box["pair_group"]], box["pair_weight"] * lam[box["pair_slot"]]
        )
        pi = pt.exp(log_pi)
        events = pt.zeros_like(m)
        h = pt.inc_subtensor(events[box["group_event"]], box["group_share"] * pi)
        rest = pt.inc_subtensor(events[box["group_event"]], box["group_rest"] * pi) / h
        z = (m + pt.log(h)) / pt.sqrt(1.0 + (math.pi / 8.0) * v)
        at_day = box["day_mask"] * log_pi[box["day_group"]]
        yes = -pt.softplus(-z) + box["log_day_share"] + at_day - pt.log(h)
        no = pt.log(pt.sigmoid(-z) + pt.sigmoid(z) * rest)
        y = box["y_obs"]
        pm.Potential("events", pt.sum(y * yes + (1 - y) * no))
    return model


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
        # (raveled free parameters: calibration, z_type, log tau, z_source)
        self.n_parameters = 1 + len(data.type_names) + 1 + self.capacity
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
