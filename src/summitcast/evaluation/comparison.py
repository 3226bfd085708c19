"""Scoring many questions from CSV files (``score``) and one question against a community series
(``compare``).

The command line is a thin layer over this module:

* ``summitcast score`` calls :func:`score_files` and prints :meth:`ScoreReport.to_json` (``--json``)
  or :func:`summitcast.render.scores.render_score_report`, with :attr:`ScoreReport.warnings` on stderr;
* ``summitcast compare`` calls :func:`compare_recorded`, which builds our series with :func:`series_from_log`
  (or :func:`read_series_csv` for ``--ours CSV``), the community one with :func:`read_community`, and scores
  them with :func:`compare_question`; it prints the result as JSON or as text.

The files are read in :mod:`summitcast.evaluation.series_io` and the text is written in :mod:`summitcast.render.scores`;
their public names are importable from here too. Every problem with the user's input raises
:class:`~summitcast.errors.ValidationError` naming the file, the line and the column. The numerical work is in
:mod:`summitcast.scoring.rules`; the rules (span, truncation, clipping, what a missing forecast counts) are documented in
docs/scoring.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from summitcast.domain.question import Question
from summitcast.errors import ValidationError
from summitcast.evaluation.series_io import (
    QUESTION_COLUMNS,
    SERIES_COLUMNS,
    ForecastRows,
    community_from_json,
    community_path,
    read_community,
    read_forecasts,
    read_questions,
    read_series_csv,
    series_from_log,
)
from summitcast.model import LearnedReliability
from summitcast.numeric import optional_float
from summitcast.scoring.rules import bootstrap_mean_ci
from summitcast.scoring.series import (
    SCORE_FIELDS,
    Series,
    grouped_peer_scores,
    grouped_series_scores,
    series_peer_score,
    series_scores,
)

if TYPE_CHECKING:
    from summitcast.store.workspace import Workspace

__all__ = [
    "QUESTION_COLUMNS",
    "SERIES_COLUMNS",
    "CompareResult",
    "ScoreReport",
    "community_from_json",
    "community_path",
    "compare_question",
    "compare_recorded",
    "question_span",
    "read_community",
    "read_series_csv",
    "score_files",
    "series_from_log",
    "trajectory_series",
]

_UTC = dt.UTC


# --------------------------------------------------------------------------------------------------
# score: many questions from CSV files


def _unknown_warning(path: Path, questions: Path, unknown: dict[str, int]) -> str:
    n = sum(unknown.values())
    ids = sorted(unknown)
    shown = ", ".join(ids[:5]) + (f" (and {len(ids) - 5} more)" if len(ids) > 5 else "")
    return (
        f"{path}: ignored {n} forecast{'s' if n != 1 else ''} for {len(ids)} "
        f"id{'s' if len(ids) != 1 else ''} not in {questions}: {shown}"
    )


# --------------------------------------------------------------------------------------------------
# the report


def _nanmean(a: NDArray[np.float64]) -> float | None:
    a = a[~np.isnan(a)]
    return float(a.mean()) if a.size else None


def _ci(values: NDArray[np.float64], seed: int) -> list[float] | None:
    v = values[~np.isnan(values)]
    if v.size == 0:
        return None
    return list(bootstrap_mean_ci(v, seed=seed))


@dataclass
class ScoreReport:
    """The scores of many questions, as computed by :func:`score_files`.

    Attributes
    ----------
    ids
        Question ids, in the order of the questions file.
    ours, community
        Per field (``brier``, ``log``, ``baseline``, ``coverage``) an array over the questions; NaN
        where a score is undefined (``brier``/``log`` of a series that covers no time).
        ``community`` is ``None`` when no community file was given.
    peer
        Peer score of each question (``None`` without a community file).
    warnings
        Human-readable warnings (forecasts for ids not in the questions file, which are ignored).
    seed
        Seed of the bootstrap intervals.
    """

    ids: list[str]
    ours: dict[str, NDArray[np.float64]]
    community: dict[str, NDArray[np.float64]] | None = None
    peer: NDArray[np.float64] | None = None
    warnings: list[str] = field(default_factory=list)
    seed: int = 0
    sources: dict[str, str] = field(default_factory=dict)
    _summary: dict[str, Any] | None = field(default=None, init=False, repr=False)

    def question(self, i: int) -> dict[str, Any]:
        """The JSON object of the ``i``-th question: ``{"id", "ours", "community", "peer"}``."""
        return {
            "id": self.ids[i],
            "ours": {k: optional_float(self.ours[k][i]) for k in SCORE_FIELDS},
            "community": (
                None
                if self.community is None
                else {k: optional_float(self.community[k][i]) for k in SCORE_FIELDS}
            ),
            "peer": None if self.peer is None else optional_float(self.peer[i]),
        }

    def summary(self) -> dict[str, Any]:
        """Means over questions, and bootstrap 95% intervals (see docs/scoring.md).

        Returns
        -------
        dict
            ``n_questions``; ``ours`` and ``community`` (``null`` without a community file): the
            mean of each field over the questions where it is defined; ``peer``: the mean peer
            score and ``peer_ci95`` its bootstrap 95% interval; ``ours_minus_community``:
            ``{"baseline", "baseline_ci95"}``, the mean over questions of ours − community baseline
            score and its interval; ``warnings``.
        """
        if self._summary is not None:
            return self._summary
        out: dict[str, Any] = {
            "n_questions": len(self.ids),
            "ours": {k: _nanmean(self.ours[k]) for k in SCORE_FIELDS},
            "community": None,
            "peer": None,
            "peer_ci95": None,
            "ours_minus_community": None,
            "warnings": list(self.warnings),
        }
        if self.community is not None and self.peer is not None:
            out["community"] = {k: _nanmean(self.community[k]) for k in SCORE_FIELDS}
            out["peer"] = _nanmean(self.peer)
            out["peer_ci95"] = _ci(self.peer, self.seed)
            diff = self.ours["baseline"] - self.community["baseline"]
            out["ours_minus_community"] = {
                "baseline": _nanmean(diff),
                "baseline_ci95": _ci(diff, self.seed),
            }
        self._summary = out
        return out

    def to_json(self) -> dict[str, Any]:
        """``{"questions": [...], "summary": {...}}`` as CONTRACT section 5 fixes it.

        Each question is ``{"id", "ours": {"brier", "log", "baseline", "coverage"}, "community":
        {...} or null, "peer": float or null}``; undefined values are ``None`` (JSON ``null``).
        """
        return {
            "questions": [self.question(i) for i in range(len(self.ids))],
            "summary": self.summary(),
        }


def _pulled_series(ws: Workspace, ids: list[str]) -> tuple[ForecastRows | None, list[Path]]:
    """The community series saved by ``pull`` beside the questions of ``ids`` in ``ws``, as score rows."""
    group: list[np.ndarray] = []
    times: list[np.ndarray] = []
    probs: list[np.ndarray] = []
    used: list[Path] = []
    for k, qid in enumerate(ids):
        try:
            path = ws.community_paths(qid)[0]
        except ValidationError:
            continue  # an id of the questions CSV that could not name a file of the folder
        if not path.is_file():
            continue
        s = read_series_csv(path, question_id=qid)
        group.append(np.full(len(s.times), k, dtype=np.intp))
        times.append(np.asarray(s.times, dtype=float))
        probs.append(np.asarray(s.probs, dtype=float))
        used.append(path)
    if not used:
        return None, []
    rows = ForecastRows(np.concatenate(group), np.concatenate(times), np.concatenate(probs), {})
    return rows, used


def score_files(
    questions_csv: Path,
    ours_csv: Path,
    community_csv: Path | None = None,
    *,
    seed: int = 0,
    community_ws: Workspace | None = None,
) -> ScoreReport:
    """Score a forecast series (and optionally a community series) on many questions.

    Parameters
    ----------
    questions_csv
        CSV with header ``id, opens, closes, outcome[, resolved]`` (extra columns ignored):
        ``opens``/``closes``/``resolved`` ISO 8601 dates or datetimes (UTC without an offset),
        ``outcome`` yes/no or 1/0.
    ours_csv
        CSV ``id, timestamp, probability``: our forecasts; each stands until the next one for that
        question (rows may come in any order; for equal timestamps the later row wins).
    community_csv
        The same format for the community; enables ``community``, ``peer`` and the comparison.
    seed
        Seed of the bootstrap intervals in the summary.
    community_ws
        Without ``community_csv``: a forecasts folder whose pulled series (``DIR/<id>.community.csv``, written by
        ``summitcast pull``) are the community series of the questions that have one.

    Returns
    -------
    ScoreReport
        Call :meth:`ScoreReport.to_json` or :func:`summitcast.render.scores.render_score_report`.

    Raises
    ------
    ValidationError
        A bad file: ``"<file>: line <n>: <column>: <problem>"``, or a missing column
        (``"<file>: missing column 'closes' (found: ...)"``).
    FileNotFoundError
        A file does not exist.
    """
    questions_csv, ours_csv = Path(questions_csv), Path(ours_csv)
    qs = read_questions(questions_csv)
    n = len(qs.ids)
    warnings: list[str] = []
    ours = read_forecasts(ours_csv, qs.index)
    if ours.unknown:
        warnings.append(_unknown_warning(ours_csv, questions_csv, ours.unknown))
    comm = None
    community_text = ""
    if community_csv is not None:
        community_csv = Path(community_csv)
        comm = read_forecasts(community_csv, qs.index)
        community_text = f"the series in {community_csv}"
        if comm.unknown:
            warnings.append(_unknown_warning(community_csv, questions_csv, comm.unknown))
    elif community_ws is not None:
        comm, used = _pulled_series(community_ws, qs.ids)
        if used:
            community_text = (
                f"the series pulled beside {len(used)} of the questions in {community_ws.root} "
                "(<id>.community.csv)"
            )
    sources = {
        "ours": f"the series in {ours_csv}",
        "community": community_text,
        "span": f"each question's span from {questions_csv} (opens to closes, cut at resolved)",
    }
    if n == 0:
        empty = {k: np.empty(0) for k in SCORE_FIELDS}
        if comm is None:
            return ScoreReport([], empty, None, None, warnings, seed, sources)
        return ScoreReport([], empty, dict(empty), np.empty(0), warnings, seed, sources)
    span = {"opens": qs.opens, "closes": qs.closes, "resolved": qs.resolved}
    ours_sc = grouped_series_scores(qs.obs, ours.group, ours.times, ours.probs, **span)
    if comm is None:
        return ScoreReport(qs.ids, ours_sc, None, None, warnings, seed, sources)
    comm_sc = grouped_series_scores(qs.obs, comm.group, comm.times, comm.probs, **span)
    peer = grouped_peer_scores(
        qs.obs,
        ours.group,
        ours.times,
        ours.probs,
        comm.group,
        comm.times,
        comm.probs,
        **span,
    )
    return ScoreReport(qs.ids, ours_sc, comm_sc, peer, warnings, seed, sources)


# --------------------------------------------------------------------------------------------------
# compare: scoring one question


def _midnight(d: dt.date) -> float:
    return dt.datetime(d.year, d.month, d.day, tzinfo=_UTC).timestamp()


def question_span(question: Question) -> tuple[float, float, float | None]:
    """The scoring span of a question, in seconds: ``(opens, closes, resolved)``.

    ``opens`` is 00:00 UTC of ``question.opens``; ``closes`` is 00:00 UTC of the day after
    ``question.deadline`` (the deadline is inclusive); ``resolved`` is 00:00 UTC of the resolution
    date when the question resolved yes or no and that is earlier than ``closes``, else ``None``.
    The start of the day is used so that the day of the event itself, on which the ledger already
    records the resolved forecast (P = 1 from its date), is not scored.

    Examples
    --------
    >>> from summitcast.domain.question import Prior, Resolution
    >>> q = Question("q", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 1, 31), Prior(0.2),
    ...              resolution=Resolution("yes", dt.date(2025, 1, 10)))
    >>> [(x - question_span(q)[0]) / 86400 for x in question_span(q)]
    [0.0, 31.0, 9.0]

    Parameters
    ----------
    question
        The question.

    Returns
    -------
    (float, float, float or None)
        The span and the truncation time.
    """
    opens = _midnight(question.opens)
    closes = _midnight(question.deadline + dt.timedelta(days=1))
    resolved = None
    res = question.resolution
    if res is not None and res.outcome in ("yes", "no"):
        r = _midnight(res.date)
        if r < closes:
            resolved = max(r, opens)
    return opens, closes, resolved


def compare_question(
    question: Question, ours: Series, community: Series, outcome: str | None = None
) -> dict[str, Any]:
    """Score our series and a community series on one question.

    Parameters
    ----------
    question
        The question; its span is :func:`question_span`.
    ours
        Our series (e.g. :func:`series_from_log` of the recorded forecasts).
    community
        The community series (e.g. :func:`read_community`).
    outcome
        ``"yes"`` or ``"no"``; overrides the question's resolution.

    Returns
    -------
    dict
        The same object as a question of ``score --json``: ``{"id", "ours": {"brier", "log",
        "baseline", "coverage"}, "community": {...}, "peer"}``.

    Raises
    ------
    ValidationError
        No outcome: the question is unresolved or annulled (annulled questions are not scored)
        and ``outcome`` is not given; or ``outcome`` is not yes/no.
    """
    if outcome is not None:
        if outcome not in ("yes", "no"):
            raise ValidationError(f"outcome must be yes or no (got {outcome!r})")
        result = outcome
    elif question.resolution is None:
        raise ValidationError.mentioning(
            "{qid}: the question is not resolved; give the outcome ({given_outcome} yes|no)",
            {"qid": question.id},
        )
    elif question.resolution.outcome == "annulled":
        raise ValidationError(
            f"{question.id}: the question was annulled; annulled questions are not scored"
        )
    else:
        result = question.resolution.outcome
    obs = 1 if result == "yes" else 0
    opens, closes, resolved = question_span(question)
    span: dict[str, Any] = {"opens": opens, "closes": closes, "resolved": resolved}
    return {
        "id": question.id,
        "ours": series_scores(obs, ours, **span),
        "community": series_scores(obs, community, **span),
        "peer": series_peer_score(obs, ours, community, **span),
    }


# --------------------------------------------------------------------------------------------------
# compare: the whole operation behind ``summitcast compare``


@dataclass(frozen=True)
class CompareResult:
    """What ``compare`` reports: the scores, and the series and outcome behind them (for the plot)."""

    question: Question
    outcome: str
    ours: Series
    community: Series
    scores: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The ``compare --json`` document: the same per-question object as ``score --json``."""
        return {**self.scores, "scored": self.sources}


