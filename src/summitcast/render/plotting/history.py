"""Probability over time: a question's daily forecast with its evidence, and an event's meeting-date curve."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np

from summitcast.domain.question import Window
from summitcast.render.fonts import with_literal_text
from summitcast.render.formatting import percent

from .labels import place_labels
from .style import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    LINE_COLOUR,
    NEUTRAL_COLOUR,
    WEEK_COLOUR,
    WINDOW_COLOUR,
    ProbabilityAxis,
    apply_probability_axis,
    choose_probability_axis,
    date_num,
    format_percent,
    marker_area,
)
from .text import fit_text, text_width

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "DeadlineMark",
    "EvidenceMarker",
    "plot_event_curve",
    "plot_meeting_months",
    "plot_probability_history",
]


@dataclass(frozen=True)
class EvidenceMarker:
    """One evidence item on the probability-over-time plot.

    Attributes
    ----------
    date
        Where it sits on the time axis (the day it was logged, when it entered the forecast).
    probability
        Where it sits on the probability axis (the forecast at the end of that day).
    contribution
        Its effective log-odds shift: the sign gives the colour, the size the marker's area.
    label
        A short label (drawn where space allows).
    """

    date: dt.date
    probability: float
    contribution: float
    label: str


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    # the offset beside the axis names the year alone: "2025-Nov" beside a tick "Nov" said the month twice
    ax.xaxis.set_major_formatter(
        mdates.ConciseDateFormatter(locator, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y"])
    )


def _windows(ax: Axes, windows: Sequence[Window], lim: tuple[float, float]) -> tuple[list, list]:
    patches, labels = [], []
    width_pts = ax.get_position().width * ax.get_figure(root=True).get_figwidth() * 72
    for i, w in enumerate(windows):
        a, b = date_num([w.start, w.end + dt.timedelta(days=1)])
        if b < lim[0] or a > lim[1]:
            continue
        patches.append(ax.axvspan(a, b, color=WINDOW_COLOUR, alpha=0.45, lw=0, zorder=0.4))
        # the name runs into the plot: rightwards from a window in the left part, leftwards otherwise
        right_side = a > lim[0] + 0.6 * (lim[1] - lim[0])
        # the name is shortened to the room between the window and the plot's edge; the multiplier always shows
        share = (a - lim[0] if right_side else lim[1] - max(a, lim[0])) / (lim[1] - lim[0])
        suffix = f" ({w.kind})" if w.is_occasion else f" (×{w.hazard:g})"
        room = share * width_pts - text_width(suffix + "  ", 6.5) - 2
        name = fit_text(w.name, max(room, 12.0), 6.5) + suffix
        labels.append(
            ax.text(
                max(a, lim[0]),
                0.97 - 0.05 * (i % 3),
                f"{name} " if right_side else f" {name}",
                transform=ax.get_xaxis_transform(),
                ha="right" if right_side else "left",
                va="top",
                fontsize=6.5,
                color="#37474f",
                clip_on=True,
            )
        )
    return patches, labels


def _week(ax: Axes, week: tuple[dt.date, dt.date], label: str) -> Any:
    """The report's week, highlighted and named above the plot."""
    a, b = date_num([week[0], week[1] + dt.timedelta(days=1)])
    patch = ax.axvspan(a, b, color=WEEK_COLOUR, alpha=0.35, lw=0, zorder=0.5)
    if label:
        ax.text(
            (a + b) / 2,
            1.005,
            label,
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=7,
            color="#6d4c00",
        )
    return patch


def _deadline_and_resolution(
    ax: Axes, deadline: dt.date, resolution: tuple[dt.date, str] | None
) -> tuple[Any, Any]:
    """The deadline (dashed, named) and the resolution (dotted), as vertical lines."""
    dx = date_num([deadline])[0]
    xt = ax.get_xaxis_transform()
    (line,) = ax.plot(
        [dx, dx], [0, 1], transform=xt, color="#424242", ls="--", lw=1.0, label="deadline"
    )
    ax.text(
        dx,
        0.5,
        f"deadline {deadline.isoformat()} ",
        transform=xt,
        rotation=90,
        ha="right",
        va="center",
        fontsize=6.5,
        color="#424242",
    )
    res = None
    if resolution is not None:
        rd, outcome = resolution
        (res,) = ax.plot(
            [date_num([rd])[0]] * 2,
            [0, 1],
            transform=xt,
            color="#6a1b9a",
            ls=":",
            lw=1.4,
            label=f"resolved {outcome}",
        )
    return line, res


