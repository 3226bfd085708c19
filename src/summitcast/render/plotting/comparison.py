"""Our forecasts against a community series over time (``summitcast compare --plot``)."""

from __future__ import annotations

import math
import time
from typing import Any

import matplotlib.dates as mdates
import numpy as np

from summitcast.render.fonts import drawable_figure, literal_text, with_literal_text
from summitcast.render.formatting import percent
from summitcast.scoring.series import Series

__all__ = ["plot_comparison", "save_comparison_plot"]


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
        parts.append(f"coverage {percent(cov, '.0f')}")
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
        The result of :func:`summitcast.evaluation.comparison.compare_question` (``ours``, ``community``,
        ``peer``); the scores go into the legend labels and the peer score into its title.
    ax
        A matplotlib Axes to draw on.
    span
        ``(opens, closes)`` in unix seconds (e.g. the first two items of
        :func:`summitcast.evaluation.comparison.question_span`): the x range. Default: from the first forecast
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


def save_comparison_plot(result: Any, path: Any) -> Any:
    """Draw a :class:`~summitcast.evaluation.comparison.CompareResult` with :func:`plot_comparison` and save it.

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

    from summitcast.evaluation.comparison import question_span

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
        drawable_figure(fig)
        fig.savefig(out, metadata={"Software": None} if out.suffix == ".png" else None)
    return out
