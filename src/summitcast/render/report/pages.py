"""The report's pages about where things stand: the summary (opening with what needs attention), one page per
question, and one page per event with several questions (the meeting-date distribution)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from summitcast.model.quadrature import logit
from summitcast.render.plotting import (
    AGAINST_COLOUR,
    FOR_COLOUR,
    DeadlineMark,
    EvidenceMarker,
    draw_table_in,
    fit_text,
    format_percent,
    plot_event_curve,
    plot_meeting_months,
    plot_probability_history,
    plot_waterfall,
)

from .data import EventData, QuestionData, ReportData
from .layout import (
    MARGIN,
    MIN_ROW,
    PAGE_SIZE,
    ROW,
    Flow,
    Writer,
    date,
    fy,
    interval,
    lr_text,
    minus,
    page_header,
    points,
)

__all__ = ["WATERFALL_ITEMS", "event_page", "question_pages", "summary_pages"]

#: Waterfall: at most this many items get their own bar; the rest are summed into one.
WATERFALL_ITEMS = 10
#: The summary lists at most this many of the week's items (the largest by |log-odds|; the question pages list
#: every one).
SUMMARY_ITEMS = 15
#: How ``due`` items are named on the summary page.
DUE_LABELS = {
    "past-deadline": "deadline passed",
    "window-soon": "window soon",
    "moved": "moved",
    "quiet": "quiet",
    "fit-stale": "fit stale",
}


def _colour(c: float) -> str | None:
    return FOR_COLOUR if c > 0 else AGAINST_COLOUR if c < 0 else None


# ------------------------------------------------------------------------------------------ summary


def summary_pages(writer: Writer, data: ReportData, week: str) -> None:
    """The first page(s): what needs attention, every question's forecast, the biggest movers, the week's
    evidence."""
    monday, sunday = data.monday, data.sunday
    flow = Flow(writer, "summary")
    flow.text(f"summitcast weekly report: {week}", size=17, weight="bold")
    if sunday.weekday() == 6:
        span = f"Week {week}: Monday {date(monday)} to Sunday {date(sunday)}."
    else:
        span = (
            f"Week {week} so far: Monday {date(monday)} to {sunday:%A} {date(sunday)} (the day of this report; "
            f"the week is not over)."
        )
    flow.text(
        f"{span} Forecasts are as of the end of {sunday:%A %d %B %Y}, to each question's deadline.",
        size=9,
        gap=0.08,
    )
    items = data.due.items if data.due is not None else []
    if items:
        flow.table(
            f"Needs attention as of {date(sunday)} ({len(items)}, most urgent first; summitcast due)",
            ["what", "details"],
            [[DUE_LABELS.get(i.kind, i.kind), i.message] for i in items],
            [1.3, 12.0],
        )
    else:
        flow.text(
            f"Needs attention as of {date(sunday)}: nothing.", size=9, weight="bold", gap=0.12
        )
    flow.text(
        f"{len(data.questions)} question{'s' if len(data.questions) != 1 else ''} open at some point this week "
        "or resolved in it. Change: percentage points since the end of the previous week (since opening for new "
        "questions).",
        size=8,
        color="#424242",
        gap=0.04,
    )
    _questions_table(flow, data)
    _movers(flow, data)
    _week_evidence(flow, data)
    flow.finish()


def _questions_table(flow: Flow, data: ReportData) -> None:
    """Every question's forecast, interval, change over the week, status and deadline; those not open yet."""
    rows = []
    for d in data.questions:
        f = d.now
        rows.append(
            [
                d.question.id,
                d.question.title,
                format_percent(f.probability),
                interval(f.low, f.high),
                points(d.change) + (" (new)" if d.new else ""),
                f.status,
                date(d.question.deadline),
            ]
        )
    if rows:
        flow.table(
            "Questions",
            ["question", "title", "forecast", "80% interval", "change (pts)", "status", "deadline"],
            rows,
            [2.4, 5.0, 0.9, 1.3, 1.1, 1.0, 1.0],
            align=["left", "left", "right", "right", "right", "left", "left"],
        )
    else:
        flow.text("No question was open this week.", size=9, gap=0.15)
    if data.upcoming:
        flow.text(
            "Not open yet (no page): "
            + "; ".join(f"{q.id} (opens {date(q.opens)})" for q in data.upcoming),
            size=8,
            color="#424242",
            gap=0.12,
        )


