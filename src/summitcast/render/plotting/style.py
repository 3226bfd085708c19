"""What every plot of summitcast shares: colours, percent formatting, dates, the probability axis.

The probability axis fits the question (:func:`choose_probability_axis`): a question that lives between 1% and
8% gets a zoomed axis with ticks at 0, 2, 4, 6, 8, 10%; one that runs from 0.5% to 40% gets a log-odds axis with
the ticks a forecaster reads (0.5%, 1%, 2%, 5%, 10%, 20%, 50%); only a question that uses the whole range gets
the plain 0–100% axis.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from summitcast.model.quadrature import logit, sigmoid
from summitcast.render.formatting import format_percent, percent

if TYPE_CHECKING:
    import datetime as dt

    from matplotlib.axes import Axes

__all__ = [
    "AGAINST_COLOUR",
    "FOR_COLOUR",
    "LINE_COLOUR",
    "NEUTRAL_COLOUR",
    "WEEK_COLOUR",
    "WINDOW_COLOUR",
    "ProbabilityAxis",
    "apply_probability_axis",
    "choose_probability_axis",
    "format_percent",
    "marker_area",
]

#: Colours of the report: evidence for (green) and against (red) a meeting, the forecast line and its band.
FOR_COLOUR = "#1b7f3b"
AGAINST_COLOUR = "#c62828"
NEUTRAL_COLOUR = "#8a8a8a"
LINE_COLOUR = "#1f4e9c"
WEEK_COLOUR = "#ffca28"
WINDOW_COLOUR = "#b0bec5"


def marker_area(contribution: float | np.ndarray) -> np.ndarray:
    """Marker area (points²) for an evidence item's log-odds contribution: 14 + 90·|c|, at most 420.

    Examples
    --------
    >>> marker_area(np.array([0.0, 1.0, 10.0])).tolist()
    [14.0, 104.0, 420.0]
    """
    return np.minimum(14.0 + 90.0 * np.abs(np.asarray(contribution, dtype=float)), 420.0)


def date_num(days: Sequence[dt.date] | np.ndarray) -> np.ndarray:
    """Matplotlib date numbers of ``days``."""
    import matplotlib.dates as mdates

    return mdates.date2num(np.asarray(days, dtype="datetime64[D]"))


def literal_ticks(ticks: Any) -> None:
    """No mathtext on tick labels set from user text: an axes made outside :func:`literal_text` may reuse a
    tick (and its label) created before, with the caller's ``text.parse_math``."""
    for tick in ticks:
        for label in (tick.label1, tick.label2):
            label.set_parse_math(False)


def renderer_of(ax: Axes) -> Any:
    """The renderer of the figure's canvas (Agg for a plain :class:`~matplotlib.figure.Figure`)."""
    return ax.get_figure(root=True)._get_renderer()


def logit_array(p: np.ndarray) -> np.ndarray:
    """:func:`summitcast.model.quadrature.logit` of an array, clipped away from 0 and 1."""
    return np.asarray(logit(np.clip(np.asarray(p, dtype=float), 1e-12, 1 - 1e-12)))


expit = sigmoid


# ------------------------------------------------------------------------------------ the probability axis

#: Ticks of a log-odds axis, in percent.
LOGIT_TICKS = (
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
    20,
    30,
    50,
    70,
    80,
    90,
    95,
    98,
    99,
    99.5,
    99.8,
    99.9,
    99.95,
    99.98,
    99.99,
)
#: The log-odds ticks left out first when there are too many (a forecaster reads 1%, 5%, 10% before 2% or 30%).
_THIN = (30, 70, 2, 98, 0.2, 99.8, 0.02, 99.98, 20, 80, 0.05, 99.95)
#: Tops of a zoomed linear axis, in percent, and the tick steps it may use.
_TOPS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100)
_STEPS = (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20)
#: A range is shown on a log-odds axis when its odds span at least this factor.
LOGIT_SPAN = 20.0


@dataclass(frozen=True)
class ProbabilityAxis:
    """How to draw a probability axis (values in percent).

    Attributes
    ----------
    scale
        ``"linear"`` (a zoomed or full 0–100% axis) or ``"logit"`` (log-odds spacing, percent labels).
    low, high
        The limits, in percent.
    ticks
        The ticks, in percent.
    """

    scale: str
    low: float
    high: float
    ticks: tuple[float, ...]

    @property
    def labels(self) -> list[str]:
        """The tick labels: ``"2%"``, ``"0.5%"``, ``"99.9%"``."""
        return [percent(t, "g", scaled=True) for t in self.ticks]


