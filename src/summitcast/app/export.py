"""``summitcast export``: the track record as files another tool can read.

* ``questions.csv``: ``id, opens, closes, outcome, resolved`` for every question resolved yes or no, exactly the
  questions file ``summitcast score --questions`` reads (``closes`` is the day after the deadline, i.e. the end of the
  deadline day; ``resolved`` the resolution date).
* ``forecasts.csv``: ``id, timestamp, probability, low, high, as_of, command`` for every recorded (published)
  forecast of every question, the shape ``score --ours`` reads (extra columns are ignored there).

``--json`` prints the same, plus the questions that are open or annulled, as one document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitcast.store.forecastlog import read_log
from summitcast.store.workspace import Workspace

__all__ = ["ExportResult", "export"]

QUESTION_COLUMNS = ("id", "opens", "closes", "outcome", "resolved")
FORECAST_COLUMNS = ("id", "timestamp", "probability", "low", "high", "as_of", "command")


@dataclass(frozen=True)
class ExportResult:
    """What was exported: the rows, and the files written (when a folder was given)."""

    questions: list[dict[str, Any]]
    forecasts: list[dict[str, Any]]
    others: list[dict[str, Any]]
    written: tuple[Path, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The ``export --json`` document."""
        return {
            "questions": self.questions,
            "forecasts": self.forecasts,
            "unresolved": self.others,
            "written": [str(p) for p in self.written],
        }


def _csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows({k: ("" if r.get(k) is None else r[k]) for k in columns} for r in rows)
    return buf.getvalue()


def export(ws: Workspace, out: Path | None = None) -> ExportResult:
    """Every resolved question and every recorded forecast, as ``score`` reads them.

    Parameters
    ----------
    ws
        The forecasts folder.
    out
        A folder to write ``questions.csv`` and ``forecasts.csv`` into (created if missing); ``None`` writes nothing.

    Returns
    -------
    ExportResult
        The rows, and the files written.
    """
    from summitcast.store.locking import atomic_write

    ws.require()
    loaded, bad = ws.load_all()
    if bad:
        raise bad[0]
    questions, others, forecasts = [], [], []
    for q, _ in sorted(loaded, key=lambda p: p[0].id):
        r = q.resolution
        if r is not None and r.outcome in ("yes", "no"):
            questions.append(
                {
                    "id": q.id,
                    "opens": q.opens.isoformat(),
                    "closes": (q.deadline + dt.timedelta(days=1)).isoformat(),
                    "outcome": r.outcome,
                    "resolved": r.date.isoformat(),
                }
            )
        else:
            others.append(
                {
                    "id": q.id,
                    "opens": q.opens.isoformat(),
                    "deadline": q.deadline.isoformat(),
                    "status": "annulled" if r is not None else "unresolved",
                }
            )
        for f in read_log(ws.log_path(q.id)):
            forecasts.append(
                {
                    "id": f.id,
                    "timestamp": f.timestamp.isoformat().replace("+00:00", "Z"),
                    "probability": f.probability,
                    "low": f.low,
                    "high": f.high,
                    "as_of": f.as_of.isoformat(),
                    "command": f.command,
                }
            )
    written: list[Path] = []
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        for name, cols, rows in (
            ("questions.csv", QUESTION_COLUMNS, questions),
            (
                "forecasts.csv",
                FORECAST_COLUMNS,
                [f for f in forecasts if f["probability"] is not None],
            ),
        ):
            atomic_write(out / name, _csv(cols, rows))
            written.append(out / name)
    return ExportResult(questions, forecasts, others, tuple(written))
