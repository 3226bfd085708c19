"""The weekly PDF report (``summitcast report``): where each question stands, what moved it, how good we have been.

:func:`build_report` reads every question in the forecasts directory, computes the forecasts as of the end of the
last day (Sunday) of an ISO week and writes one PDF (and, optionally, one PNG per page):

1. a summary page: every question open at some point that week or resolved in it, with its forecast at the week's
   end, its 80% interval, its change over the week and its status; the biggest movers; the evidence logged that week;
2. one page per question: the forecast over time with its band, evidence, windows, deadline and the week
   highlighted; a waterfall from the prior to the final number; the week's new evidence;
3. a calibration page when resolved questions exist (calibration diagram and per-question scores);
4. a reliability page when a reliability fit exists.

Tables that run long continue on further pages. The output is deterministic: the same inputs and
``SOURCE_DATE_EPOCH`` give a byte-identical PDF. Every number and title is drawn as text (fonts embedded as
TrueType subsets: DejaVu Sans, and WenQuanYi Micro Hei for Hangul, Chinese and Japanese), so it can be searched
and extracted; the ledger's text is drawn as written, never as mathtext (:mod:`summitcast.fonts`).
docs/report.md describes each page.

Only this module, :mod:`summitcast.plotting` and :mod:`summitcast.fonts` import matplotlib; the command line
imports this module lazily.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
import sys
import textwrap
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from summitcast import __version__
from summitcast.errors import ValidationError
from summitcast.event import Event, as_event
from summitcast.fonts import literal_text
from summitcast.model import (
    Forecast,
    LearnedReliability,
    Trajectory,
    evidence_terms,
    forecast,
    status_as_of,
    trajectory,
)
from summitcast.plotting import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    EvidenceMarker,
    draw_table,
    fit_text,
    format_percent,
    plot_calibration,
    plot_probability_history,
    plot_reliability,
    plot_waterfall,
)
from summitcast.question import Evidence, Question
from summitcast.scoring import calibration_bins, series_scores
from summitcast.workspace import Workspace

__all__ = [
    "PAGE_SIZE",
    "ReportResult",
    "build_report",
    "default_report_path",
    "parse_week",
    "week_bounds",
    "week_of",
]

#: A4 landscape, in inches.
PAGE_SIZE = (11.69, 8.27)
#: Local matplotlib settings of every report figure (never set globally), on top of
#: :func:`summitcast.fonts.literal_text_rc` (no mathtext, the CJK font fallback, TrueType embedding).
RC: dict[str, Any] = {
    "svg.hashsalt": "summitcast",
    "font.size": 8,
    "axes.titlesize": 9,
    "axes.labelsize": 7.5,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": True,
}
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
#: The progress bar appears only once the work has taken this long (seconds).
PROGRESS_AFTER = 1.0
#: Waterfall: at most this many items get their own bar; the rest are summed into one.
WATERFALL_ITEMS = 10
#: Vertical layout, inches.
_MARGIN = 0.45
_ROW = 0.17


# ------------------------------------------------------------------------------------------ weeks


def parse_week(text: str) -> tuple[dt.date, dt.date]:
    """Return the Monday and Sunday of an ISO week written ``YYYY-Www``.

    Parameters
    ----------
    text
        The week, e.g. ``2025-W44``.

    Returns
    -------
    (datetime.date, datetime.date)
        Its first (Monday) and last (Sunday) day.

    Raises
    ------
    ValidationError
        When ``text`` is not of that form or names a week the year does not have.

    Examples
    --------
    >>> parse_week("2025-W44")
    (datetime.date(2025, 10, 27), datetime.date(2025, 11, 2))
    """
    m = _WEEK.match(text.strip()) if isinstance(text, str) else None
    if m is None:
        raise ValidationError(f"--week: expected YYYY-Www, e.g. 2025-W44 (got {text!r})")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValidationError(
            f"--week: {text!r} is not a week of {year} (ISO weeks run from W01 to W52 or W53)"
        ) from None
    return monday, monday + dt.timedelta(days=6)


def week_of(day: dt.date) -> str:
    """The ISO week containing ``day``, as ``YYYY-Www``.

    Examples
    --------
    >>> week_of(dt.date(2025, 11, 2)), week_of(dt.date(2026, 1, 1))
    ('2025-W44', '2026-W01')
    """
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_bounds(week: str) -> tuple[dt.date, dt.date]:
    """Alias of :func:`parse_week`: the Monday and Sunday of ``week``."""
    return parse_week(week)


def default_report_path(week: str) -> Path:
    """``reports/YYYY-Www.pdf``, relative to the current working directory (CONTRACT section 3)."""
    return Path("reports") / f"{week}.pdf"


# ------------------------------------------------------------------------------------------ result


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
        The week's Monday and Sunday; forecasts are as of the end of ``as_of``.
    pages
        Number of pages in the PDF.
    questions
        Ids of the questions reported on (one page or more each), in page order.
    png
        The PNG files written (one per page), empty without ``png_dir``.
    calibration
        Whether a calibration page was included (resolved questions exist).
    reliability
        Whether a reliability page was included (a fit exists).
    notes
        Things the reader should know (no community series recorded, a stale fit, ...).
    seconds
        Wall time taken.
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

    def summary(self) -> str:
        """A few human lines for the command line to print."""
        lines = [
            f"Wrote {self.path} ({self.pages} page{'s' if self.pages != 1 else ''}): week {self.week}, "
            f"{self.start.isoformat()} to {self.as_of.isoformat()}, "
            f"{len(self.questions)} question{'s' if len(self.questions) != 1 else ''}"
            + (f" ({', '.join(self.questions)})" if self.questions else "")
        ]
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
            "png": [str(p) for p in self.png],
            "calibration": self.calibration,
            "reliability": self.reliability,
            "notes": list(self.notes),
            "seconds": round(self.seconds, 3),
        }


# ------------------------------------------------------------------------------------------ data


@dataclass
class _QuestionData:
    """Everything the report shows about one question."""

    question: Question
    now: Forecast
    start_probability: float | None
    new: bool
    days: list[dt.date]
    path: Trajectory
    contribution_on_logging: dict[str, float]
    week_items: list[Evidence] = field(default_factory=list)
    event: Event | None = None

    @property
    def ev(self) -> Event:
        """The question's event (the question itself when self-contained)."""
        return self.event if self.event is not None else as_event(self.question)

    @property
    def change(self) -> float | None:
        p, s = self.now.probability, self.start_probability
        return None if p is None or s is None else p - s


