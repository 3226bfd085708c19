"""Samplers: callables that turn the fit's data into posterior draws (PyMC, nutpie, or a stub).

A sampler is any callable ``sampler(data, settings) -> Draws`` (the :class:`Sampler` protocol);
``fit_questions(..., sampler=...)`` takes one, or the name ``"pymc"`` or ``"nutpie"``. Tests pass a
stub that returns draws without MCMC, so the whole pipeline (diagnostics, summaries, storage) runs
in milliseconds.

The PyMC sampler keeps its :class:`~summitcast.fit.pymc_model.CompiledFitModel`: the first fit in
a process compiles the log-density and its gradient; every later fit whose sources fit the
model's capacity only swaps the data (``pm.set_data``) and builds a fresh NUTS step around the
same compiled function. The named samplers are process-wide, so a backtest's refits reuse the
compiled model without doing anything.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from summitcast.errors import FitError
from summitcast.fit.data import FitData

__all__ = [
    "FREE_PARAMETERS",
    "Draws",
    "NutpieSampler",
    "PyMCSampler",
    "SampleSettings",
    "Sampler",
    "resolve_sampler",
    "sampler_name",
]

#: The model's free parameters, as a sampler returns them (with ``r_type``, ``r_source`` and
#: ``rate``).
FREE_PARAMETERS = ("calibration", "z_type", "tau", "z_source", "chance", "log_rate")


@dataclass(frozen=True)
class SampleSettings:
    """How to sample: draws and tuning steps per chain, chains, seed, progress bar, NUTS target."""

    draws: int = 1000
    tune: int = 500
    chains: int = 2
    seed: int = 0
    progressbar: bool = False
    target_accept: float = 0.9


@dataclass(frozen=True)
class Draws:
    """Posterior draws as plain arrays, whatever produced them.

    Attributes
    ----------
    posterior
        ``name -> (chains, draws, ...)``: ``calibration`` and ``tau`` scalar per draw, ``z_type``
        and ``r_type`` one column per type, ``z_source`` and ``r_source`` one column per learned
        source (no padding).
    diverging
        ``(chains, draws)`` booleans: divergent transitions after tuning.
    timings
        Seconds the sampler spent, ``compile`` and ``sample``.
    """

    posterior: Mapping[str, np.ndarray]
    diverging: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def chains(self) -> int:
        """Number of chains."""
        return int(np.shape(self.diverging)[0])


class Sampler(Protocol):
    """What ``fit_questions(..., sampler=...)`` accepts besides a name."""

    def __call__(self, data: FitData, settings: SampleSettings) -> Draws:
        """Posterior draws of the fit model for ``data``."""
        ...  # pragma: no cover


def sampler_name(sampler: str | Callable[..., Any]) -> str:
    """A sampler's name for reports: the string itself, its ``name`` attribute, or its ``__name__``."""
    if isinstance(sampler, str):
        return sampler
    return str(
        getattr(sampler, "name", None) or getattr(sampler, "__name__", type(sampler).__name__)
    )


@contextlib.contextmanager
def _quiet() -> Any:
    """Sampler chatter to stderr (so that ``fit --json`` prints only JSON), known warnings off."""
    with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*could not link to a BLAS", category=UserWarning
        )
        warnings.simplefilter("ignore", FutureWarning)
        yield


def _cores(chains: int) -> int:
    return max(1, min(chains, os.cpu_count() or 1))


