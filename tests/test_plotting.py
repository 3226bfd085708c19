"""The report's plot functions, tested on what they drew (lines, markers, labels), not on pixels."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import matplotlib.dates as mdates
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from summitcast.domain.question import Window
from summitcast.render.plotting import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    DeadlineMark,
    EvidenceMarker,
    choose_probability_axis,
    draw_table,
    draw_table_in,
    fit_text,
    format_percent,
    marker_area,
    plot_calibration,
    plot_event_curve,
    plot_meeting_months,
    plot_probability_history,
    plot_reliability,
    plot_waterfall,
    text_width,
)
from summitcast.render.plotting.text import exact_text_width


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
    # the axis fits the question: p from 30% to 10%, the band from 5% to 45%: a zoomed 0-50% axis
    assert ax.get_ylim() == (0.0, 50.0) and drawn["axis"].scale == "linear"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["0%", "10%", "20%", "30%", "40%", "50%"]
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


def _disc_hits_box(cx: float, cy: float, r: float, box) -> bool:
    nx, ny = min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)
    return (cx - nx) ** 2 + (cy - ny) ** 2 < r**2


def _check_labels_clear(ax, drawn) -> int:
    """Every label's box (from the renderer) is inside the axes and clear of every other label, every marker's
    disc and every other text of the axes; returns how many labels there are."""
    fig = ax.get_figure(root=True)
    renderer = fig._get_renderer()
    boxes = [t.get_window_extent(renderer) for t in drawn["labels"]]
    frame = ax.get_window_extent(renderer)
    sc = drawn["markers"]
    centres = ax.transData.transform(sc.get_offsets())
    # scatter sizes are areas in points²: the disc's diameter is sqrt(s) points (plus the 0.5 pt edge)
    radii = (np.sqrt(sc.get_sizes()) / 2 + 0.25) * fig.dpi / 72
    others = [t.get_window_extent(renderer) for t in ax.texts if t not in drawn["labels"]]
    for i, box in enumerate(boxes):
        assert (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        )
        for j in range(i + 1, len(boxes)):
            assert not box.overlaps(boxes[j]), (
                drawn["labels"][i].get_text(),
                drawn["labels"][j].get_text(),
            )
        for (cx, cy), r in zip(centres, radii, strict=True):
            assert not _disc_hits_box(cx, cy, r, box), drawn["labels"][i].get_text()
        for other in others:
            assert not box.overlaps(other)
    return len(boxes)


def test_history_labels_clear_of_markers_and_each_other() -> None:
    # twenty items on the same few days: only labels with a free place survive, none on a marker or another label
    markers = [
        EvidenceMarker(
            dt.date(2025, 10, 1) + dt.timedelta(days=k % 3), 0.2, 0.5 + k / 10, f"src{k}"
        )
        for k in range(20)
    ]
    ax, drawn, _ = _history(markers, max_labels=20)
    assert 1 <= _check_labels_clear(ax, drawn) < 20
    # the largest contribution gets its label first
    assert "src19" in [t.get_text() for t in drawn["labels"]]


def test_history_labels_clear_on_a_crowded_low_question() -> None:
    # a question between 1% and 8% with sixty items of every size, some days crowded, and a window label
    rng = np.random.default_rng(3)
    p = np.clip(
        0.08 - 0.07 * np.linspace(0, 1, len(DAYS)) + rng.normal(0, 0.004, len(DAYS)), 0.01, 0.08
    )
    days = [DAYS[int(k)] for k in rng.integers(0, len(DAYS), 60)]
    markers = [
        EvidenceMarker(d, float(p[DAYS.index(d)]), float(rng.normal(0, 1.2)), f"Source number {k}")
        for k, d in enumerate(days)
    ]
    trip = Window("trip", "Asia trip", dt.date(2025, 10, 5), dt.date(2025, 10, 9), 8.0)
    ax = _ax()
    drawn = plot_probability_history(
        ax,
        DAYS,
        p,
        p * 0.7,
        p * 1.3,
        opens=OPENS,
        deadline=dt.date(2025, 12, 31),
        windows=[trip],
        markers=markers,
        max_labels=12,
    )
    assert _check_labels_clear(ax, drawn) >= 3


def test_probability_axis_fits_a_question_between_1_and_8_percent() -> None:
    ax = _ax()
    p = np.linspace(0.08, 0.01, len(DAYS))
    drawn = plot_probability_history(
        ax, DAYS, p, p * 0.8, p * 1.1, opens=OPENS, deadline=dt.date(2025, 12, 31)
    )
    lo, hi = ax.get_ylim()
    assert lo == 0 and 9.6 <= hi <= 12  # 0-10%, not 0-100%
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["0%", "2%", "4%", "6%", "8%", "10%"]
    # the line uses most of the plot's height: 1% and 8% are far apart on the page
    renderer = ax.get_figure(root=True)._get_renderer()
    ys = ax.transData.transform(drawn["line"].get_xydata())[:, 1]
    assert (ys.max() - ys.min()) / ax.get_window_extent(renderer).height > 0.6


def test_probability_axis_choices() -> None:
    # odds spanning a factor of 20 or more: log-odds spacing with a forecaster's ticks
    wide = choose_probability_axis([0.004, 0.05, 0.4])
    assert (
        wide.scale == "logit" and wide.labels[:3] == ["0.2%", "0.5%", "1%"] and "50%" in wide.labels
    )
    high = choose_probability_axis([0.93, 0.97])
    assert high.scale == "linear" and high.low >= 80 and high.high == 100
    mid = choose_probability_axis([0.3, 0.7])
    assert (mid.scale, mid.low, mid.high) == ("linear", 0, 100)
    assert (
        choose_probability_axis([np.nan, 0.0, 1.0]).high == 100
    )  # nothing inside (0, 1): the full axis
    # on a log-odds axis 0.5% and 40% are both readable: each a tick, far apart
    ax = _ax()
    p = np.geomspace(0.4, 0.005, len(DAYS))
    drawn = plot_probability_history(ax, DAYS, p, p * 0.8, p * 1.1, opens=OPENS, deadline=DAYS[-1])
    assert drawn["axis"].scale == "logit"
    ticks = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert {"0.5%", "1%", "5%", "20%"} <= set(ticks)
    to_px = ax.transData.transform
    assert to_px((0, 1))[1] - to_px((0, 0.5))[1] == pytest.approx(
        to_px((0, 20))[1] - to_px((0, 10))[1], rel=0.3
    )  # log-odds spacing: doubling the odds is (about) the same step at 0.5% and at 10%


def test_event_curve_marks_its_questions_at_their_deadlines() -> None:
    ax = _ax((8, 3))
    months = [
        dt.date(2025, 11, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
    ]
    p = np.array([0.02, 0.05, 0.07, 0.09])
    marks = [
        DeadlineMark(dt.date(2025, 12, 31), 0.05, "this-q 5.0%", True),
        DeadlineMark(dt.date(2026, 2, 28), 0.09, "later-q 9.0%"),
    ]
    drawn = plot_event_curve(
        ax, months, p, p * 0.5, p * 1.5, marks=marks, start=dt.date(2025, 11, 2)
    )
    np.testing.assert_allclose(drawn["line"].get_ydata(), 100 * p)
    offsets = drawn["marks"].get_offsets()
    np.testing.assert_allclose(offsets[:, 1], [5, 9])
    assert offsets[0, 0] == mdates.date2num(np.datetime64("2025-12-31"))
    sizes = drawn["marks"].get_sizes()
    assert sizes[0] > sizes[1]  # this question stands out
    assert sorted(t.get_text() for t in drawn["labels"]) == ["later-q 9.0%", "this-q 5.0%"]
    assert ax.get_xlim()[0] < mdates.date2num(np.datetime64("2025-11-03"))  # from the as-of day


def test_meeting_months_are_the_increments_of_the_curve() -> None:
    ax = _ax((6, 3))
    months = [dt.date(2025, 11, 30), dt.date(2025, 12, 31), dt.date(2026, 1, 31)]
    drawn = plot_meeting_months(
        ax, months, np.array([0.02, 0.10, 0.11]), start=dt.date(2025, 11, 2)
    )
    np.testing.assert_allclose([b.get_height() for b in drawn["bars"]], [2, 8, 1])
    assert drawn["bars"][0].get_x() == mdates.date2num(np.datetime64("2025-11-03"))


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


def test_table_without_axes_draws_the_same_cells() -> None:
    fig = Figure(figsize=(6, 1.5))
    FigureCanvasAgg(fig)
    rows = [["2025-10-30", "a very long statement " * 20], ["2025-10-31", "short"]]
    a = draw_table(fig.add_axes((0.1, 0.1, 0.8, 0.8)), ["date", "what"], rows, [1, 3])
    b = draw_table_in(fig, (0.1, 0.1, 0.8, 0.8), ["date", "what"], rows, [1, 3])
    assert a["texts"] == b["texts"]
    renderer = fig._get_renderer()
    assert b["cells"][0][1].get_window_extent(renderer).x1 <= 0.9 * fig.bbox.width


def test_text_width_agrees_with_the_layout() -> None:
    for s, size, weight in [
        ("Will Donald Trump and Kim Jong Un meet in person?", 8, "normal"),
        ("AVATAR To Wa, «quote» — $5 billion_x", 7.5, "bold"),
        ("김정은 트럼프 習近平 and Latin", 6.5, "normal"),
    ]:
        assert text_width(s, size, weight) == pytest.approx(
            exact_text_width(s, size, weight), abs=0.5
        )
    for width in (20, 55, 90, 140):
        cut = fit_text(
            "Hailed Trump's invitation to Kim as having created a significant sense of warmth",
            width,
            7,
        )
        assert exact_text_width(cut, 7) <= width and cut.endswith("…")
        longer = fit_text(
            "Hailed Trump's invitation to Kim as having created a significant sense of warmth",
            width + 8,
            7,
        )
        assert len(longer) >= len(cut)  # more room never gives a shorter cut


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


# ------------------------------------------------------------------ reading cleanly (issue 22 item 9)


def _spacing(ax, drawn) -> tuple[float, float]:
    """The smallest clear space (points) between two marker labels, and between a label and any marker disc."""
    fig = ax.get_figure(root=True)
    renderer = fig._get_renderer()
    ppp = fig.dpi / 72
    boxes = [t.get_window_extent(renderer) for t in drawn["labels"]]
    sc = drawn["markers"]
    centres = ax.transData.transform(sc.get_offsets())
    radii = (np.sqrt(sc.get_sizes()) / 2 + 0.25) * ppp
    between = math.inf
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            dx = max(b.x0 - a.x1, a.x0 - b.x1, 0.0)
            dy = max(b.y0 - a.y1, a.y0 - b.y1, 0.0)
            between = min(between, math.hypot(dx, dy) if dx and dy else max(dx, dy))
    to_disc = math.inf
    for box in boxes:
        for (cx, cy), r in zip(centres, radii, strict=True):
            nx, ny = min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)
            to_disc = min(to_disc, math.hypot(cx - nx, cy - ny) - r)
    return between / ppp, to_disc / ppp


def test_history_labels_keep_clear_space_so_they_do_not_stack() -> None:
    # a crowded week: labels that touch one another (one line right above the next) or a neighbour's disc read as
    # a stack; each keeps a few points of clear space
    rng = np.random.default_rng(7)
    markers = [
        EvidenceMarker(
            dt.date(2025, 10, 20) + dt.timedelta(days=int(rng.integers(0, 8))),
            float(0.05 + 0.1 * rng.random()),
            float(rng.normal(0, 1.0)),
            f"Speaker {k}",
        )
        for k in range(25)
    ]
    ax, drawn, _ = _history(markers, max_labels=10)
    assert len(drawn["labels"]) >= 2
    between, to_disc = _spacing(ax, drawn)
    assert between >= 2.5, between
    assert to_disc >= 2.5, to_disc


def test_date_axis_names_the_month_once() -> None:
    # a span of a few weeks: ticks "Oct 08 15 22 Nov" and an offset with the year alone, not "2025-Nov"
    ax = _ax()
    days = [dt.date(2025, 10, 1) + dt.timedelta(days=k) for k in range(35)]
    p = np.full(len(days), 0.2)
    plot_probability_history(
        ax, days, p, p * 0.5, p * 1.5, opens=days[0], deadline=dt.date(2025, 11, 4)
    )
    ax.get_figure(root=True).canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    offset = ax.xaxis.get_offset_text().get_text()
    assert "Nov" in ticks and "Oct" in ticks
    assert offset == "2025", offset


def test_calibration_counts_above_the_frame_apart_and_dots_whole() -> None:
    fig = Figure(figsize=(11.69, 8.27))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.06, 0.2, 3.3 / 11.69, 3.3 / 8.27))  # the report's size
    edges = np.linspace(0, 1, 11)
    count = np.array([1384, 485, 786, 409, 617, 779, 779, 704, 220, 125])
    mean = edges[:-1] + 0.05
    observed = np.array([0.1, 0.85, 0.73, 0.9, 0.68, 0.68, 0.68, 0.76, 0.79, 1.0])
    drawn = plot_calibration(ax, edges, count, mean, observed)
    fig.canvas.draw()
    renderer = fig._get_renderer()
    frame = ax.get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in drawn["counts"]]
    assert all(b.y0 > frame.y1 + 1 for b in boxes)  # not on the border
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(boxes))  # none runs into the next
    assert [t.get_text() for t in drawn["counts"]][5:7] == ["n=779", "n=779"]
    assert not drawn["points"].get_clip_on()  # the dot at 100% is drawn whole, not cut by the frame


def test_scores_over_time_dots_at_zero_inside_the_frame() -> None:
    from summitcast.render.plotting import plot_scores_over_time

    ax = _ax()
    plot_scores_over_time(
        ax, ["2020-Q1", "2020-Q2", "2020-Q3"], [0.0, 0.2, 0.0], [0.0, 0.1, 0.0], [0.0, 0.3, 0.0]
    )
    assert ax.get_ylim()[0] < 0.0