def _days(a: dt.date, b: dt.date) -> list[dt.date]:
    return [a + dt.timedelta(days=k) for k in range((b - a).days + 1)]


def _in_report(q: Question, monday: dt.date, sunday: dt.date) -> bool:
    """Open on some day of the week, or resolved (yes, no or annulled) within it."""
    if q.resolution is not None and monday <= q.resolution.date <= sunday:
        return True
    first = max(monday, q.opens)
    return (
        any(status_as_of(q, d) == "open" for d in _days(first, sunday))
        if first <= sunday
        else False
    )


def _question_data(
    q: Question,
    monday: dt.date,
    sunday: dt.date,
    learned: LearnedReliability | None,
    event: Event | None = None,
) -> _QuestionData:
    ev = event if event is not None else as_event(q)
    now = forecast(q, sunday, event=ev, learned=learned)
    days = _days(q.opens, sunday)
    path = trajectory(q, days, event=ev, learned=learned)
    before = monday - dt.timedelta(days=1)
    new = q.opens > before
    start = path.probability[0] if new else path.probability[(before - q.opens).days]
    start_p = None if math.isnan(start) else float(start)
    # each item's effective contribution on the day it was logged (when it entered the forecast)
    contrib: dict[str, float] = {}
    if ev.evidence:
        logged = [max(e.logged, q.opens) for e in ev.evidence]
        terms = evidence_terms(ev, logged, learned=learned)
        for i, e in enumerate(ev.evidence):
            contrib[e.id] = float(terms.contribution[i, i])
    week_items = sorted(
        (e for e in ev.evidence if monday <= e.logged <= sunday),
        key=lambda e: (e.logged, e.date, e.id),
    )
    return _QuestionData(q, now, start_p, new, days, path, contrib, week_items, ev)


def _minus(text: str) -> str:
    return text.replace("-", "−")


def _points(change: float | None) -> str:
    if change is None:
        return "—"
    v = 100 * change
    return "0.0" if abs(v) < 0.05 else _minus(f"{v:+.1f}")


def _interval(lo: float | None, hi: float | None) -> str:
    if lo is None or hi is None:
        return "—"
    return f"{format_percent(lo)}–{format_percent(hi)}"


def _lr_text(e: Evidence) -> str:
    if e.strength is not None:
        return f"{e.strength} {e.direction}"
    assert e.lr is not None
    return f"LR {e.lr:.3g}"


def _date(d: dt.date) -> str:
    return d.isoformat()


# ------------------------------------------------------------------------------------------ pages


