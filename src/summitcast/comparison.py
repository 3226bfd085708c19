"""Scoring many questions from CSV files (``score``) and one question against a community series
(``compare``).

The command line is a thin layer over this module:

* ``summitcast score`` calls :func:`score_files` and prints :meth:`ScoreReport.to_json` (``--json``)
  or :meth:`ScoreReport.render_text`, with :attr:`ScoreReport.warnings` on stderr;
* ``summitcast compare`` builds our series with :func:`series_from_log` (or :func:`read_series_csv`
  for ``--ours CSV``), the community one with :func:`read_community`, calls
  :func:`compare_question` and prints the result as JSON or with :func:`render_compare_text`.

Every problem with the user's input raises :class:`~summitcast.errors.ValidationError` naming the
file, the line and the column. The numerical work is in :mod:`summitcast.scoring`; the rules (span,
truncation, clipping, what a missing forecast counts) are documented in docs/scoring.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import ValidationError
from .forecastlog import LoggedForecast
from .model import LearnedReliability
from .question import Question
from .scoring import (
    SCORE_FIELDS,
    Series,
    bootstrap_mean_ci,
    grouped_peer_scores,
    grouped_series_scores,
    series_peer_score,
    series_scores,
)

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
    "render_compare_text",
    "score_files",
    "series_from_log",
    "trajectory_series",
]

#: Required columns of the ``score --questions`` CSV (``resolved`` is optional).
QUESTION_COLUMNS = ("id", "opens", "closes", "outcome")
#: Required columns of a forecasts CSV (``--ours``, ``--community``).
SERIES_COLUMNS = ("id", "timestamp", "probability")

_OUTCOMES = {"yes": True, "1": True, "no": False, "0": False}
_UTC = dt.UTC


# --------------------------------------------------------------------------------------------------
# parsing helpers


class _RowError(Exception):
    """A bad value: the column and the message; the caller adds the file and the line."""

    def __init__(self, column: str, message: str):
        super().__init__(f"{column}: {message}")


def _parse_time_text(text: str) -> float:
    """Seconds since the epoch of an ISO 8601 date or datetime (UTC when no offset is given)."""
    d = dt.datetime.fromisoformat(text)
    if d.tzinfo is None:
        d = d.replace(tzinfo=_UTC)
    return d.timestamp()


class _TimeParser:
    """Parses timestamps, caching repeated strings (dates repeat a lot in real files)."""

    def __init__(self) -> None:
        self._cache: dict[str, float] = {}

    def __call__(self, text: str, column: str) -> float:
        try:
            return self._cache[text]
        except KeyError:
            pass
        value = text.strip()
        if not value:
            raise _RowError(column, "missing value")
        try:
            t = _parse_time_text(value)
        except ValueError:
            raise _RowError(
                column, f"must be an ISO 8601 date or datetime (got {value!r})"
            ) from None
        self._cache[text] = t
        return t


def _parse_probability(text: str) -> float:
    value = text.strip()
    if not value:
        raise _RowError("probability", "missing value")
    try:
        p = float(value)
    except ValueError:
        raise _RowError("probability", f"must be a number (got {value!r})") from None
    if not 0.0 <= p <= 1.0:  # also rejects nan
        raise _RowError("probability", f"must be in [0, 1] (got {value})")
    return p


def _parse_outcome(text: str) -> bool:
    value = text.strip().lower()
    if value not in _OUTCOMES:
        raise _RowError("outcome", f"must be yes, no, 1 or 0 (got {text.strip()!r})")
    return _OUTCOMES[value]


def _open_table(
    path: Path, required: Sequence[str], optional: Sequence[str] = ()
) -> tuple[Any, Any, dict[str, int]]:
    """Open a CSV, check its header; return (file handle, reader, column -> index)."""
    fh = path.open(newline="", encoding="utf-8-sig")
    try:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            raise ValidationError(
                f"{path}: empty file (expected a header row with {', '.join(required)})"
            )
        names = [h.strip().lower() for h in header]
        missing = [c for c in required if c not in names]
        if missing:
            what = "column" if len(missing) == 1 else "columns"
            raise ValidationError(
                f"{path}: missing {what} {', '.join(repr(c) for c in missing)} "
                f"(found: {', '.join(h.strip() for h in header)})"
            )
        cols = {c: names.index(c) for c in (*required, *optional) if c in names}
    except BaseException:
        fh.close()
        raise
    return fh, reader, cols


def _cell(row: list[str], index: int, column: str) -> str:
    try:
        return row[index]
    except IndexError:
        raise _RowError(column, "missing value") from None


def _fail(path: Path, line: int, err: _RowError) -> ValidationError:
    return ValidationError(f"{path}: line {line}: {err}")


# --------------------------------------------------------------------------------------------------
# the score CSVs


@dataclass
class _Questions:
    path: Path
    ids: list[str]
    index: dict[str, int]
    opens: NDArray[np.float64]
    closes: NDArray[np.float64]
    resolved: NDArray[np.float64]  # NaN: none given
    obs: NDArray[np.bool_]


def _read_questions(path: Path) -> _Questions:
    fh, reader, cols = _open_table(path, QUESTION_COLUMNS, ("resolved",))
    parse_time = _TimeParser()
    ids: list[str] = []
    index: dict[str, int] = {}
    first_line: dict[str, int] = {}
    opens: list[float] = []
    closes: list[float] = []
    resolved: list[float] = []
    obs: list[bool] = []
    i_id, i_o, i_c, i_out = (cols[c] for c in QUESTION_COLUMNS)
    i_r = cols.get("resolved")
    with fh:
        for row in reader:
            if not any(x.strip() for x in row):
                continue
            line = reader.line_num
            try:
                qid = _cell(row, i_id, "id").strip()
                if not qid:
                    raise _RowError("id", "missing value")
                if qid in index:
                    raise _RowError(
                        "id", f"duplicate question id {qid!r} (first on line {first_line[qid]})"
                    )
                o_text = _cell(row, i_o, "opens")
                c_text = _cell(row, i_c, "closes")
                o = parse_time(o_text, "opens")
                c = parse_time(c_text, "closes")
                if c <= o:
                    raise _RowError(
                        "closes", f"must be after opens ({c_text.strip()} <= {o_text.strip()})"
                    )
                out = _parse_outcome(_cell(row, i_out, "outcome"))
                r = math.nan
                if i_r is not None and i_r < len(row) and row[i_r].strip():
                    r = parse_time(row[i_r], "resolved")
                    if r < o:
                        raise _RowError(
                            "resolved",
                            f"must not be before opens ({row[i_r].strip()} < {o_text.strip()})",
                        )
            except _RowError as err:
                raise _fail(path, line, err) from None
            index[qid] = len(ids)
            first_line[qid] = line
            ids.append(qid)
            opens.append(o)
            closes.append(c)
            resolved.append(r)
            obs.append(out)
    return _Questions(
        path,
        ids,
        index,
        np.array(opens, dtype=float),
        np.array(closes, dtype=float),
        np.array(resolved, dtype=float),
        np.array(obs, dtype=bool),
    )


@dataclass
class _Forecasts:
    group: NDArray[np.intp]
    times: NDArray[np.float64]
    probs: NDArray[np.float64]
    unknown: dict[str, int]  # id -> number of rows ignored


def _read_forecasts(path: Path, index: dict[str, int]) -> _Forecasts:
    fh, reader, cols = _open_table(path, SERIES_COLUMNS)
    parse_time = _TimeParser()
    i_id, i_t, i_p = (cols[c] for c in SERIES_COLUMNS)
    group: list[int] = []
    times: list[float] = []
    probs: list[float] = []
    unknown: dict[str, int] = {}
    with fh:
        for row in reader:
            if not any(x.strip() for x in row):
                continue
            try:
                qid = _cell(row, i_id, "id").strip()
                if not qid:
                    raise _RowError("id", "missing value")
                t = parse_time(_cell(row, i_t, "timestamp"), "timestamp")
                p = _parse_probability(_cell(row, i_p, "probability"))
            except _RowError as err:
                raise _fail(path, reader.line_num, err) from None
            k = index.get(qid)
            if k is None:
                unknown[qid] = unknown.get(qid, 0) + 1
                continue
            group.append(k)
            times.append(t)
            probs.append(p)
    return _Forecasts(
        np.array(group, dtype=np.intp),
        np.array(times, dtype=float),
        np.array(probs, dtype=float),
        unknown,
    )


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


def _num(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


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
            "ours": {k: _num(self.ours[k][i]) for k in SCORE_FIELDS},
            "community": (
                None
                if self.community is None
                else {k: _num(self.community[k][i]) for k in SCORE_FIELDS}
            ),
            "peer": None if self.peer is None else _num(self.peer[i]),
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

    def render_text(self) -> str:
        """A table per question and a summary, for humans."""
        w = max([8, *(len(i) for i in self.ids)])
        lines = [line for line in _what_is_scored(self.sources)]
        lines.append(_table_header(w))
        for i in range(len(self.ids)):
            q = self.question(i)
            lines.append(_table_row(q["id"], "ours", q["ours"], q["peer"], w))
            if q["community"] is not None:
                lines.append(_table_row("", "community", q["community"], None, w))
        s = self.summary()
        lines.append("")
        lines.append(
            f"Summary over {s['n_questions']} question{'s' if s['n_questions'] != 1 else ''} "
            "(means; brier and log over the questions a series covers)"
        )
        lines.append(_table_row("", "ours", s["ours"], s["peer"], w))
        if s["community"] is not None:
            lines.append(_table_row("", "community", s["community"], None, w))
            lines.append(f"peer score, ours vs community: {_interval(s['peer'], s['peer_ci95'])}")
            d = s["ours_minus_community"]
            lines.append(
                f"ours - community, baseline score: {_interval(d['baseline'], d['baseline_ci95'])}"
            )
            lines.append(
                "  (the peer score compares the two series only where both have a forecast; the "
                "difference of baseline scores also counts each series' uncovered time as 0, so a "
                "series that starts later can score a lower baseline and a higher peer at once)"
            )
        lines.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(lines)


def _what_is_scored(sources: dict[str, str]) -> list[str]:
    """The header that says what a table scores (issue: one score story across score, compare, report)."""
    if not sources:
        return []
    lines = [f"scoring {sources.get('ours', 'ours')}"]
    if sources.get("community"):
        lines.append(f"against {sources['community']}")
    lines.append(
        f"over {sources.get('span', 'each question span')}: baseline and peer average over the whole span "
        "(time without a forecast counts 0, Metaculus's truncation); brier and log over covered time only; "
        "coverage = covered time / span"
    )
    return lines


def _fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def _interval(mean: float | None, ci: list[float] | None) -> str:
    if mean is None:
        return "n/a"
    text = f"{mean:+.2f}"
    if ci is not None:
        text += f" (95% bootstrap interval {ci[0]:+.2f} to {ci[1]:+.2f})"
    return text


def _table_header(width: int = 24) -> str:
    return (
        f"{'question':<{width}} {'series':<10} {'baseline':>9} {'brier':>7} {'log':>7} "
        f"{'coverage':>8} {'peer':>8}"
    )


def _table_row(
    qid: str, series: str, sc: dict[str, float | None], peer: float | None, width: int = 24
) -> str:
    cov = sc["coverage"]
    return (
        f"{qid:<{width}} {series:<10} {_fmt(sc['baseline'], '+9.2f'):>9} "
        f"{_fmt(sc['brier'], '7.4f'):>7} {_fmt(sc['log'], '7.3f'):>7} "
        f"{'n/a' if cov is None else f'{100 * cov:.1f}%':>8} {_fmt(peer, '+8.2f'):>8}"
    )


def score_files(
    questions_csv: Path, ours_csv: Path, community_csv: Path | None = None, *, seed: int = 0
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

    Returns
    -------
    ScoreReport
        Call :meth:`ScoreReport.to_json` or :meth:`ScoreReport.render_text`.

    Raises
    ------
    ValidationError
        A bad file: ``"<file>: line <n>: <column>: <problem>"``, or a missing column
        (``"<file>: missing column 'closes' (found: ...)"``).
    FileNotFoundError
        A file does not exist.
    """
    questions_csv, ours_csv = Path(questions_csv), Path(ours_csv)
    qs = _read_questions(questions_csv)
    n = len(qs.ids)
    warnings: list[str] = []
    ours = _read_forecasts(ours_csv, qs.index)
    if ours.unknown:
        warnings.append(_unknown_warning(ours_csv, questions_csv, ours.unknown))
    comm = None
    if community_csv is not None:
        community_csv = Path(community_csv)
        comm = _read_forecasts(community_csv, qs.index)
        if comm.unknown:
            warnings.append(_unknown_warning(community_csv, questions_csv, comm.unknown))
    sources = {
        "ours": f"the series in {ours_csv}",
        "community": "" if community_csv is None else f"the series in {community_csv}",
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
# compare: reading series


def read_series_csv(path: Path, question_id: str | None = None) -> Series:
    """Read a forecast series from a CSV with columns ``timestamp, probability`` (and maybe ``id``).

    Parameters
    ----------
    path
        The CSV. Extra columns are ignored.
    question_id
        When given and the file has an ``id`` column, only rows with that id are read (a file of
        many questions, such as a ``score --ours`` file or a recorded-forecasts log, can be used).
        Without it an ``id`` column is ignored.

    Returns
    -------
    Series
        Possibly empty (a header only).

    Raises
    ------
    ValidationError
        A missing column, a bad value (naming the line and column), or no row with ``question_id``.
    """
    path = Path(path)
    fh, reader, cols = _open_table(path, ("timestamp", "probability"), ("id",))
    parse_time = _TimeParser()
    i_t, i_p = cols["timestamp"], cols["probability"]
    i_id = cols.get("id") if question_id is not None else None
    times: list[float] = []
    probs: list[float] = []
    seen: set[str] = set()
    with fh:
        for row in reader:
            if not any(x.strip() for x in row):
                continue
            if i_id is not None:
                rid = row[i_id].strip() if i_id < len(row) else ""
                if rid != question_id:
                    seen.add(rid)
                    continue
            try:
                t = parse_time(_cell(row, i_t, "timestamp"), "timestamp")
                p = _parse_probability(_cell(row, i_p, "probability"))
            except _RowError as err:
                raise _fail(path, reader.line_num, err) from None
            times.append(t)
            probs.append(p)
    if i_id is not None and not times and seen:
        found = sorted(seen)
        shown = ", ".join(found[:5]) + (" ..." if len(found) > 5 else "")
        raise ValidationError(f"{path}: no rows with id {question_id!r} (ids found: {shown})")
    return Series.from_points(times, probs)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _is_prob(x: Any) -> bool:
    return _is_number(x) and 0.0 <= x <= 1.0


def _series_current(path: Path | str, history: Any, where: str) -> Series:
    if not isinstance(history, list):
        raise ValidationError(f"{path}: {where}: must be a list")
    starts: list[float] = []
    probs: list[float] = []
    ends: list[float | None] = []
    for i, e in enumerate(history):
        at = f"{where}[{i}]"
        if not isinstance(e, dict):
            raise ValidationError(f"{path}: {at}: must be an object")
        s = e.get("start_time")
        if not _is_number(s):
            raise ValidationError(f"{path}: {at}.start_time: must be a number (got {s!r})")
        c = e.get("centers")
        if not (isinstance(c, list) and len(c) >= 1 and _is_prob(c[0])):
            raise ValidationError(
                f"{path}: {at}.centers: must be a list whose first item is a probability "
                f"in [0, 1] (got {c!r})"
            )
        end = e.get("end_time")
        if end is not None and not _is_number(end):
            raise ValidationError(f"{path}: {at}.end_time: must be a number or null (got {end!r})")
        starts.append(float(s))
        probs.append(float(c[0]))
        ends.append(None if end is None else float(end))
    if starts:
        latest = max(range(len(starts)), key=lambda k: (starts[k], k))
        last_end = ends[latest]
        if last_end is not None and last_end >= starts[latest]:
            # the latest step ended and nothing followed: no forecast from its end_time on
            starts.append(last_end)
            probs.append(math.nan)
    return Series.from_points(starts, probs)


def _series_legacy(path: Path | str, history: Any, where: str) -> Series:
    if not isinstance(history, list):
        raise ValidationError(f"{path}: {where}: must be a list")
    times: list[float] = []
    probs: list[float] = []
    for i, e in enumerate(history):
        at = f"{where}[{i}]"
        if not isinstance(e, dict):
            raise ValidationError(f"{path}: {at}: must be an object")
        t = e.get("t")
        if not _is_number(t):
            raise ValidationError(f"{path}: {at}.t: must be a number (got {t!r})")
        x1 = e.get("x1")
        q2 = x1.get("q2") if isinstance(x1, dict) else None
        if not _is_prob(q2):
            raise ValidationError(
                f"{path}: {at}.x1.q2: must be a probability in [0, 1] (got {q2!r})"
            )
        times.append(float(t))
        probs.append(float(q2))
    return Series.from_points(times, probs)


def read_community(path: Path) -> Series:
    """Read a community forecast series, detecting the format by content.

    Formats:

    (a) a Metaculus post JSON from the current API (``/api/posts/{id}/``):
        ``question.aggregations.recency_weighted.history[]``, each entry with ``start_time``,
        ``end_time`` (unix seconds; null for the current step) and ``centers[0]`` = P(yes). Each
        entry stands from its ``start_time`` until the next entry's ``start_time``; the last one
        until its ``end_time``, or for ever when that is null. An empty history (community
        prediction hidden or not yet revealed) gives an empty series.
    (b) the legacy api2 JSON: ``community_prediction.history[]`` at the top level or under
        ``question``, entries with ``t`` (unix seconds) and ``x1.q2`` (the median P(yes)); each
        stands until the next.
    (c) a CSV with columns ``timestamp, probability`` (an ``id`` column is ignored).

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    Series
        The community series.

    Raises
    ------
    ValidationError
        Invalid JSON, a JSON of neither format, a non-binary question, a bad entry (naming its
        path in the JSON), or a bad CSV.
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if not text.lstrip().startswith(("{", "[")):
        return read_series_csv(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ValidationError(f"{path}: line {e.lineno}: not valid JSON ({e.msg})") from None
    return community_from_json(data, str(path))


def community_from_json(data: Any, origin: str) -> Series:
    """The community series in a decoded Metaculus post JSON (formats (a) and (b) of :func:`read_community`).

    Parameters
    ----------
    data
        The decoded JSON document.
    origin
        Where it came from (a file or a URL), named in every error message.

    Returns
    -------
    Series
        The community series (empty when the history is empty).

    Raises
    ------
    ValidationError
        A JSON of neither format, a non-binary question, or a bad entry (naming its path in the JSON).
    """
    path = origin
    if isinstance(data, dict):
        q = data.get("question") if isinstance(data.get("question"), dict) else None
        for prefix, obj in (("question.", q), ("", data)):
            if obj is None:
                continue
            agg = obj.get("aggregations")
            if isinstance(agg, dict) and isinstance(agg.get("recency_weighted"), dict):
                qtype = obj.get("type")
                if qtype not in (None, "binary"):
                    raise ValidationError(
                        f"{path}: only binary questions can be scored (question type is {qtype!r})"
                    )
                where = f"{prefix}aggregations.recency_weighted.history"
                return _series_current(path, agg["recency_weighted"].get("history"), where)
        for prefix, obj in (("", data), ("question.", q)):
            if obj is None:
                continue
            cp = obj.get("community_prediction")
            if isinstance(cp, dict) and "history" in cp:
                where = f"{prefix}community_prediction.history"
                return _series_legacy(path, cp["history"], where)
    raise ValidationError(
        f"{path}: not a recognised community series: expected a Metaculus post JSON "
        "(question.aggregations.recency_weighted.history), a legacy api2 JSON "
        "(community_prediction.history) or a CSV with columns timestamp, probability"
    )


def series_from_log(entries: Iterable[LoggedForecast]) -> Series:
    """Turn recorded forecasts (:func:`summitcast.forecastlog.read_log`) into a series.

    Each forecast stands from its ``timestamp`` (when it was made and published) until the next;
    an entry without a probability (an annulled question) means no forecast from then on.

    Parameters
    ----------
    entries
        The log entries of one question.

    Returns
    -------
    Series
        The series (empty for an empty log).
    """
    items = list(entries)
    return Series.from_points(
        [e.timestamp.timestamp() for e in items],
        [math.nan if e.probability is None else e.probability for e in items],
    )


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
        raise ValidationError(
            f"{question.id}: the question is not resolved; give the outcome (--outcome yes|no)"
        )
    elif question.resolution.outcome == "annulled":
        raise ValidationError(
            f"{question.id}: the question was annulled; annulled questions are not scored"
        )
    else:
        result = question.resolution.outcome
    obs = 1 if result == "yes" else 0
    opens, closes, resolved = question_span(question)
    span = {"opens": opens, "closes": closes, "resolved": resolved}
    return {
        "id": question.id,
        "ours": series_scores(obs, ours, **span),
        "community": series_scores(obs, community, **span),
        "peer": series_peer_score(obs, ours, community, **span),
    }


def render_compare_text(result: dict[str, Any], *, outcome: str | None = None) -> str:
    """Render :func:`compare_question`'s result as a small table.

    Parameters
    ----------
    result
        The result of :func:`compare_question` (or one question of ``score --json``).
    outcome
        The outcome, shown in the title when given.

    Returns
    -------
    str
        A header, one row per series, and the peer score.
    """
    title = f"{result['id']}" + (f" (outcome: {outcome})" if outcome else "")
    lines = [title, _table_header()]
    lines.append(_table_row("", "ours", result["ours"], result.get("peer")))
    if result.get("community") is not None:
        lines.append(_table_row("", "community", result["community"], None))
    peer = result.get("peer")
    if peer is not None:
        lines.append(
            f"peer score, ours vs community: {peer:+.2f} "
            f"({'ours better' if peer > 0 else 'community better' if peer < 0 else 'equal'})"
        )
    return "\n".join(lines)


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

    def render_text(self) -> str:
        """The human table, headed by what it scores."""
        head = _what_is_scored(self.sources)
        return "\n".join([*head, render_compare_text(self.scores, outcome=self.outcome)])


def compare_recorded(
    directory: Path,
    question_id: str,
    community_path: Path | None,
    *,
    outcome: str | None = None,
    ours_csv: Path | None = None,
) -> CompareResult:
    """Score a question's recorded forecasts (or another series) against a community series.

    Parameters
    ----------
    directory
        The forecasts directory.
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
    from .forecastlog import read_log
    from .workspace import Workspace

    ws = Workspace(directory)
    ws.require()
    question = ws.load_question(question_id)
    if ours_csv is not None:
        ours = read_series_csv(Path(ours_csv), question_id=question_id)
    else:
        entries = read_log(ws.log_path(question_id))
        if not entries:
            raise ValidationError(
                f"{ws.log_path(question_id)}: no recorded forecasts for '{question_id}' "
                "(they are written by new/add/window/resolve); give --ours CSV to score another series"
            )
        ours = series_from_log(entries)
    if community_path is None:
        community_path = _recorded_community(directory, question_id)
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
    from .model import trajectory

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


#: Where a community series for question ID may be recorded beside its file, in the order looked for: the CSV
#: that ``pull`` writes, then an old-style Metaculus post JSON saved by hand.
COMMUNITY_SUFFIXES = (".community.csv", ".community.json")


def _is_post_json(path: Path) -> bool:
    """Whether ``path`` holds a Metaculus post JSON (``pull``'s provenance sidecar is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and any(
        k in data for k in ("question", "aggregations", "community_prediction")
    )


def community_path(directory: Path, question_id: str) -> Path | None:
    """The community series recorded beside a question, if any: ``DIR/ID.community.csv`` or ``.json``.

    The CSV (``timestamp, probability``; what ``summitcast pull`` writes) comes first. ``DIR/ID.community.json`` is
    ``pull``'s provenance sidecar; it counts as a series only when it is itself a Metaculus post JSON (current or
    legacy API) saved there by hand. Either is read by :func:`read_community`; the weekly report scores the
    question's trajectory against it, and ``compare`` uses it when no ``--community`` is given.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.

    Returns
    -------
    Path or None
        The first series file that exists.
    """
    from .workspace import Workspace

    csv_path, json_path = Workspace(directory).community_paths(question_id)
    if csv_path.is_file():
        return csv_path
    if json_path.is_file() and _is_post_json(json_path):
        return json_path
    return None


def _recorded_community(directory: Path, question_id: str) -> Path:
    found = community_path(directory, question_id)
    if found is None:
        raise ValidationError(
            f"no community series recorded for '{question_id}' "
            f"(no {question_id}.community.csv in {directory}): give --community FILE, "
            f"or save one with: summitcast pull {question_id} --metaculus POST"
        )
    return found
