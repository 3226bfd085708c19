"""The tracker's operations: what each command does, as library functions the command line calls.

Each function takes the forecasts directory and plain values, does one thing (create a question, add an item,
compute a forecast, ...) and returns a result object; printing is the caller's business (:mod:`summitcast.render`).
Changes happen under the question's lock, re-read the file under it, validate the edited text before writing it
atomically, and record the forecast the question then gives in its log (:mod:`summitcast.forecastlog`).
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitcast import __version__
from summitcast.errors import LedgerError, QuestionExistsError, ValidationError
from summitcast.forecastlog import LoggedForecast, append_forecast, read_log
from summitcast.ledger import (
    append_evidence,
    append_window,
    did_you_mean,
    evidence_field_problems,
    load_question,
    load_question_text,
    parse_question,
    question_ids,
    question_path,
    read_question_text,
    render_new_question,
    set_resolution,
)
from summitcast.model import (
    Forecast,
    LearnedReliability,
    Trajectory,
    forecast,
    optional_float,
    trajectory,
)
from summitcast.question import ID_PATTERN, SOURCE_TYPES, STRENGTH_LR, Question
from summitcast.store import atomic_write, question_lock

__all__ = [
    "AddResult",
    "ChangeResult",
    "CheckResult",
    "ListResult",
    "ShowResult",
    "add_evidence",
    "add_window",
    "check",
    "default_directory",
    "history",
    "list_questions",
    "new_question",
    "resolve",
    "show",
    "today",
]


def today() -> dt.date:
    """Today in UTC, or ``$SUMMITCAST_TODAY`` (``YYYY-MM-DD``) when set (for reproducible examples and tests)."""
    pinned = os.environ.get("SUMMITCAST_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValidationError(
                f"SUMMITCAST_TODAY: expected YYYY-MM-DD (got {pinned!r})"
            ) from None
    return dt.datetime.now(dt.UTC).date()


def _now() -> dt.datetime:
    """The current UTC time; on the pinned day when ``$SUMMITCAST_TODAY`` is set."""
    now = dt.datetime.now(dt.UTC)
    pinned = today()
    return now if pinned == now.date() else dt.datetime.combine(pinned, now.timetz())


def default_directory() -> Path:
    """``$SUMMITCAST_DIR``, else ``./forecasts``."""
    return Path(os.environ.get("SUMMITCAST_DIR") or "forecasts")


def _learned(directory: Path) -> LearnedReliability | None:
    """The stored reliability fit of ``directory``, if there is one (numpy only; no PyMC)."""
    if not (Path(directory) / ".summitcast" / "reliability.npz").exists():
        return None
    from summitcast.reliability import load_learned

    return load_learned(directory)


# ------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class ShowResult:
    """What ``show`` reports: the forecast, the question, the last published forecast, the fit's state."""

    question: Question
    forecast: Forecast
    last_recorded: LoggedForecast | None
    learned: LearnedReliability | None

    def to_json(self) -> dict[str, Any]:
        """The ``show --json`` document."""
        out = self.forecast.to_json()
        out["title"] = self.question.title
        last = self.last_recorded
        out["last_recorded"] = (
            None
            if last is None
            else {
                "timestamp": last.timestamp.isoformat().replace("+00:00", "Z"),
                "as_of": last.as_of.isoformat(),
                "probability": last.probability,
            }
        )
        out["reliability_fit"] = (
            None if self.learned is None else ("stale" if self.learned.stale else "current")
        )
        return out


def show(
    directory: Path, question_id: str, as_of: dt.date | None = None, by: dt.date | None = None
) -> ShowResult:
    """The forecast of one question and what drives it.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    as_of
        The day (default today).
    by
        The horizon (default the deadline).

    Returns
    -------
    ShowResult
        The forecast and its context.
    """
    q = load_question(directory, question_id)
    learned = _learned(directory)
    fc = forecast(q, as_of or today(), by, learned=learned)
    log = read_log(directory, question_id)
    return ShowResult(q, fc, log[-1] if log else None, learned)