class _Progress:
    """The report's progress on stderr: a :func:`click.progressbar`, only when the stream is a terminal and only
    once the work has taken more than :data:`PROGRESS_AFTER` seconds (a quick report prints nothing)."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None):
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and _isatty(self.stream)
        self.t0 = time.perf_counter()
        self.done = 0
        self._stack = ExitStack()
        self._bar: Any = None

    def step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self._bar is None:
            if time.perf_counter() - self.t0 < PROGRESS_AFTER:
                return
            import click

            self._bar = self._stack.enter_context(
                click.progressbar(
                    length=self.total,
                    label="report",
                    file=self.stream,
                    show_pos=True,
                    item_show_func=lambda item: None if item is None else str(item)[:40],
                )
            )
            self._bar.update(self.done - 1)
        self._bar.update(1, current_item=label)

    def close(self) -> None:
        self._stack.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


class _Writer:
    """Saves pages to the PDF (and PNGs), numbering them."""

    def __init__(self, pdf: PdfPages, png_dir: Path | None, stem: str, footer: str):
        self.pdf = pdf
        self.png_dir = png_dir
        self.stem = stem
        self.footer = footer
        self.pages = 0
        self.png: list[Path] = []

    def new_page(self) -> Figure:
        fig = Figure(figsize=PAGE_SIZE)
        FigureCanvasAgg(fig)
        return fig

    def save(self, fig: Figure, name: str) -> None:
        self.pages += 1
        fig.text(
            1 - _MARGIN / PAGE_SIZE[0],
            0.25 / PAGE_SIZE[1],
            f"{self.footer} · page {self.pages}",
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#757575",
        )
        self.pdf.savefig(fig)
        if self.png_dir is not None:
            path = self.png_dir / f"{self.stem}-{self.pages:02d}-{name}.png"
            fig.savefig(path, dpi=100, metadata={"Software": None})
            self.png.append(path)
        fig.clear()


class _Flow:
    """Lays text and tables down a page from the top, starting a new page (and repeating headers) when full."""

    def __init__(self, writer: _Writer, name: str, fig: Figure | None = None, top: float = _MARGIN):
        self.writer = writer
        self.name = name
        self.fig = fig if fig is not None else writer.new_page()
        self.y = top  # inches from the top of the page

    @property
    def room(self) -> float:
        return PAGE_SIZE[1] - _MARGIN - 0.15 - self.y

    def _fy(self, inches_from_top: float) -> float:
        return 1 - inches_from_top / PAGE_SIZE[1]

    def new_page(self) -> None:
        self.writer.save(self.fig, self.name)
        self.fig = self.writer.new_page()
        self.y = _MARGIN

    def text(
        self, s: str, *, size: float = 8, weight: str = "normal", gap: float = 0.06, **kw: Any
    ) -> None:
        h = size / 72 * 1.35
        if self.room < h:
            self.new_page()
        self.fig.text(
            _MARGIN / PAGE_SIZE[0],
            self._fy(self.y),
            s,
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            **kw,
        )
        self.y += h + gap

    def table(
        self,
        heading: str,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        align: Sequence[str] | None = None,
        colours: Sequence[str | None] | None = None,
    ) -> None:
        """A heading and a table, continued on as many further pages as it needs (header repeated)."""
        start = 0
        first = True
        while True:
            if self.room < 0.3 + 2 * _ROW:
                self.new_page()
            self.text(heading if first else f"{heading} (continued)", size=9, weight="bold")
            fit = max(1, int(self.room // _ROW) - 1)
            chunk = rows[start : start + fit]
            h = (len(chunk) + 1) * _ROW
            ax = self.fig.add_axes(
                (
                    _MARGIN / PAGE_SIZE[0],
                    self._fy(self.y + h),
                    1 - 2 * _MARGIN / PAGE_SIZE[0],
                    h / PAGE_SIZE[1],
                )
            )
            draw_table(
                ax,
                columns,
                chunk,
                widths,
                align=align,
                row_height=1 / (len(chunk) + 1),
                colours=None if colours is None else colours[start : start + fit],
            )
            self.y += h + 0.15
            start += len(chunk)
            first = False
            if start >= len(rows):
                return
            self.new_page()

    def finish(self) -> None:
        self.writer.save(self.fig, self.name)


def _summary_pages(
    writer: _Writer,
    data: list[_QuestionData],
    week: str,
    monday: dt.date,
    sunday: dt.date,
    upcoming: Sequence[Question] = (),
) -> None:
    flow = _Flow(writer, "summary")
    flow.text(f"summitcast weekly report: {week}", size=17, weight="bold")
    flow.text(
        f"Week {week}: Monday {_date(monday)} to Sunday {_date(sunday)}. Forecasts are as of the end of "
        f"{sunday:%A %d %B %Y}, to each question's deadline.",
        size=9,
    )
    flow.text(
        f"{len(data)} question{'s' if len(data) != 1 else ''} open at some point this week or resolved in it. "
        "Change: percentage points since the end of the previous week (since opening for new questions).",
        size=8,
        color="#424242",
        gap=0.15,
    )
    rows = []
    for d in data:
        f = d.now
        rows.append(
            [
                d.question.id,
                d.question.title,
                format_percent(f.probability),
                _interval(f.low, f.high),
                _points(d.change) + (" (new)" if d.new else ""),
                f.status,
                _date(d.question.deadline),
            ]
        )
    if rows:
        flow.table(
            "Questions",
            ["question", "title", "forecast", "80% interval", "change (pts)", "status", "deadline"],
            rows,
            [2.2, 5.2, 0.9, 1.3, 1.1, 1.0, 1.0],
            align=["left", "left", "right", "right", "right", "left", "left"],
        )
    else:
        flow.text("No question was open this week.", size=9, gap=0.15)
    movers = sorted(
        (d for d in data if d.change is not None and abs(d.change) >= 0.0005),
        key=lambda d: (-abs(d.change or 0.0), d.question.id),
    )[:3]
    if upcoming:
        flow.text(
            "Not open yet (no page): "
            + "; ".join(f"{q.id} (opens {_date(q.opens)})" for q in upcoming),
            size=8,
            color="#424242",
            gap=0.12,
        )
    flow.text("Biggest movers", size=9, weight="bold")
    if movers:
        for d in movers:
            flow.text(
                f"{d.question.id}: {format_percent(d.start_probability)} → {format_percent(d.now.probability)} "
                f"({_points(d.change)} pts)",
                size=8,
                color=FOR_COLOUR if (d.change or 0) > 0 else AGAINST_COLOUR,
            )
    else:
        flow.text("No forecast moved this week.", size=8)
    flow.y += 0.1
    ev_rows = []
    colours: list[str | None] = []
    for d in data:
        for e in d.week_items:
            c = d.now.contributions.get(e.id, 0.0)
            ev_rows.append(
                [_date(e.logged), d.question.id, e.source, e.says, _lr_text(e), _minus(f"{c:+.2f}")]
            )
            colours.append(FOR_COLOUR if c > 0 else AGAINST_COLOUR if c < 0 else None)
    order = sorted(range(len(ev_rows)), key=lambda i: (ev_rows[i][0], ev_rows[i][1]))
    ev_rows = [ev_rows[i] for i in order]
    colours = [colours[i] for i in order]
    if ev_rows:
        flow.table(
            f"Evidence logged this week ({len(ev_rows)})",
            ["logged", "question", "source", "what was said", "strength / LR", "log-odds"],
            ev_rows,
            [1.0, 1.8, 1.8, 5.7, 1.5, 0.9],
            align=["left", "left", "left", "left", "left", "right"],
            colours=colours,
        )
    else:
        flow.text("Evidence logged this week: none.", size=9, weight="bold")
    flow.finish()


def _waterfall_steps(
    d: _QuestionData, renderer_fit: Any
) -> tuple[list[tuple[str, float]], str, str | None]:
    """The waterfall's steps (label, log-odds), its end label and a note."""
    f = d.now
    items = {e.id: e for e in d.ev.evidence}
    nonzero = [(k, v) for k, v in f.contributions.items() if v != 0.0]
    zero = len(f.contributions) - len(nonzero)
    top = sorted(nonzero, key=lambda kv: (-abs(kv[1]), kv[0]))[:WATERFALL_ITEMS]
    keep = {k for k, _ in top}
    top.sort(key=lambda kv: (items[kv[0]].logged, items[kv[0]].date, kv[0]))
    steps: list[tuple[str, float]] = []
    for k, v in top:
        e = items[k]
        steps.append((renderer_fit(f"{e.date:%d %b} {e.source}"), v))
    rest = [v for k, v in nonzero if k not in keep]
    if rest:
        steps.append((f"{len(rest)} other items", float(sum(rest))))
    z0 = math.log(d.ev.prior.probability / (1 - d.ev.prior.probability))
    total = z0 + sum(v for _, v in nonzero)
    note_parts = []
    if zero:
        note_parts.append(
            f"{zero} item{'s' if zero != 1 else ''} with no effect now (expired, reprints)."
        )
    ep = f.evidence_probability
    p = f.probability
    if ep is not None and 0 < ep < 1:
        residual = math.log(ep / (1 - ep)) - total
        if abs(residual) >= 0.005:
            steps.append(("uncertainty (averaging)", residual))
        if p is not None and 1e-12 < p < 1 - 1e-12 and f.status == "open":
            steps.append(
                ("time elapsed, no meeting", math.log(p / (1 - p)) - math.log(ep / (1 - ep)))
            )
            return steps, "forecast", " ".join(note_parts) or None
        reason = {
            "resolved-yes": f"Resolved yes: the forecast is {format_percent(p)}.",
            "resolved-no": f"Resolved no: the forecast is {format_percent(p)}.",
            "closed": f"Deadline passed: the forecast is {format_percent(p)}.",
        }.get(f.status, f"No time left before the deadline: the forecast is {format_percent(p)}.")
        return steps, "evidence only", " ".join([reason, *note_parts])
    return steps, "evidence", " ".join(note_parts) or None


