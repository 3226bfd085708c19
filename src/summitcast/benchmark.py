"""Scoring the model on resolved questions: daily trajectories against the outcome and two reference forecasters.

For every resolved (yes/no) question of a workspace, the forecast as of the end of each day of its span, using only
what was logged (and the windows announced) by then, is scored with the Brier, log and Metaculus baseline scores
(:mod:`summitcast.scoring`), averaged over the question's days. The same days are scored for

* **prior + time**: the same event with no evidence (its prior, its windows, the passage of time);
* **base rate**: a constant probability, the share of the *other* resolved events that met (leave one out, so
  that no question is scored against its own outcome).

Differences are averaged over events (one event's questions share its evidence) with a seeded bootstrap over
events. ``bench/benchmark.py`` prints this; docs/benchmark.md reports it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from summitcast.event import Event
from summitcast.model import LearnedReliability, trajectory
from summitcast.question import Question
from summitcast.scoring import baseline_score, bootstrap_mean_ci, brier_score, log_score
from summitcast.workspace import Workspace

__all__ = [
    "FORECASTERS",
    "BenchmarkResult",
    "QuestionDays",
    "QuestionScore",
    "question_days",
    "run_benchmark",
]

#: The forecasters scored: the model, and two references.
FORECASTERS = ("summitcast", "prior", "base_rate")


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
    q: Question, event: Event, base_rate: float, learned: LearnedReliability | None = None
) -> QuestionDays:
    """The daily forecasts of the model and the two references on one resolved question."""
    days = _span_days(q)
    open_q = replace(q, resolution=None)
    ours = trajectory(open_q, days, event=event, learned=learned, with_interval=False).probability
    bare = replace(event, evidence=())
    prior = trajectory(open_q, days, event=bare, with_interval=False).probability
    outcome = q.resolution is not None and q.resolution.outcome == "yes"
    return QuestionDays(
        q,
        event,
        days,
        outcome,
        {"summitcast": ours, "prior": prior, "base_rate": np.full(len(days), base_rate)},
    )


def _scores(obs: bool, fct: np.ndarray) -> dict[str, float]:
    o = np.full(fct.shape, obs)
    return {
        "brier": float(np.mean(brier_score(o, fct))),
        "log": float(np.mean(log_score(o, fct))),
        "baseline": float(np.mean(baseline_score(o, fct))),
    }


def run_benchmark(
    directory: Path | str | Workspace,
    *,
    learned: LearnedReliability | None = None,
    n_boot: int = 10_000,
    seed: int = 0,
    only: set[str] | None = None,
    tag: str | None = None,
) -> BenchmarkResult:
    """Score every resolved question of a workspace (see the module's description).

    Parameters
    ----------
    directory
        The forecasts directory.
    learned
        Learned reliabilities to forecast with (default: the stated defaults, no fit).
    n_boot, seed
        The bootstrap over events.
    only
        Score only the questions of these events (ids), e.g. a later fold of a backtest.
    tag
        Score only the questions whose event (or the question itself) carries this tag.

    Returns
    -------
    BenchmarkResult
        Per-question scores and the summary.
    """
    ws = directory if isinstance(directory, Workspace) else Workspace(directory)
    ws.require()
    resolved = ws.resolved()
    resolved = [
        (q, ev)
        for q, ev in resolved
        if (only is None or ev.id in only) and (tag is None or tag in (*ev.tags, *q.tags))
    ]
    # one outcome per event (met if any of its questions resolved yes), over the events scored
    met: dict[str, bool] = {}
    for q, ev in resolved:
        met[ev.id] = met.get(ev.id, False) or q.resolution.outcome == "yes"  # type: ignore[union-attr]
    scored, days = [], []
    for q, ev in resolved:
        others = [v for k, v in met.items() if k != ev.id]
        base = float(np.clip(np.mean(others) if others else 0.5, 0.01, 0.99))
        qd = question_days(q, ev, base, learned)
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
    return BenchmarkResult(scored, summarize(scored, n_boot=n_boot, seed=seed), days)


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
    for ref in ("prior", "base_rate"):
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
