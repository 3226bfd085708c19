"""Plots. Each function draws on an ``ax`` it is given and returns what it drew; none touches pyplot's
global state, so callers choose the figure, the backend and where to save.

Every function creates its text under :func:`summitcast.fonts.literal_text`: the ledger's text is drawn as
written (no mathtext: ``$``, ``_``, ``^``, ``\\`` stay literal) and Hangul, Chinese and Japanese fall back to a
CJK font instead of empty boxes.

Only plotting callers import this module (never the model or the fast command-line path).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib.dates as mdates
import numpy as np
from matplotlib.patches import Rectangle

from .fonts import font_families, literal_text, with_literal_text
from .question import Window
from .scoring import Series

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.text import Text

__all__ = [
    "AGAINST_COLOUR",
    "FOR_COLOUR",
    "EvidenceMarker",
    "draw_table",
    "fit_text",
    "format_percent",
    "marker_area",
    "plot_calibration",
    "plot_comparison",
    "plot_probability_history",
    "plot_reliability",
    "plot_waterfall",
    "save_comparison_plot",
]


def _step_xy(
    series: Series, start: float | None, end: float
) -> tuple[np.ndarray, np.ndarray] | None:
    """Points of a post-step line from ``start`` (or the first forecast) to ``end``, in datetime64."""
    if len(series) == 0:
        return None
    t = series.times
    p = series.probs
    if start is not None:
        keep = t > start
        before = np.flatnonzero(~keep)
        t, p = t[keep], p[keep]
        if before.size:  # the forecast standing at start
            t = np.concatenate([[start], t])
            p = np.concatenate([[series.probs[before[-1]]], p])
    t = t[t < end]
    p = p[: t.size]
    if t.size == 0:
        return None
    x = np.concatenate([t, [end]])
    y = np.concatenate([p, [p[-1]]])
    return (x * 1e6).astype("datetime64[us]"), y


def _label(name: str, sc: dict[str, Any] | None) -> str:
    if not sc:
        return name
    base, brier, cov = sc.get("baseline"), sc.get("brier"), sc.get("coverage")
    parts = []
    if base is not None:
        parts.append(f"baseline {base:+.1f}")
    parts.append("Brier n/a" if brier is None else f"Brier {brier:.3f}")
    if cov is not None:
        parts.append(f"coverage {cov:.0%}")
    return f"{name} ({', '.join(parts)})"


@with_literal_text
def plot_comparison(
    ours: Series,
    community: Series,
    *,
    outcome: str,
    scores: dict[str, Any],
    ax: Any,
    span: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """Draw our series and the community series over time, with the outcome and the scores.

    Parameters
    ----------
    ours, community
        The two step series (probability of yes).
    outcome
        ``"yes"`` or ``"no"``: drawn as a dotted line at 1 or 0 and named in the legend.
    scores
        The result of :func:`summitcast.comparison.compare_question` (``ours``, ``community``,
        ``peer``); the scores go into the legend labels and the peer score into its title.
    ax
        A matplotlib Axes to draw on.
    span
        ``(opens, closes)`` in unix seconds (e.g. the first two items of
        :func:`summitcast.comparison.question_span`): the x range. Default: from the first forecast
        to the later of the last forecast and now.

    Returns
    -------
    dict
        ``{"lines": {"ours": Line2D or None, "community": Line2D or None, "outcome": Line2D},
        "legend": Legend}``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> a = Series.from_points([0.0, 86400.0], [0.3, 0.6])
    >>> b = Series.from_points([0.0], [0.5])
    >>> sc = {"ours": {"baseline": 1.0, "brier": 0.2, "log": -0.6, "coverage": 1.0},
    ...       "community": None, "peer": 2.5}
    >>> drawn = plot_comparison(a, b, outcome="yes", scores=sc, ax=ax, span=(0.0, 2 * 86400.0))
    >>> drawn["lines"]["ours"].get_label()
    'ours (baseline +1.0, Brier 0.200, coverage 100%)'
    """
    if outcome not in ("yes", "no"):
        raise ValueError(f"outcome must be yes or no, got {outcome!r}")
    if span is not None:
        start, end = float(span[0]), float(span[1])
    else:
        ts = np.concatenate([ours.times, community.times])
        if ts.size == 0:
            start, end = time.time() - 86400.0, time.time()
        else:
            start = float(ts.min())
            end = max(float(ts.max()) + 86400.0, min(time.time(), float(ts.max()) + 30 * 86400.0))
    lines: dict[str, Any] = {}
    for name, series, style in (
        ("ours", ours, {"color": "C0", "linewidth": 2.0}),
        ("community", community, {"color": "C1", "linewidth": 1.5}),
    ):
        xy = _step_xy(series, start, end)
        if xy is None:
            lines[name] = None
            continue
        (line,) = ax.step(xy[0], xy[1], where="post", label=_label(name, scores.get(name)), **style)
        lines[name] = line
    y = 1.0 if outcome == "yes" else 0.0
    x = (np.array([start, end]) * 1e6).astype("datetime64[us]")
    (lines["outcome"],) = ax.plot(x, [y, y], linestyle=":", color="k", label=f"outcome: {outcome}")
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("P(yes)")
    ax.set_xlim(x[0], x[1])
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    peer = scores.get("peer")
    title = (
        None if peer is None or math.isnan(peer) else f"peer score (ours vs community) {peer:+.1f}"
    )
    legend = ax.legend(loc="best", title=title, fontsize="small")
    return {"lines": lines, "legend": legend}


# ------------------------------------------------------------------------------- report figures
#
# The plot functions of the weekly report (summitcast.report). Each takes its data and an axes, draws, and returns
# what it drew (a dict of artists) so that tests can check the lines, markers and labels rather than pixels.

#: Colours of the report: evidence for (green) and against (red) a meeting, the forecast line and its band.
FOR_COLOUR = "#1b7f3b"
AGAINST_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#8a8a8a"
LINE_COLOUR = "#1f4e9c"
WEEK_COLOUR = "#ffca28"
WINDOW_COLOUR = "#b0bec5"


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


def _date_num(days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    return mdates.date2num(np.asarray(days, dtype="datetime64[D]"))


def _literal(ticks: Any) -> None:
    """No mathtext on tick labels set from user text: an axes made outside :func:`literal_text` may reuse a
    tick (and its label) created before, with the caller's ``text.parse_math``."""
    for tick in ticks:
        for label in (tick.label1, tick.label2):
            label.set_parse_math(False)