def _question_pages(
    writer: _Writer, d: _QuestionData, week: str, monday: dt.date, sunday: dt.date
) -> None:
    q = d.question
    f = d.now
    fig = writer.new_page()
    W, H = PAGE_SIZE
    title = fit_text(q.title, (W - 2 * _MARGIN) * 72, 10.5)
    fig.text(
        _MARGIN / W, 1 - _MARGIN / H, q.id, ha="left", va="top", fontsize=15, fontweight="bold"
    )
    fig.text(_MARGIN / W, 1 - (_MARGIN + 0.32) / H, title, ha="left", va="top", fontsize=10.5)
    headline = (
        f"Forecast at the end of {_date(sunday)}: {format_percent(f.probability)} "
        f"(80% interval {_interval(f.low, f.high)}) · change this week {_points(d.change)} pts"
        f"{' (new)' if d.new else ''} · status {f.status}"
    )
    details = (
        f"Prior {format_percent(d.ev.prior.probability)} (weight {d.ev.prior.weight:g}) · opens {_date(q.opens)} · "
        f"deadline {_date(q.deadline)} · evidence used {f.evidence_used} of {len(d.ev.evidence)} · "
        f"the forecast is the probability of a meeting after {_date(sunday)} and by the deadline"
    )
    fig.text(
        _MARGIN / W,
        1 - (_MARGIN + 0.6) / H,
        headline,
        ha="left",
        va="top",
        fontsize=10,
        fontweight="bold",
        color="#263238",
    )
    fig.text(
        _MARGIN / W,
        1 - (_MARGIN + 0.82) / H,
        details,
        ha="left",
        va="top",
        fontsize=8,
        color="#455a64",
    )
    plot_top = _MARGIN + 1.35
    plot_h = 3.0
    ax = fig.add_axes((0.065, 1 - (plot_top + plot_h) / H, 0.55, plot_h / H))
    markers = []
    visible = [e for e in d.ev.evidence if e.logged <= sunday]
    for e in visible:
        day = max(e.logged, q.opens)
        p = d.path.probability[(day - q.opens).days]
        if math.isnan(p):
            continue
        markers.append(
            EvidenceMarker(
                day, float(p), d.contribution_on_logging.get(e.id, 0.0), e.source.split(",")[0][:22]
            )
        )
    res = q.resolution
    drawn = plot_probability_history(
        ax,
        d.days,
        d.path.probability,
        d.path.low,
        d.path.high,
        opens=q.opens,
        deadline=q.deadline,
        windows=d.ev.windows,
        markers=markers,
        week=(monday, sunday),
        week_label=week,
        resolution=(res.date, res.outcome) if res is not None and res.date <= sunday else None,
    )
    del drawn
    ax.set_title(
        "Forecast over time (line; band: 80% interval). Markers: evidence when logged, green for, red against, "
        "area ∝ |log-odds|",
        fontsize=7.5,
        loc="left",
        pad=12,
    )
    wax = fig.add_axes((0.775, 1 - (plot_top + plot_h) / H, 0.19, plot_h / H))
    steps, end_label, note = _waterfall_steps(d, lambda s: fit_text(s, 118, 6.5))
    plot_waterfall(wax, d.ev.prior.probability, steps, end_label=end_label, note=note)
    wax.set_title("From the prior to the forecast", fontsize=7.5, loc="left", pad=16)
    flow = _Flow(writer, q.id, fig, top=plot_top + plot_h + 0.65)
    rows = []
    colours: list[str | None] = []
    for e in d.week_items:
        c = f.contributions.get(e.id, 0.0)
        c0 = d.contribution_on_logging.get(e.id, 0.0)
        rows.append(
            [
                _date(e.date),
                _date(e.logged),
                e.source,
                e.source_type,
                e.says,
                _lr_text(e),
                _minus(f"{c0:+.2f}"),
                _minus(f"{c:+.2f}"),
            ]
        )
        colours.append(FOR_COLOUR if c > 0 else AGAINST_COLOUR if c < 0 else None)
    if rows:
        flow.table(
            f"{q.id}: evidence logged this week ({len(rows)}), with each item's log-odds "
            "contribution when it was logged and now",
            [
                "date",
                "logged",
                "source",
                "type",
                "what was said",
                "strength / LR",
                "when logged",
                "now",
            ],
            rows,
            [1.0, 1.0, 1.8, 0.8, 5.1, 1.5, 1.2, 0.6],
            align=["left", "left", "left", "left", "left", "left", "right", "right"],
            colours=colours,
        )
    else:
        flow.text(f"{q.id}: no evidence logged this week.", size=9, weight="bold")
    flow.finish()


