"""The report's charts that are not over time: the waterfall from prior to forecast, the calibration diagram,
learned reliabilities, and scores by period."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from summitcast.render.fonts import with_literal_text
from summitcast.render.formatting import percent

from .style import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    LINE_COLOUR,
    NEUTRAL_COLOUR,
    expit,
    format_percent,
    literal_ticks,
    logit,
    logit_array,
)
from .text import text_width

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["plot_calibration", "plot_reliability", "plot_scores_over_time", "plot_waterfall"]


@with_literal_text
def plot_waterfall(
    ax: Axes,
    prior: float,
    steps: Sequence[tuple[str, float]],
    *,
    start_label: str = "prior",
    end_label: str = "forecast",
    note: str | None = None,
) -> dict[str, Any]:
    """Draw a horizontal waterfall in log-odds from the prior, step by step, to the final number.

    Parameters
    ----------
    ax
        The axes to draw on.
    prior
        The starting probability, in (0, 1).
    steps
        ``(label, log-odds change)`` in the order they apply, top to bottom.
    start_label, end_label
        Names of the first and last bars (their probabilities are appended).
    note
        A line of text under the bars (e.g. why the final number is 0 or 1).

    Returns
    -------
    dict
        ``bars`` (Rectangles, top to bottom: start, steps, end), ``labels`` (the category strings), ``values``
        (Text of each bar's number), ``final`` (the end probability), ``note`` (Text or None).
    """
    z0 = logit(prior)
    level = z0
    rows: list[tuple[str, Any, Any, str, str]] = []  # label, left, width, colour, value text
    rows.append((f"{start_label} {format_percent(prior)}", 0.0, z0, "#607d8b", f"{z0:+.2f}"))
    for label, delta in steps:
        colour = FOR_COLOUR if delta > 0 else AGAINST_COLOUR if delta < 0 else NEUTRAL_COLOUR
        rows.append((label, level, delta, colour, f"{delta:+.2f}".replace("-", "−")))
        level += delta
    final = float(expit(level))
    rows.append((f"{end_label} {format_percent(final)}", 0.0, level, LINE_COLOUR, f"{level:+.2f}"))
    n = len(rows)
    ys = np.arange(n)[::-1]
    bars = []
    values = []
    for (_, left, width, colour, _text), yy in zip(rows, ys, strict=True):
        (bar,) = ax.barh(yy, width, left=left, color=colour, height=0.62, alpha=0.9).patches
        bars.append(bar)
    lo = min(0.0, *(r[1] + min(r[2], 0) for r in rows))
    hi = max(0.0, *(r[1] + max(r[2], 0) for r in rows))
    pad = 0.3 * max(hi - lo, 1.0)
    ax.set_xlim(lo - pad, hi + pad)
    for (_, left, width, _, text), yy in zip(rows, ys, strict=True):
        end = left + width
        right = width >= 0
        values.append(
            ax.text(
                end + (0.02 if right else -0.02) * (hi - lo + 2 * pad),
                yy,
                text.replace("-", "−"),
                ha="left" if right else "right",
                va="center",
                fontsize=6.5,
            )
        )
    # connectors between consecutive bars
    for k in range(1, n - 1):
        lvl = rows[k][1]
        ax.plot([lvl, lvl], [ys[k - 1] - 0.31, ys[k] + 0.31], color="#9e9e9e", lw=0.6)
    labels = [r[0] for r in rows]
    literal_ticks(ax.set_yticks(ys, labels, fontsize=6.5))
    ax.axvline(0, color="#424242", lw=0.6)
    ax.set_xlabel("log-odds (0 = 50%)", fontsize=7)
    ax.tick_params(axis="x", labelsize=6.5)
    secondary = ax.secondary_xaxis("top", functions=(expit, logit_array))
    # percent ticks at least a seventh of the axis apart, so that their labels never touch
    ticks: list[float] = []
    for t in (0.001, 0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99, 0.999):
        z = logit(t)
        if lo - pad < z < hi + pad and (
            not ticks or z - logit(ticks[-1]) >= (hi - lo + 2 * pad) / 7
        ):
            ticks.append(t)
    secondary.set_xticks(ticks, [percent(t, "g") for t in ticks])
    secondary.tick_params(labelsize=6.5)
    ax.grid(True, axis="x", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    note_text = None
    if note:
        note_text = ax.annotate(  # under the x label, whatever the axes' height
            textwrap.fill(note, 44),
            (0.0, 0.0),
            xycoords="axes fraction",
            xytext=(0, -32),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=7,
        )
    return {"bars": bars, "labels": labels, "values": values, "final": final, "note": note_text}


@with_literal_text
def plot_calibration(
    ax: Axes,
    edges: np.ndarray,
    count: np.ndarray,
    mean_forecast: np.ndarray,
    observed: np.ndarray,
) -> dict[str, Any]:
    """Draw a calibration diagram over the whole [0, 1] range (not folded at 50%), each bin with its count.

    Parameters
    ----------
    ax
        The axes to draw on.
    edges
        Bin edges (``n + 1``).
    count
        Forecasts in each bin.
    mean_forecast, observed
        Mean forecast and observed frequency of each bin (NaN when empty).

    Returns
    -------
    dict
        ``diagonal`` (Line2D), ``points`` (PathCollection of the non-empty bins), ``counts`` (Text per non-empty
        bin, ``n=…``), ``bins`` (the bin-range Rectangles).
    """
    edges = np.asarray(edges, dtype=float)
    count = np.asarray(count)
    mf = np.asarray(mean_forecast, dtype=float) * 100
    ob = np.asarray(observed, dtype=float) * 100
    (diag,) = ax.plot(
        [0, 100], [0, 100], color="#9e9e9e", ls="--", lw=0.8, label="perfect calibration"
    )
    keep = count > 0
    rects = ax.bar(
        edges[:-1][keep] * 100,
        ob[keep],
        width=np.diff(edges)[keep] * 100,
        align="edge",
        color=LINE_COLOUR,
        alpha=0.15,
        edgecolor=LINE_COLOUR,
        lw=0.5,
    ).patches
    pts = ax.scatter(
        mf[keep],
        ob[keep],
        s=28,
        color=LINE_COLOUR,
        zorder=3,
        label="observed frequency",
        clip_on=False,  # a dot at 0% or 100% is drawn whole, over the frame, not cut in half
    )
    # the counts in a row above the frame, each centred on its bin and no wider than it (smaller type, then
    # without "n=", where a count is long), so that none touches the frame, a dot or its neighbour
    counts = []
    width_pts = ax.get_position().width * ax.get_figure(root=True).get_figwidth() * 72
    bins = np.flatnonzero(keep)
    room = min((edges[k + 1] - edges[k]) * width_pts - 2 for k in bins) if bins.size else 0.0
    labels = [f"n={int(count[k])}" for k in bins]
    size = 6.0  # one size for the row: the largest at which every count fits its bin
    while size > 4.5 and any(text_width(t, size) > room for t in labels):
        size -= 0.5
    if any(text_width(t, size) > room for t in labels):
        labels = [f"{int(count[k])}" for k in bins]
    for k, label in zip(bins, labels, strict=True):
        mid = (edges[k] + edges[k + 1]) * 50
        counts.append(
            ax.text(
                mid,
                1.0
                + 6 / (ax.get_position().height * ax.get_figure(root=True).get_figheight() * 72),
                label,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=size,
                color="#424242",
            )
        )
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_xlabel("forecast (%)")
    ax.set_ylabel("observed frequency (%)")
    ax.set_aspect("equal", adjustable="box")
    ax.grid(True, color="#eeeeee", lw=0.6)
    return {"diagonal": diag, "points": pts, "counts": counts, "bins": list(rects)}


@with_literal_text
def plot_reliability(
    ax: Axes,
    names: Sequence[str],
    mean: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    *,
    defaults: Sequence[float] | None = None,
    interval_label: str = "90% posterior interval",
) -> dict[str, Any]:
    """Draw learned reliabilities (posterior mean and interval per source type), with the defaults for reference.

    Parameters
    ----------
    ax
        The axes to draw on.
    names
        Source types (one row each, top to bottom).
    mean, low, high
        Posterior mean and interval bounds, in [0, 1].
    defaults
        The documented default reliability of each type (hollow diamonds), if given.
    interval_label
        Legend text of the interval.

    Returns
    -------
    dict
        ``points`` (PathCollection of the means), ``intervals`` (LineCollection), ``defaults`` (PathCollection or
        None), ``values`` (Text of each mean and interval).
    """
    n = len(names)
    ys = np.arange(n)[::-1]
    mean = np.asarray(mean, dtype=float)
    iv = ax.hlines(ys, low, high, color=LINE_COLOUR, lw=2.2, label=interval_label)
    pts = ax.scatter(mean, ys, color=LINE_COLOUR, s=36, zorder=3, label="posterior mean")
    dft = None
    if defaults is not None:
        dft = ax.scatter(
            defaults,
            ys,
            marker="D",
            facecolors="none",
            edgecolors="#e65100",
            s=30,
            zorder=4,
            label="default (no fit)",
        )
    values = [
        ax.text(
            1.02,
            yy,
            f"{m:.2f} [{lo_:.2f}, {hi_:.2f}]",
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=7,
        )
        for yy, m, lo_, hi_ in zip(ys, mean, low, high, strict=True)
    ]
    literal_ticks(ax.set_yticks(ys, list(names)))
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("reliability (0 = moves nothing, 1 = the stated likelihood ratio in full)")
    ax.grid(True, axis="x", color="#eeeeee", lw=0.6)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return {"points": pts, "intervals": iv, "defaults": dft, "values": values}


@with_literal_text
def plot_scores_over_time(
    ax: Axes,
    periods: Sequence[str],
    brier: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    *,
    questions: Sequence[int] | None = None,
) -> dict[str, Any]:
    """Draw a score per period (e.g. the Brier score per quarter of the forecast's day) with its interval.

    Parameters
    ----------
    ax
        The axes to draw on.
    periods
        The periods' names, in order (e.g. ``2025-Q3``).
    brier, low, high
        The score of each period and its interval (NaN where there is none).
    questions
        The number of questions behind each period, printed under its point.

    Returns
    -------
    dict
        ``points`` (PathCollection), ``intervals`` (LineCollection), ``reference`` (the Line2D at 0.25, the
        Brier score of always saying 50%), ``counts`` (Text per period).
    """
    xs = np.arange(len(periods))
    b = np.asarray(brier, dtype=float)
    iv = ax.vlines(xs, low, high, color=LINE_COLOUR, lw=1.6, alpha=0.6)
    pts = ax.scatter(xs, b, color=LINE_COLOUR, s=16, zorder=3, clip_on=False)
    ref = ax.axhline(0.25, color="#9e9e9e", ls="--", lw=0.8)
    ax.text(
        1.0,
        0.25,
        " always 50%",
        transform=ax.get_yaxis_transform(),
        fontsize=6,
        va="center",
        ha="left",
        color="#616161",
    )
    counts = []
    if questions is not None:
        for x, n in zip(xs, questions, strict=True):
            counts.append(
                ax.text(
                    x,
                    -0.02,
                    f"{n}",
                    transform=ax.get_xaxis_transform(),
                    ha="center",
                    va="top",
                    fontsize=5.5,
                    color="#616161",
                )
            )
    step = max(1, int(np.ceil(len(periods) / 12)))
    literal_ticks(ax.set_xticks(xs[::step], [periods[k] for k in range(0, len(periods), step)]))
    ax.tick_params(axis="x", labelsize=6, rotation=90, pad=9 if questions is not None else 3)
    top = np.nanmax(np.concatenate([np.asarray(high, dtype=float), b, [0.3]]))
    top = min(1.0, top * 1.1)
    # a little room under 0 and over the top: a dot at a perfect 0 sits inside the frame, not on it
    ax.set_ylim(-0.03 * top, top + (0.03 * top if top >= 1.0 else 0.0))
    ax.set_xlim(-0.7, len(periods) - 0.3)
    ax.set_ylabel("Brier (lower is better)")
    ax.grid(True, axis="y", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    return {"points": pts, "intervals": iv, "reference": ref, "counts": counts}
