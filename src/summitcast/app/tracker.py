"""Reading the ledger: what ``show``, ``list``, ``history`` and ``check`` compute, as library functions.

Each function takes the :class:`Workspace` the command line opened, the day, and plain values and returns a result object; printing is the caller's
business (:mod:`summitcast.render.text`). Changing the ledger is :mod:`summitcast.app.changes`. Errors name fields, never
command-line flags.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitcast.domain.event import Event
from summitcast.domain.question import Question, Window
from summitcast.errors import LedgerError, UnknownQuestionError, ValidationError
from summitcast.model import (
    EventForecast,
    Forecast,
    LearnedReliability,
    Trajectory,
    apply_status,
    compute_event,
    event_forecast,
    forecast,
    meeting_day,
    optional_float,
    status_as_of,
    trajectory,
)
from summitcast.store.forecastlog import LoggedForecast, read_log
from summitcast.store.workspace import Workspace

__all__ = [
    "CheckResult",
    "EventShowResult",
    "ListResult",
    "ListRow",
    "ShowResult",
    "check",
    "history",
    "learned_reliability",
    "list_questions",
    "resolution_conflicts",
    "show",
]


def learned_reliability(ws: Workspace, *, use_fit: bool = True) -> LearnedReliability | None:
    """The stored reliability fit of the workspace, if there is one and it is to be used (numpy only)."""
    if not use_fit or not ws.fit_path.exists():
        return None
    from summitcast.fit import load_learned

    return load_learned(ws.root)


def _met(ws: Workspace, question: Question) -> dt.date | None:
    """The day of the meeting the question's event records (a ``yes`` of any of its questions), if any."""
    if question.event is None:
        return None
    return meeting_day(ws.questions_of(question.event), dt.date.max)


def _last_recorded(ws: Workspace, question_id: str) -> LoggedForecast | None:
    log = read_log(ws.log_path(question_id))
    return log[-1] if log else None


def _fit_json(learned: LearnedReliability | None) -> str | None:
    return None if learned is None else ("stale" if learned.stale else "current")


# ------------------------------------------------------------------------------------------- show


@dataclass(frozen=True)
class ShowResult:
    """What ``show ID`` reports: the forecast, the question and its event, the last published forecast, the fit."""

    question: Question
    event: Event
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
        out["reliability_fit"] = _fit_json(self.learned)
        return out


@dataclass(frozen=True)
class EventShowResult:
    """What ``show EVENT`` reports: the event's curve and the forecast of each of its questions."""

    event: Event
    result: EventForecast
    learned: LearnedReliability | None

    def to_json(self) -> dict[str, Any]:
        """The ``show EVENT --json`` document (CONTRACT section 6)."""
        out = self.result.to_json()
        out["title"] = self.event.title
        out["reliability_fit"] = _fit_json(self.learned)
        return out


def show(
    ws: Workspace,
    ident: str,
    as_of: dt.date,
    by: dt.date | None = None,
    *,
    use_fit: bool = True,
) -> ShowResult | EventShowResult:
    """The forecast of one question (or of one event and all its questions) and what drives it.

    Parameters
    ----------
    ws
        The forecasts folder.
    ident
        A question id, or an event id (then ``by`` is not allowed).
    as_of
        The day (the command line gives today by default).
    by
        The horizon of a question (default its deadline).
    use_fit
        Use the stored reliability fit when there is one (``--no-fit``: the stated defaults).

    Returns
    -------
    ShowResult or EventShowResult
        The forecast and its context.
    """
    ws.require()
    target = ws.target(ident)
    learned = learned_reliability(ws, use_fit=use_fit)
    if target.kind == "event":
        questions = ws.questions_of(target.event.id)
        res = event_forecast(target.event, questions, as_of, learned=learned, by=by)
        return EventShowResult(target.event, res, learned)
    q = target.question
    assert q is not None
    fc = forecast(q, as_of, by, event=target.event, learned=learned, met=_met(ws, q))
    return ShowResult(q, target.event, fc, _last_recorded(ws, q.id), learned)