def _renderer(ax: Axes) -> Any:
    fig = ax.get_figure(root=True)
    return fig._get_renderer()  # the canvas's renderer (Agg for a plain Figure)


def marker_area(contribution: float | np.ndarray) -> np.ndarray:
    """Marker area (points²) for an evidence item's log-odds contribution: 14 + 90·|c|, at most 420.

    Examples
    --------
    >>> marker_area(np.array([0.0, 1.0, 10.0])).tolist()
    [14.0, 104.0, 420.0]
    """
    return np.minimum(14.0 + 90.0 * np.abs(np.asarray(contribution, dtype=float)), 420.0)


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
        largest are labelled where the label does not overlap another or leave the axes.
    week
        First and last day of the report's week, highlighted.
    week_label
        Text drawn at the top of the highlighted week (e.g. ``2025-W44``).
    resolution
        ``(date, outcome)`` when the question was resolved: a dotted line.
    max_labels
        At most this many marker labels.

    Returns
    -------
    dict
        ``line`` (Line2D), ``band`` (PolyCollection), ``markers`` (PathCollection or None), ``labels`` (the marker
        labels drawn, list of Text), ``windows`` (list of Rectangle patches), ``window_labels``, ``deadline``
        (Line2D), ``week`` (the highlight patch or None), ``resolution`` (Line2D or None).
    """
    x = _date_num(dates)
    p = np.asarray(probability, dtype=float) * 100
    lo = np.asarray(low, dtype=float) * 100
    hi = np.asarray(high, dtype=float) * 100
    out: dict[str, Any] = {}
    out["week"] = None
    if week is not None:
        a, b = _date_num([week[0], week[1] + dt.timedelta(days=1)])
        out["week"] = ax.axvspan(a, b, color=WEEK_COLOUR, alpha=0.35, lw=0, zorder=0.5)
        if week_label:
            ax.text(
                (a + b) / 2,
                1.005,
                week_label,
                transform=ax.get_xaxis_transform(),
                ha="center",
                va="bottom",
                fontsize=7,
                color="#6d4c00",
            )
    out["windows"] = []
    out["window_labels"] = []
    lim_lo = _date_num([opens])[0]
    lim_hi = _date_num([max(deadline, dates[-1] if len(dates) else deadline)])[0] + 1
    for i, w in enumerate(windows):
        a, b = _date_num([w.start, w.end + dt.timedelta(days=1)])
        out["windows"].append(ax.axvspan(a, b, color=WINDOW_COLOUR, alpha=0.45, lw=0, zorder=0.4))
        # the name runs into the plot: rightwards from a window in the left part, leftwards otherwise
        right_side = a > lim_lo + 0.6 * (lim_hi - lim_lo)
        out["window_labels"].append(
            ax.text(
                a,
                0.97 - 0.05 * (i % 3),
                f"{w.name} (×{w.hazard:g}) " if right_side else f" {w.name} (×{w.hazard:g})",
                transform=ax.get_xaxis_transform(),
                ha="right" if right_side else "left",
                va="top",
                fontsize=6.5,
                color="#37474f",
                clip_on=True,
            )
        )
    out["band"] = ax.fill_between(
        x, lo, hi, color=LINE_COLOUR, alpha=0.18, lw=0, label="80% interval"
    )
    (out["line"],) = ax.plot(x, p, color=LINE_COLOUR, lw=1.6, label="forecast")
    (dl,) = ax.plot(
        [_date_num([deadline])[0]] * 2,
        [0, 1],
        transform=ax.get_xaxis_transform(),
        color="#424242",
        ls="--",
        lw=1.0,
        label="deadline",
    )
    out["deadline"] = dl
    ax.text(
        _date_num([deadline])[0],
        0.5,
        f"deadline {deadline.isoformat()} ",
        transform=ax.get_xaxis_transform(),
        rotation=90,
        ha="right",
        va="center",
        fontsize=6.5,
        color="#424242",
    )
    out["resolution"] = None
    if resolution is not None:
        rd, outcome = resolution
        (out["resolution"],) = ax.plot(
            [_date_num([rd])[0]] * 2,
            [0, 1],
            transform=ax.get_xaxis_transform(),
            color="#6a1b9a",
            ls=":",
            lw=1.4,
            label=f"resolved {outcome}",
        )
    ax.set_xlim(
        _date_num([opens])[0], _date_num([max(deadline, dates[-1] if dates else deadline)])[0] + 1
    )
    ax.set_ylim(0, 100)
    out["markers"] = None
    out["labels"] = []
    if markers:
        mx = _date_num([m.date for m in markers])
        my = np.array([m.probability for m in markers], dtype=float) * 100
        mc = np.array([m.contribution for m in markers], dtype=float)
        colours = [FOR_COLOUR if c > 0 else AGAINST_COLOUR if c < 0 else NEUTRAL_COLOUR for c in mc]
        out["markers"] = ax.scatter(
            mx,
            my,
            s=marker_area(mc),
            c=colours,
            alpha=0.8,
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
        )
        out["labels"] = _label_markers(ax, mx, my, mc, [m.label for m in markers], max_labels)
    ax.set_ylabel("probability of a meeting by the deadline (%)")
    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(True, axis="y", color="#e0e0e0", lw=0.6)
    ax.set_axisbelow(True)
    return out


def _label_markers(
    ax: Axes, x: np.ndarray, y: np.ndarray, c: np.ndarray, labels: Sequence[str], max_labels: int
) -> list[Text]:
    """Label the largest markers, skipping any label that would overlap another or leave the axes."""
    renderer = _renderer(ax)
    ax_box = ax.get_window_extent(renderer)
    placed: list[Any] = []
    drawn: list[Text] = []
    for i in sorted(range(len(x)), key=lambda k: (-abs(c[k]), k)):
        if len(drawn) >= max_labels or not labels[i] or c[i] == 0:
            continue
        up = y[i] < 75
        t = ax.annotate(
            labels[i],
            (x[i], y[i]),
            xytext=(0, 7 if up else -7),
            textcoords="offset points",
            ha="center",
            va="bottom" if up else "top",
            fontsize=6.5,
            color=FOR_COLOUR if c[i] > 0 else AGAINST_COLOUR,
            zorder=4,
        )
        box = t.get_window_extent(renderer).expanded(1.15, 1.3)
        inside = (
            ax_box.x0 <= box.x0
            and box.x1 <= ax_box.x1
            and ax_box.y0 <= box.y0
            and box.y1 <= ax_box.y1
        )
        if not inside or any(box.overlaps(other) for other in placed):
            t.remove()
            continue
        placed.append(box)
        drawn.append(t)
    return drawn


def _logit(p: float) -> float:
    return math.log(p) - math.log1p(-p)


def _logit_array(p: np.ndarray) -> np.ndarray:
    q = np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)
    return np.log(q) - np.log1p(-q)


def _expit(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


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
    z0 = _logit(prior)
    level = z0
    rows: list[tuple[str, float, float, str, str]] = []  # label, left, width, colour, value text
    rows.append((f"{start_label} {format_percent(prior)}", 0.0, z0, "#607d8b", f"{z0:+.2f}"))
    for label, delta in steps:
        colour = FOR_COLOUR if delta > 0 else AGAINST_COLOUR if delta < 0 else NEUTRAL_COLOUR
        rows.append((label, level, delta, colour, f"{delta:+.2f}".replace("-", "−")))
        level += delta
    final = float(_expit(level))
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
    _literal(ax.set_yticks(ys, labels, fontsize=6.5))
    ax.axvline(0, color="#424242", lw=0.6)
    ax.set_xlabel("log-odds (0 = 50%)", fontsize=7)
    ax.tick_params(axis="x", labelsize=6.5)
    secondary = ax.secondary_xaxis("top", functions=(_expit, _logit_array))
    ticks = [t for t in (0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99) if lo - pad < _logit(t) < hi + pad]
    secondary.set_xticks(ticks, [format_percent(t) for t in ticks])
    secondary.tick_params(labelsize=6.5)
    ax.grid(True, axis="x", color="#eeeeee", lw=0.6)
    ax.set_axisbelow(True)
    note_text = None
    if note:
        note_text = ax.text(
            0.0,
            -0.13,
            textwrap.fill(note, 44),
            transform=ax.transAxes,
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
        mf[keep], ob[keep], s=28, color=LINE_COLOUR, zorder=3, label="observed frequency"
    )
    counts = []
    for k in np.flatnonzero(keep):
        mid = (edges[k] + edges[k + 1]) * 50
        y = ob[k] + 2.5 if ob[k] < 92 else ob[k] - 6
        counts.append(ax.text(mid, y, f"n={int(count[k])}", ha="center", va="bottom", fontsize=6.5))
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
    _literal(ax.set_yticks(ys, list(names)))
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel("reliability (0 = moves nothing, 1 = the stated likelihood ratio in full)")
    ax.grid(True, axis="x", color="#eeeeee", lw=0.6)
    ax.legend(loc="lower right", fontsize=7, frameon=False)
    return {"points": pts, "intervals": iv, "defaults": dft, "values": values}


def fit_text(text: str, width_points: float, fontsize: float, weight: str = "normal") -> str:
    """Shorten ``text`` (ending in "…") until it is at most ``width_points`` wide at ``fontsize``.

    The fonts are :func:`summitcast.fonts.font_families` (DejaVu Sans, then the CJK fallback), so a Hangul or
    Chinese name is measured with the glyphs it will be drawn with.

    Widths are the font's unhinted advances, as laid out in a PDF (a raster renderer's hinted widths are some 5%
    narrower, which would let text run into the next column).

    Parameters
    ----------
    text
        The text.
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
    """
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(family=list(font_families()), size=fontsize, weight=weight)

    def width(s: str) -> float:
        w, _, _ = text_to_path.get_text_width_height_descent(s, prop, ismath=False)
        return float(w)

    text = " ".join(text.split())
    if width(text) <= width_points:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix (plus ellipsis) that fits
        mid = (lo + hi + 1) // 2
        if width(text[:mid].rstrip() + "…") <= width_points:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


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

    Returns
    -------
    dict
        ``header`` (list of Text), ``cells`` (list of rows of Text), ``texts`` (the strings drawn, by row).
    """
    ax.set_axis_off()
    total = float(sum(widths))
    fr = [w / total for w in widths]
    lefts = np.concatenate([[0.0], np.cumsum(fr)[:-1]])
    align = list(align) if align is not None else ["left"] * len(columns)
    n = len(rows) + 1
    h = row_height if row_height is not None else min(1.0 / n, 1.0 / 12)
    renderer = _renderer(ax)
    ax_w_pts = ax.get_window_extent(renderer).width / renderer.points_to_pixels(1.0)
    pad = 0.006

    def cell_x(j: int) -> float:
        return lefts[j] + pad if align[j] == "left" else lefts[j] + fr[j] - pad

    # each cell keeps a gap of at least two pads to the next column
    room = [fr[j] * ax_w_pts - 2 * pad * ax_w_pts for j in range(len(columns))]
    header = []
    for j, name in enumerate(columns):
        name = fit_text(name, room[j], fontsize, "bold")
        header.append(
            ax.text(
                cell_x(j),
                1 - h / 2,
                name,
                ha=align[j],
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                transform=ax.transAxes,
            )
        )
    ax.plot([0, 1], [1 - h, 1 - h], color="#616161", lw=0.8, transform=ax.transAxes, clip_on=False)
    cells = []
    texts = []
    for i, row in enumerate(rows):
        y = 1 - (i + 1.5) * h
        if i % 2 == 1:
            ax.add_patch(
                Rectangle(
                    (0, y - h / 2), 1, h, transform=ax.transAxes, color="#f3f5f7", lw=0, zorder=0
                )
            )
        line = []
        strings = []
        for j, value in enumerate(row):
            s = fit_text(str(value), room[j], fontsize)
            strings.append(s)
            line.append(
                ax.text(
                    cell_x(j),
                    y,
                    s,
                    ha=align[j],
                    va="center",
                    fontsize=fontsize,
                    transform=ax.transAxes,
                    color=(colours[i] if colours else None) or "#212121",
                )
            )
        cells.append(line)
        texts.append(strings)
    return {"header": header, "cells": cells, "texts": texts}


