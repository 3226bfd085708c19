"""The report's plot functions, tested on what they drew (lines, markers, labels), not on pixels."""

from __future__ import annotations

import datetime as dt
import math

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from summitcast.plotting import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    EvidenceMarker,
    draw_table,
    fit_text,
    format_percent,
    marker_area,
    plot_calibration,
    plot_probability_history,
    plot_reliability,
    plot_waterfall,
)
from summitcast.question import Window


def _ax(size: tuple[float, float] = (8.0, 4.0)):
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    return fig.add_subplot()


OPENS = dt.date(2025, 9, 1)
DAYS = [OPENS + dt.timedelta(days=k) for k in range(60)]


def _history(markers, **kw):
    ax = _ax()
    p = np.linspace(0.3, 0.1, len(DAYS))
    drawn = plot_probability_history(
        ax,
        DAYS,
        p,
        p * 0.5,
        np.minimum(p * 1.5, 1.0),
        opens=OPENS,
        deadline=dt.date(2025, 12, 31),
        markers=markers,
        **kw,
    )
    return ax, drawn, p


def test_history_draws_line_band_deadline_week_and_windows() -> None:
    trip = Window("trip", "Asia trip", dt.date(2025, 10, 27), dt.date(2025, 10, 31), 8.0)
    ax, drawn, p = _history(
        [],
        windows=[trip],
        week=(dt.date(2025, 10, 27), dt.date(2025, 11, 2)),
        week_label="2025-W44",
        resolution=(dt.date(2025, 10, 30), "yes"),
    )
    x, y = drawn["line"].get_data()
    assert len(x) == len(DAYS)
    np.testing.assert_allclose(y, 100 * p)  # percent
    assert x[0] == mdates.date2num(np.datetime64("2025-09-01"))
    assert drawn["deadline"].get_xdata()[0] == mdates.date2num(np.datetime64("2025-12-31"))
    assert [t.get_text() for t in drawn["window_labels"]] == [" Asia trip (×8)"]
    assert len(drawn["windows"]) == 1 and drawn["week"] is not None
    assert drawn["resolution"].get_label() == "resolved yes"
    texts = [t.get_text() for t in ax.texts]
    assert "2025-W44" in texts and "deadline 2025-12-31 " in texts
    assert ax.get_ylim() == (0.0, 100.0)
    assert drawn["markers"] is None and drawn["labels"] == []


def test_history_markers_colour_size_and_labels() -> None:
    markers = [
        EvidenceMarker(dt.date(2025, 9, 10), 0.28, 1.1, "Trump"),
        EvidenceMarker(dt.date(2025, 10, 10), 0.18, -2.3, "KCNA"),
        EvidenceMarker(dt.date(2025, 10, 11), 0.17, 0.0, "reprint"),
    ]
    _, drawn, _ = _history(markers)
    sc = drawn["markers"]
    assert len(sc.get_offsets()) == 3
    np.testing.assert_allclose(sc.get_offsets()[:, 1], [28, 18, 17])
    colours = [to_hex(c) for c in sc.get_facecolors()]
    assert colours[0] == FOR_COLOUR and colours[1] == AGAINST_COLOUR
    sizes = sc.get_sizes()
    assert sizes[1] > sizes[0] > sizes[2]  # area grows with |contribution|
    labels = sorted(t.get_text() for t in drawn["labels"])
    assert labels == ["KCNA", "Trump"]  # items with no effect are not labelled


def test_history_labels_never_overlap() -> None:
    # twenty items on the same few days: only non-overlapping labels survive
    markers = [
        EvidenceMarker(
            dt.date(2025, 10, 1) + dt.timedelta(days=k % 3), 0.2, 0.5 + k / 10, f"src{k}"
        )
        for k in range(20)
    ]
    ax, drawn, _ = _history(markers, max_labels=20)
    renderer = ax.get_figure(root=True)._get_renderer()
    boxes = [t.get_window_extent(renderer) for t in drawn["labels"]]
    assert 1 <= len(boxes) < 20
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            assert not boxes[i].overlaps(boxes[j])
    # the largest contribution gets its label first
    assert "src19" in [t.get_text() for t in drawn["labels"]]