def _movers(flow: Flow, data: ReportData) -> None:
    """The three forecasts that moved most this week."""
    movers = sorted(
        (d for d in data.questions if d.change is not None and abs(d.change) >= 0.0005),
        key=lambda d: (-abs(d.change or 0.0), d.question.id),
    )[:3]
    flow.text("Biggest movers", size=9, weight="bold")
    if movers:
        for d in movers:
            flow.text(
                f"{d.question.id}: {format_percent(d.start_probability)} → {format_percent(d.now.probability)} "
                f"({points(d.change)} pts)",
                size=8,
                color=FOR_COLOUR if (d.change or 0) > 0 else AGAINST_COLOUR,
                gap=0.02,
            )
    else:
        flow.text("No forecast moved this week.", size=8)


def _week_evidence(flow: Flow, data: ReportData) -> None:
    """Every item logged in the week, once per event (its contribution to each question of the event)."""
    ev_rows: list[list[str]] = []
    colours: list[str | None] = []
    done: set[tuple[str, str]] = set()
    for d in data.questions:
        for e in d.week_items:
            key = (d.event.id, e.id)
            if key in done:
                continue
            done.add(key)
            on = [o for o in data.questions if o.event.id == d.event.id]
            where = d.question.id if len(on) == 1 else f"{d.event.id} ({len(on)} questions)"
            c = d.now.contributions.get(e.id, 0.0)
            ev_rows.append(
                [date(e.logged), where, e.source, e.says, lr_text(e), minus(f"{c:+.2f}")]
            )
            colours.append(_colour(c))
    # the week's most influential items (all of them are on the question pages), in the order logged
    weight = [abs(float(r[5].replace("−", "-"))) for r in ev_rows]
    top = sorted(range(len(ev_rows)), key=lambda i: (-weight[i], ev_rows[i][0], ev_rows[i][1], i))
    order = sorted(top[:SUMMARY_ITEMS], key=lambda i: (ev_rows[i][0], ev_rows[i][1], i))
    more = len(ev_rows) - len(order)
    if ev_rows:
        heading = f"Evidence logged this week ({len(ev_rows)})"
        if more:
            heading = (
                f"Evidence logged this week: the {len(order)} largest of {len(ev_rows)} by |log-odds| "
                f"(the other {more} are on the question pages)"
            )
        flow.table(
            heading,
            ["logged", "question or event", "source", "what was said", "strength / LR", "log-odds"],
            [ev_rows[i] for i in order],
            [1.0, 2.0, 1.8, 5.5, 1.5, 0.9],
            align=["left", "left", "left", "left", "left", "right"],
            colours=[colours[i] for i in order],
        )
    else:
        flow.text("Evidence logged this week: none.", size=9, weight="bold")


# ------------------------------------------------------------------------------------------ questions


def waterfall_steps(
    d: QuestionData, fit: Callable[[str], str]
) -> tuple[list[tuple[str, float]], str, str | None]:
    """The waterfall's steps (label, log-odds), its end label and a note."""
    f = d.now
    items = {e.id: e for e in d.ev.evidence}
    nonzero = [(k, v) for k, v in f.contributions.items() if v != 0.0]
    zero = len(f.contributions) - len(nonzero)
    top = sorted(nonzero, key=lambda kv: (-abs(kv[1]), kv[0]))[:WATERFALL_ITEMS]
    keep = {k for k, _ in top}
    top.sort(key=lambda kv: (items[kv[0]].logged, items[kv[0]].date, kv[0]))
    steps: list[tuple[str, float]] = [
        (fit(f"{items[k].date:%d %b} {items[k].source}"), v) for k, v in top
    ]
    rest = [v for k, v in nonzero if k not in keep]
    if rest:
        steps.append((f"{len(rest)} other items", float(sum(rest))))
    z0 = float(logit(d.ev.prior.probability))
    total = z0 + sum(v for _, v in nonzero)
    note_parts = []
    if zero:
        note_parts.append(
            f"{zero} item{'s' if zero != 1 else ''} with no effect now (expired, reprints)."
        )
    ep = f.evidence_probability
    p = f.probability
    if ep is not None and 0 < ep < 1:
        residual = float(logit(ep)) - total
        if abs(residual) >= 0.005:
            steps.append(("uncertainty (averaging)", residual))
        if p is not None and 1e-12 < p < 1 - 1e-12 and f.status == "open":
            steps.append(("time elapsed, no meeting", float(logit(p)) - float(logit(ep))))
            return steps, "forecast", " ".join(note_parts) or None
        reason = {
            "resolved-yes": f"Resolved yes: the forecast is {format_percent(p)}.",
            "resolved-no": f"Resolved no: the forecast is {format_percent(p)}.",
            "closed": f"Deadline passed: the forecast is {format_percent(p)}.",
        }.get(f.status, f"No time left before the deadline: the forecast is {format_percent(p)}.")
        return steps, "evidence only", " ".join([reason, *note_parts])
    return steps, "evidence", " ".join(note_parts) or None


