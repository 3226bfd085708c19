"""How the report's pages are laid out: page size and settings, the PDF (and PNG) writer, a flow of text and
tables down a page that continues on further pages, the progress bar, and the formatting of numbers as text."""

from __future__ import annotations

import datetime as dt
import sys
import textwrap
import time
from collections.abc import Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from summitcast.domain.question import Evidence
from summitcast.render.fonts import drawable_figure
from summitcast.render.plotting import draw_table_in, fit_text, format_percent

__all__ = ["MARGIN", "PAGE_SIZE", "RC", "ROW", "Flow", "Progress", "Writer", "page_header"]

#: A4 landscape, in inches.
PAGE_SIZE = (11.69, 8.27)
#: Local matplotlib settings of every report figure (never set globally), on top of
#: :func:`summitcast.render.fonts.literal_text_rc` (no mathtext, the CJK font fallback, TrueType embedding).
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
#: The progress bar appears only once the work has taken this long (seconds).
PROGRESS_AFTER = 1.0
#: Vertical layout, inches.
MARGIN = 0.45
ROW = 0.17
#: The tightest row a table is squeezed to (inches) so as to end on its page instead of leaving a few rows to
#: the next one.
MIN_ROW = 0.135
#: A table never starts with fewer rows than this at the foot of a page (unless it has fewer rows in all).
ORPHAN_ROWS = 3


# ------------------------------------------------------------------------------------------ text


def minus(text: str) -> str:
    """Typographic minus signs."""
    return text.replace("-", "−")


def points(change: float | None) -> str:
    """A change of probability in percentage points, one decimal: ``+3.1``, ``−0.4``, ``0.0``, ``—``."""
    if change is None:
        return "—"
    v = 100 * change
    return "0.0" if abs(v) < 0.05 else minus(f"{v:+.1f}")


def interval(lo: float | None, hi: float | None) -> str:
    """An 80% interval as ``2.1%–5.4%``."""
    if lo is None or hi is None:
        return "—"
    return f"{format_percent(lo)}–{format_percent(hi)}"


def lr_text(e: Evidence) -> str:
    """An item's strength and direction, or its likelihood ratio."""
    if e.strength is not None:
        return f"{e.strength} {e.direction}"
    assert e.lr is not None
    return f"LR {e.lr:.3g}"


def date(d: dt.date) -> str:
    """A day as ``2025-11-02``."""
    return d.isoformat()


def signed(v: float | None, fmt: str = "+.2f") -> str:
    """A signed number with a typographic minus, ``—`` for none."""
    return "—" if v is None else minus(f"{v:{fmt}}")


# ------------------------------------------------------------------------------------------ progress


class Progress:
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
        """One step done."""
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
        """Finish the bar (a newline), if one was shown."""
        self._stack.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


# ------------------------------------------------------------------------------------------ pages


class Writer:
    """Saves pages to the PDF (and PNGs), numbering them."""

    def __init__(self, pdf: PdfPages, png_dir: Path | None, stem: str, footer: str):
        self.pdf = pdf
        self.png_dir = png_dir
        self.stem = stem
        self.footer = footer
        self.pages = 0
        self.png: list[Path] = []

    def new_page(self) -> Figure:
        """A blank page (a Figure on the Agg canvas)."""
        fig = Figure(figsize=PAGE_SIZE)
        FigureCanvasAgg(fig)
        return fig

    def save(self, fig: Figure, name: str) -> None:
        """Number the page, write it to the PDF (and a PNG), and free it."""
        self.pages += 1
        fig.text(
            1 - MARGIN / PAGE_SIZE[0],
            0.25 / PAGE_SIZE[1],
            f"{self.footer} · page {self.pages}",
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#757575",
        )
        drawable_figure(fig)  # no character without a glyph reaches the PDF writer
        self.pdf.savefig(fig)
        if self.png_dir is not None:
            path = self.png_dir / f"{self.stem}-{self.pages:02d}-{name}.png"
            fig.savefig(path, dpi=100, metadata={"Software": None})
            self.png.append(path)


def fy(inches_from_top: float) -> float:
    """A figure fraction from a distance below the top of the page."""
    return 1 - inches_from_top / PAGE_SIZE[1]