def test_waterfall_sums_from_prior_to_final() -> None:
    ax = _ax((3, 4))
    steps = [("Trump 10 Sep", 0.55), ("Yonhap 30 Oct", -0.35), ("time elapsed", -0.98)]
    drawn = plot_waterfall(ax, 0.2, steps, note="1 item with no effect now.")
    z = math.log(0.2 / 0.8) + 0.55 - 0.35 - 0.98
    assert drawn["final"] == pytest.approx(1 / (1 + math.exp(-z)))
    assert drawn["labels"] == [
        "prior 20%",
        "Trump 10 Sep",
        "Yonhap 30 Oct",
        "time elapsed",
        f"forecast {format_percent(drawn['final'])}",
    ]
    bars = drawn["bars"]
    assert len(bars) == 5
    # each step starts where the previous one ended
    level = math.log(0.2 / 0.8)
    for bar, (_, delta) in zip(bars[1:-1], steps, strict=True):
        assert bar.get_x() == pytest.approx(level)
        assert bar.get_width() == pytest.approx(delta)
        level += delta
    assert bars[-1].get_width() == pytest.approx(z)
    assert [t.get_text() for t in drawn["values"]][1:4] == ["+0.55", "−0.35", "−0.98"]
    assert to_hex(bars[1].get_facecolor()) == FOR_COLOUR
    assert to_hex(bars[2].get_facecolor()) == AGAINST_COLOUR
    assert drawn["note"].get_text() == "1 item with no effect now."


def test_calibration_counts_every_bin_over_the_whole_range() -> None:
    ax = _ax((4, 4))
    edges = np.linspace(0, 1, 11)
    count = np.array([5, 0, 0, 0, 0, 0, 0, 3, 0, 7])
    mean = np.where(count > 0, edges[:-1] + 0.05, np.nan)
    observed = np.array([0.2, np.nan, np.nan, np.nan, np.nan, np.nan, np.nan, 0.66, np.nan, 1.0])
    drawn = plot_calibration(ax, edges, count, mean, observed)
    assert [t.get_text() for t in drawn["counts"]] == ["n=5", "n=3", "n=7"]
    np.testing.assert_allclose(drawn["points"].get_offsets()[:, 0], [5, 75, 95])
    np.testing.assert_allclose(drawn["points"].get_offsets()[:, 1], [20, 66, 100])
    assert ax.get_xlim() == (0.0, 100.0)  # not folded at 50%
    assert list(drawn["diagonal"].get_xdata()) == [0, 100]


def test_reliability_points_intervals_and_defaults() -> None:
    ax = _ax((5, 3))
    drawn = plot_reliability(
        ax,
        ["principal", "media"],
        np.array([0.42, 0.7]),
        np.array([0.3, 0.6]),
        np.array([0.55, 0.8]),
        defaults=[0.5, 0.5],
    )
    np.testing.assert_allclose(drawn["points"].get_offsets()[:, 0], [0.42, 0.7])
    segs = drawn["intervals"].get_segments()
    assert [tuple(s[:, 0]) for s in segs] == [(0.3, 0.55), (0.6, 0.8)]
    assert [t.get_text() for t in drawn["values"]] == ["0.42 [0.30, 0.55]", "0.70 [0.60, 0.80]"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["principal", "media"]
    np.testing.assert_allclose(drawn["defaults"].get_offsets()[:, 0], [0.5, 0.5])


def test_table_shortens_cells_to_their_column() -> None:
    ax = _ax((6, 1.5))
    long = "a very long statement " * 20
    drawn = draw_table(
        ax, ["date", "what was said"], [["2025-10-30", long], ["2025-10-31", "short"]], [1, 3]
    )
    assert [t.get_text() for t in drawn["header"]] == ["date", "what was said"]
    assert drawn["texts"][1] == ["2025-10-31", "short"]
    cut = drawn["texts"][0][1]
    assert cut.endswith("…") and len(cut) < len(long)
    renderer = ax.get_figure(root=True)._get_renderer()
    cell = drawn["cells"][0][1].get_window_extent(renderer)
    assert cell.x1 <= ax.get_window_extent(renderer).x1


def test_fit_text_and_format_percent() -> None:
    from matplotlib.textpath import text_to_path

    assert fit_text("short", 200, 8) == "short"
    s = fit_text("x" * 500, 50, 8)
    assert s.endswith("…") and 1 < len(s) < 20
    prop = FontProperties(family="DejaVu Sans", size=8, weight="bold")
    bold = fit_text("a bold header that is long", 60, 8, "bold")
    assert text_to_path.get_text_width_height_descent(bold, prop, ismath=False)[0] <= 60
    assert format_percent(0.034) == "3.4%" and format_percent(0.5) == "50%"
    assert format_percent(0.995) == "99.5%" and format_percent(None) == "—"
    assert marker_area(np.array([0.0, 1.0])).tolist() == [14.0, 104.0]
