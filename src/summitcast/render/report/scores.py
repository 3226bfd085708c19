"""The report's pages about how good the forecasts have been: the track record of the model's daily trajectory
(calibration, scores with their decomposition and intervals, over time, per source type), each resolved
question's scores, and the learned source reliability."""

from __future__ import annotations

import math
import textwrap
from typing import Any

import numpy as np

from summitcast.model import LearnedReliability
from summitcast.render.formatting import percent
from summitcast.render.plotting import (
    draw_table_in,
    plot_calibration,
    plot_reliability,
    plot_scores_over_time,
)
from summitcast.store.workspace import Workspace

from .data import ReportData, ScoreRow
from .layout import MARGIN, PAGE_SIZE, ROW, Flow, Writer, date, fy, minus, signed

__all__ = ["WHAT_IS_SCORED", "reliability_page", "track_pages"]

#: What the track record scores, said on its page (docs/scoring.md, "One question, three scores").
WHAT_IS_SCORED = (
    "What is scored: the model's daily trajectory, the forecast as of the end of each day of a question's span "
    "using only what was logged by then, until the resolution (coverage about 100%), as `summitcast track` "
    "scores it; not the forecasts recorded by new/add (`summitcast compare` scores those, over the time they "
    "cover), nor a CSV (`summitcast score`). Each question weighs the same (its days weigh 1/days); "
    "[intervals]: 95% bootstrap over questions."
)


def _ci(t: dict[str, Any], key: str, fmt: str) -> str:
    lo, hi = t["ci95"].get(key, (None, None))
    return "" if lo is None or hi is None else f" [{lo:{fmt}}, {hi:{fmt}}]"


def _track_row(name: str, t: dict[str, Any]) -> list[str]:
    b = t["binned"]
    auc = "—" if t["auc"] is None else f"{t['auc']:.2f}{_ci(t, 'roc_auc', '.2f')}"
    return [
        name,
        f"{t['questions']} ({t['yes_questions']} yes)",
        str(t["question_days"]),
        f"{t['brier']:.3f}{_ci(t, 'brier', '.3f')}",
        f"{b['reliability']:.3f}",
        f"{b['resolution']:.3f}",
        f"{b['uncertainty']:.3f}",
        minus(f"{t['log']:.3f}"),
        minus(f"{t['baseline']:+.1f}"),
        auc,
    ]


def _calibration_arrays(cal: list[dict[str, Any]]) -> tuple[np.ndarray, ...]:
    edges = np.linspace(0.0, 1.0, 11)
    count = np.zeros(10, dtype=int)
    mean = np.full(10, np.nan)
    observed = np.full(10, np.nan)
    for b in cal:
        k = min(9, round(b["bin"][0] * 10))
        count[k] = b["count"]
        mean[k] = np.nan if b["mean_forecast"] is None else b["mean_forecast"]
        observed[k] = np.nan if b["observed"] is None else b["observed"]
    return edges, count, mean, observed


def track_pages(writer: Writer, data: ReportData) -> None:
    """The track record page (when :func:`summitcast.app.track.track` could be computed) and the table of each
    resolved question's scores."""
    W, _H = PAGE_SIZE
    fig = writer.new_page()
    fig.text(
        MARGIN / W,
        fy(MARGIN),
        "Track record: the model's daily trajectory",
        fontsize=15,
        fontweight="bold",
        va="top",
    )
    n = len(data.resolved)
    intro = (
        f"{n} question{'s' if n != 1 else ''} resolved yes or no by {date(data.sunday)} (annulled ones are never "
        f"scored). {WHAT_IS_SCORED}"
    )
    fig.text(
        MARGIN / W,
        fy(MARGIN + 0.33),
        textwrap.fill(intro, 205),
        fontsize=7.5,
        va="top",
        color="#263238",
    )
    tr = data.track
    top = MARGIN + 1.05
    if tr is not None:
        _track_body(fig, tr, top)
        flow = Flow(writer, "track", fig, top=PAGE_SIZE[1])  # the scores table starts on a new page
    else:
        flow = Flow(writer, "track", fig, top=top)
    _score_table(flow, data.scores)
    flow.finish()


def _track_body(fig: Any, tr: Any, top: float) -> None:
    W, H = PAGE_SIZE
    side = 3.3
    ax = fig.add_axes((MARGIN / W + 0.02, fy(top + 0.25 + side), side / W, side / H))
    plot_calibration(ax, *_calibration_arrays(tr.overall["calibration"]))
    ax.set_title(
        "Calibration: question-days per 10-point bin (n), weighted",
        fontsize=7.5,
        loc="left",
        pad=16,
    )
    left = 4.55
    y = _track_table(fig, tr, top, left)
    if tr.quarters:
        _over_time(fig, tr.quarters, y + 0.75, left)
    if tr.sources:
        _source_table(fig, tr.sources, top + 0.25 + side + 0.55)


