"""Scoring the model on resolved questions: daily trajectories against the outcome and two reference forecasters.

For every resolved (yes/no) question of a workspace, the forecast as of the end of each day of its span, using only
what was logged (and the windows announced) by then, is scored with the Brier, log and Metaculus baseline scores
(:mod:`summitcast.scoring.rules`), averaged over the question's days. The same days are scored for

* **prior + time**: the same event with no evidence (its prior, its windows, the passage of time);
* **base rate**: a constant probability per horizon: the share of the *other* resolved events that met within as
  many days of their own ``opens`` as the question's span (leave one out, so that no question is scored against
  its own outcome);
* **v2**: rubric v2's reading of the same event (every occasion a period of the v2 hazard for its kind:
  1000 bilateral, 100 visit or summit, 20 nearby), defaults only;
* **v3_default**: the v3 model with every number at its documented default (no fit).

``summitcast`` is the shipped method: v3 with the numbers ``fit`` learns, each event forecast by a fit that never
saw it (the ``learn`` callable is given the training events of the event's fold; ``summary.out_of_sample`` names
the scheme).

Differences are averaged over events (one event's questions share its evidence) with a seeded bootstrap over
events. ``bench/benchmark.py`` prints this; docs/benchmark.md reports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from summitcast.domain.event import Event
from summitcast.domain.question import Question
from summitcast.model import LearnedReliability, trajectory
from summitcast.numeric import optional_float
from summitcast.scoring.rules import (
    baseline_score,
    bootstrap_mean_ci,
    brier_score,
    calibration_bins,
    expected_calibration_error,
    log_score,
)
from summitcast.store.workspace import Workspace

__all__ = [
    "FORECASTERS",
    "BenchmarkResult",
    "QuestionDays",
    "QuestionScore",
    "as_v2",
    "base_rate_for",
    "question_days",
    "run_benchmark",
]

#: The forecasters scored: the shipped model, two references, and the rubric's earlier versions.
FORECASTERS = ("summitcast", "prior", "base_rate", "v2", "v3_default")
#: v2's hazard for each occasion kind (docs/encoding.md, rubric v2 section 4).
V2_HAZARD = {"bilateral": 1000.0, "visit": 100.0, "summit": 100.0, "nearby": 20.0}


def as_v2(event: Event) -> Event:
    """The event as rubric v2 read it: every occasion a period of its kind's v2 hazard (no chance, no cancel)."""
    windows = tuple(
        replace(w, kind="period", hazard=V2_HAZARD[w.kind], chance=None, cancelled=None)
        if w.is_occasion
        else w
        for w in event.windows
    )
    return replace(event, windows=windows)


@dataclass(frozen=True)
class QuestionDays:
    """One resolved question's daily forecasts (as of the end of each day before it was settled)."""

    question: Question
    event: Event
    days: list[dt.date]
    outcome: bool
    forecasts: dict[str, np.ndarray]


@dataclass(frozen=True)
class QuestionScore:
    """The time-averaged scores of each forecaster on one question."""

    id: str
    event: str
    outcome: bool
    n_days: int
    scores: dict[str, dict[str, float]]


