"""The weekly PDF report (``summitcast report``): where each question stands, what moved it, how good we have been.

:func:`build_report` reads every question in the forecasts directory, computes the forecasts as of the end of the
last day (Sunday) of an ISO week, or of today while the week is not over, and writes one PDF (and, optionally, one PNG per page):

1. a summary page: what needs attention as of Sunday (``summitcast due``); every question open at some point that
   week or resolved in it, with its forecast at the week's end, its 80% interval, its change over the week and
   its status; the biggest movers; the evidence logged that week;
2. for each event with several questions, a page of its meeting-date distribution (P by the end of each month,
   with the 80% band, and its questions at their deadlines), followed by its questions' pages;
3. one page per question: the forecast over time with its band, evidence, windows, deadline and the week
   highlighted; a waterfall from the prior to the final number; its event's curve and the event's other
   questions; the week's new evidence;
4. a track record page when resolved questions exist (the model's daily trajectory: calibration, Brier and its
   decomposition, log, baseline and AUC with intervals, over time, per source type) and each resolved question's
   scores;
5. a reliability page when a reliability fit exists.

The package: :mod:`~summitcast.render.report.data` computes the numbers (numpy only), :mod:`~summitcast.render.report.layout`
writes pages (the PDF writer, a flow of text and tables that continues on further pages),
:mod:`~summitcast.render.report.pages` lays out the summary, question and event pages and
:mod:`~summitcast.render.report.scores` the track record and reliability pages. The output is deterministic: the same
inputs and ``SOURCE_DATE_EPOCH`` give a byte-identical PDF. Every number and title is drawn as text (fonts embedded
as TrueType subsets), and the ledger's text is drawn as written (:mod:`summitcast.render.fonts`). docs/report.md
describes each page.

Only this package, :mod:`summitcast.render.plotting` and :mod:`summitcast.render.fonts` import matplotlib; the command line
imports this package lazily.
"""

from __future__ import annotations

import datetime as dt
import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from matplotlib.backends.backend_pdf import PdfPages

from summitcast import __version__
from summitcast.errors import ValidationError
from summitcast.render.fonts import literal_text
from summitcast.store.workspace import Workspace

from .data import collect, default_report_path, parse_week, week_bounds, week_of
from .layout import PAGE_SIZE, RC, Progress, Writer
from .pages import event_page, question_pages, summary_pages
from .scores import reliability_page, track_pages

__all__ = [
    "PAGE_SIZE",
    "ReportResult",
    "build_report",
    "default_report_path",
    "parse_week",
    "week_bounds",
    "week_of",
]