def _track_table(fig: Any, tr: Any, top: float, left: float) -> float:
    """The scores table, overall and by year of the forecast's day, and its legend; returns where it ends."""
    W, H = PAGE_SIZE
    rows = [_track_row("all", tr.overall), *(_track_row(k, v) for k, v in tr.groups.items())]
    width = PAGE_SIZE[0] - MARGIN - left
    fig.text(
        left / W,
        fy(top),
        "Scores, overall and by year of the forecast's day",
        fontsize=9,
        fontweight="bold",
        va="top",
    )
    shown = rows[:11]
    h = (len(shown) + 1) * ROW
    draw_table_in(
        fig,
        (left / W, fy(top + 0.22 + h), width / W, h / H),
        [
            "",
            "questions",
            "days",
            "Brier [95%]",
            "REL",
            "RES",
            "UNC",
            "log",
            "baseline",
            "AUC [95%]",
        ],
        shown,
        [0.55, 0.95, 0.55, 1.45, 0.5, 0.5, 0.5, 0.6, 0.65, 1.15],
        align=["left", "left", *["right"] * 8],
        row_height=1 / (len(shown) + 1),
        fontsize=7,
        bold_rows=[0],
    )
    legend = (
        "Brier: mean squared error (lower is better; 0.25 = always 50%). REL − RES + UNC: its Murphy "
        "decomposition in 10 bins (reliability: calibration error, lower is better; resolution: how far the "
        "forecasts sort yes from no, higher is better; uncertainty: of the outcomes; the rest is within-bin "
        "spread). log: mean ln p(outcome). baseline: Metaculus baseline score (0 = always 50%). AUC: how often a "
        "yes-day got a higher forecast than a no-day (0.5 = chance)."
    )
    y = top + 0.3 + h
    fig.text(left / W, fy(y), textwrap.fill(legend, 125), fontsize=6.5, va="top", color="#424242")
    return y


def _bounds(q: dict[str, Any], k: int) -> np.ndarray:
    return np.array(
        [np.nan if v["ci95"]["brier"][k] is None else v["ci95"]["brier"][k] for v in q.values()]
    )


def _over_time(fig: Any, q: dict[str, Any], y: float, left: float) -> None:
    """The Brier score by quarter of the forecast's day, with its interval."""
    W, H = PAGE_SIZE
    width = PAGE_SIZE[0] - MARGIN - left
    oax = fig.add_axes((left / W + 0.03, fy(y + 1.55), (width - 0.5) / W, 1.55 / H))
    plot_scores_over_time(
        oax,
        list(q),
        np.array([v["brier"] for v in q.values()]),
        _bounds(q, 0),
        _bounds(q, 1),
        questions=[v["questions"] for v in q.values()],
    )
    oax.set_title(
        "Over time: Brier by quarter of the forecast's day, with its 95% interval (questions under each)",
        fontsize=7.5,
        loc="left",
    )


def _source_table(fig: Any, sources: dict[str, Any], y: float) -> None:
    """Per source type: did their words point the right way?"""
    W, H = PAGE_SIZE
    fig.text(
        MARGIN / W,
        fy(y),
        "Source types: mean log-odds contribution of their items",
        fontsize=9,
        fontweight="bold",
        va="top",
    )
    rows = [
        [
            k,
            f"{signed(v['mean_yes'], '+.3f')} ({v['items_yes']})",
            f"{signed(v['mean_no'], '+.3f')} ({v['items_no']})",
            signed(v["toward_outcome"], "+.3f"),
        ]
        for k, v in sources.items()
    ]
    h = (len(rows) + 1) * ROW
    draw_table_in(
        fig,
        (MARGIN / W, fy(y + 0.22 + h), 3.9 / W, h / H),
        ["type", "on yes (items)", "on no (items)", "toward outcome"],
        rows,
        [0.8, 1.1, 1.1, 1.0],
        align=["left", "right", "right", "right"],
        row_height=1 / (len(rows) + 1),
        fontsize=7,
    )
    note = (
        "Each item's contribution on the day before its question was settled; toward outcome: positive when "
        "the type's words pointed the right way on average."
    )
    fig.text(
        MARGIN / W,
        fy(y + 0.3 + h),
        textwrap.fill(note, 80),
        fontsize=6.5,
        va="top",
        color="#424242",
    )


