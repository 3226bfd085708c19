"""Learned source reliability (``summitcast fit``): data, PyMC model, samplers, diagnostics, storage.

Two halves with very different costs:

* **Reading a fit** (:func:`load_learned`, :func:`fit_info`, :func:`reliability_intervals`,
  :mod:`summitcast.fit.storage`) is numpy only. ``show``, ``list`` and ``report`` call it on every
  run, so importing this package (any of its modules) never imports PyMC, ArviZ, PyTensor or
  SciPy (tests/test_structure.py checks it in a subprocess).
* **Fitting** (:func:`fit_reliability`, :func:`fit_questions`) and **the forecast model stated in
  PyMC** (:func:`forecast_model`) import PyMC, ArviZ and PyTensor inside the functions that need
  them. This package is the only place in summitcast that imports them.

Modules: :mod:`~summitcast.fit.data` (resolved events → per-source sums, window slots, hazard
groups), :mod:`~summitcast.fit.likelihood` (the events' likelihood in numpy),
:mod:`~summitcast.fit.guard` (whether a fit is applied),
:mod:`~summitcast.fit.pymc_model` (the models, compiled once), :mod:`~summitcast.fit.sample`
(samplers: PyMC, nutpie, or any callable), :mod:`~summitcast.fit.diagnostics` (summaries, r_hat,
ESS, the report), :mod:`~summitcast.fit.storage` (the ``.npz`` and its staleness),
:mod:`~summitcast.fit.run` (the pipeline), :mod:`~summitcast.fit.simulate` (simulated ledgers).
docs/learning.md states the model and its validation.
"""

from __future__ import annotations

from summitcast.fit.data import (
    KIND_NAMES,
    EventOutcome,
    FitData,
    QuadratureLayout,
    event_outcomes,
    fit_data,
    quadrature_layout,
)
from summitcast.fit.diagnostics import ESS_WARN, INTERVAL, RHAT_WARN, FitResult, TypeSummary
from summitcast.fit.guard import MIN_EVENTS, MIN_NARROWING, Guard, assess
from summitcast.fit.likelihood import event_likelihood, event_log_likelihood, survival
from summitcast.fit.pymc_model import (
    CALIBRATION_PRIOR_SD,
    SOURCE_SCALE_PRIOR_SD,
    TYPE_PRIOR_SD,
    CompiledFitModel,
    build_fit_model,
    forecast_model,
)
from summitcast.fit.run import fit_questions, fit_reliability
from summitcast.fit.sample import Draws, PyMCSampler, Sampler, SampleSettings
from summitcast.fit.simulate import simulate_events, simulate_questions
from summitcast.fit.storage import (
    FIT_FILE,
    FORMAT_VERSION,
    fit_info,
    fit_path,
    input_hash,
    load_learned,
    reliability_intervals,
)

__all__ = [
    "CALIBRATION_PRIOR_SD",
    "ESS_WARN",
    "FIT_FILE",
    "FORMAT_VERSION",
    "INTERVAL",
    "KIND_NAMES",
    "MIN_EVENTS",
    "MIN_NARROWING",
    "RHAT_WARN",
    "SOURCE_SCALE_PRIOR_SD",
    "TYPE_PRIOR_SD",
    "CompiledFitModel",
    "Draws",
    "EventOutcome",
    "FitData",
    "FitResult",
    "Guard",
    "PyMCSampler",
    "QuadratureLayout",
    "SampleSettings",
    "Sampler",
    "TypeSummary",
    "assess",
    "build_fit_model",
    "event_likelihood",
    "event_log_likelihood",
    "event_outcomes",
    "fit_data",
    "fit_info",
    "fit_path",
    "fit_questions",
    "fit_reliability",
    "forecast_model",
    "input_hash",
    "load_learned",
    "quadrature_layout",
    "reliability_intervals",
    "simulate_events",
    "simulate_questions",
    "survival",
]