def _header(fig: Any, d: QuestionData, sunday: dt.date) -> None:
    q, f = d.question, d.now
    headline = (
        f"Forecast at the end of {date(sunday)}: {format_percent(f.probability)} "
        f"(80% interval {interval(f.low, f.high)}) · change this week {points(d.change)} pts"
        f"{' (new)' if d.new else ''} · status {f.status}"
    )
    on_event = "" if d.event.standalone else f" · event {d.event.id}"
    details = (
        f"Prior {format_percent(d.ev.prior.probability)} (weight {d.ev.prior.weight:g}){on_event} · opens "
        f"{date(q.opens)} · deadline {date(q.deadline)} · evidence used {f.evidence_used} of "
        f"{len(d.ev.evidence)} · the forecast is P(a meeting after {date(sunday)} and by the deadline)"
    )
    page_header(fig, q.id, q.title, headline, details)


def _markers(d: QuestionData, sunday: dt.date) -> list[EvidenceMarker]:
    q = d.question
    out = []
    for e in d.ev.evidence:
        if e.logged > sunday:
            continue
        day = max(e.logged, q.opens)
        p = d.path.probability[(day - q.opens).days]
        if math.isnan(p):
            continue
        # the speaker alone ("Many experts (AP, quoted ...)" -> "Many experts"): a short label finds a place
        label = e.source.split(",")[0].split(" (")[0].strip() or e.source
        out.append(
            EvidenceMarker(
                day, float(p), d.contribution_on_logging.get(e.id, 0.0), fit_text(label, 80, 6.5)
            )
        )
    return out


def question_pages(writer: Writer, d: QuestionData, week: str, data: ReportData) -> None:
    """One question's page(s): forecast over time, waterfall, its event's curve when the event has other
    questions, and the week's evidence."""
    q = d.question
    monday, sunday = data.monday, data.sunday
    fig = writer.new_page()
    _W, H = PAGE_SIZE
    _header(fig, d, sunday)
    family = data.event_of(q.id) if d.siblings else None
    plot_top, plot_h, strip_h = _question_layout(d, family is not None)
    ax = fig.add_axes((0.065, fy(plot_top + plot_h), 0.55, plot_h / H))
    res = q.resolution
    plot_probability_history(
        ax,
        d.days,
        d.path.probability,
        d.path.low,
        d.path.high,
        opens=q.opens,
        deadline=q.deadline,
        windows=d.ev.windows,
        markers=_markers(d, sunday),
        week=(monday, sunday),
        week_label=week,
        resolution=(res.date, res.outcome) if res is not None and res.date <= sunday else None,
    )
    ax.set_title(
        "Forecast over time (line; band: 80% interval). Markers: evidence when logged, green for, red against, "
        "area ∝ |log-odds|",
        fontsize=7.5,
        loc="left",
        pad=12,
    )
    wax = fig.add_axes((0.775, fy(plot_top + plot_h), 0.19, plot_h / H))
    steps, end_label, note = waterfall_steps(d, lambda s: fit_text(s, 118, 6.5))
    plot_waterfall(wax, d.ev.prior.probability, steps, end_label=end_label, note=note)
    wax.set_title("From the prior to the forecast", fontsize=7.5, loc="left", pad=16)
    top = plot_top + plot_h + 0.9  # under the waterfall's note
    if family is not None:
        top = _event_strip(fig, d, family, top, strip_h)
    flow = Flow(writer, q.id, fig, top=top)
    _week_table(flow, d)
    flow.finish()


def _question_layout(d: QuestionData, with_strip: bool) -> tuple[float, float, float]:
    """Top and height of a question page's charts, and the height of its event's strip (inches).

    The week's table belongs on this page: where it would not fit under the charts, they give up to a quarter
    of their height to it (a continuation page holding a few rows reads worse than a shorter chart).
    """
    _W, H = PAGE_SIZE
    plot_top = MARGIN + 1.35
    plot_h = 2.4 if with_strip else 3.0
    strip_h = 1.3
    below = 0.9 + (strip_h + 0.45 if with_strip else 0.0)
    table = 0.3 + (max(len(d.week_items), 1) + 1) * MIN_ROW + 0.05
    room = H - MARGIN - 0.15 - (plot_top + plot_h + below)
    short = max(0.0, table - room)
    if short:
        total = plot_h + (strip_h if with_strip else 0.0)
        factor = 1.0 - min(short, 0.25 * total) / total
        plot_h, strip_h = plot_h * factor, strip_h * factor
    return plot_top, plot_h, strip_h


