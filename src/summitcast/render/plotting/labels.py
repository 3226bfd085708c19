"""Labels beside scatter markers that overlap neither each other, nor any marker, nor the axes' other text.

Each label is tried in turn at six places around its marker (above, below, right, left, above right, above
left), :data:`GAP` points outside the marker's disc; the first place whose box stays inside the axes, clear of every
marker disc (by :data:`GAP`) and :data:`PAD` points clear of every label already placed and every text already on
the axes is taken; a label with no such place is left
out rather than piled up. Boxes are estimated from the fonts' unhinted advances (as wide as a PDF draws them, wider
than a raster renderer's hinted text) with a margin, and checked again with the renderer's own boxes once drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from .style import renderer_of
from .text import text_width

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = ["GAP", "PAD", "marker_radius_px", "place_labels"]

#: Gap between a marker's edge and its label, points (a label close enough to touch a neighbour's disc reads as
#: that neighbour's).
GAP = 3.0
#: Clear space kept around each label's box against every other label and text, points (labels one above the
#: other with no space between read as one stack).
PAD = 3.0
#: Places tried around a marker: (direction x, direction y, ha, va).
_PLACES = (
    (0, 1, "center", "bottom"),
    (0, -1, "center", "top"),
    (1, 0, "left", "center"),
    (-1, 0, "right", "center"),
    (1, 1, "left", "bottom"),
    (-1, 1, "right", "bottom"),
)


def marker_radius_px(sizes: np.ndarray, ppp: float, linewidth: float = 0.5) -> np.ndarray:
    """Radius in pixels of circle markers of area ``sizes`` (points², as :meth:`~matplotlib.axes.Axes.scatter`
    takes them: the diameter is ``sqrt(s)`` points), with half the edge line; ``ppp`` pixels per point."""
    return (np.sqrt(np.asarray(sizes, dtype=float)) / 2 + linewidth / 2) * ppp


def _box(cx: float, cy: float, w: float, h: float, ha: str, va: str) -> tuple[float, ...]:
    x0 = cx - w / 2 if ha == "center" else cx if ha == "left" else cx - w
    y0 = cy - h / 2 if va == "center" else cy if va == "bottom" else cy - h
    return (x0, y0, x0 + w, y0 + h)


def _hits_discs(box: tuple[float, ...], cx: np.ndarray, cy: np.ndarray, r: np.ndarray) -> bool:
    """Whether the rectangle meets any of the discs."""
    if cx.size == 0:
        return False
    nx = np.clip(cx, box[0], box[2])
    ny = np.clip(cy, box[1], box[3])
    return bool(np.any((cx - nx) ** 2 + (cy - ny) ** 2 < r**2))


def _meets(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    sizes: np.ndarray,
    labels: Sequence[str],
    colours: Sequence[str],
    order: Sequence[int],
    *,
    max_labels: int = 10,
    fontsize: float = 6.5,
) -> list[Text]:
    """Label markers (in ``order``, most important first) where a label fits clear of everything else.

    Parameters
    ----------
    ax
        The axes, with its limits and scales already set (the markers' places on the page must be final).
    x, y
        The markers, in data coordinates.
    sizes
        Their areas in points² (as given to ``scatter``).
    labels, colours
        Text and colour of each marker's label (an empty label is never drawn).
    order
        The indices of the markers to try, most important first.
    max_labels
        At most this many labels.
    fontsize
        Font size of the labels, points.

    Returns
    -------
    list of Text
        The labels drawn (annotations offset from their markers in points, so they keep their places at any
        resolution).
    """
    renderer = renderer_of(ax)
    ppp = renderer.points_to_pixels(1.0)
    frame = ax.get_window_extent(renderer)
    centres = ax.transData.transform(np.column_stack([x, y])) if len(x) else np.zeros((0, 2))
    cx, cy = centres[:, 0], centres[:, 1]
    radius = marker_radius_px(sizes, ppp)
    blocked = [tuple(t.get_window_extent(renderer).extents) for t in ax.texts if t.get_visible()]
    placed: list[tuple[float, ...]] = []
    drawn: list[Text] = []
    h = fontsize * 1.25 * ppp
    for i in order:
        if len(drawn) >= max_labels:
            break
        if not labels[i] or not (np.isfinite(cx[i]) and np.isfinite(cy[i])):
            continue
        w = (text_width(labels[i], fontsize) + 2) * ppp
        off = radius[i] + GAP * ppp
        pad = PAD * ppp
        for dx, dy, ha, va in _PLACES:
            scale = math.sqrt(0.5) if dx and dy else 1.0
            ox, oy = dx * off * scale, dy * off * scale
            box = _box(cx[i] + ox, cy[i] + oy, w, h, ha, va)
            if not (
                frame.x0 <= box[0]
                and box[2] <= frame.x1
                and frame.y0 <= box[1]
                and box[3] <= frame.y1
            ):
                continue
            if _hits_discs(box, cx, cy, radius + GAP * ppp * 0.9):
                continue
            padded = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
            if any(_meets(padded, other) for other in placed) or any(
                _meets(padded, other) for other in blocked
            ):
                continue
            text = ax.annotate(
                labels[i],
                (x[i], y[i]),
                xytext=(ox / ppp, oy / ppp),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=fontsize,
                color=colours[i],
                zorder=4,
            )
            real = tuple(text.get_window_extent(renderer).extents)
            if _hits_discs(real, cx, cy, radius) or any(_meets(real, o) for o in placed):
                text.remove()
                continue
            placed.append(
                tuple(np.minimum(box[:2], real[:2])) + tuple(np.maximum(box[2:], real[2:]))
            )
            drawn.append(text)
            break
    return drawn