def compare_recorded(
    ws: Workspace,
    question_id: str,
    community_path: Path | None,
    *,
    outcome: str | None = None,
    ours_csv: Path | None = None,
) -> CompareResult:
    """Score a question's recorded forecasts (or another series) against a community series.

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question.
    community_path
        A Metaculus post JSON (current or legacy API) or a CSV of ``timestamp, probability``; ``None``: the
        series recorded beside the question (:func:`community_path`, e.g. saved by ``summitcast pull``).
    outcome
        ``"yes"`` or ``"no"``; default the question's resolution.
    ours_csv
        Score this series (CSV ``[id,] timestamp, probability``) instead of the recorded forecasts.

    Returns
    -------
    CompareResult
        The scores and what they were computed from.
    """
    from summitcast.store.forecastlog import read_log

    ws.require()
    question = ws.load_question(question_id)
    if ours_csv is not None:
        ours = read_series_csv(Path(ours_csv), question_id=question_id)
    else:
        entries = read_log(ws.log_path(question_id))
        if not entries:
            raise ValidationError.mentioning(
                "{log}: no recorded forecasts for '{qid}' (they are written by new/add/window/resolve); "
                "give {ours} CSV to score another series",
                {"log": ws.log_path(question_id), "qid": question_id},
            )
        ours = series_from_log(entries)
    if community_path is None:
        community_path = _recorded_community(ws, question_id)
    community = read_community(Path(community_path))
    if len(community.times) == 0:
        raise ValidationError(
            f"{community_path}: the community series has no forecasts, so there is nothing to compare "
            "against (a hidden or empty community prediction?)"
        )
    scores = compare_question(question, ours, community, outcome)
    resolved = outcome or (question.resolution.outcome if question.resolution else "")
    sources = {
        "ours": (
            f"the series in {ours_csv}"
            if ours_csv is not None
            else f"our recorded (published) forecasts, {ws.log_path(question_id)}"
        ),
        "community": f"the community series in {community_path}",
        "span": f"the question's span {question.opens}..{question.deadline}",
    }
    return CompareResult(question, resolved, ours, community, scores, sources)