# ------------------------------------------------------------------------------------- calibration


def _calibration_page(
    writer: _Writer,
    resolved: list[Question],
    learned: LearnedReliability | None,
    notes: list[str],
    directory: Path,
) -> None:
    from summitcast.comparison import (
        community_path,
        question_span,
        read_community,
        series_peer_score,
        trajectory_series,
    )

    rows = []
    with_community = []
    obs_all: list[np.ndarray] = []
    fct_all: list[np.ndarray] = []
    for q in resolved:
        made = trajectory_series(q, learned, Workspace(directory).load(q.id)[1])
        assert q.resolution is not None
        obs = 1 if q.resolution.outcome == "yes" else 0
        if made is None:
            rows.append([q.id, q.resolution.outcome, _date(q.resolution.date), "0", *["—"] * 6])
            continue
        series, probs = made
        opens, closes, res_t = question_span(q)
        s = series_scores(obs, series, opens=opens, closes=closes, resolved=res_t)
        comm_baseline = peer = "—"
        recorded = community_path(directory, q.id)
        if recorded is not None:
            comm = read_community(recorded)
            cs = series_scores(obs, comm, opens=opens, closes=closes, resolved=res_t)
            ps = series_peer_score(obs, series, comm, opens=opens, closes=closes, resolved=res_t)
            comm_baseline = _minus(f"{cs['baseline']:+.1f}")
            peer = _minus(f"{ps:+.1f}")
            with_community.append(recorded.name)
        obs_all.append(np.full(len(probs), obs))
        fct_all.append(probs)
        rows.append(
            [
                q.id,
                q.resolution.outcome,
                _date(q.resolution.date),
                str(len(probs)),
                "—" if s["brier"] is None else f"{s['brier']:.3f}",
                "—" if s["log"] is None else _minus(f"{s['log']:.3f}"),
                _minus(f"{s['baseline']:+.1f}"),
                f"{100 * (s['coverage'] or 0):.0f}%",
                comm_baseline,
                peer,
            ]
        )
    fig = writer.new_page()
    W, H = PAGE_SIZE
    fig.text(
        _MARGIN / W,
        1 - _MARGIN / H,
        "Calibration and scores",
        fontsize=15,
        fontweight="bold",
        va="top",
    )
    fig.text(
        _MARGIN / W,
        1 - (_MARGIN + 0.35) / H,
        f"{len(resolved)} resolved question{'s' if len(resolved) != 1 else ''} (yes or no; annulled ones are not "
        "scored). Each question's daily forecast trajectory, as of the end of each day, scored over its span "
        "until resolution.",
        fontsize=8.5,
        va="top",
    )
    side = 4.1  # inches: a square diagram under the heading, on the left
    ax = fig.add_axes((0.06, 1 - (_MARGIN + 1.25 + side) / H, side / W, side / H))
    if fct_all:
        cb = calibration_bins(np.concatenate(obs_all), np.concatenate(fct_all), n_bins=10)
        plot_calibration(ax, cb.edges, cb.count, cb.mean_forecast, cb.observed)
        ax.set_title(
            "Calibration: question-days per 10-point bin (n = count)", fontsize=8, loc="left"
        )
    else:
        ax.set_axis_off()
    flow = _Flow(writer, "calibration", fig, top=_MARGIN + 0.8)
    flow.fig = fig
    # the table sits to the right of the diagram: draw it in its own axes
    n = len(rows) + 1
    h = min(n * _ROW, PAGE_SIZE[1] - 2.6)
    tax = fig.add_axes((0.43, 1 - (_MARGIN + 0.95 + h) / H, 0.55, h / H))
    shown = rows[: max(1, round(h / _ROW) - 1)]
    headers = [
        "question",
        "outcome",
        "resolved",
        "days",
        "Brier",
        "log",
        "baseline",
        "cover",
        "comm.",
        "peer",
    ]
    widths = [2.2, 0.9, 1.1, 0.6, 0.7, 0.8, 0.9, 0.7, 0.7, 0.7]
    align = ["left", "left", "left", *["right"] * 7]
    draw_table(tax, headers, shown, widths, align=align, row_height=1 / (len(shown) + 1))
    fig.text(
        0.43,
        1 - (_MARGIN + 0.8) / H,
        "Scores of the daily trajectory",
        fontsize=9,
        fontweight="bold",
        va="top",
    )
    text = (
        "Brier: mean squared error (lower is better). log: mean ln p(outcome). baseline: Metaculus baseline score, "
        "100·log2(2·p(outcome)) averaged over the span (0 = always 50%; higher is better). cover: share of the "
        "span with a forecast. comm.: the baseline score of the community series recorded beside the question "
        "(DIR/ID.community.json or .csv); peer: ours against it, 100·(ln p_ours − ln p_comm) averaged over the span "
        "(positive: ours better). — where no community series is recorded."
    )
    fig.text(
        0.43,
        1 - (_MARGIN + 1.15 + h) / H,
        textwrap.fill(text, 100),
        fontsize=7,
        va="top",
        color="#424242",
    )
    if not with_community:
        notes.append(
            "calibration page: no community series is recorded in the ledger (DIR/ID.community.json "
            "or .csv), so ours-vs-community is omitted"
        )
    if len(shown) < len(rows):
        flow.new_page()
        flow.table(
            "Scores of the daily trajectory (continued)",
            headers,
            rows[len(shown) :],
            [2.4, 1.0, 1.1, 0.6, 0.7, 0.7, 0.9, 0.9],
            align=["left", "left", "left", "right", "right", "right", "right", "right"],
        )
    flow.finish()


