"""Text that fits: measuring and shortening strings as a PDF lays them out, and one-line-per-row tables.

Measuring a string exactly (matplotlib's text layout, as :func:`fit_text` did for every candidate length) costs a
font layout per call; a report measures thousands of cells. :func:`text_width` instead sums cached unhinted
advances per character (plus the font's pair kerning), which agrees with the exact layout to a fraction of a
point; :func:`fit_text` uses it to find the cut and checks only the final candidate with the exact layout, so the
text it returns is exactly as wide as promised.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.patches import Rectangle

from .style import renderer_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from summitcast.render.fonts import drawable, font_families, with_literal_text

__all__ = ["draw_table", "draw_table_in", "exact_text_width", "fit_text", "text_width"]

#: The size at which advances are cached (points); widths scale linearly with the size.
_UNIT = 64.0


@functools.cache
def _fonts(weight: str) -> tuple[Any, ...]:
    """One FT2Font per family of the fallback list (own instances: the renderers' shared ones are left alone)."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    fonts = []
    for family in font_families():
        path = findfont(FontProperties(family=family, weight=weight), fallback_to_default=False)
        font = FT2Font(path)
        font.set_size(_UNIT, 72)
        fonts.append(font)
    return tuple(fonts)


@functools.cache
def _advance(char: str, weight: str) -> tuple[int, int, float]:
    """(font number, glyph index, unhinted advance at :data:`_UNIT` points) of one character."""
    from matplotlib.ft2font import LoadFlags

    fonts = _fonts(weight)
    k = next((i for i, f in enumerate(fonts) if f.get_char_index(ord(char))), 0)
    font = fonts[k]
    index = font.get_char_index(ord(char))
    glyph = font.load_glyph(index, flags=LoadFlags.NO_HINTING)
    return k, index, glyph.linearHoriAdvance / 65536


@functools.cache
def _kern(a: int, b: int, weight: str) -> float:
    from matplotlib.ft2font import Kerning

    return _fonts(weight)[0].get_kerning(a, b, Kerning.UNFITTED) / 64


def _widths(text: str, weight: str) -> np.ndarray:
    """Cumulative widths (points at :data:`_UNIT`) of each prefix of ``text``: element i is the width of
    ``text[: i + 1]``."""
    out = np.empty(len(text))
    x = 0.0
    prev: tuple[int, int] | None = None
    for i, ch in enumerate(text):
        k, index, adv = _advance(ch, weight)
        if prev is not None and prev[0] == 0 and k == 0:
            x += _kern(prev[1], index, weight)
        x += adv
        out[i] = x
        prev = (k, index)
    return out


def text_width(text: str, fontsize: float, weight: str = "normal") -> float:
    """The width of ``text`` in points at ``fontsize``, from cached unhinted advances and pair kerning.

    Parameters
    ----------
    text
        One line of text.
    fontsize
        Font size in points.
    weight
        ``"normal"`` or ``"bold"``.

    Returns
    -------
    float
        The width, within a fraction of a point of :func:`exact_text_width`.

    Examples
    --------
    >>> round(text_width("summitcast", 10), 1) == round(exact_text_width("summitcast", 10), 1)
    True
    """
    if not text:
        return 0.0
    return float(_widths(text, weight)[-1]) * fontsize / _UNIT


def exact_text_width(text: str, fontsize: float, weight: str = "normal") -> float:
    """The width of ``text`` in points as matplotlib's text layout measures it (unhinted, as in a PDF)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=list(font_families()), size=fontsize, weight=weight)
    w, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return float(w)


def fit_text(text: str, width_points: float, fontsize: float, weight: str = "normal") -> str:
    """Shorten ``text`` (ending in "…") until it is at most ``width_points`` wide at ``fontsize``.

    The fonts are :func:`summitcast.render.fonts.font_families` (DejaVu Sans, then the CJK fallback), so a Hangul or
    Chinese name is measured with the glyphs it will be drawn with.

    Widths are the font's unhinted advances, as laid out in a PDF (a raster renderer's hinted widths are some 5%
    narrower, which would let text run into the next column). The cut is found with :func:`text_width` and the
    result checked with :func:`exact_text_width`.

    Parameters
    ----------
    text
        The text (runs of white space are collapsed to one space; characters no font draws, such as U+FEFF,
        are removed: :func:`summitcast.render.fonts.drawable`).
    width_points
        The available width, in points.
    fontsize
        Font size in points.
    weight
        Font weight (``"normal"`` or ``"bold"``).

    Returns
    -------
    str
        ``text`` itself when it fits, else its longest prefix that fits, followed by "…".

    Examples
    --------
    >>> fit_text("short", 200, 8)
    'short'
    >>> fit_text("a statement much too long for its column", 60, 8)
    'a statement m…'
    """
    text = " ".join(drawable(text).split())
    if not text:
        return text
    scale = fontsize / _UNIT
    cum = _widths(text, weight) * scale
    # the estimate is never narrower than the layout (by more than 0.01 pt) but can be wider where the layout
    # makes a ligature (fi, fl): a fit by the estimate is a fit; near the limit the exact layout settles it
    slack = 0.004 * width_points + 0.5
    if cum[-1] <= width_points - 0.01:
        return text
    if cum[-1] <= width_points + slack and exact_text_width(text, fontsize, weight) <= width_points:
        return text
    ell = _advance("…", weight)[2] * scale
    # the longest prefix whose estimate (plus the ellipsis) fits; then step down until the exact width fits
    n = int(np.searchsorted(cum + ell, width_points, side="right"))
    while n > 0:
        if cum[n - 1] + ell <= width_points - 0.01:
            break
        if exact_text_width(text[:n].rstrip() + "…", fontsize, weight) <= width_points:
            break
        n -= 1
    # the estimate errs on the wide side (ligatures): take a longer prefix while it exactly fits
    while n < len(text) - 1 and cum[n] + ell <= width_points + slack:
        if exact_text_width(text[: n + 1].rstrip() + "…", fontsize, weight) > width_points:
            break
        n += 1
    return text[:n].rstrip() + "…"


@with_literal_text
def draw_table(
    ax: Axes,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    fontsize: float = 7.5,
    row_height: float | None = None,
    colours: Sequence[str | None] | None = None,
    bold_rows: Sequence[int] = (),
) -> dict[str, Any]:
    """Draw a table of text on ``ax`` (axis turned off), one line per row, cells shortened to their column.

    Parameters
    ----------
    ax
        The axes (its whole area is the table).
    columns
        Header texts.
    rows
        Cell texts, one sequence per row; every cell is drawn as text (extractable from a PDF).
    widths
        Relative column widths (normalised to the axes width).
    align
        ``"left"`` or ``"right"`` per column (default left).
    fontsize
        Font size in points.
    row_height
        Height of a row in axes fraction (default: fit the rows, at most 1/12).
    colours
        An optional text colour per row.
    bold_rows
        Indices of rows drawn in bold.

    Returns
    -------
    dict
        ``header`` (list of Text), ``cells`` (list of rows of Text), ``texts`` (the strings drawn, by row).
    """
    ax.set_axis_off()
    renderer = renderer_of(ax)
    width_pts = ax.get_window_extent(renderer).width / renderer.points_to_pixels(1.0)
    return _table(
        ax,
        ax.transAxes,
        width_pts,
        columns,
        rows,
        widths,
        align=align,
        fontsize=fontsize,
        row_height=row_height,
        colours=colours,
        bold_rows=bold_rows,
    )


@with_literal_text
def draw_table_in(
    fig: Figure,
    rect: tuple[float, float, float, float],
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    **kw: Any,
) -> dict[str, Any]:
    """:func:`draw_table` in a rectangle of a figure (``(left, bottom, width, height)`` in figure fraction)
    without an Axes: the same drawing at a fraction of the cost (an Axes builds ticks, spines and a patch that a
    table never shows), for a report that draws dozens of tables."""
    from matplotlib.transforms import Bbox, BboxTransformTo, TransformedBbox

    box = Bbox.from_bounds(*rect)
    transform = BboxTransformTo(TransformedBbox(box, fig.transFigure))
    width_pts = rect[2] * fig.get_figwidth() * 72
    return _table(fig, transform, width_pts, columns, rows, widths, **kw)


def _table(
    parent: Any,
    transform: Any,
    width_pts: float,
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    fontsize: float = 7.5,
    row_height: float | None = None,
    colours: Sequence[str | None] | None = None,
    bold_rows: Sequence[int] = (),
) -> dict[str, Any]:
    from matplotlib.lines import Line2D

    total = float(sum(widths))
    fr = [w / total for w in widths]
    lefts = np.concatenate([[0.0], np.cumsum(fr)[:-1]])
    align = list(align) if align is not None else ["left"] * len(columns)
    n = len(rows) + 1
    h = row_height if row_height is not None else min(1.0 / n, 1.0 / 12)
    pad = 0.006

    def cell_x(j: int) -> float:
        return lefts[j] + pad if align[j] == "left" else lefts[j] + fr[j] - pad

    # each cell keeps a gap of at least two pads to the next column
    room = [fr[j] * width_pts - 2 * pad * width_pts for j in range(len(columns))]
    header = []
    for j, name in enumerate(columns):
        name = fit_text(name, room[j], fontsize, "bold")
        header.append(
            parent.text(
                cell_x(j),
                1 - h / 2,
                name,
                ha=align[j],
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                transform=transform,
            )
        )
    parent.add_artist(
        Line2D([0, 1], [1 - h, 1 - h], color="#616161", lw=0.8, transform=transform, clip_on=False)
    )
    cells = []
    texts = []
    bold = set(bold_rows)
    for i, row in enumerate(rows):
        y = 1 - (i + 1.5) * h
        if i % 2 == 1:
            parent.add_artist(
                Rectangle(
                    (0, y - h / 2),
                    1,
                    h,
                    transform=transform,
                    color="#f3f5f7",
                    lw=0,
                    zorder=0,
                    clip_on=False,
                )
            )
        weight = "bold" if i in bold else "normal"
        colour = (colours[i] if colours else None) or "#212121"
        strings = [fit_text(str(value), room[j], fontsize, weight) for j, value in enumerate(row)]
        line = [
            parent.text(
                cell_x(j),
                y,
                s,
                ha=align[j],
                va="center",
                fontsize=fontsize,
                fontweight=weight,
                transform=transform,
                color=colour,
            )
            for j, s in enumerate(strings)
        ]
        cells.append(line)
        texts.append(strings)
    return {"header": header, "cells": cells, "texts": texts}