def trajectory_series(
    question: Question, learned: LearnedReliability | None = None, event: Any = None
) -> tuple[Series, NDArray[np.float64]] | None:
    """A resolved question's daily model trajectory as a published series, for scoring it.

    The forecast as of day d (which uses what was logged by the end of day d) stands from the end of day d;
    the opening day carries the forecast as of that day from 00:00. Only days before the resolution date (and
    up to the deadline) count, so the resolved value itself is never scored.

    Parameters
    ----------
    question
        A question resolved yes or no.
    learned
        Learned reliability draws, if a fit exists.
    event
        The question's event, when it names one.

    Returns
    -------
    (Series, numpy.ndarray) or None
        The series and its daily probabilities; ``None`` when it resolved on its opening day.
    """
    from summitcast.model import trajectory

    if question.resolution is None:
        raise ValidationError(f"{question.id}: the question is not resolved")
    last = min(question.deadline, question.resolution.date - dt.timedelta(days=1))
    if last < question.opens:
        return None
    days = [question.opens + dt.timedelta(days=k) for k in range((last - question.opens).days + 1)]
    p = trajectory(question, days, event=event, learned=learned, with_interval=False).probability
    stamps = [_midnight(question.opens)] + [_midnight(d) + 86400.0 for d in days[:-1]]
    probs = np.concatenate([[p[0]], p[:-1]])
    return Series.from_points(stamps, probs), probs


def _recorded_community(ws: Workspace, question_id: str) -> Path:
    found = community_path(ws, question_id)
    if found is None:
        raise ValidationError.mentioning(
            "no community series recorded for '{qid}' (no {qid}.community.csv in {directory}): "
            "give {community} FILE, or save one with: summitcast pull {qid} {metaculus} POST",
            {"qid": question_id, "directory": ws.root},
        )
    return found
