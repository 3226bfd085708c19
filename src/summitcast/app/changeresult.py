"""What a change of the ledger reports and records, and the checks of a user's values it starts with.

:class:`ChangeResult` lists every affected question's forecast before and after the change; :func:`record_forecast`
appends a question's forecast to its log. Creating (:mod:`summitcast.app.create`) and changing
(:mod:`summitcast.app.changes`) share them, and the two checks :func:`check_text` and :func:`check_finite`. Errors
name fields (``title``, ``lr``); the command line turns them into flags.

Examples
--------
>>> check_text("title", "Will A and B meet?")
>>> try:
...     check_finite(lr=float("inf"))
... except ValidationError as e:
...     print(e.field, e)
lr must be a finite number (got inf)
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from summitcast import __version__
from summitcast.domain.question import Question
from summitcast.errors import ValidationError
from summitcast.model import Forecast
from summitcast.store.forecastlog import LoggedForecast, append_forecast
from summitcast.store.workspace import Workspace

__all__ = [
    "AddResult",
    "ChangeResult",
    "QuestionChange",
    "check_finite",
    "check_text",
    "record_forecast",
]


@dataclass(frozen=True)
class QuestionChange:
    """One question's forecast before and after a change (as of today)."""

    question: Question
    before: Forecast | None
    after: Forecast

    def to_json(self) -> dict[str, Any]:
        """The question's part of a change's JSON document."""
        return {
            "id": self.question.id,
            "before": None if self.before is None else self.before.to_json(),
            "after": self.after.to_json(),
        }


@dataclass(frozen=True)
class ChangeResult:
    """What a changing command reports: the file written and every affected question's forecasts."""

    action: str
    path: Any
    target: str
    kind: str
    changes: list[QuestionChange]
    item_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: what the change did besides the named question (e.g. the siblings a ``yes`` resolved with it)
    notes: list[str] = field(default_factory=list)

    @property
    def question(self) -> Question:
        """The first affected question (the one named, for a self-contained file)."""
        return self.changes[0].question

    @property
    def before(self) -> Forecast | None:
        """The named question's forecast before the change."""
        return self.changes[0].before

    @property
    def after(self) -> Forecast:
        """The named question's forecast after the change."""
        return self.changes[0].after

    forecast = after  # the v1 name

    @property
    def evidence_id(self) -> str | None:
        """The item added or changed (v1 name)."""
        return self.item_id

    @property
    def contribution(self) -> float:
        """The item's effective log-odds shift as of today (0 for a reprint, or once its window has passed)."""
        if self.item_id is None or not self.changes:
            return 0.0
        return self.changes[0].after.contributions.get(self.item_id, 0.0)

    def to_json(self) -> dict[str, Any]:
        """The JSON document of a change (``add``, ``window``, ``resolve``, ...)."""
        out: dict[str, Any] = {
            "id": self.target,
            "kind": self.kind,
            "action": self.action,
            "path": str(self.path),
            "questions": [c.to_json() for c in self.changes],
            "warnings": self.warnings,
        }
        if (
            self.notes
        ):  # only when there are any: the document of every other change stays as it was
            out["notes"] = self.notes
        if self.changes:
            out["forecast"] = self.after.to_json()
            out["before"] = None if self.before is None else self.before.to_json()
            out["after"] = self.after.to_json()
        if self.item_id is not None:
            out["evidence_id"] = self.item_id
            out["item_id"] = self.item_id
            out["contribution"] = self.contribution
        return out


AddResult = ChangeResult


def check_finite(**options: float | None) -> None:
    """Refuse a value that is given but not a finite number.

    Parameters
    ----------
    **options
        Field name -> value (``None``: not given).

    Raises
    ------
    ValidationError
        Naming the field of the first value that is NaN or infinite.
    """
    for name, value in options.items():
        if value is not None and not math.isfinite(value):
            raise ValidationError(f"must be a finite number (got {value})", field=name)


def check_text(name: str, value: str | None, *, required: bool = True) -> None:
    """Refuse an empty text (only blanks), or a missing one when it is ``required``.

    Parameters
    ----------
    name
        The field (``title``, ``source``, ...).
    value
        The text, or ``None`` when it is not given.
    required
        Whether ``None`` is refused too.

    Raises
    ------
    ValidationError
        Naming the field.
    """
    if value is None:
        if required:
            raise ValidationError("is required", field=name)
        return
    if not value.strip():
        raise ValidationError("must not be empty", field=name)


def _now(today: dt.date) -> dt.datetime:
    now = dt.datetime.now(dt.UTC)
    return now if today == now.date() else dt.datetime.combine(today, now.timetz())


def record_forecast(ws: Workspace, fc: Forecast, command: str, today: dt.date) -> None:
    """Append ``fc`` to its question's forecast log, stamped now (on ``today``, if today is pinned).

    Parameters
    ----------
    ws
        The workspace (it knows where the log is).
    fc
        The forecast the question gives after the change.
    command
        The change that made it (``new``, ``add ITEM``, ``resolve yes``, ...).
    today
        Today as the command line read it (``$SUMMITCAST_TODAY`` or the clock).
    """
    append_forecast(
        ws.log_path(fc.id),
        LoggedForecast(
            id=fc.id,
            timestamp=_now(today),
            as_of=fc.as_of,
            probability=fc.probability,
            low=fc.low,
            high=fc.high,
            evidence_used=fc.evidence_used,
            version=__version__,
            command=command,
        ),
    )