class PyMCSampler:
    """PyMC's NUTS around a log-density and gradient compiled once (see the module docstring).

    Parameters
    ----------
    capacity
        Per-source parameters to compile for (default: enough for the first data set, rounded up
        by :func:`~summitcast.fit.pymc_model.source_capacity`). A backtest passes the largest
        number of sources of its folds, so that no fold recompiles.
    mode
        PyTensor compile mode of the log-density and gradient (default PyTensor's: C).
    """

    name = "pymc"

    def __init__(self, *, capacity: int | None = None, mode: Any = None) -> None:
        self.capacity = capacity
        self.mode = mode
        self.compiled: Any = None  # CompiledFitModel, once built

    def prepare(self, data: FitData) -> float:
        """Compile for ``data`` unless the compiled model fits it; set its data. Returns seconds spent."""
        from summitcast.fit.pymc_model import CompiledFitModel, source_capacity

        spent = 0.0
        if self.compiled is None or not self.compiled.fits(data):
            capacity = max(self.capacity or 0, source_capacity(len(data.source_names)))
            self.compiled = CompiledFitModel(data, capacity=capacity, mode=self.mode)
            spent = self.compiled.compile_seconds
        self.compiled.set_data(data)
        return spent

    def __call__(self, data: FitData, settings: SampleSettings) -> Draws:
        """Sample the fit model for ``data`` with PyMC's NUTS."""
        import pymc as pm
        import pytensor

        compile_s = self.prepare(data)
        model = self.compiled.model
        t0 = time.perf_counter()
        # The few helper functions PyMC compiles per run (initial point, trace, deterministics)
        # run once or once per draw: PyTensor's Python linker serves them without a C compiler.
        with _quiet(), model, pytensor.config.change_flags(mode="FAST_COMPILE"):
            step = pm.NUTS(
                model=model,
                logp_dlogp_func=self.compiled.logp_dlogp,
                initial_point=model.initial_point(),
                target_accept=settings.target_accept,
            )
            idata = pm.sample(
                draws=settings.draws,
                tune=settings.tune,
                chains=settings.chains,
                cores=_cores(settings.chains),
                step=step,
                random_seed=settings.seed,
                progressbar=settings.progressbar,
                compute_convergence_checks=False,
                var_names=list(FREE_PARAMETERS),
            )
            det = pm.compute_deterministics(
                idata.posterior,
                var_names=["r_type", "r_source", "rate"],
                model=model,
                progressbar=False,
            )
        n = len(data.source_names)
        post = {name: idata.posterior[name].values for name in FREE_PARAMETERS}
        post["r_type"] = det["r_type"].values
        post["rate"] = det["rate"].values
        post["r_source"] = det["r_source"].values[:, :, :n]
        post["z_source"] = post["z_source"][:, :, :n]
        return Draws(
            posterior=post,
            diverging=idata.sample_stats["diverging"].values.astype(bool),
            timings={"compile": compile_s, "sample": time.perf_counter() - t0},
        )


class NutpieSampler:
    """nutpie's NUTS (optional extra ``summitcast[nutpie]``); its compiled model is kept likewise.

    nutpie compiles the log-density with Numba; later fits swap the data (``with_data``).
    """

    name = "nutpie"

    def __init__(self) -> None:
        self._compiled: Any = None
        self._capacity = 0

    def __call__(self, data: FitData, settings: SampleSettings) -> Draws:
        """Sample the fit model for ``data`` with nutpie."""
        try:
            import nutpie
        except ImportError:
            raise FitError(
                "sampler 'nutpie' is not installed (pip install 'summitcast[nutpie]')"
            ) from None
        from summitcast.fit.pymc_model import build_fit_model, model_inputs, source_capacity

        t0 = time.perf_counter()
        with _quiet():
            if self._compiled is None or len(data.source_names) > self._capacity:
                self._capacity = source_capacity(len(data.source_names))
                model = build_fit_model(data, capacity=self._capacity)
                self._compiled = nutpie.compile_pymc_model(model)
            compiled = self._compiled.with_data(**model_inputs(data, self._capacity))
            t1 = time.perf_counter()
            idata = nutpie.sample(
                compiled,
                draws=settings.draws,
                tune=settings.tune,
                chains=settings.chains,
                seed=settings.seed,
                progress_bar=settings.progressbar,
                target_accept=settings.target_accept,
                cores=_cores(settings.chains),
            )
        n = len(data.source_names)
        post = {name: idata.posterior[name].values for name in (*FREE_PARAMETERS, "r_type", "rate")}
        post["r_source"] = idata.posterior["r_source"].values[:, :, :n]
        post["z_source"] = post["z_source"][:, :, :n]
        return Draws(
            posterior=post,
            diverging=idata.sample_stats["diverging"].values.astype(bool),
            timings={"compile": t1 - t0, "sample": time.perf_counter() - t1},
        )


#: The process-wide named samplers (created on first use; they keep their compiled models).
_NAMED: dict[str, Callable[[], Sampler]] = {"pymc": PyMCSampler, "nutpie": NutpieSampler}
_INSTANCES: dict[str, Sampler] = {}


def resolve_sampler(sampler: str | Sampler) -> Sampler:
    """The sampler for a name (``"pymc"``, ``"nutpie"``; process-wide instances) or a callable.

    Raises
    ------
    FitError
        An unknown name.
    """
    if not isinstance(sampler, str):
        if not callable(sampler):
            raise FitError(f"sampler must be 'pymc', 'nutpie' or a callable (got {sampler!r})")
        return sampler
    if sampler not in _NAMED:
        raise FitError(f"unknown sampler {sampler!r} (choose 'pymc' or 'nutpie')")
    if sampler not in _INSTANCES:
        _INSTANCES[sampler] = _NAMED[sampler]()
    return _INSTANCES[sampler]