def _evidence(ax: Axes, markers: Sequence[EvidenceMarker], max_labels: int) -> tuple[Any, list]:
    """The evidence markers (colour by sign, area by size) and the labels that fit clear of everything."""
    mx = date_num([m.date for m in markers])
    my = np.array([m.probability for m in markers], dtype=float) * 100
    mc = np.array([m.contribution for m in markers], dtype=float)
    colours = [FOR_COLOUR if c > 0 else AGAINST_COLOUR if c < 0 else NEUTRAL_COLOUR for c in mc]
    sizes = marker_area(mc)
    scatter = ax.scatter(
        mx, my, s=sizes, c=colours, alpha=0.8, edgecolors="white", linewidths=0.5, zorder=3
    )
    order = [k for k in sorted(range(len(mc)), key=lambda k: (-abs(mc[k]), k)) if mc[k] != 0]
    labels = place_labels(
        ax, mx, my, sizes, [m.label for m in markers], colours, order, max_labels=max_labels
    )
    return scatter, labels


@with_literal_text
def plot_probability_history(
    ax: Axes,
    dates: Sequence[dt.date],
    probability: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    *,
    opens: dt.date,
    deadline: dt.date,
    windows: Sequence[Window] = (),
    markers: Sequence[EvidenceMarker] = (),
    week: tuple[dt.date, dt.date] | None = None,
    week_label: str = "",
    resolution: tuple[dt.date, str] | None = None,
    max_labels: int = 10,
    axis: ProbabilityAxis | None = None,
) -> dict[str, Any]:
    """Draw a question's forecast over time: the line, its 80% band, evidence, windows, deadline and week.

    Parameters
    ----------
    ax
        The axes to draw on.
    dates, probability, low, high
        The daily forecast (to the deadline) and its 80% interval; NaN where there is none.
    opens, deadline
        The question's span; the deadline is drawn as a dashed vertical line.
    windows
        Scheduled occasions, shaded grey and named.
    markers
        Evidence items: green when for a meeting, red when against, area growing with ``|contribution|``; the
        largest are labelled with :func:`~summitcast.render.plotting.labels.place_labels` (clear of every marker, of
        each other and of the other text).
    week
        First and last day of the report's week, highlighted.
    week_label
        Text drawn at the top of the highlighted week (e.g. ``2025-W44``).
    resolution
        ``(date, outcome)`` when the question was resolved: a dotted line.
    max_labels
        At most this many marker labels.
    axis
        The probability axis (default :func:`~summitcast.render.plotting.style.choose_probability_axis` of the line and
        band): zoomed or log-odds so that a question between 1% and 8% is readable.

    Returns
    -------
    dict
        ``line`` (Line2D), ``band`` (PolyCollection), ``markers`` (PathCollection or None), ``labels`` (the marker
        labels drawn, list of Text), ``windows`` (list of Rectangle patches), ``window_labels``, ``deadline``
        (Line2D), ``week`` (the highlight patch or None), ``resolution`` (Line2D or None), ``axis`` (the
        ProbabilityAxis used).
    """
    x = date_num(dates)
    p = np.asarray(probability, dtype=float) * 100
    lo = np.asarray(low, dtype=float) * 100
    hi = np.asarray(high, dtype=float) * 100
    out: dict[str, Any] = {}
    lim = (
        float(date_num([opens])[0]),
        float(date_num([max(deadline, dates[-1] if len(dates) else deadline)])[0] + 1),
    )
    out["week"] = _week(ax, week, week_label) if week is not None else None
    out["windows"], out["window_labels"] = _windows(ax, windows, lim)
    out["band"] = ax.fill_between(
        x, lo, hi, color=LINE_COLOUR, alpha=0.18, lw=0, label="80% interval"
    )
    (out["line"],) = ax.plot(x, p, color=LINE_COLOUR, lw=1.6, label="forecast")
    out["deadline"], out["resolution"] = _deadline_and_resolution(ax, deadline, resolution)
    ax.set_xlim(*lim)
    if axis is None:
        axis = choose_probability_axis(np.concatenate([p, lo, hi]) / 100)
    apply_probability_axis(ax, axis)
    out["axis"] = axis
    out["markers"] = None
    out["labels"] = []
    if markers:
        out["markers"], out["labels"] = _evidence(ax, markers, max_labels)
    ax.set_ylabel("P(meeting by the deadline)" + (", log-odds" if axis.scale == "logit" else ""))
    _date_axis(ax)
    ax.grid(True, axis="y", color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    return out


@dataclass(frozen=True)
class DeadlineMark:
    """A question's deadline on its event's curve.

    Attributes
    ----------
    date
        The deadline.
    probability
        The question's forecast (the curve's value at its deadline; 0 or 1 once settled).
    label
        Its label (e.g. the question id and its forecast).
    highlight
        Whether it is the question the page is about (drawn larger, in the forecast's colour).
    """

    date: dt.date
    probability: float
    label: str
    highlight: bool = False


@with_literal_text
def plot_event_curve(
    ax: Axes,
    months: Sequence[dt.date],
    probability: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    *,
    marks: Sequence[DeadlineMark] = (),
    windows: Sequence[Window] = (),
    start: dt.date | None = None,
    axis: ProbabilityAxis | None = None,
) -> dict[str, Any]:
    """Draw an event's meeting-date distribution: P(a meeting by the end of each month), its 80% band, and the
    event's questions as points on it at their deadlines.

    Parameters
    ----------
    ax
        The axes to draw on.
    months
        The month ends (the last one the event's horizon).
    probability, low, high
        P(a meeting after the as-of day and by each month end, given none so far) and its 80% interval.
    marks
        The questions of the event, at their deadlines.
    windows
        The event's windows (shaded).
    start
        The as-of day, where the x range starts (it also takes in every mark).
    axis
        The probability axis (default chosen from the curve and the marks).

    Returns
    -------
    dict
        ``line`` (Line2D), ``band`` (PolyCollection), ``marks`` (PathCollection or None), ``labels`` (Text of
        the marks drawn), ``axis``.
    """
    x = date_num(months)
    p = np.asarray(probability, dtype=float) * 100
    lo = np.asarray(low, dtype=float) * 100
    hi = np.asarray(high, dtype=float) * 100
    mx = date_num([m.date for m in marks]) if marks else np.zeros(0)
    first = float(date_num([start])[0]) if start is not None else float(x[0])
    lim = (float(min(first, *mx)) - 3, float(max(x[-1], *mx)) + 3)
    _windows(ax, windows, lim)
    out: dict[str, Any] = {}
    out["band"] = ax.fill_between(x, lo, hi, color=LINE_COLOUR, alpha=0.18, lw=0)
    (out["line"],) = ax.plot(x, p, color=LINE_COLOUR, lw=1.6, marker="o", ms=2.2)
    ax.set_xlim(*lim)
    mp = np.array([m.probability for m in marks], dtype=float) * 100
    if axis is None:
        axis = choose_probability_axis(np.concatenate([p, lo, hi, mp]) / 100)
    apply_probability_axis(ax, axis)
    out["axis"] = axis
    out["marks"], out["labels"] = None, []
    if marks:
        my = np.clip(mp, axis.low, axis.high)
        sizes = np.array([70.0 if m.highlight else 34.0 for m in marks])
        colours = ["#e65100" if m.highlight else "#455a64" for m in marks]
        out["marks"] = ax.scatter(
            mx,
            my,
            s=sizes,
            c=colours,
            marker="D",
            zorder=4,
            edgecolors="white",
            linewidths=0.5,
            clip_on=False,
        )
        for xx in mx:
            ax.axvline(xx, color="#9e9e9e", lw=0.6, ls=":", zorder=0.6)
        order = sorted(range(len(marks)), key=lambda k: (not marks[k].highlight, k))
        out["labels"] = place_labels(
            ax, mx, my, sizes, [m.label for m in marks], colours, order, max_labels=len(marks)
        )
    ax.set_ylabel("P(meeting by the date)" + (", log-odds" if axis.scale == "logit" else ""))
    _date_axis(ax)
    ax.grid(True, axis="y", color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    return out


@with_literal_text
def plot_meeting_months(
    ax: Axes, months: Sequence[dt.date], probability: np.ndarray, *, start: dt.date | None = None
) -> dict[str, Any]:
    """Draw the probability that the meeting falls in each month (the increments of the cumulative curve).

    Parameters
    ----------
    ax
        The axes to draw on.
    months
        The month ends.
    probability
        P(a meeting by each month end), non-decreasing.
    start
        The as-of day: the first month counts from it.

    Returns
    -------
    dict
        ``bars`` (Rectangles, one per month), ``values`` (the increments, probabilities), ``labels`` (Text of the
        largest months' values).
    """
    ends = date_num(months) + 1
    firsts = [dt.date(m.year, m.month, 1) for m in months]
    if start is not None and firsts:
        firsts[0] = max(firsts[0], start + dt.timedelta(days=1))
    lefts = date_num(firsts)
    p = np.asarray(probability, dtype=float)
    inc = np.diff(np.concatenate([[0.0], p]))
    bars = ax.bar(
        lefts,
        inc * 100,
        width=ends - lefts,
        align="edge",
        color=LINE_COLOUR,
        alpha=0.7,
        edgecolor="white",
        lw=0.4,
    ).patches
    labels = []
    if inc.size:
        for k in sorted(np.argsort(-inc, kind="stable")[:3]):
            if inc[k] <= 0:
                continue
            labels.append(
                ax.text(
                    (lefts[k] + ends[k]) / 2,
                    inc[k] * 100,
                    f"{format_percent(float(inc[k]))} ",
                    rotation=90,
                    ha="center",
                    va="top" if inc[k] >= 0.6 * inc.max() else "bottom",
                    fontsize=6,
                    color="white" if inc[k] >= 0.6 * inc.max() else "#263238",
                )
            )
    peak = float(np.nanmax(inc)) if inc.size and np.isfinite(inc).any() else 0.0
    top = max(
        peak * 100 * 1.15, 0.5
    )  # never a zero-height axis (matplotlib warns of identical limits)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(lambda v, _pos: percent(v, "g", scaled=True))
    ax.set_ylabel("P(meeting in the month)")
    _date_axis(ax)
    ax.grid(True, axis="y", color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    return {"bars": list(bars), "values": inc, "labels": labels}