def format_percent(p: float | None) -> str:
    """A probability as a percentage for display: one decimal below 10% and above 90%, else whole.

    Examples
    --------
    >>> format_percent(0.034), format_percent(0.5), format_percent(None)
    ('3.4%', '50%', '—')
    """
    if p is None or (isinstance(p, float) and math.isnan(p)):
        return "—"
    v = 100 * p
    if v < 10 or v > 90:
        return f"{v:.1f}%"
    return f"{v:.0f}%"


def save_comparison_plot(result: Any, path: Any) -> Any:
    """Draw a :class:`~summitcast.comparison.CompareResult` with :func:`plot_comparison` and save it.

    Parameters
    ----------
    result
        The comparison (its series, outcome and scores).
    path
        Where to write the figure; the format follows the suffix (``.png``, ``.pdf``, ``.svg``).

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from pathlib import Path

    from matplotlib.figure import Figure

    from .comparison import question_span

    out = Path(path)
    with literal_text():  # the axes' own texts too, and TrueType embedding in a PDF
        fig = Figure(figsize=(9, 4.5), layout="constrained")
        ax = fig.subplots()
        plot_comparison(
            result.ours,
            result.community,
            outcome=result.outcome,
            scores=result.scores,
            ax=ax,
            span=question_span(result.question)[:2],
        )
        fig.savefig(out, metadata={"Software": None} if out.suffix == ".png" else None)
    return out