# ------------------------------------------------------------------------------------- reliability


def _reliability_page(writer: _Writer, directory: Path, learned: LearnedReliability) -> None:
    from summitcast.reliability import fit_info, reliability_intervals

    info = fit_info(directory) or {}
    summaries = reliability_intervals(directory) or []
    fig = writer.new_page()
    W, H = PAGE_SIZE
    fig.text(
        _MARGIN / W,
        1 - _MARGIN / H,
        "Learned source reliability",
        fontsize=15,
        fontweight="bold",
        va="top",
    )
    questions = info.get("questions") or []
    intro = (
        f"Learned by `summitcast fit` from {len(questions)} resolved question"
        f"{'s' if len(questions) != 1 else ''}: posterior mean and central 80% interval of each source "
        f"type's reliability ({learned.n_draws} stored draws), with the default used when no fit exists. "
        "Items without an explicit reliability use these draws in every forecast of this report."
    )
    if learned.stale:
        intro += " STALE: the resolved questions changed since the fit; run `summitcast fit` again."
    fig.text(
        _MARGIN / W, 1 - (_MARGIN + 0.35) / H, textwrap.fill(intro, 190), fontsize=8.5, va="top"
    )
    ax = fig.add_axes((0.12, 1 - (_MARGIN + 0.9 + 2.9) / H, 0.5, 2.9 / H))
    if summaries:
        plot_reliability(
            ax,
            [f"{t.name} ({t.n_items} items)" for t in summaries],
            np.array([t.mean for t in summaries]),
            np.array([t.low for t in summaries]),
            np.array([t.high for t in summaries]),
            defaults=[t.default for t in summaries],
            interval_label="80% posterior interval",
        )
    else:
        ax.set_axis_off()
    diag = info.get("diagnostics") or {}
    rows = [
        ["divergent transitions", _short(diag.get("divergences", "—"))],
        ["largest r_hat (want ≤ 1.01)", _short(diag.get("max_r_hat", "—"))],
        ["smallest bulk ESS (want ≥ 100)", _short(diag.get("min_ess_bulk", "—"))],
        ["smallest tail ESS (want ≥ 100)", _short(diag.get("min_ess_tail", "—"))],
        ["warnings", _short(diag.get("warnings") or "none")],
        [
            "sampler, chains × draws (tune)",
            f"{info.get('sampler', '—')}, {info.get('chains', '—')} × {info.get('draws', '—')} "
            f"({info.get('tune', '—')}), seed {info.get('seed', '—')}",
        ],
        ["items in the fit", _short(info.get("n_items", "—"))],
        ["questions used", _short(questions or "—")],
        ["fitted", _short(info.get("created", "—"))],
        ["stale", "yes" if learned.stale else "no"],
    ]
    flow = _Flow(writer, "reliability", fig, top=_MARGIN + 4.3)
    flow.table("Convergence diagnostics and the fit", ["item", "value"], rows, [2.5, 9.5])
    flow.finish()


