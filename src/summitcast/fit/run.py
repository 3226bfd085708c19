"""The fit pipeline: events → data → sampler → diagnostics, summaries, guard → (``fit``) storage."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from summitcast.domain.event import Event
from summitcast.domain.question import DEFAULT_FLOATED_RATE, Question
from summitcast.errors import FitError
from summitcast.fit.data import FitData, fit_data
from summitcast.fit.diagnostics import FitResult, TypeSummary, _summaries, diagnose
from summitcast.fit.guard import assess
from summitcast.fit.sample import Draws, Sampler, SampleSettings, resolve_sampler, sampler_name
from summitcast.fit.storage import input_hash, save_fit
from summitcast.model import DEFAULT_RELIABILITY
from summitcast.model.routes import DEFAULT_CHANCE

__all__ = ["fit_questions", "fit_reliability"]


def _check_settings(draws: int, chains: int, tune: int) -> None:
    for name, value, least in (("draws", draws, 1), ("chains", chains, 1), ("tune", tune, 0)):
        if value < least:
            template = "{" + name + "}: must be at least {least} (got {value})"
            raise FitError.mentioning(template, {"least": least, "value": value})


def _posterior(data: FitData, draws_out: Draws) -> tuple[np.ndarray, np.ndarray, list, list]:
    """Type and source draws, chains stacked, and their summaries."""
    n_draws = draws_out.chains * int(draws_out.posterior["r_type"].shape[1])
    type_draws = draws_out.posterior["r_type"].reshape(n_draws, len(data.type_names))
    source_draws = draws_out.posterior["r_source"].reshape(n_draws, len(data.source_names))
    types = _summaries(
        data.type_names,
        type_draws,
        [DEFAULT_RELIABILITY[t] for t in data.type_names],
        [data.items_by_type[t] for t in data.type_names],
    )
    sources = _summaries(
        data.source_names,
        source_draws,
        [DEFAULT_RELIABILITY[data.type_names[i]] for i in data.source_type],
        [data.items_by_source[s] for s in data.source_names],
    )
    return type_draws, source_draws, types, sources


def fit_questions(
    questions: Iterable[Question | tuple[Question, Event]],
    *,
    draws: int = 1000,
    tune: int = 500,
    chains: int = 2,
    seed: int = 0,
    progressbar: bool = True,
    sampler: str | Sampler = "pymc",
    target_accept: float = 0.9,
    apply: bool = False,
) -> FitResult:
    """Fit the reliability model to the resolved events of ``questions`` (without saving anything).

    Repeated calls in one process reuse the compiled model (see :mod:`summitcast.fit.sample`).

    Parameters
    ----------
    questions
        ``(question, event)`` pairs (``Workspace.load_all``) or self-contained questions; the
        questions resolved yes/no are used, each event once (:func:`~summitcast.fit.fit_data`).
    draws, tune, chains, seed
        Sampler settings (draws and tuning steps per chain).
    progressbar
        Show the sampler's progress bar (on stderr).
    sampler
        ``"pymc"`` (default), ``"nutpie"`` (optional extra), or any callable
        ``sampler(data, settings) -> Draws`` (:class:`~summitcast.fit.sample.Sampler`).
    target_accept
        NUTS target acceptance rate.
    apply
        Apply the fit even where the guard (:mod:`summitcast.fit.guard`) finds the data too thin.

    Returns
    -------
    FitResult
        Summaries, diagnostics, the guard's verdict and the draws, with ``path=None``.

    Raises
    ------
    FitError
        No resolved questions, bad settings, or a sampler that is unknown or not installed.
    """
    _check_settings(draws, chains, tune)
    run = resolve_sampler(sampler)
    t0 = time.perf_counter()
    data = fit_data(questions)
    settings = SampleSettings(draws, tune, chains, seed, progressbar, target_accept)
    draws_out = run(data, settings)
    summary, divergences, msgs = diagnose(
        draws_out, data.type_names, data.source_names, data.kind_names
    )
    type_draws, source_draws, types, sources = _posterior(data, draws_out)
    chance_draws, rate_draws, chances, rate = _learned_rubric(data, draws_out)
    timings = {"compile": 0.0, "sample": 0.0, **draws_out.timings}
    timings["total"] = time.perf_counter() - t0
    guard = assess(
        len(data.event_ids),
        data.type_names,
        type_draws,
        DEFAULT_RELIABILITY,
        force=apply,
        chances=None if chance_draws is None else _learned_columns(data, chance_draws),
        rate=None if rate_draws is None or not data.n_rule_events else rate_draws,
    )
    return FitResult(
        path=None,
        question_ids=data.question_ids,
        n_items=data.n_items,
        n_fixed=data.n_fixed,
        summary=summary,
        divergences=divergences,
        warnings=msgs,
        types=types,
        sources=sources,
        source_types=tuple(data.type_names[i] for i in data.source_type),
        sampler=sampler_name(sampler),
        seed=seed,
        draws=draws,
        chains=chains,
        timings=timings,
        type_draws=type_draws,
        source_draws=source_draws,
        event_ids=data.event_ids,
        n_window_items=data.n_window_items,
        guard={**guard.to_json(), "forced": apply},
        kind_names=data.kind_names,
        chance_draws=chance_draws,
        rate_draws=rate_draws,
        chances=chances,
        rate=rate,
    )


def _learned_columns(data: FitData, chance_draws: np.ndarray) -> dict[str, np.ndarray]:
    """The chance draws of the kinds some occasion informed (the guard judges only those)."""
    counts = data.occasions_by_kind
    return {k: chance_draws[:, j] for j, k in enumerate(data.kind_names) if counts[k]}


def _learned_rubric(
    data: FitData, draws_out: Draws
) -> tuple[np.ndarray | None, np.ndarray | None, list, TypeSummary | None]:
    """Chance draws ``(D, 4)``, rate draws ``(D,)``, chained; their summaries (None if absent)."""
    post = draws_out.posterior
    if "chance" not in post or "rate" not in post:
        return None, None, [], None
    n_draws = int(np.asarray(post["chance"]).shape[0] * np.asarray(post["chance"]).shape[1])
    chance = np.asarray(post["chance"], dtype=float).reshape(n_draws, len(data.kind_names))
    rate = np.asarray(post["rate"], dtype=float).reshape(n_draws)
    counts = data.occasions_by_kind
    chances = _summaries(
        data.kind_names,
        chance,
        [DEFAULT_CHANCE[k] for k in data.kind_names],
        [counts[k] for k in data.kind_names],
    )
    (rate_summary,) = _summaries(
        ("rate",), rate[:, None], [DEFAULT_FLOATED_RATE], [data.n_rule_events]
    )
    return chance, rate, chances, rate_summary


def fit_reliability(
    directory: Path,
    *,
    draws: int = 1000,
    chains: int = 2,
    seed: int = 0,
    progressbar: bool = True,
    sampler: str | Sampler = "pymc",
    tune: int = 500,
    apply: bool = False,
) -> FitResult:
    """``summitcast fit``: learn source reliability from the resolved events and store it.

    The fit is always saved; it is marked *applied* (forecasts use it) only when the guard passes
    (:mod:`summitcast.fit.guard`: enough resolved events, and a reliability the data narrowed) or
    ``apply`` is given.

    Parameters
    ----------
    directory
        The forecasts directory; the draws go to ``DIR/.summitcast/reliability.npz``, written
        atomically.
    draws, chains, seed
        Sampler settings (``--draws``, ``--chains``, ``--seed``).
    progressbar
        Show the sampler's progress bar (on stderr).
    sampler
        ``"pymc"``, ``"nutpie"`` (optional extra) or a sampler callable (see
        :func:`fit_questions`).
    tune
        Tuning steps per chain.
    apply
        ``fit --apply``: apply the fit whatever the guard says.

    Returns
    -------
    FitResult
        What ``fit`` prints (``render_text()``) or ``fit --json`` prints (``to_json()``).

    Raises
    ------
    FitError
        No resolved questions, bad settings, unavailable sampler.
    LedgerError
        An invalid question or event file.
    """
    from summitcast.store.workspace import Workspace

    directory = Path(directory)
    ws = Workspace(directory)
    ws.require()
    # before reading, so that a concurrent edit makes the fit stale, not wrong
    digest = input_hash(directory)
    pairs, bad = ws.load_all()
    if bad:
        raise bad[0]
    result = fit_questions(
        pairs,
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        progressbar=progressbar,
        sampler=sampler,
        apply=apply,
    )
    path = save_fit(directory, result, input_digest=digest, tune=tune)
    return dataclasses.replace(result, path=path)