@dataclass(frozen=True)
class BenchmarkResult:
    """Per-question scores, per-event means, and the summary with bootstrap intervals over events."""

    questions: list[QuestionScore]
    summary: dict[str, Any]
    days: list[QuestionDays] = field(repr=False, default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``bench/benchmark.py --json`` document."""
        return {
            "questions": [
                {
                    "id": q.id,
                    "event": q.event,
                    "outcome": "yes" if q.outcome else "no",
                    "days": q.n_days,
                    **q.scores,
                }
                for q in self.questions
            ],
            "summary": self.summary,
        }


def _span_days(q: Question) -> list[dt.date]:
    """The as-of days scored: from ``opens`` to the day before the meeting (yes) or the deadline (no)."""
    r = q.resolution
    assert r is not None
    last = (r.date if r.outcome == "yes" else q.deadline + dt.timedelta(days=1)) - dt.timedelta(
        days=1
    )
    last = min(last, q.deadline - dt.timedelta(days=1)) if r.outcome == "no" else last
    n = (last - q.opens).days
    return [q.opens + dt.timedelta(days=k) for k in range(max(n, 0) + 1)]


def question_days(
    q: Question,
    event: Event,
    base_rate: float,
    learned: LearnedReliability | None = None,
) -> QuestionDays:
    """The daily forecasts of the model, the references and the earlier rubrics on one resolved question."""
    days = _span_days(q)
    open_q = replace(q, resolution=None)

    def path(ev: Event, fit: LearnedReliability | None = None) -> np.ndarray:
        return trajectory(open_q, days, event=ev, learned=fit, with_interval=False).probability

    outcome = q.resolution is not None and q.resolution.outcome == "yes"
    forecasts = {
        "summitcast": path(event, learned),
        "prior": path(replace(event, evidence=())),
        "base_rate": np.full(len(days), base_rate),
        "v2": path(as_v2(event)),
        "v3_default": path(event),
    }
    return QuestionDays(q, event, days, outcome, forecasts)


def _met_within(pairs: list[tuple[Question, Event]]) -> dict[str, int | None]:
    """Each event's meeting as days from its ``opens`` (1 = the opening day), ``None`` when none is recorded."""
    out: dict[str, int | None] = {}
    for q, ev in pairs:
        r = q.resolution
        day = (r.date - ev.opens).days + 1 if r is not None and r.outcome == "yes" else None
        prev = out.get(ev.id)
        out[ev.id] = day if prev is None else (prev if day is None else min(prev, day))
    return out


def base_rate_for(q: Question, event_id: str, met: dict[str, int | None]) -> float:
    """The share of the other events that met within the question's span length (days from their ``opens``)."""
    span = (q.deadline - q.opens).days + 1
    others = [d is not None and d <= span for k, d in met.items() if k != event_id]
    return float(np.clip(np.mean(others) if others else 0.5, 0.01, 0.99))


def _scores(obs: bool, fct: np.ndarray) -> dict[str, float]:
    o = np.full(fct.shape, obs)
    return {
        "brier": float(np.mean(brier_score(o, fct))),
        "log": float(np.mean(log_score(o, fct))),
        "baseline": float(np.mean(baseline_score(o, fct))),
    }


def run_benchmark(
    ws: Workspace | Path | str,
    *,
    learned: LearnedReliability | None = None,
    learn: Callable[[list[tuple[Question, Event]]], LearnedReliability | None] | None = None,
    folds: int = 5,
    n_boot: int = 10_000,
    seed: int = 0,
    only: set[str] | None = None,
    tag: str | None = None,
) -> BenchmarkResult:
    """Score every resolved question of a workspace (see the module's description).

    Parameters
    ----------
    ws
        The benchmark's folder (a summitcast DIR), opened as a :class:`Workspace`.
    learned
        Numbers to forecast ``summitcast`` with when no ``learn`` is given (default: none, the defaults).
    learn
        Fits on training pairs ``(question, event)`` and returns learned numbers: each event is then forecast by
        ``learn`` on the events of the other ``folds`` (events are assigned to folds by a seeded shuffle), never
        on itself.
    folds
        How many folds the cross-fit uses (``0``: leave one event out).
    n_boot, seed
        The bootstrap over events (the seed also shuffles the folds).
    only
        Score only the questions of these events (ids), e.g. a later fold of a backtest.
    tag
        Score only the questions whose event (or the question itself) carries this tag.

    Returns
    -------
    BenchmarkResult
        Per-question scores and the summary.
    """
    # bench/benchmark.py still passes its --dir; every other caller opens the Workspace itself
    ws = ws if isinstance(ws, Workspace) else Workspace(ws)
    ws.require()
    resolved = [
        (q, ev)
        for q, ev in ws.resolved()
        if (only is None or ev.id in only) and (tag is None or tag in (*ev.tags, *q.tags))
    ]
    met = _met_within(resolved)
    fits, scheme = _fold_fits(resolved, learn, learned, folds, seed)
    scored, days = [], []
    for q, ev in resolved:
        qd = question_days(q, ev, base_rate_for(q, ev.id, met), fits.get(ev.id))
        if not qd.days:
            continue
        days.append(qd)
        scored.append(
            QuestionScore(
                q.id,
                ev.id,
                qd.outcome,
                len(qd.days),
                {name: _scores(qd.outcome, f) for name, f in qd.forecasts.items()},
            )
        )
    summary = summarize(scored, n_boot=n_boot, seed=seed)
    summary["out_of_sample"] = scheme
    summary["calibration"] = calibration_by_horizon(days)
    return BenchmarkResult(scored, summary, days)


def _fold_fits(
    pairs: list[tuple[Question, Event]],
    learn: Callable[[list[tuple[Question, Event]]], LearnedReliability | None] | None,
    learned: LearnedReliability | None,
    folds: int,
    seed: int,
) -> tuple[dict[str, LearnedReliability | None], str]:
    """The learned numbers each event is forecast with, and the name of the scheme."""
    events = sorted({ev.id for _, ev in pairs})
    if learn is None:
        scheme = "none: defaults only" if learned is None else "given: one fit for every event"
        return {e: learned for e in events}, scheme
    rng = np.random.default_rng(seed)
    order = list(rng.permutation(len(events)))
    k = len(events) if folds <= 0 else min(folds, len(events))
    fold_of = {events[i]: j % k for j, i in enumerate(order)}
    out: dict[str, LearnedReliability | None] = {}
    for f in range(k):
        train = [(q, ev) for q, ev in pairs if fold_of[ev.id] != f]
        fit = learn(train)
        out.update({e: fit for e in events if fold_of[e] == f})
    name = "leave-one-event-out" if k == len(events) else f"{k}-fold cross-fit"
    return out, f"{name}: each event forecast by a fit on the events of the other folds only"


def _horizon(q: Question) -> str:
    """The question's horizon label: its span in days, rounded to the benchmark's rule (90, 180, 365)."""
    n = (q.deadline - q.opens).days + 1
    return str(min((90, 180, 365), key=lambda h: abs(h - n)))


def calibration_by_horizon(days: list[QuestionDays], n_bins: int = 10) -> dict[str, Any]:
    """The ECE and the reliability diagram's bins over question-days, by horizon and in all, per forecaster.

    Each question weighs equally (its days share a weight of 1), as in the means over questions.
    """
    groups: dict[str, list[QuestionDays]] = {"all": list(days)}
    for d in days:
        groups.setdefault(_horizon(d.question), []).append(d)
    out: dict[str, Any] = {}
    for name, ds in sorted(groups.items()):
        if not ds:
            continue
        obs = np.concatenate([np.full(len(d.days), int(d.outcome)) for d in ds])
        w = np.concatenate([np.full(len(d.days), 1.0 / len(d.days)) for d in ds])
        entry: dict[str, Any] = {"questions": len(ds), "question_days": int(obs.size)}
        for f in FORECASTERS:
            fct = np.clip(np.concatenate([d.forecasts[f] for d in ds]), 0.0, 1.0)
            bins = calibration_bins(obs, fct, n_bins=n_bins, weights=w)
            entry[f] = {
                "ece": expected_calibration_error(obs, fct, n_bins=n_bins, weights=w),
                "bins": [
                    {"mean_forecast": _num(m), "observed": _num(o), "weight": float(wt)}
                    for m, o, wt in zip(bins.mean_forecast, bins.observed, bins.weight, strict=True)
                ],
            }
        out[name] = entry
    return out


def _num(x: float) -> float | None:
    return optional_float(x)


def summarize(
    scored: list[QuestionScore], *, n_boot: int = 10_000, seed: int = 0
) -> dict[str, Any]:
    """Means over events (each event the mean of its questions) and bootstrap 95% intervals of differences."""
    if not scored:
        return {"events": 0, "questions": 0}
    events = sorted({s.event for s in scored})
    per_event: dict[str, dict[str, dict[str, float]]] = {}
    for e in events:
        rows = [s for s in scored if s.event == e]
        per_event[e] = {
            f: {
                k: float(np.mean([r.scores[f][k] for r in rows]))
                for k in ("brier", "log", "baseline")
            }
            for f in FORECASTERS
        }
    out: dict[str, Any] = {
        "events": len(events),
        "questions": len(scored),
        "yes": sum(1 for s in scored if s.outcome),
        "no": sum(1 for s in scored if not s.outcome),
        "mean": {
            f: {
                k: float(np.mean([per_event[e][f][k] for e in events]))
                for k in ("brier", "log", "baseline")
            }
            for f in FORECASTERS
        },
        "differences": {},
    }
    for ref in ("prior", "base_rate", "v2", "v3_default"):
        for k in ("brier", "log", "baseline"):
            d = np.array([per_event[e]["summitcast"][k] - per_event[e][ref][k] for e in events])
            lo, hi = bootstrap_mean_ci(d, n_boot=n_boot, seed=seed)
            out["differences"][f"summitcast-{ref}.{k}"] = {
                "mean": float(d.mean()),
                "ci95": [lo, hi],
            }
    better = [per_event[e]["summitcast"]["log"] > per_event[e]["base_rate"]["log"] for e in events]
    out["log_better_than_base_rate_share"] = float(np.mean(better))
    out["per_event"] = per_event
    return out
