"""Plots. Each function draws on an ``ax`` it is given and returns what it drew; none touches pyplot's
global state, so callers choose the figure, the backend and where to save.

Every function creates its text under :func:`summitcast.render.fonts.literal_text`: the ledger's text is drawn as
written (no mathtext: ``$``, ``_``, ``^``, ``\\`` stay literal) and Hangul, Chinese and Japanese fall back to a
CJK font instead of empty boxes.

The package's modules:

- :mod:`~summitcast.render.plotting.style`: colours, percent formatting, the probability axis that fits the question;
- :mod:`~summitcast.render.plotting.text`: measuring and shortening text as a PDF lays it out, tables of text;
- :mod:`~summitcast.render.plotting.labels`: marker labels clear of every marker, of each other and of other text;
- :mod:`~summitcast.render.plotting.history`: a question's forecast over time, an event's meeting-date curve;
- :mod:`~summitcast.render.plotting.charts`: the waterfall, the calibration diagram, reliabilities, scores by period;
- :mod:`~summitcast.render.plotting.comparison`: ours against a community series (``compare --plot``).

Only plotting callers import this package (never the model or the fast command-line path).
"""

from __future__ import annotations

from .charts import plot_calibration, plot_reliability, plot_scores_over_time, plot_waterfall
from .comparison import plot_comparison, save_comparison_plot
from .history import (
    DeadlineMark,
    EvidenceMarker,
    plot_event_curve,
    plot_meeting_months,
    plot_probability_history,
)
from .labels import place_labels
from .style import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    LINE_COLOUR,
    NEUTRAL_COLOUR,
    ProbabilityAxis,
    apply_probability_axis,
    choose_probability_axis,
    format_percent,
    marker_area,
)
from .text import draw_table, draw_table_in, fit_text, text_width

__all__ = [
    "AGAINST_COLOUR",
    "FOR_COLOUR",
    "LINE_COLOUR",
    "NEUTRAL_COLOUR",
    "DeadlineMark",
    "EvidenceMarker",
    "ProbabilityAxis",
    "apply_probability_axis",
    "choose_probability_axis",
    "draw_table",
    "draw_table_in",
    "fit_text",
    "format_percent",
    "marker_area",
    "place_labels",
    "plot_calibration",
    "plot_comparison",
    "plot_event_curve",
    "plot_meeting_months",
    "plot_probability_history",
    "plot_reliability",
    "plot_scores_over_time",
    "plot_waterfall",
    "save_comparison_plot",
    "text_width",
]