@dataclass(frozen=True)
class ListRow:
    """One question in ``list``."""

    question: Question
    status: str
    probability: float | None
    low: float | None
    high: float | None
    change_7d: float | None


@dataclass(frozen=True)
class ListResult:
    """What ``list`` reports."""

    as_of: dt.date
    rows: list[ListRow]
    learned: LearnedReliability | None

    def to_json(self) -> dict[str, Any]:
        """The ``list --json`` document."""
        return {
            "as_of": self.as_of.isoformat(),
            "questions": [
                {
                    "id": r.question.id,
                    "title": r.question.title,
                    "status": r.status,
                    "probability": r.probability,
                    "interval": None if r.low is None else [r.low, r.high],
                    "change_7d": r.change_7d,
                    "opens": r.question.opens.isoformat(),
                    "deadline": r.question.deadline.isoformat(),
                }
                for r in self.rows
            ],
            "reliability_fit": (
                None if self.learned is None else ("stale" if self.learned.stale else "current")
            ),
        }


def list_questions(directory: Path, as_of: dt.date | None = None) -> ListResult:
    """Every question with its forecast, its change over 7 days and its status.

    Parameters
    ----------
    directory
        The forecasts directory.
    as_of
        The day (default today).

    Returns
    -------
    ListResult
        One row per question, sorted by id.
    """
    if not Path(directory).is_dir():
        raise ValidationError(f"{directory}: no such directory (set --dir or $SUMMITCAST_DIR)")
    as_of = as_of or today()
    learned = _learned(directory)
    rows = []
    for qid in question_ids(directory):
        q = load_question(directory, qid)
        tr = trajectory(q, [as_of - dt.timedelta(days=7), as_of], learned=learned)
        p_then, p_now = optional_float(tr.probability[0]), optional_float(tr.probability[1])
        change = None if p_then is None or p_now is None else p_now - p_then
        rows.append(
            ListRow(
                q,
                tr.status[1],
                p_now,
                optional_float(tr.low[1]),
                optional_float(tr.high[1]),
                change,
            )
        )
    return ListResult(as_of, rows, learned)


def history(
    directory: Path,
    question_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    every: int = 1,
) -> Trajectory:
    """The forecast on every ``every``-th day from ``start`` to ``end`` (both included when on the step).

    ``start`` defaults to the question's ``opens``; ``end`` to its resolution date when resolved, else today.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    start, end
        The first and last day.
    every
        The step in days (>= 1).

    Returns
    -------
    Trajectory
        Computed in one vectorised pass.
    """
    q = load_question(directory, question_id)
    start = start or q.opens
    if end is None:
        end = q.resolution.date if q.resolution is not None else today()
    if every < 1:
        raise ValidationError(f"--every: must be at least 1 (got {every})")
    if end < start:
        raise ValidationError(f"--end: must not be before --start ({end} < {start})")
    n = (end - start).days
    days = [start + dt.timedelta(days=k) for k in range(0, n + 1, every)]
    return trajectory(q, days, learned=_learned(directory))


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: how many files, and one line per problem."""

    directory: Path
    files: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every file is valid."""
        return not self.problems


def check(directory: Path) -> CheckResult:
    """Validate every question file in ``directory``, collecting every problem of every file.

    Parameters
    ----------
    directory
        The forecasts directory.

    Returns
    -------
    CheckResult
        One line per problem, each naming the file and the line or key.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise ValidationError(f"{directory}: no such directory (set --dir or $SUMMITCAST_DIR)")
    problems: list[str] = []
    ids = question_ids(directory)
    for qid in ids:
        path = question_path(directory, qid)
        try:
            parse_question(read_question_text(path), path)
        except LedgerError as exc:
            problems.extend(exc.lines())
    return CheckResult(directory, len(ids), problems)


# ------------------------------------------------------------------------------------------ writing


@dataclass(frozen=True)
class ChangeResult:
    """What a changing command reports: the question's forecast after the change (as of today)."""

    question: Question
    forecast: Forecast
    path: Path
    action: str

    def to_json(self) -> dict[str, Any]:
        """The JSON document of ``new``, ``window`` and ``resolve``."""
        return {
            "id": self.question.id,
            "action": self.action,
            "path": str(self.path),
            "forecast": self.forecast.to_json(),
        }