def _week_table(flow: Flow, d: QuestionData) -> None:
    """The question's evidence logged this week, with each item's contribution when logged and now."""
    q, f = d.question, d.now
    rows = []
    colours: list[str | None] = []
    for e in d.week_items:
        c = f.contributions.get(e.id, 0.0)
        c0 = d.contribution_on_logging.get(e.id, 0.0)
        rows.append(
            [
                date(e.date),
                date(e.logged),
                e.source,
                e.source_type,
                e.says,
                lr_text(e),
                minus(f"{c0:+.2f}"),
                minus(f"{c:+.2f}"),
            ]
        )
        colours.append(_colour(c))
    if rows:
        flow.table(
            f"{q.id}: evidence logged this week ({len(rows)}), with each item's log-odds contribution when it "
            "was logged and now",
            [
                "date",
                "logged",
                "source",
                "type",
                "what was said",
                "strength / LR",
                "when logged",
                "now",
            ],
            rows,
            [1.0, 1.0, 1.8, 0.8, 5.1, 1.5, 1.2, 0.6],
            align=["left", "left", "left", "left", "left", "left", "right", "right"],
            colours=colours,
        )
    else:
        flow.text(f"{q.id}: no evidence logged this week.", size=9, weight="bold")


def _marks(e: EventData, highlight: str | None) -> list[DeadlineMark]:
    """The event's questions at their deadlines; one not open yet sits on the curve, named as such."""
    out = []
    for q, f in zip(e.questions, e.forecast.questions, strict=True):
        day = min(q.deadline, e.event.until)
        if f.probability is not None:
            p, label = f.probability, f"{q.id} {format_percent(f.probability)}"
        else:
            on = [c for c in e.forecast.cdf if c[0] >= day]
            if not on:
                continue
            p, label = on[0][1], f"{q.id} (opens {date(q.opens)})"
        out.append(DeadlineMark(day, p, label, q.id == highlight))
    return out


def _future_cdf(
    e: EventData, sunday: dt.date
) -> tuple[list[dt.date], np.ndarray, np.ndarray, np.ndarray]:
    rows = [c for c in e.forecast.cdf if c[0] > sunday]
    months = [c[0] for c in rows]
    p, lo, hi = (np.array([c[k] for c in rows], dtype=float) for k in (1, 2, 3))
    return months, p, lo, hi


def _event_strip(fig, d: QuestionData, e: EventData, top: float, h: float = 1.3) -> float:
    """Under a question's plots: its event's curve with this question and the others at their deadlines, and
    the table of the event's questions. Returns where the page goes on (inches from the top)."""
    _W, H = PAGE_SIZE
    months, p, lo, hi = _future_cdf(e, d.now.as_of)
    cax = fig.add_axes((0.065, fy(top + h), 0.55, h / H))
    if months:
        plot_event_curve(cax, months, p, lo, hi, marks=_marks(e, d.question.id), start=d.now.as_of)
    cax.set_title(
        f"Event {e.event.id}: P(meeting by each month's end); diamonds: its questions (this one orange)",
        fontsize=7.5,
        loc="left",
        pad=4,
    )
    rows = [
        [q.id, date(q.deadline), format_percent(f.probability), f.status]
        for q, f in zip(e.questions, e.forecast.questions, strict=True)
    ]
    bold = [i for i, q in enumerate(e.questions) if q.id == d.question.id]
    n = len(rows) + 1
    th = min(n * ROW, h + 0.2)
    fig.text(
        0.655,
        fy(top - 0.05),
        f"Questions of the event {e.event.id}",
        fontsize=8,
        fontweight="bold",
        va="bottom",
    )
    draw_table_in(
        fig,
        (0.655, fy(top + th), 0.315, th / H),
        ["question", "deadline", "forecast", "status"],
        rows[: int(th / ROW) - 1],
        [2.4, 1.15, 0.95, 1.15],
        align=["left", "left", "right", "left"],
        row_height=1 / n,
        bold_rows=bold,
        fontsize=7,
    )
    return top + h + 0.45


# ------------------------------------------------------------------------------------------ events


