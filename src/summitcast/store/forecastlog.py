"""The recorded forecasts: an append-only CSV log beside each question file.

Every command that changes a question (``new``, ``add``, ``window``, ``resolve``) appends the forecast the question
then gives to its log (``Workspace.log_path``: ``<DIR>/<id>.forecasts.csv``). This is what the forecaster published; ``compare`` scores it later.
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

__all__ = ["LOG_COLUMNS", "LoggedForecast", "append_forecast", "read_log"]

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


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.6f}"


def append_forecast(path: Path, entry: LoggedForecast) -> Path:
    """Append ``entry`` to a log (``Workspace.log_path``), creating it with a header if needed.

    The caller holds the question's (or its event's) lock; the line is written with a single ``write`` on an
    ``O_APPEND`` descriptor and ``fsync``-ed, so a crash leaves either the whole line or none of it.

    Parameters
    ----------
    path
        The log file.
    entry
        The forecast to record.

    Returns
    -------
    Path
        The log file.
    """
    path = Path(path)
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
    # O_NOFOLLOW: a log that is a link is never written through (the Workspace refuses it before any write)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    return path


def _opt_float(text: str) -> float | None:
    return float(text) if text and text.strip() else None


def read_log(path: Path) -> list[LoggedForecast]:
    """Read a question's recorded forecasts, oldest first (an empty list when there is no log).

    Parameters
    ----------
    path
        The log file (``Workspace.log_path``).

    Returns
    -------
    list of LoggedForecast
        In file order, which is the order they were made.

    Raises
    ------
    LedgerError
        Naming the file and line of a malformed row.
    """
    from summitcast.errors import LedgerError

    path = Path(path)
    if not path.exists():
        return []
    out = []
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            for row in reader:
                try:
                    ts = dt.datetime.fromisoformat(row["timestamp"].replace("Z", "+00:00"))
                    if ts.tzinfo is None:
                        ts = ts.replace(tzinfo=dt.UTC)
                    out.append(
                        LoggedForecast(
                            id=row["id"],
                            timestamp=ts,
                            as_of=dt.date.fromisoformat(row["as_of"]),
                            probability=_opt_float(row["probability"]),
                            low=_opt_float(row["low"]),
                            high=_opt_float(row["high"]),
                            evidence_used=int(row["evidence_used"] or 0),
                            version=row["version"] or "",
                            command=row["command"] or "",
                        )
                    )
                except (KeyError, TypeError, ValueError, AttributeError) as exc:
                    raise LedgerError(
                        path, [(reader.line_num, None, f"malformed recorded forecast ({exc})")]
                    ) from None
    except UnicodeDecodeError as exc:
        raise LedgerError(path, [(None, None, f"not UTF-8 text ({exc.reason})")]) from None
    return out