def page_header(fig: Figure, name: str, title: str, headline: str, details: str) -> None:
    """The four lines at the top of a question's or an event's page: its id, its title, the headline numbers and
    the details (each shortened to the page's width)."""
    W = PAGE_SIZE[0]
    room = (W - 2 * MARGIN) * 72
    lines = (
        (0.0, name, 15, "bold", "black"),
        (0.32, fit_text(title, room, 10.5), 10.5, "normal", "black"),
        (0.6, fit_text(headline, room, 10, "bold"), 10, "bold", "#263238"),
        (0.82, fit_text(details, room, 8), 8, "normal", "#455a64"),
    )
    for dy, text, size, weight, colour in lines:
        fig.text(
            MARGIN / W,
            fy(MARGIN + dy),
            text,
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            color=colour,
        )


class Flow:
    """Lays text and tables down a page from the top, starting a new page (and repeating headers) when full."""

    def __init__(self, writer: Writer, name: str, fig: Figure | None = None, top: float = MARGIN):
        self.writer = writer
        self.name = name
        self.fig = fig if fig is not None else writer.new_page()
        self.y = top  # inches from the top of the page

    @property
    def room(self) -> float:
        """Inches left on the page."""
        return PAGE_SIZE[1] - MARGIN - 0.15 - self.y

    def new_page(self) -> None:
        """Save this page and go on on a new one."""
        self.writer.save(self.fig, self.name)
        self.fig = self.writer.new_page()
        self.y = MARGIN

    def text(
        self, s: str, *, size: float = 8, weight: str = "normal", gap: float = 0.06, **kw: Any
    ) -> None:
        """One line of text."""
        h = size / 72 * 1.35
        if self.room < h:
            self.new_page()
        self.fig.text(
            MARGIN / PAGE_SIZE[0],
            fy(self.y),
            s,
            ha="left",
            va="top",
            fontsize=size,
            fontweight=weight,
            **kw,
        )
        self.y += h + gap

    def paragraph(
        self, s: str, *, size: float = 7.5, chars: int = 200, gap: float = 0.06, **kw: Any
    ) -> None:
        """Text wrapped at ``chars`` characters a line."""
        lines = textwrap.wrap(s, chars)
        h = len(lines) * size / 72 * 1.2
        if self.room < h:
            self.new_page()
        self.fig.text(
            MARGIN / PAGE_SIZE[0],
            fy(self.y),
            "\n".join(lines),
            ha="left",
            va="top",
            fontsize=size,
            linespacing=1.2,
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
        left: float = MARGIN,
        width: float | None = None,
        bold_rows: Sequence[int] = (),
    ) -> None:
        """A heading and a table, continued on as many further pages as it needs (header repeated)."""
        width = PAGE_SIZE[0] - 2 * MARGIN if width is None else width
        start = 0
        first = True
        while True:
            left_over = len(rows) - start
            # rows that fit here at the full height, and at the tightest (after the heading and the header)
            here = int((self.room - 0.3) // ROW) - 1
            tight = int((self.room - 0.3) // MIN_ROW) - 1
            whole_page = int((PAGE_SIZE[1] - 2 * MARGIN - 0.45) // ROW) - 1
            if tight < left_over and (
                here < min(ORPHAN_ROWS, left_over)  # a row or two at the foot of a page
                or (
                    left_over <= whole_page and here < left_over / 2
                )  # a short table cut in a small head
            ):
                self.new_page()
                continue
            self.text(heading if first else f"{heading} (continued)", size=9, weight="bold")
            fit = max(1, int(self.room // ROW) - 1)
            row = ROW
            if fit < left_over and left_over <= int(self.room // MIN_ROW) - 1:
                # the rest fits here with rows a little tighter: better than a page holding a few rows
                fit = left_over
                row = (self.room - 0.01) / (left_over + 1)
            chunk = rows[start : start + fit]
            h = (len(chunk) + 1) * row
            draw_table_in(
                self.fig,
                (left / PAGE_SIZE[0], fy(self.y + h), width / PAGE_SIZE[0], h / PAGE_SIZE[1]),
                columns,
                chunk,
                widths,
                align=align,
                row_height=1 / (len(chunk) + 1),
                colours=None if colours is None else colours[start : start + fit],
                bold_rows=[i - start for i in bold_rows if start <= i < start + fit],
                fontsize=7.5 if row >= ROW else 7.0,
            )
            self.y += h + 0.15
            start += len(chunk)
            first = False
            if start >= len(rows):
                return
            self.new_page()

    def finish(self) -> None:
        """Save the last page."""
        self.writer.save(self.fig, self.name)