def _score_table(flow: Flow, scores: list[ScoreRow]) -> None:
    rows = []
    for s in scores:
        res = s.question.resolution
        assert res is not None
        if s.days == 0:
            rows.append([s.question.id, res.outcome, date(res.date), "0", *["—"] * 6])
            continue
        rows.append(
            [
                s.question.id,
                res.outcome,
                date(res.date),
                str(s.days),
                "—" if s.brier is None else f"{s.brier:.3f}",
                "—" if s.log is None else minus(f"{s.log:.3f}"),
                signed(s.baseline, "+.1f"),
                percent(s.coverage or 0, ".0f"),
                signed(s.community_baseline, "+.1f"),
                signed(s.peer, "+.1f"),
            ]
        )
    flow.paragraph(
        "Each question's daily trajectory (the forecast at the end of each day) scored over its span until the "
        "resolution, each day weighing the same. Brier: the mean squared distance between the forecast and "
        "the outcome (1 if yes, 0 if no): 0 is perfect, 0.25 is always saying 50%, lower is better. log: the "
        "mean natural log of the probability given to what happened (0 is perfect, −0.69 is always 50%, higher "
        "is better). baseline: Metaculus's baseline score, 100·log2(2·p(outcome)) averaged over the span: 0 is "
        "always 50%, positive beats it, higher is better. cover: the share of the span with a forecast.",
        color="#424242",
    )
    flow.paragraph(
        "comm.: the baseline score of the community series saved beside the question (DIR/ID.community.csv, "
        "written by summitcast pull); peer: ours against it, 100·(ln p_ours − ln p_comm) averaged over the span (positive: ours "
        "better), as `summitcast compare` computes it. — where none is recorded.",
        color="#424242",
        gap=0.12,
    )
    flow.table(
        f"Scores of each resolved question's daily trajectory ({len(rows)})",
        [
            "question",
            "outcome",
            "resolved",
            "days",
            "Brier",
            "log",
            "baseline",
            "cover",
            "comm.",
            "peer",
        ],
        rows,
        [3.2, 0.8, 1.0, 0.6, 0.7, 0.7, 0.8, 0.6, 0.7, 0.7],
        align=["left", "left", "left", *["right"] * 7],
    )


# ------------------------------------------------------------------------------------- reliability


def _short(v: Any) -> str:
    if isinstance(v, float):
        return "—" if math.isnan(v) else f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(_short(x) for x in v)
    return str(v)


def reliability_page(writer: Writer, ws: Workspace, learned: LearnedReliability) -> None:
    """The learned source reliability: each type's posterior against its default, and the fit's diagnostics."""
    from summitcast.fit import fit_info, reliability_intervals

    info = fit_info(ws.root) or {}  # the fit (being rewritten) still takes the folder
    summaries = reliability_intervals(ws.root) or []
    fig = writer.new_page()
    W, H = PAGE_SIZE
    fig.text(
        MARGIN / W,
        fy(MARGIN),
        "Learned source reliability",
        fontsize=15,
        fontweight="bold",
        va="top",
    )
    questions = info.get("questions") or []
    intro = (
        f"Learned by `summitcast fit` from {len(questions)} resolved question"
        f"{'s' if len(questions) != 1 else ''}: posterior mean and central 80% interval of each source "
        f"type's reliability ({learned.n_draws} stored draws), with the default used when no fit exists. "
        "Items without an explicit reliability use these draws in every forecast of this report."
    )
    if learned.stale:
        intro += " STALE: the resolved questions changed since the fit; run `summitcast fit` again."
    fig.text(MARGIN / W, fy(MARGIN + 0.35), textwrap.fill(intro, 190), fontsize=8.5, va="top")
    ax = fig.add_axes((0.12, fy(MARGIN + 0.9 + 2.9), 0.5, 2.9 / H))
    if summaries:
        plot_reliability(
            ax,
            [f"{t.name} ({t.n_items} items)" for t in summaries],
            np.array([t.mean for t in summaries]),
            np.array([t.low for t in summaries]),
            np.array([t.high for t in summaries]),
            defaults=[t.default for t in summaries],
            interval_label="80% posterior interval",
        )
    else:
        ax.set_axis_off()
    diag = info.get("diagnostics") or {}
    rows = [
        ["divergent transitions", _short(diag.get("divergences", "—"))],
        ["largest r_hat (want ≤ 1.01)", _short(diag.get("max_r_hat", "—"))],
        ["smallest bulk ESS (want ≥ 100)", _short(diag.get("min_ess_bulk", "—"))],
        ["smallest tail ESS (want ≥ 100)", _short(diag.get("min_ess_tail", "—"))],
        ["warnings", _short(diag.get("warnings") or "none")],
        [
            "sampler, chains × draws (tune)",
            f"{info.get('sampler', '—')}, {info.get('chains', '—')} × {info.get('draws', '—')} "
            f"({info.get('tune', '—')}), seed {info.get('seed', '—')}",
        ],
        ["items in the fit", _short(info.get("n_items", "—"))],
        ["questions used", _short(questions or "—")],
        ["fitted", _short(info.get("created", "—"))],
        ["stale", "yes" if learned.stale else "no"],
    ]
    flow = Flow(writer, "reliability", fig, top=MARGIN + 4.3)
    flow.table("Convergence diagnostics and the fit", ["item", "value"], rows, [2.5, 9.5])
    flow.finish()