def _short(v: Any) -> str:
    if isinstance(v, float):
        return "—" if math.isnan(v) else f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(_short(x) for x in v)
    return str(v)


def _load_fit(directory: Path) -> LearnedReliability | None:
    """The stored reliability fit, when one exists (numpy only; never imports PyMC)."""
    if not Workspace(directory).fit_path.exists():
        return None
    from summitcast.reliability import load_learned

    return load_learned(directory)


# ------------------------------------------------------------------------------------------ build


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
    directory: Path,
    week: str | None = None,
    out: Path | None = None,
    *,
    png_dir: Path | None = None,
    today: dt.date | None = None,
    progress: bool = True,
) -> ReportResult:
    """Write the weekly PDF report of the questions in ``directory``.

    Parameters
    ----------
    directory
        The forecasts directory.
    week
        The ISO week ``YYYY-Www`` (default: the week containing ``today``). Forecasts are as of the end of its
        Sunday.
    out
        The PDF to write (default ``reports/YYYY-Www.pdf`` relative to the current directory); its folder is
        created.
    png_dir
        When given, each page is also written there as ``YYYY-Www-NN-<name>.png``.
    today
        Today's date (default: :func:`summitcast.tracker.today`, which honours ``$SUMMITCAST_TODAY``).
    progress
        Show a progress bar (click's) on stderr when the work takes more than a second and stderr is a terminal.

    Returns
    -------
    ReportResult
        The path, page count, questions and notes; :meth:`ReportResult.summary` is what the CLI prints.

    Raises
    ------
    ValidationError
        A malformed ``week``.
    LedgerError
        An invalid question file.
    """
    t0 = time.perf_counter()
    if week is None:
        if today is None:
            from summitcast.tracker import today as _today

            today = _today()
        week = week_of(today)
    monday, sunday = parse_week(week)
    week = week_of(monday)
    directory = Path(directory)
    out = Path(out) if out is not None else default_report_path(week)
    ws = Workspace(directory)
    ws.require()
    loaded, bad = ws.load_all()
    questions = [q for q, _ in loaded]
    events = {q.id: ev for q, ev in loaded}
    learned = _load_fit(directory)
    notes: list[str] = [
        f"not reported (invalid file): {line}" for exc in bad for line in exc.lines()
    ]
    if learned is not None and learned.stale:
        notes.append(
            "the reliability fit is stale (the ledger changed since); run `summitcast fit`"
        )
    chosen = [q for q in questions if _in_report(q, monday, sunday)]
    resolved = [
        q
        for q in questions
        if q.resolution is not None
        and q.resolution.outcome in ("yes", "no")
        and q.resolution.date <= sunday
    ]
    bar = _Progress(1 + 2 * len(chosen) + (1 if resolved else 0) + (1 if learned else 0), progress)
    data = []
    for q in chosen:
        data.append(_question_data(q, monday, sunday, learned, events[q.id]))
        bar.step(f"forecast {q.id}")
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
        "Keywords": " ".join(d.question.id for d in data),
        "CreationDate": _creation_date(sunday),
    }
    try:
        with _quiet_rc(), PdfPages(tmp, metadata=metadata) as pdf:
            writer = _Writer(pdf, png_dir, week, f"summitcast weekly report {week}")
            upcoming = [q for q in questions if q.opens > sunday and not q.annulled]
            _summary_pages(writer, data, week, monday, sunday, upcoming)
            bar.step("summary")
            for d in data:
                _question_pages(writer, d, week, monday, sunday)
                bar.step(f"page {d.question.id}")
            calibration = bool(resolved)
            if resolved:
                _calibration_page(writer, resolved, learned, notes, directory)
                bar.step("calibration")
            if learned is not None:
                _reliability_page(writer, directory, learned)
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
        questions=tuple(d.question.id for d in data),
        png=tuple(writer.png),
        calibration=calibration,
        reliability=learned is not None,
        notes=tuple(notes),
        seconds=time.perf_counter() - t0,
    )
