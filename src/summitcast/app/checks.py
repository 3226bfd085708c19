"""Checking the ledger: what ``summitcast check`` finds, as library functions.

Every file is read and judged (the reader's rules, then the rules across files and time: a resolution and the
day, resolutions of one event that contradict each other, stray files, files a killed writer left); one line
per problem. :func:`resolution_conflicts` is also the rule ``resolve`` applies before it writes. Errors name
fields, never command-line flags.
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
from summitcast.errors import LedgerError, UnknownQuestionError
from summitcast.store.workspace import Workspace

__all__ = [
    "CheckResult",
    "check",
    "folder_problems",
    "leftovers",
    "migration_notes",
    "resolution_conflicts",
    "resolution_problems",
    "time_problems",
]


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
