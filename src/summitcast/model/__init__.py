"""The evidence model: prior, likelihood ratios, reliability, origins, windows and the passage of time.

Pure functions over events and questions, numpy only (no scipy, no plotting, no PyMC), so that ``show`` stays near
the cost of starting Python. docs/model.md states the model in words and formulas. The pieces:

* :mod:`summitcast.model.evidence`: each item's effective log-LR (strength, reliability, origins, decay,
  visibility);
* :mod:`summitcast.model.hazard`: the hazard profile of the horizon and the windows known on a day;
* :mod:`summitcast.model.forecast`: the forecast of a question or an event on a day, over time, and its status;
* :mod:`summitcast.model.compute`: ``P(t, by)`` for every day and deadline of an event in one pass, with
  :mod:`summitcast.model.occasions` (the days with occasions, routes of their own) and
  :mod:`summitcast.model.interval` (the 80% interval from seeded draws);
* :mod:`summitcast.model.results`: what it returns (``Forecast``, ``Trajectory``, ``EventForecast``, ``EventArrays``);
* :mod:`summitcast.model.quadrature`: logit, sigmoid, Gauss nodes, weighted quantiles, the expectations over the
  prior, the evidence and the window multipliers.

May import: :mod:`summitcast.domain` and :mod:`summitcast.numeric` (its NaN-to-None rule, ``optional_float``).
"""

from summitcast.model.evidence import (
    DEFAULT_RELIABILITY,
    EvidenceTerms,
    LearnedReliability,
    evidence_terms,
    log_lr_spread,
    source_key,
    stated_reliability,
    strongest_per_origin,
)
from summitcast.model.forecast import (
    INTERVAL,
    N_INTERVAL_DRAWS,
    SEED,
    EventArrays,
    EventForecast,
    Forecast,
    Trajectory,
    apply_status,
    compute_event,
    event_forecast,
    forecast,
    forecasts_at,
    meeting_day,
    month_ends,
    status_as_of,
    trajectory,
)
from summitcast.model.hazard import base_profile, elapsed_share, hazard_profile
from summitcast.model.quadrature import N_JACOBI, logit, sigmoid
from summitcast.model.quadrature import beta_nodes as _beta_nodes
from summitcast.numeric import optional_float

__all__ = [
    "DEFAULT_RELIABILITY",
    "INTERVAL",
    "N_INTERVAL_DRAWS",
    "N_JACOBI",
    "SEED",
    "EventArrays",
    "EventForecast",
    "EvidenceTerms",
    "Forecast",
    "LearnedReliability",
    "Trajectory",
    "apply_status",
    "base_profile",
    "compute_event",
    "elapsed_share",
    "event_forecast",
    "evidence_terms",
    "forecast",
    "forecasts_at",
    "hazard_profile",
    "log_lr_spread",
    "logit",
    "meeting_day",
    "month_ends",
    "optional_float",
    "sigmoid",
    "source_key",
    "stated_reliability",
    "status_as_of",
    "strongest_per_origin",
    "trajectory",
]
_ = _beta_nodes  # kept importable under its v1 name (tests use it)