@dataclass(frozen=True)
class ReportResult:
    """What :func:`build_report` wrote.

    Attributes
    ----------
    path
        The PDF.
    week
        The ISO week, ``YYYY-Www``.
    start, as_of
        The week's Monday, and the day forecasts are as of (the end of): its Sunday, or today while the week is
        not over.
    pages
        Number of pages in the PDF.
    questions
        Ids of the questions reported on (one page or more each), in page order.
    png
        The PNG files written (one per page), empty without ``png_dir``.
    calibration
        Whether the track record (calibration and scores) was included (resolved questions exist).
    reliability
        Whether a reliability page was included (a fit exists).
    notes
        Things the reader should know (no community series recorded, a stale fit, ...).
    seconds
        Wall time taken.
    events
        Ids of the events that got a meeting-date page (those with several questions), in page order.
    warnings
        The library warnings raised while drawing (category: message), kept here instead of reaching the
        terminal; none is expected (a test checks), so any is a bug to report.
    """

    path: Path
    week: str
    start: dt.date
    as_of: dt.date
    pages: int
    questions: tuple[str, ...]
    png: tuple[Path, ...] = ()
    calibration: bool = False
    reliability: bool = False
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    events: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """A few human lines for the command line to print."""
        lines = [
            f"Wrote {self.path} ({self.pages} page{'s' if self.pages != 1 else ''}): week {self.week}, "
            f"{self.start.isoformat()} to {self.as_of.isoformat()}"
            f"{'' if self.as_of.weekday() == 6 else ' (the week so far, as of today)'}, "
            f"{len(self.questions)} question{'s' if len(self.questions) != 1 else ''}"
            + (f" ({', '.join(self.questions)})" if self.questions else "")
        ]
        if self.events:
            lines.append(f"Event pages: {', '.join(self.events)}")
        if self.png:
            lines.append(f"PNG: {len(self.png)} file(s) in {self.png[0].parent}")
        lines.extend(f"Note: {n}" for n in self.notes)
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of the result."""
        return {
            "path": str(self.path),
            "week": self.week,
            "start": self.start.isoformat(),
            "as_of": self.as_of.isoformat(),
            "pages": self.pages,
            "questions": list(self.questions),
            "events": list(self.events),
            "png": [str(p) for p in self.png],
            "calibration": self.calibration,
            "reliability": self.reliability,
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
        }


def _creation_date(as_of: dt.date) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError):
            raise ValidationError(
                f"SOURCE_DATE_EPOCH: expected seconds since 1970 (got {epoch!r})"
            ) from None
    return dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.UTC)


@contextmanager
def _quiet_rc() -> Iterator[None]:
    with literal_text(RC):
        yield


def build_report(
    ws: Workspace,
    week: str | None = None,
    out: Path | None = None,
    *,
    today: dt.date,
    png_dir: Path | None = None,
    progress: bool = True,
) -> ReportResult:
    """Write the weekly PDF report of the questions in ``ws``.

    Parameters
    ----------
    ws
        The forecasts folder.
    week
        The ISO week ``YYYY-Www`` (default: the week containing ``today``). Forecasts are as of the end of its
        Sunday, or of ``today`` while the week is not over (the week so far: the numbers ``summitcast show``
        gives today). A week that starts after ``today`` is refused.
    out
        The PDF to write (default ``reports/YYYY-Www.pdf`` relative to the current directory); its folder is
        created.
    png_dir
        When given, each page is also written there as ``YYYY-Www-NN-<name>.png``.
    today
        Today's date (the command line reads it once: ``$SUMMITCAST_TODAY``, else the clock).
    progress
        Show a progress bar (click's) on stderr when the work takes more than a second and stderr is a terminal.

    Returns
    -------
    ReportResult
        The path, page count, questions and notes; :meth:`ReportResult.summary` is what the CLI prints.

    Raises
    ------
    ValidationError
        A malformed ``week``, or one that starts after ``today``.
    LedgerError
        The folder does not exist.
    """
    # no library warning reaches the user's terminal (matplotlib's, numpy's): they are kept in the result
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = _build(ws, week, out, png_dir=png_dir, today=today, progress=progress)
    return replace(result, warnings=tuple(f"{w.category.__name__}: {w.message}" for w in caught))


def _build(
    ws: Workspace,
    week: str | None,
    out: Path | None,
    *,
    png_dir: Path | None,
    today: dt.date,
    progress: bool,
) -> ReportResult:
    t0 = time.perf_counter()
    if week is None:
        week = week_of(today)
    monday, sunday = parse_week(week)
    week = week_of(monday)
    if monday > today:
        raise ValidationError(
            f"week {week} starts on {monday.isoformat()}, after today ({today.isoformat()}): there is no "
            "forecast of it yet"
        )
    sunday = min(sunday, today)  # the week so far: as of the end of today, as `show` gives it today
    out = Path(out) if out is not None else default_report_path(week)
    bar = Progress(1, progress)
    data = collect(ws, monday, sunday, step=bar.step)
    bar.total = 2 + 2 * len(data.questions) + len(data.events) + (1 if data.learned else 0)
    out.parent.mkdir(parents=True, exist_ok=True)
    if png_dir is not None:
        png_dir = Path(png_dir)
        png_dir.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    metadata = {
        "Title": f"summitcast weekly report {week}",
        "Subject": f"Forecasts as of {sunday.isoformat()} ({monday.isoformat()} to {sunday.isoformat()})",
        "Author": "summitcast",
        "Creator": f"summitcast {__version__}",
        "Keywords": " ".join(d.question.id for d in data.questions),
        "CreationDate": _creation_date(sunday),
    }
    pages_of_event = {e.event.id: e for e in data.events}
    try:
        with _quiet_rc(), PdfPages(tmp, metadata=metadata) as pdf:
            writer = Writer(pdf, png_dir, week, f"summitcast weekly report {week}")
            summary_pages(writer, data, week)
            bar.step("summary")
            for d in data.questions:
                e = pages_of_event.pop(d.event.id, None)
                if e is not None:
                    event_page(writer, e, week, data)
                    bar.step(f"event {e.event.id}")
                question_pages(writer, d, week, data)
                bar.step(f"page {d.question.id}")
            if data.resolved:
                track_pages(writer, data)
                bar.step("track record")
            if data.learned is not None:
                reliability_page(writer, ws, data.learned)
                bar.step("reliability")
        os.replace(tmp, out)
    finally:
        bar.close()
        if tmp.exists():
            tmp.unlink()
    return ReportResult(
        path=out,
        week=week,
        start=monday,
        as_of=sunday,
        pages=writer.pages,
        questions=tuple(d.question.id for d in data.questions),
        png=tuple(writer.png),
        calibration=bool(data.resolved),
        reliability=data.learned is not None,
        notes=tuple(data.notes),
        seconds=time.perf_counter() - t0,
        events=tuple(e.event.id for e in data.events),
    )