def _linear(low: float, high: float) -> ProbabilityAxis:
    span = high - low
    step = next((s for s in _STEPS if span / s <= 6), 20)
    n = round(span / step)
    return ProbabilityAxis(
        "linear", low, high, tuple(round(low + k * step, 6) for k in range(n + 1))
    )


def _logit_axis(lo: float, hi: float) -> ProbabilityAxis:
    """A log-odds axis from a tick below ``lo`` to one above ``hi`` (percent), with some room in odds."""
    zlo, zhi = logit(lo / 100) - 0.25, logit(hi / 100) + 0.25
    below = [t for t in LOGIT_TICKS if logit(t / 100) <= zlo]
    above = [t for t in LOGIT_TICKS if logit(t / 100) >= zhi]
    bottom = below[-1] if below else LOGIT_TICKS[0]
    top = above[0] if above else LOGIT_TICKS[-1]
    ticks = [t for t in LOGIT_TICKS if bottom <= t <= top]
    for drop in _THIN:  # at most 9 ticks: drop the least read ones first, never an end
        if len(ticks) <= 9:
            break
        if drop in ticks[1:-1]:
            ticks.remove(drop)
    while len(ticks) > 9:
        ticks = [*ticks[:-1:2], ticks[-1]]
    return ProbabilityAxis("logit", bottom, top, tuple(ticks))


def choose_probability_axis(values: np.ndarray | Sequence[float]) -> ProbabilityAxis:
    """The probability axis that makes ``values`` (probabilities in [0, 1]; NaN ignored) readable.

    - Values that span a factor of :data:`LOGIT_SPAN` or more in odds (0.5% and 9%, or 36% and 2.7%): a log-odds
      axis with percent ticks, so that both ends are readable. Values of exactly 0 or 1 (a closed or resolved
      question) are left out of the range and fall at the edge.
    - Otherwise, values that stay below 50% (above 50%): a zoomed linear axis from 0 (to 100%), its top
      (bottom) a round number just past the largest (smallest) value, with 4 to 7 round ticks.
    - Otherwise the full 0–100% axis.

    Examples
    --------
    >>> ax = choose_probability_axis([0.012, 0.03, 0.08])
    >>> ax.scale, ax.high, ax.labels
    ('linear', 10, ['0%', '2%', '4%', '6%', '8%', '10%'])
    >>> choose_probability_axis([0.004, 0.1, 0.35]).labels
    ['0.2%', '0.5%', '1%', '2%', '5%', '10%', '20%', '30%', '50%']
    >>> choose_probability_axis([0.3, 0.7]).scale, choose_probability_axis([0.3, 0.7]).high
    ('linear', 100)
    """
    v = np.asarray(values, dtype=float).ravel()
    v = v[np.isfinite(v)]
    inner = v[(v > 0) & (v < 1)]
    if inner.size == 0:
        return _linear(0, 100)
    lo, hi = float(inner.min()), float(inner.max())
    if math.exp(logit(hi) - logit(lo)) >= LOGIT_SPAN:
        return _logit_axis(100 * lo, 100 * hi)
    if hi <= 0.5:
        return _linear(0, next(t for t in _TOPS if t >= 100 * hi * 1.08))
    if lo >= 0.5:
        return _linear(100 - next(t for t in _TOPS if t >= 100 * (1 - lo) * 1.08), 100)
    return _linear(0, 100)


def apply_probability_axis(ax: Axes, axis: ProbabilityAxis, which: str = "y") -> None:
    """Set the scale, limits and percent ticks of ``ax``'s y (or x) axis, whose data are percentages."""

    def forward(y: np.ndarray) -> np.ndarray:
        return logit_array(np.asarray(y, dtype=float) / 100)

    def inverse(z: np.ndarray) -> np.ndarray:
        return 100 * expit(z)

    set_scale = ax.set_yscale if which == "y" else ax.set_xscale
    set_lim = ax.set_ylim if which == "y" else ax.set_xlim
    set_ticks = ax.set_yticks if which == "y" else ax.set_xticks
    if axis.scale == "logit":
        set_scale("function", functions=(forward, inverse))
    set_lim(axis.low, axis.high)
    set_ticks(list(axis.ticks), axis.labels)
    (ax.yaxis if which == "y" else ax.xaxis).set_minor_locator(_null_locator())


def _null_locator() -> Any:
    from matplotlib.ticker import NullLocator

    return NullLocator()