# ------------------------------------------------------------------------------------------- list


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
    """What ``list`` reports: a row per readable question, and the files that could not be read."""

    as_of: dt.date
    rows: list[ListRow]
    learned: LearnedReliability | None
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``list --json`` document."""
        return {
            "as_of": self.as_of.isoformat(),
            "questions": [
                {
                    "id": r.question.id,
                    "event": r.question.event,
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
            "problems": self.problems,
            "reliability_fit": _fit_json(self.learned),
        }


def list_questions(ws: Workspace, as_of: dt.date, *, use_fit: bool = True) -> ListResult:
    """Every question with its forecast, its change over 7 days and its status.

    Questions of one event are computed together, once per event. A file that cannot be read is named in
    ``problems`` and the other questions are still listed.

    Parameters
    ----------
    ws
        The forecasts folder.
    as_of
        The day (the command line gives today by default).
    use_fit
        Use the stored reliability fit when there is one.

    Returns
    -------
    ListResult
        One row per readable question, sorted by id.
    """
    ws.require()
    learned = learned_reliability(ws, use_fit=use_fit)
    loaded, bad = ws.load_all()
    by_event: dict[str, tuple[Event, list[Question]]] = {}
    for q, ev in loaded:
        by_event.setdefault(ev.id if q.event else f"\0{q.id}", (ev, []))[1].append(q)
    rows: dict[str, ListRow] = {}
    days = [as_of - dt.timedelta(days=7), as_of]
    for ev, questions in by_event.values():
        arrays = compute_event(ev, days, [q.deadline for q in questions], learned=learned)
        met = meeting_day(questions, dt.date.max) if not ev.standalone else None
        for j, q in enumerate(questions):
            p, lo, hi = (x[:, j].copy() for x in (arrays.point, arrays.low, arrays.high))
            statuses = [status_as_of(q, d, met) for d in days]
            apply_status(statuses, p, lo, hi)
            then, now = optional_float(p[0]), optional_float(p[1])
            rows[q.id] = ListRow(
                q,
                statuses[1],
                now,
                optional_float(lo[1]),
                optional_float(hi[1]),
                None if then is None or now is None else now - then,
            )
    problems = [line for exc in bad for line in exc.lines()]
    return ListResult(as_of, [rows[k] for k in sorted(rows)], learned, problems)


# ---------------------------------------------------------------------------------------- history


def history(
    ws: Workspace,
    question_id: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    every: int = 1,
    *,
    today: dt.date,
    use_fit: bool = True,
) -> Trajectory:
    """The forecast on every ``every``-th day from ``start`` to ``end`` (both included when on the step).

    ``start`` defaults to the question's ``opens``; ``end`` to its resolution date when resolved, else today.
    Days before ``opens`` are ``not-open`` (no forecast).

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question.
    start, end
        The first and last day.
    today
        Today (the default ``end`` of an unresolved question).
    every
        The step in days (>= 1).
    use_fit
        Use the stored reliability fit when there is one.

    Returns
    -------
    Trajectory
        Computed in one vectorised pass.
    """
    ws.require()
    if every < 1:
        raise ValidationError(f"must be at least 1 (got {every})", field="every")
    ws.refuse_event(
        question_id,
        f"`summitcast show {question_id}` gives its curve; history takes one of its questions",
    )
    q, ev = ws.load(question_id)
    given_end = end is not None
    start = start or q.opens
    if end is None:
        end = q.resolution.date if q.resolution is not None else today
    if end < start:
        if not given_end:
            raise ValidationError.mentioning(
                "'{qid}' opens on {opens}, after today ({end_}): no forecast to show yet "
                "(give {start} and {end} to see the days before it opens)",
                {"qid": q.id, "opens": q.opens, "end_": end},
            )
        raise ValidationError(f"must not be before the start ({end} < {start})", field="end")
    n = (end - start).days
    days = [start + dt.timedelta(days=k) for k in range(0, n + 1, every)]
    learned = learned_reliability(ws, use_fit=use_fit)
    return trajectory(q, days, event=ev, learned=learned, met=_met(ws, q))


# ------------------------------------------------------------------------------------------ check


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: how many files, and one line per problem."""

    directory: Path
    files: int
    problems: list[str] = field(default_factory=list)
    events: int = 0
    notes: list[str] = field(default_factory=list)
    #: what is not invalid but should not be there: temporary files left by a writer killed mid-write
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every file is valid."""
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        """The ``check --json`` document."""
        out: dict[str, Any] = {
            "directory": str(self.directory),
            "ok": self.ok,
            "questions": self.files,
            "events": self.events,
            "problems": self.problems,
            "notes": self.notes,
        }
        # only when there are any, so that the document of a clean folder stays as it was
        if self.warnings:
            out["warnings"] = self.warnings
        return out


def migration_notes(path: str | None, windows: tuple[Window, ...]) -> list[str]:
    """How to migrate each v2 window (no ``kind``) of a file: the kind it is read as, and the line to write.

    Examples
    --------
    >>> w = Window("trip", "Trip", dt.date(2025, 3, 1), dt.date(2025, 3, 2), kind="summit", legacy=True)
    >>> migration_notes("events/e.toml", (w,))[0][:60]
    "events/e.toml: windows[0] (id 'trip'): a v2 window without k"
    """
    out = []
    for i, w in enumerate(windows):
        if not w.legacy:
            continue
        read = f"kind '{w.kind}'" + (f" with hazard {w.hazard:g}" if w.kind == "period" else "")
        out.append(
            f"{path}: windows[{i}] (id '{w.id}'): a v2 window without kind, read as {read} by its "
            f'hazard (docs/format.md); to migrate, add kind = "{w.kind}" (or the kind rubric v3 gives, '
            "docs/encoding.md section 4)"
        )
    return out


def time_problems(question: Question | None, event: Event | None, now: dt.date) -> list[str]:
    """What a file says that time does not allow: an outcome or a statement after ``now``.

    Parameters
    ----------
    question
        A question (its event applied), whose resolution is checked, or ``None``.
    event
        An event (a self-contained question seen as one), whose evidence is checked, or ``None``.
    now
        Today.

    Returns
    -------
    list of str
        One line per problem, naming the file and key.
    """
    out = []
    r = None if question is None else question.resolution
    if question is not None and r is not None and r.outcome != "annulled":
        implicit = r.outcome == "no" and r.date == question.deadline + dt.timedelta(days=1)
        if not implicit and r.date > now:
            out.append(f"{question.path}: resolution.date: {r.date} is after today ({now})")
        if implicit and question.deadline >= now:
            out.append(
                f"{question.path}: resolution: 'no' before the deadline ({question.deadline}) has "
                "passed needs the date it was settled"
            )
    if event is not None:
        for i, e in enumerate(event.evidence):
            for key in ("date", "logged"):
                value = getattr(e, key)
                if value > now:
                    out.append(
                        f"{event.path}: evidence[{i}] (id '{e.id}').{key}: {value} is after today ({now})"
                    )
    return out


def resolution_problems(event: Event, questions: list[Question]) -> list[str]:
    """Whether the questions of one event agree on what happened (CONTRACT section 6).

    A ``yes`` on day M means the meeting was on M: every question whose span holds M is ``yes`` on M, and no
    ``no`` question's span holds M.
    """
    out = []
    yes = [q for q in questions if q.resolution is not None and q.resolution.outcome == "yes"]
    days = sorted({q.resolution.date for q in yes})  # type: ignore[union-attr]
    if len(days) > 1:
        named = ", ".join(f"{q.id} on {q.resolution.date}" for q in yes)  # type: ignore[union-attr]
        out.append(
            f"{event.path}: questions of event '{event.id}' are resolved yes on different days ({named}); "
            "the event is one meeting"
        )
    if not days:
        return out
    met = days[0]
    for q in questions:
        holds = q.opens <= met <= q.deadline
        r = q.resolution
        if holds and (r is None or r.outcome != "yes") and (r is None or r.outcome != "annulled"):
            state = "unresolved" if r is None else f"resolved {r.outcome}"
            out.append(
                f"{q.path}: resolution: the event's meeting on {met} lies in this question's span "
                f"({q.opens}..{q.deadline}), so it must be yes on {met} (it is {state})"
            )
    return out


def resolution_conflicts(question: Question, others: list[Question]) -> list[str]:
    """How a question's resolution contradicts those of the other questions of its event (CONTRACT section 6).

    The event is one meeting: a ``yes`` on day M means a meeting on M, so every question whose span holds M is
    ``yes`` on M, and a ``no`` means no meeting within its span. ``resolve`` refuses a resolution with a conflict;
    a question left unresolved is not one (``check`` reports it until it is resolved).

    Parameters
    ----------
    question
        The question, with its (new) resolution.
    others
        The questions of the same event (``question`` itself among them is skipped).

    Returns
    -------
    list of str
        One line per conflict; empty when there is none.
    """
    r = question.resolution
    if r is None or r.outcome == "annulled":
        return []
    out = []
    for other in others:
        o = other.resolution
        if other.id == question.id or o is None:
            continue
        if o.outcome == "yes" and r.outcome == "yes" and r.date != o.date:
            out.append(
                f"'{other.id}' of the same event is resolved yes on {o.date}: the event is one "
                f"meeting, so a yes here is on {o.date} too (got {r.date})"
            )
        if (
            o.outcome == "yes"
            and r.outcome == "no"
            and question.opens <= o.date <= question.deadline
        ):
            out.append(
                f"'{other.id}' of the same event is resolved yes on {o.date}, within this question's "
                f"span ({question.opens}..{question.deadline}): the meeting makes it a yes on {o.date}"
            )
        if o.outcome == "no" and r.outcome == "yes" and other.opens <= r.date <= other.deadline:
            out.append(
                f"'{other.id}' of the same event is resolved no, and {r.date} lies within its span "
                f"({other.opens}..{other.deadline}); `summitcast reopen {other.id}` first if they met"
            )
    return out


def folder_problems(ws: Workspace) -> list[str]:
    """What in the folder is no ledger file though it looks like one, or would lead a write outside it.

    A ``.toml`` name that is a dangling link or a directory, ``events`` that is not a folder, and ``events/`` or
    ``.summitcast/`` that are links (every command refuses to write, lock or cache through them).
    """
    out = []
    for d in (ws.root / "events", ws.state_dir):
        if d.is_symlink():
            out.append(
                f"{d}: is a link to {d.resolve()}; summitcast never writes, locks or caches through a "
                f"linked folder: make {d.name} a real folder inside {ws.root}"
            )
    events = ws.root / "events"
    if events.exists() and not events.is_dir():
        out.append(f"{events}: is not a folder (event files live in {events}/<event>.toml)")
    folders = [(ws.root, "a question")] + ([(events, "an event")] if events.is_dir() else [])
    for folder, what in folders:
        for p in sorted(folder.glob("*.toml")):
            if p.is_symlink() and not p.exists():
                out.append(
                    f"{p}: is a link to {os.readlink(p)}, which does not exist (a dangling link, not "
                    f"{what} file)"
                )
            elif p.is_dir():
                out.append(f"{p}: is a directory, not {what} file")
    return out


def leftovers(ws: Workspace) -> list[str]:
    """Temporary files of atomic writes (``.<file>.<random>.tmp``) left by a writer that was killed mid-write."""
    out = []
    for folder in (ws.root, ws.root / "events"):
        if not folder.is_dir() or ws.linked_folder(folder / "x"):
            continue
        for p in sorted(folder.glob(".*.tmp")):
            name = p.name[1:].rsplit(".", 2)[0]
            out.append(
                f"{p}: a stale temporary file, left by a command killed while writing {name} (the file "
                "itself is whole: the interrupted change never reached it); delete it"
            )
    return out


def check(ws: Workspace, *, today: dt.date) -> CheckResult:
    """Validate every question and event file, their span rules, time, and the resolutions of each event.

    Parameters
    ----------
    ws
        The forecasts folder.
    today
        Today (no outcome or statement may be after it).

    Returns
    -------
    CheckResult
        One line per problem, each naming the file and the line or key.
    """
    ws.require()
    now = today
    problems: list[str] = []
    for eid in ws.event_ids():
        try:
            ws.load_event(eid)
        except LedgerError as exc:
            problems.extend(exc.lines())
    loaded = []
    for qid in ws.question_ids():
        try:
            text, q = ws.read_question(qid)
            if q.event is not None:
                try:
                    ws.load_event(q.event)
                except LedgerError:
                    continue  # the event's own problems are listed above
                except UnknownQuestionError as exc:
                    problems.append(f"{q.path}: event: {exc} (named by this question)")
                    continue
            loaded.append(ws.attach(q, text))
        except LedgerError as exc:
            problems.extend(exc.lines())
    events: dict[str, tuple[Event, list[Question]]] = {}
    for q, ev in loaded:
        problems.extend(time_problems(q, ev if q.event is None else None, now))
        events.setdefault(ev.id, (ev, []))[1].append(q)
    for eid in ws.event_ids():
        with contextlib.suppress(LedgerError):
            problems.extend(time_problems(None, ws.load_event(eid), now))
    notes: list[str] = []
    for ev, qs in events.values():
        problems.extend(resolution_problems(ev, qs))
        notes.extend(migration_notes(ev.path, ev.windows))
    for eid in ws.event_ids():
        if eid not in events:
            with contextlib.suppress(LedgerError):
                ev = ws.load_event(eid)
                notes.extend(migration_notes(ev.path, ev.windows))
    problems.extend(folder_problems(ws))
    return CheckResult(
        ws.root,
        len(ws.question_ids()),
        problems,
        len(ws.event_ids()),
        notes=notes,
        warnings=leftovers(ws),
    )
