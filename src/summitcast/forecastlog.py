"""The recorded forecasts: an append-only CSV log beside each question file.

Every command that changes a question (``new``, ``add``, ``window``, ``resolve``) appends the forecast the question
then gives to ``<DIR>/<id>.forecasts.csv``. This is what the forecaster published; ``compare`` scores it later.
Lines are only ever appended (one ``write`` of a whole line on a file opened with ``O_APPEND``, then ``fsync``),
never rewritten.

Columns (header written once, when the log is created):

``id``
    the question id (so that the log is itself a valid ``score --ours`` file);
``timestamp``
    when the forecast was made, ISO 8601 in UTC with a ``Z``;
``as_of``
    the day the forecast is as of (``YYYY-MM-DD``);
``probability``, ``low``, ``high``
    the point forecast and its 80% interval; empty for an annulled question;
``evidence_used``
    how many evidence items the forecast saw;
``version``
    the summitcast version that computed it;
``command``
    what changed the question (``new``, ``add <evidence id>``, ``window <id>``, ``resolve <outcome>``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LOG_COLUMNS", "LoggedForecast", "append_forecast", "log_path", "read_log"]

LOG_COLUMNS = (
    "id",
    "timestamp",
    "as_of",
    "probability",
    "low",
    "high",
    "evidence_used",
    "version",
    "command",
)


@dataclass(frozen=True)
class LoggedForecast:
    """One line of the recorded-forecasts log."""

    id: str
    timestamp: dt.datetime
    as_of: dt.date
    probability: float | None
    low: float | None
    high: float | None
    evidence_used: int
    version: str
    command: str


def log_path(directory: Path, question_id: str) -> Path:
    """Return the path of the recorded-forecasts log of ``question_id`` in ``directory``."""
    return Path(directory) / f"{question_id}.forecasts.csv"


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.6f}"


def append_forecast(directory: Path, entry: LoggedForecast) -> Path:
    """Append ``entry`` to its question's log, creating the log with a header if needed.

    The caller holds the question's lock; the line is written with a single ``write`` on an ``O_APPEND``
    descriptor and ``fsync``-ed, so a crash leaves either the whole line or none of it.

    Parameters
    ----------
    directory
        The forecasts directory.
    entry
        The forecast to record.

    Returns
    -------
    Path
        The log file.
    """
    path = log_path(directory, entry.id)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    new = not path.exists() or path.stat().st_size == 0
    if new:
        writer.writerow(LOG_COLUMNS)
    ts = entry.timestamp.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    writer.writerow(
        [
            entry.id,
            ts,
            entry.as_of.isoformat(),
            _fmt(entry.probability),
            _fmt(entry.low),
            _fmt(entry.high),
            entry.evidence_used,
            entry.version,
            entry.command,
        ]
    )
    data = buf.getvalue().encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def _opt_float(text: str) -> float | None:
    return float(text) if text.strip() else None


def read_log(directory: Path, question_id: str) -> list[LoggedForecast]:
    """Read a question's recorded forecasts, oldest first (an empty list when there is no log).

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.

    Returns
    -------
    list of LoggedForecast
        In file order, which is the order they were made.
    """
    path = log_path(directory, question_id)
    if not path.exists():
        return []
    out = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            ts = dt.datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00"))
            out.append(
                LoggedForecast(
                    id=row["id"],
                    timestamp=ts,
                    as_of=dt.date.fromisoformat(row["as_of"]),
                    probability=_opt_float(row["probability"]),
                    low=_opt_float(row["low"]),
                    high=_opt_float(row["high"]),
                    evidence_used=int(row["evidence_used"] or 0),
                    version=row["version"],
                    command=row["command"],
                )
            )
    return out