@dataclass(frozen=True)
class AddResult:
    """What ``add`` reports: the forecast before and after, and the new item's contribution."""

    question: Question
    evidence_id: str
    before: Forecast
    after: Forecast
    path: Path

    @property
    def contribution(self) -> float:
        """The new item's effective log-odds shift as of today (0 for a reprint or an expired item)."""
        return self.after.contributions.get(self.evidence_id, 0.0)

    def to_json(self) -> dict[str, Any]:
        """The ``add --json`` document."""
        return {
            "id": self.question.id,
            "evidence_id": self.evidence_id,
            "contribution": self.contribution,
            "before": self.before.to_json(),
            "after": self.after.to_json(),
        }


def _record(directory: Path, q: Question, fc: Forecast, command: str) -> None:
    append_forecast(
        directory,
        LoggedForecast(
            id=q.id,
            timestamp=_now(),
            as_of=fc.as_of,
            probability=fc.probability,
            low=fc.low,
            high=fc.high,
            evidence_used=fc.evidence_used,
            version=__version__,
            command=command,
        ),
    )


def _commit(
    directory: Path,
    q_id: str,
    new_text: str,
    command: str,
    learned: LearnedReliability | None = None,
) -> tuple[Question, Forecast]:
    """Validate ``new_text``, write it atomically, record the new forecast. The caller holds the lock."""
    path = question_path(directory, q_id)
    q = parse_question(new_text, path)
    fc = forecast(q, today(), learned=learned if learned is not None else _learned(directory))
    atomic_write(path, new_text)
    _record(directory, q, fc, command)
    return q, fc


def _check_finite(**options: float | None) -> None:
    """Reject inf and nan on the command line, naming the option (the file format rejects them too)."""
    for name, value in options.items():
        if value is not None and not math.isfinite(value):
            flag = "--" + name.replace("_days", "").replace("_", "-")
            raise ValidationError(f"{flag}: must be a finite number (got {value})")


def _check_id(question_id: str) -> None:
    if not ID_PATTERN.match(question_id):
        raise ValidationError(
            f"invalid question id '{question_id}': use lowercase letters, digits and hyphens "
            "(e.g. trump-kim-2026)"
        )


def new_question(
    directory: Path,
    question_id: str,
    *,
    title: str,
    opens: dt.date,
    deadline: dt.date,
    prior: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
) -> ChangeResult:
    """Create ``<directory>/<question_id>.toml``.

    Parameters
    ----------
    directory
        The forecasts directory (created if missing).
    question_id
        The new question's id (lowercase letters, digits, hyphens).
    title, opens, deadline, prior, weight, criteria, rationale
        As in the question file; ``criteria`` defaults to a standard in-person-meeting rule.

    Returns
    -------
    ChangeResult
        The new question and its first forecast.
    """
    _check_id(question_id)
    if not title.strip():
        raise ValidationError("--title: must not be empty")
    if criteria is not None and not criteria.strip():
        raise ValidationError("--criteria: must not be empty (leave it out for the default rule)")
    if rationale is not None and not rationale.strip():
        rationale = None
    if not 0 < prior < 1:
        raise ValidationError(f"--prior: must be between 0 and 1, exclusive (got {prior})")
    _check_finite(weight=weight)
    if weight is not None and not weight > 0:
        raise ValidationError(f"--weight: must be > 0 (got {weight})")
    if deadline < opens:
        raise ValidationError(f"--deadline: must not be before --opens ({deadline} < {opens})")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    text = render_new_question(
        title=title,
        opens=opens,
        deadline=deadline,
        probability=prior,
        weight=weight,
        criteria=criteria,
        rationale=rationale,
    )
    with question_lock(directory, question_id):
        path = question_path(directory, question_id)
        if path.exists():
            raise QuestionExistsError(f"question '{question_id}' already exists: {path}")
        q, fc = _commit(directory, question_id, text, "new")
    return ChangeResult(q, fc, path, "new")


