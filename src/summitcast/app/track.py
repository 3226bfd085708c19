"""``summitcast track``: the track record over every resolved question, overall, by group and over time.

The forecasts scored are the model's daily trajectories (as of the end of each day of a question's span, using only
what was logged by then; :func:`summitcast.evaluation.benchmark.question_days`), each question weighted equally (its days
weigh ``1 / days``). For the whole and for each group: Brier with its Murphy decomposition (reliability, resolution,
uncertainty), log and baseline scores, discrimination (mean forecast on yes-days vs no-days, ROC AUC), with counts
and group-bootstrap 95% intervals over questions; the calibration table; and per source type, the mean signed
contribution of its items on questions that resolved yes and no (did its words point the right way?). The
computations are :mod:`summitcast.scoring.trackrecord`'s pure functions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from summitcast.app.tracker import learned_reliability
from summitcast.errors import ValidationError
from summitcast.evaluation.benchmark import question_days
from summitcast.model import compute_event
from summitcast.numeric import optional_float
from summitcast.scoring.grouping import group_by, quarter_of, source_type_signal
from summitcast.scoring.rules import baseline_score, calibration_bins, log_score
from summitcast.scoring.trackrecord import (
    bootstrap_scores,
    discrimination,
    murphy_decomposition,
    roc_auc,
)
from summitcast.store.workspace import Workspace

__all__ = ["GROUPINGS", "TrackResult", "track"]

GROUPINGS = ("tag", "source-type", "year")


@dataclass(frozen=True)
class TrackResult:
    """The track record: the overall table, one per group, one per quarter, and the source-type signals."""

    by: str | None
    overall: dict[str, Any]
    groups: dict[str, dict[str, Any]]
    quarters: dict[str, dict[str, Any]]
    sources: dict[str, dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        """The ``track --json`` document."""
        return {
            "by": self.by,
            "overall": self.overall,
            "groups": self.groups,
            "quarters": self.quarters,
            "source_types": self.sources,
        }


def _table(obs: np.ndarray, fct: np.ndarray, w: np.ndarray, qid: np.ndarray) -> dict[str, Any]:
    """Scores, decomposition, discrimination, calibration and intervals of one set of question-days."""
    n_q = len(set(qid.tolist()))
    dec = murphy_decomposition(obs, fct, weights=w)
    binned = murphy_decomposition(obs, fct, bins=10, weights=w)
    disc = discrimination(obs, fct, weights=w)
    ci = bootstrap_scores(obs, fct, qid, weights=w, n=1000, seed=0)
    bins = calibration_bins(obs, fct, n_bins=10, weights=w)
    return {
        "questions": n_q,
        "question_days": len(obs),
        "yes_questions": len(set(qid[obs == 1].tolist())),
        "brier": dec.brier,
        "reliability": dec.reliability,
        "resolution": dec.resolution,
        "uncertainty": dec.uncertainty,
        "binned": {
            "bins": 10,
            "reliability": binned.reliability,
            "resolution": binned.resolution,
            "uncertainty": binned.uncertainty,
            "within_bin_variance": binned.within_bin_variance,
            "within_bin_covariance": binned.within_bin_covariance,
        },
        "log": float(np.sum(w * log_score(obs, fct)) / w.sum()),
        "baseline": float(np.sum(w * baseline_score(obs, fct)) / w.sum()),
        "auc": optional_float(roc_auc(obs, fct, weights=w)),
        "mean_yes": optional_float(disc.mean_yes),
        "mean_no": optional_float(disc.mean_no),
        "ci95": {k: [optional_float(lo), optional_float(hi)] for k, (lo, hi) in ci.items()},
        "calibration": [
            {
                "bin": [float(bins.edges[k]), float(bins.edges[k + 1])],
                "count": int(bins.count[k]),
                "mean_forecast": optional_float(bins.mean_forecast[k]),
                "observed": optional_float(bins.observed[k]),
            }
            for k in range(len(bins.count))
            if bins.count[k]
        ],
    }


def track(ws: Workspace, *, by: str | None = None) -> TrackResult:
    """The track record of every resolved question of a workspace.

    Parameters
    ----------
    ws
        The forecasts folder.
    by
        Group the table by ``tag`` (the question's tags and its event's), ``source-type`` (only the signal table
        is per type) or ``year`` (of the forecast's day); ``None`` for the overall table and quarters only.

    Returns
    -------
    TrackResult
        The tables.
    """
    if by is not None and by not in GROUPINGS:
        raise ValidationError(f"must be one of {', '.join(GROUPINGS)} (got {by!r})", field="by")
    ws.require()
    learned = learned_reliability(ws)
    resolved = ws.resolved()
    if not resolved:
        raise ValidationError(f"{ws.root}: no resolved questions yet: nothing to score")
    obs, fct, w, qid, days, tags = [], [], [], [], [], []
    signals, outcomes = [], {}
    for q, ev in resolved:
        qd = question_days(q, ev, 0.5, learned)
        if not qd.days:
            continue
        n = len(qd.days)
        obs.append(np.full(n, int(qd.outcome)))
        fct.append(np.clip(qd.forecasts["summitcast"], 0.0, 1.0))
        w.append(np.full(n, 1.0 / n))
        qid.append(np.full(n, q.id, dtype=object))
        days.extend(qd.days)
        tags.extend([sorted({*q.tags, *ev.tags}) or ["(untagged)"]] * n)
        outcomes[q.id] = int(qd.outcome)
        # each item's contribution as of the day before the question was settled
        last = qd.days[-1]
        arrays = compute_event(ev, [last], [q.deadline], learned=learned, with_interval=False)
        for i, e in enumerate(ev.evidence):
            if arrays.terms.visible[0, i]:
                signals.append((q.id, e.source_type, float(arrays.contribution[0, i])))
    o, f, wt = np.concatenate(obs), np.concatenate(fct), np.concatenate(w)
    ids = np.concatenate(qid).astype(str)
    overall = _table(o, f, wt, ids)
    groups: dict[str, dict[str, Any]] = {}
    if by in ("tag", "year"):
        keys = tags if by == "tag" else [str(d.year) for d in days]
        for key, rows in group_by(keys).items():
            groups[str(key)] = _table(o[rows], f[rows], wt[rows], ids[rows])
    quarters = {
        str(k): _table(o[rows], f[rows], wt[rows], ids[rows])
        for k, rows in group_by([quarter_of(d) for d in days]).items()
    }
    sig = source_type_signal(signals, outcomes) if signals else {}
    sources = {
        str(k): {
            "mean_yes": optional_float(v.mean_yes),
            "mean_no": optional_float(v.mean_no),
            "toward_outcome": optional_float(v.toward_outcome),
            "items_yes": v.n_yes,
            "items_no": v.n_no,
            "questions_yes": v.questions_yes,
            "questions_no": v.questions_no,
        }
        for k, v in sig.items()
    }
    return TrackResult(by, overall, groups, quarters, sources)


_ = dt
