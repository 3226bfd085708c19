"""Whether a fit has learned enough to change forecasts: the guard of ``summitcast fit`` (numpy only).

A fit on a handful of resolved events returns posteriors that are the priors up to noise; applying
it would shift every forecast (and every past day of ``history``) for no reason. So a fit is
*applied* (``load_learned`` returns it, forecasts use it) only when both hold:

* at least :data:`MIN_EVENTS` resolved events entered it (each event counts once, whatever the
  number of its questions), and
* the data narrowed at least one learned number: a source type's reliability, an occasion kind's
  chance (kinds with occasions in the data) or the ``floated`` rate (when some event names the
  rule, on the log scale), its posterior standard deviation at most ``1 − MIN_NARROWING`` times
  its prior standard deviation.

Otherwise the fit is still saved, marked not applied, and ``fit`` says why; ``fit --apply``
applies it anyway. docs/learning.md states the rule and why these thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summitcast.fit.pymc_model import CALIBRATION_PRIOR_SD, TYPE_PRIOR_SD
from summitcast.model.quadrature import normal_nodes
from summitcast.model.routes import CHANCE_PRIOR_WEIGHT, DEFAULT_CHANCE, RATE_PRIOR_SD

__all__ = ["MIN_EVENTS", "MIN_NARROWING", "Guard", "assess", "chance_prior_sd", "prior_sd"]

#: Fewer resolved events than this: the fit is not applied without ``--apply``.
MIN_EVENTS = 10
#: At least one type's posterior sd must be this much narrower than its prior sd (a share).
MIN_NARROWING = 0.25


def prior_sd(default: float, logit_sd: float | None = None) -> float:
    """The prior standard deviation of a type's reliability ``σ(logit(default) + δ + z_t)``.

    ``δ ~ N(0, CALIBRATION_PRIOR_SD²)`` and ``z_t ~ N(0, TYPE_PRIOR_SD²)`` make the logit normal
    with standard deviation ``√(0.5² + 1²)``; the moments on the reliability scale come from 64
    Gauss-Hermite nodes.

    Examples
    --------
    >>> round(prior_sd(0.5), 3)
    0.225
    """
    if logit_sd is None:
        logit_sd = math.hypot(CALIBRATION_PRIOR_SD, TYPE_PRIOR_SD)
    x, w = normal_nodes(64)
    r = 1.0 / (1.0 + np.exp(-(math.log(default / (1 - default)) + logit_sd * x)))
    mean = float(r @ w)
    return float(math.sqrt(max(((r - mean) ** 2) @ w, 0.0)))


@dataclass(frozen=True)
class Guard:
    """The guard's verdict on one fit.

    Attributes
    ----------
    n_events
        Resolved events that entered the fit.
    narrowing
        Per source type, per informed occasion kind (``chance[kind]``) and for the rate
        (``rate``, when informed): ``1 − posterior sd / prior sd``.
    passes
        Whether the fit clears both thresholds.
    applied
        Whether it is applied (it passes, or ``--apply`` forced it).
    reasons
        Why it does not pass (empty when it does).
    """

    n_events: int
    narrowing: dict[str, float]
    passes: bool
    applied: bool
    reasons: list[str] = field(default_factory=list)

    def message(self) -> str:
        """One line for ``fit``'s report."""
        best = max(self.narrowing.items(), key=lambda kv: kv[1], default=("-", 0.0))
        state = f"{self.n_events} events; the data narrowed {_label(best[0])} by {best[1]:.0%}"
        if self.passes:
            return f"Applied: forecasts use this fit ({state})."
        why = "; ".join(self.reasons)
        if self.applied:
            return f"Applied because --apply was given, although {why}."
        return (
            f"NOT APPLIED: {why}. The fit is saved, but forecasts keep the documented defaults; "
            "run `summitcast fit --apply` to use it anyway."
        )

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (stored in the fit's metadata and printed by ``fit --json``)."""
        return {
            "applied": self.applied,
            "passes": self.passes,
            "n_events": self.n_events,
            "min_events": MIN_EVENTS,
            "narrowing": self.narrowing,
            "min_narrowing": MIN_NARROWING,
            "reasons": list(self.reasons),
            "message": self.message(),
        }


def _label(name: str) -> str:
    if name.startswith("chance["):
        return f"the {name[7:-1]} chance"
    if name == "rate":
        return "the floated rate"
    return f"{name}'s reliability"


def chance_prior_sd(kind: str) -> float:
    """The prior standard deviation of a kind's chance, ``Beta(q₀k, (1 − q₀)k)``.

    Examples
    --------
    >>> round(chance_prior_sd("summit"), 3)
    0.189
    """
    q0 = DEFAULT_CHANCE[kind]
    return math.sqrt(q0 * (1 - q0) / (CHANCE_PRIOR_WEIGHT + 1))


def assess(
    n_events: int,
    type_names: Sequence[str],
    type_draws: np.ndarray,
    defaults: Mapping[str, float],
    *,
    force: bool = False,
    chances: Mapping[str, np.ndarray] | None = None,
    rate: np.ndarray | None = None,
) -> Guard:
    """Judge whether a fit is to be applied (module docstring).

    Parameters
    ----------
    n_events
        Resolved events that entered the fit.
    type_names
        The columns of ``type_draws``.
    type_draws
        ``(D, T)`` posterior draws of each type's reliability.
    defaults
        Each type's documented default (the prior's median).
    force
        ``fit --apply``: apply whatever the verdict.
    chances
        Posterior draws of the chance of each occasion kind the data informed.
    rate
        Posterior draws of the ``floated`` rate, when some event names the rule.

    Returns
    -------
    Guard
        The verdict.
    """
    narrowing = {}
    for k, name in enumerate(type_names):
        col = np.asarray(type_draws)[:, k]
        post = float(col.std(ddof=1)) if col.size > 1 else math.nan
        narrowing[name] = float(1.0 - post / prior_sd(defaults[name]))
    for kind, col in (chances or {}).items():
        post = float(np.std(col, ddof=1)) if len(col) > 1 else math.nan
        narrowing[f"chance[{kind}]"] = float(1.0 - post / chance_prior_sd(kind))
    if rate is not None and len(rate) > 1:
        post = float(np.std(np.log(rate), ddof=1))
        narrowing["rate"] = float(1.0 - post / RATE_PRIOR_SD)
    reasons = []
    if n_events < MIN_EVENTS:
        reasons.append(f"only {n_events} resolved events (at least {MIN_EVENTS} needed)")
    best = max((v for v in narrowing.values() if math.isfinite(v)), default=0.0)
    if best < MIN_NARROWING:
        reasons.append(
            f"no learned number (reliability, chance or rate) is {MIN_NARROWING:.0%} narrower "
            f"than its prior (the most: {best:.0%})"
        )
    passes = not reasons
    return Guard(n_events, narrowing, passes, passes or force, reasons)