_FLAG = {
    "lr": "--lr",
    "strength": "--strength",
    "direction": "--for/--against",
    "source_type": "--source-type",
    "reliability": "--reliability",
    "half_life_days": "--half-life",
    "logged": "--date",
    "window": "--window",
}


def _slug(source: str, says: str) -> str:
    text = re.sub(r"['’]", "", f"{source} {says}".lower())  # "I'd" -> "id", not "i-d"
    words = re.findall(r"[a-z0-9]+", text)
    stop = {"the", "a", "an", "of", "to", "and", "in", "on", "for", "is", "it", "that", "with", "s"}
    kept = [w for w in words if w not in stop] or ["item"]
    slug = ""
    for w in kept:
        if len(slug) + len(w) + 1 > 40:
            break
        slug = f"{slug}-{w}" if slug else w
    return slug or kept[0][:40]


def add_evidence(
    directory: Path,
    question_id: str,
    *,
    source: str,
    says: str,
    lr: float | None = None,
    strength: str | None = None,
    direction: str | None = None,
    source_type: str | None = None,
    date: dt.date | None = None,
    logged: dt.date | None = None,
    origin: str | None = None,
    reliability: float | None = None,
    window: str | None = None,
    half_life_days: float | None = None,
    url: str | None = None,
    evidence_id: str | None = None,
) -> AddResult:
    """Append one evidence item to a question.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    source, says, lr, strength, direction, source_type, date, logged, origin, reliability, window,
    half_life_days, url
        The item's fields (CONTRACT section 1); ``date`` and ``logged`` default to today.
    evidence_id
        The item's id; default a readable slug of the source and what was said, made unique.

    Returns
    -------
    AddResult
        The forecast before and after, and the item's contribution.

    Raises
    ------
    ValidationError
        For an invalid value, naming the option; the file is left untouched.
    """
    now = today()
    date = date or now
    logged = logged or now
    item: dict[str, Any] = {
        "id": evidence_id,
        "date": date,
        "logged": logged,
        "source": source,
        "source_type": source_type,
        "origin": origin,
        "says": says,
        "url": url,
        "lr": lr,
        "strength": strength,
        "direction": direction,
        "reliability": reliability,
        "window": window,
        "half_life_days": half_life_days,
    }
    present = {k: v for k, v in item.items() if v is not None}
    for key in ("source", "says"):
        if not item[key].strip():
            raise ValidationError(f"--{key}: must not be empty")
    if evidence_id is not None and not evidence_id.strip():
        raise ValidationError("--id: must not be empty")
    if strength is not None and strength not in STRENGTH_LR:
        hint = did_you_mean(strength, STRENGTH_LR) or f" (one of {', '.join(STRENGTH_LR)})"
        raise ValidationError(f"--strength: unknown strength '{strength}'{hint}")
    if source_type is not None and source_type not in SOURCE_TYPES:
        hint = did_you_mean(source_type, SOURCE_TYPES) or f" (one of {', '.join(SOURCE_TYPES)})"
        raise ValidationError(f"--source-type: unknown source type '{source_type}'{hint}")
    _check_finite(lr=lr, reliability=reliability, half_life_days=half_life_days)
    for key, msg in evidence_field_problems(present):
        if key == "logged":
            msg = (
                f"must not be after the day it is logged ({date} > {logged}); "
                "a statement is recorded once it has been made (give --logged if you learned it later)"
            )
        raise ValidationError(f"{_FLAG.get(key, key)}: {msg}")

    directory = Path(directory)
    path = question_path(directory, question_id)
    with question_lock(directory, question_id):
        text, q = load_question_text(directory, question_id)
        if window is not None and window not in {w.id for w in q.windows}:
            known = [w.id for w in q.windows]
            hint = did_you_mean(window, known) or (
                f" (windows: {', '.join(known)})" if known else " (the question has no windows)"
            )
            raise ValidationError(f"--window: unknown window '{window}' in {path}{hint}")
        ids = {e.id for e in q.evidence}
        if evidence_id is None:
            base = _slug(source, says)
            evidence_id, k = base, 2
            while evidence_id in ids:
                evidence_id, k = f"{base}-{k}", k + 1
        elif evidence_id in ids:
            raise ValidationError(f"--id: evidence id '{evidence_id}' already exists in {path}")
        item["id"] = evidence_id
        learned = _learned(directory)
        before = forecast(q, now, learned=learned)
        q2, after = _commit(
            directory, question_id, append_evidence(text, item), f"add {evidence_id}", learned
        )
    return AddResult(q2, evidence_id, before, after, path)