def event_page(writer: Writer, e: EventData, week: str, data: ReportData) -> None:
    """One page for an event with several questions: the meeting-date distribution as of Sunday."""
    sunday = data.sunday
    ev, f = e.event, e.forecast
    fig = writer.new_page()
    H = PAGE_SIZE[1]
    change = None
    if e.previous is not None and e.previous.probability is not None and f.probability is not None:
        change = f.probability - e.previous.probability
    headline = (
        f"P(meeting after {date(sunday)} and by {date(ev.until)}): {format_percent(f.probability)} "
        f"(80% interval {interval(f.low, f.high)}) · change this week {points(change)} pts · status {f.status}"
    )
    details = (
        f"Horizon {date(ev.opens)} to {date(ev.until)} · prior {format_percent(ev.prior.probability)} "
        f"(weight {ev.prior.weight:g}) over the horizon · evidence used {f.evidence_used} of {len(ev.evidence)} "
        f"· {len(e.questions)} questions, each the curve's value at its deadline (coherent by construction)"
    )
    page_header(fig, f"Event {ev.id}", ev.title, headline, details)
    months, p, lo, hi = _future_cdf(e, sunday)
    top, h = MARGIN + 1.35, 2.9
    cax = fig.add_axes((0.065, fy(top + h), 0.52, h / H))
    bax = fig.add_axes((0.66, fy(top + h), 0.31, h / H))
    if months:
        plot_event_curve(
            cax, months, p, lo, hi, marks=_marks(e, None), windows=ev.windows, start=sunday
        )
        plot_meeting_months(bax, months, p, start=sunday)
    cax.set_title(
        "Meeting-date distribution: P(a meeting by the end of each month), band: 80% interval",
        fontsize=7.5,
        loc="left",
        pad=4,
    )
    bax.set_title("P(the meeting falls in each month)", fontsize=7.5, loc="left", pad=4)
    y = top + h + 0.6
    flow = Flow(writer, ev.id, fig, top=y)
    rows = _event_rows(e)
    flow.table(
        f"The questions of {ev.id}",
        ["question", "deadline", "forecast", "80% interval", "change (pts)", "status"],
        rows,
        [2.6, 1.0, 0.8, 1.2, 1.0, 1.0],
        align=["left", "left", "right", "right", "right", "left"],
        width=6.4,
    )
    _month_table(fig, months, p, lo, hi, y)
    flow.finish()


def _event_rows(e: EventData) -> list[list[str]]:
    """The event's questions with their forecasts as of Sunday and their change over the week."""
    before = {}
    if e.previous is not None:
        before = {q.id: pf for q, pf in zip(e.questions, e.previous.questions, strict=True)}
    rows = []
    for q, qf in zip(e.questions, e.forecast.questions, strict=True):
        pf = before.get(q.id)
        ch = None
        if pf is not None and pf.probability is not None and qf.probability is not None:
            ch = qf.probability - pf.probability
        rows.append(
            [
                q.id,
                date(q.deadline),
                format_percent(qf.probability),
                interval(qf.low, qf.high),
                points(ch),
                qf.status,
            ]
        )
    return rows


def _month_table(fig, months, p, lo, hi, top: float) -> None:
    """P by the end of each month, in up to three side-by-side columns at the right of the page."""
    W, H = PAGE_SIZE
    room = PAGE_SIZE[1] - MARGIN - 0.2 - top
    per = max(1, int(room / ROW) - 2)
    idx = list(range(len(months)))
    if len(idx) > 3 * per:  # a long horizon: quarter ends (and the last month)
        idx = [k for k in idx if months[k].month % 3 == 0 or k == len(months) - 1]
    idx = idx[: 3 * per]
    if not idx:
        return
    cols = [idx[a : a + per] for a in range(0, len(idx), per)]
    fig.text(
        (MARGIN + 6.7) / W,
        fy(top),
        "P(meeting by the end of the month)",
        fontsize=9,
        fontweight="bold",
        va="top",
    )
    width = 1.45
    for c, chunk in enumerate(cols):
        n = len(chunk) + 1
        rect = (
            (MARGIN + 6.7 + c * (width + 0.08)) / W,
            fy(top + 0.28 + n * ROW),
            width / W,
            n * ROW / H,
        )
        draw_table_in(
            fig,
            rect,
            ["month", "P", "80%"],
            [[f"{months[k]:%b %Y}", format_percent(p[k]), interval(lo[k], hi[k])] for k in chunk],
            [1.0, 0.7, 1.3],
            align=["left", "right", "right"],
            row_height=1 / n,
            fontsize=6.5,
        )
