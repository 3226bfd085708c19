"""Reading probability series and questions: the ``score`` CSVs, community series (CSV or Metaculus JSON) and the
forecast log. Parsing only: the scores are computed in :mod:`summitcast.evaluation.comparison`.

Every problem with the user's input raises :class:`~summitcast.errors.ValidationError` naming the file, the line
and the column (or the entry's path in a JSON document).

Examples
--------
A Metaculus post JSON: each step stands from its ``start_time`` (seconds) until the next one's.

>>> steps = [{"start_time": 0, "end_time": 86400, "centers": [0.3]},
...          {"start_time": 86400, "end_time": None, "centers": [0.4]}]
>>> post = {"question": {"type": "binary", "aggregations": {"recency_weighted": {"history": steps}}}}
>>> s = community_from_json(post, "post.json")
>>> s.times.tolist(), s.probs.tolist()
([0.0, 86400.0], [0.3, 0.4])
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from summitcast.errors import ValidationError
from summitcast.scoring.community_json import community_from_json
from summitcast.scoring.series import Series

if TYPE_CHECKING:
    from summitcast.store.forecastlog import LoggedForecast
    from summitcast.store.workspace import Workspace

__all__ = [
    "COMMUNITY_SUFFIXES",
    "QUESTION_COLUMNS",
    "SERIES_COLUMNS",
    "ForecastRows",
    "QuestionTable",
    "community_from_json",
    "community_path",
    "read_community",
    "read_forecasts",
    "read_questions",
    "read_series_csv",
    "series_from_log",
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
class QuestionTable:
    """The questions of a ``score --questions`` CSV, in the file's order (times in seconds since the epoch)."""

    path: Path
    ids: list[str]
    index: dict[str, int]
    opens: NDArray[np.float64]
    closes: NDArray[np.float64]
    resolved: NDArray[np.float64]  # NaN: none given
    obs: NDArray[np.bool_]


def read_questions(path: Path) -> QuestionTable:
    """Read a ``score --questions`` CSV: ``id, opens, closes, outcome[, resolved]`` (extra columns ignored).

    Parameters
    ----------
    path
        The CSV.

    Returns
    -------
    QuestionTable
        The questions, their spans and outcomes; ``resolved`` is NaN where none is given.

    Raises
    ------
    ValidationError
        A missing column, a bad value or a duplicate id (naming the line and column).
    """
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
    return QuestionTable(
        path,
        ids,
        index,
        np.array(opens, dtype=float),
        np.array(closes, dtype=float),
        np.array(resolved, dtype=float),
        np.array(obs, dtype=bool),
    )


@dataclass
class ForecastRows:
    """The rows of a forecasts CSV: each row's question (an index into the questions), time and probability."""

    group: NDArray[np.intp]
    times: NDArray[np.float64]
    probs: NDArray[np.float64]
    unknown: dict[str, int]  # id -> number of rows ignored


def read_forecasts(path: Path, index: dict[str, int]) -> ForecastRows:
    """Read a forecasts CSV ``id, timestamp, probability`` of many questions (``score --ours``/``--community``).

    Parameters
    ----------
    path
        The CSV (rows in any order; extra columns ignored).
    index
        Question id -> its index (:attr:`QuestionTable.index`); rows for other ids are counted in ``unknown``.

    Returns
    -------
    ForecastRows
        The rows of known questions, in the file's order.

    Raises
    ------
    ValidationError
        A missing column or a bad value (naming the line and column).
    """
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
    return ForecastRows(
        np.array(group, dtype=np.intp),
        np.array(times, dtype=float),
        np.array(probs, dtype=float),
        unknown,
    )


# --------------------------------------------------------------------------------------------------
# one series: ours (``compare --ours``), a community's, the forecast log


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


def series_from_log(entries: Iterable[LoggedForecast]) -> Series:
    """Turn recorded forecasts (:func:`summitcast.store.forecastlog.read_log`) into a series.

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


def community_path(ws: Workspace, question_id: str) -> Path | None:
    """The community series recorded beside a question, if any: ``DIR/ID.community.csv`` or ``.json``.

    The CSV (``timestamp, probability``; what ``summitcast pull`` writes) comes first. ``DIR/ID.community.json`` is
    ``pull``'s provenance sidecar; it counts as a series only when it is itself a Metaculus post JSON (current or
    legacy API) saved there by hand. Either is read by :func:`read_community`; the weekly report scores the
    question's trajectory against it, and ``compare`` uses it when no ``--community`` is given.

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question.

    Returns
    -------
    Path or None
        The first series file that exists.
    """
    csv_path, json_path = ws.community_paths(question_id)
    if csv_path.is_file():
        return csv_path
    if json_path.is_file() and _is_post_json(json_path):
        return json_path
    return None