def add_window(
    directory: Path,
    question_id: str,
    *,
    window_id: str,
    name: str,
    start: dt.date,
    end: dt.date,
    hazard: float,
) -> ChangeResult:
    """Add a ``[[windows]]`` entry (a scheduled trip or summit) to a question.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    window_id, name, start, end, hazard
        The window (CONTRACT section 1); it must lie within the question's span.

    Returns
    -------
    ChangeResult
        The question and its forecast after the change.
    """
    if not window_id.strip():
        raise ValidationError("--id: must not be empty")
    if not name.strip():
        raise ValidationError("--name: must not be empty")
    _check_finite(hazard=hazard)
    if not hazard >= 0:
        raise ValidationError(f"--hazard: must be >= 0 (got {hazard})")
    if end < start:
        raise ValidationError(f"--end: must not be before --start ({end} < {start})")
    directory = Path(directory)
    path = question_path(directory, question_id)
    with question_lock(directory, question_id):
        text, q = load_question_text(directory, question_id)
        if any(w.id == window_id for w in q.windows):
            raise ValidationError(f"--id: window '{window_id}' already exists in {path}")
        if start < q.opens or end > q.deadline:
            raise ValidationError(
                f"--start/--end: the window {start}..{end} must lie within the question's span "
                f"{q.opens}..{q.deadline}"
            )
        text = append_window(
            text,
            {"id": window_id, "name": name, "start": start, "end": end, "hazard": float(hazard)},
        )
        q2, fc = _commit(directory, question_id, text, f"window {window_id}")
    return ChangeResult(q2, fc, path, f"window {window_id}")


def resolve(
    directory: Path,
    question_id: str,
    outcome: str,
    *,
    date: dt.date | None = None,
    note: str | None = None,
) -> ChangeResult:
    """Record a question's outcome (``yes``, ``no`` or ``annulled``).

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question.
    outcome
        ``yes``, ``no`` or ``annulled``.
    date
        The resolution date (default today).
    note
        Free text, e.g. the source that settles it.

    Returns
    -------
    ChangeResult
        The question and its forecast after the change.
    """
    if outcome not in ("yes", "no", "annulled"):
        raise ValidationError(f"outcome: must be yes, no or annulled (got {outcome!r})")
    date = date or today()
    directory = Path(directory)
    path = question_path(directory, question_id)
    with question_lock(directory, question_id):
        text, q = load_question_text(directory, question_id)
        if q.resolution is not None:
            r = q.resolution
            raise ValidationError(
                f"'{question_id}' is already resolved {r.outcome} on {r.date}; edit the [resolution] "
                f"table of {path} to change it"
            )
        if date < q.opens:
            raise ValidationError(
                f"--date: must not be before the question opens ({date} < {q.opens})"
            )
        text = set_resolution(
            text,
            {"outcome": outcome, "date": date, "note": note if note and note.strip() else None},
        )
        q2, fc = _commit(directory, question_id, text, f"resolve {outcome}")
    return ChangeResult(q2, fc, path, f"resolve {outcome}")
