"""The human text of ``score`` and ``compare``: a table of scores per question and series, and a summary.

``--json`` prints the results' ``to_json`` instead; the numbers are computed in :mod:`summitcast.evaluation.comparison`.

Examples
--------
>>> sc = {"baseline": 12.5, "brier": 0.125, "log": 0.25, "coverage": 1.0}
>>> print(render_compare_text({"id": "q", "ours": sc, "community": None, "peer": None}))
q
question                 series      baseline   brier     log coverage     peer
                         ours          +12.50  0.1250   0.250   100.0%      n/a
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from summitcast.render.formatting import percent

if TYPE_CHECKING:  # types only
    from summitcast.evaluation.comparison import CompareResult, ScoreReport

__all__ = ["render_compare", "render_compare_text", "render_score_report"]


def render_score_report(report: ScoreReport) -> str:
    """``score``'s text: what is scored, a row per question and series, and the summary with its intervals.

    Parameters
    ----------
    report
        The result of :func:`summitcast.evaluation.comparison.score_files`.

    Returns
    -------
    str
        The table and the summary, then any warnings.
    """
    w = max([8, *(len(i) for i in report.ids)])
    lines = _what_is_scored(report.sources)
    lines.append(_table_header(w))
    for i in range(len(report.ids)):
        q = report.question(i)
        lines.append(_table_row(q["id"], "ours", q["ours"], q["peer"], w))
        if q["community"] is not None:
            lines.append(_table_row("", "community", q["community"], None, w))
    s = report.summary()
    lines.append("")
    lines.append(
        f"Summary over {s['n_questions']} question{'s' if s['n_questions'] != 1 else ''} "
        "(means; brier and log over the questions a series covers)"
    )
    lines.append(_table_row("", "ours", s["ours"], s["peer"], w))
    if s["community"] is not None:
        lines.append(_table_row("", "community", s["community"], None, w))
        lines.append(f"peer score, ours vs community: {_interval(s['peer'], s['peer_ci95'])}")
        d = s["ours_minus_community"]
        lines.append(
            f"ours - community, baseline score: {_interval(d['baseline'], d['baseline_ci95'])}"
        )
        lines.append(
            "  (the peer score compares the two series only where both have a forecast; the "
            "difference of baseline scores also counts each series' uncovered time as 0, so a "
            "series that starts later can score a lower baseline and a higher peer at once)"
        )
    lines.extend(f"warning: {msg}" for msg in report.warnings)
    return "\n".join(lines)


def render_compare(result: CompareResult) -> str:
    """``compare``'s text: what is scored, then :func:`render_compare_text` of its scores.

    Parameters
    ----------
    result
        The result of :func:`summitcast.evaluation.comparison.compare_recorded`.

    Returns
    -------
    str
        The header and the table.
    """
    head = _what_is_scored(result.sources)
    return "\n".join([*head, render_compare_text(result.scores, outcome=result.outcome)])


def render_compare_text(result: dict[str, Any], *, outcome: str | None = None) -> str:
    """Render :func:`~summitcast.evaluation.comparison.compare_question`'s result as a small table.

    Parameters
    ----------
    result
        The result of :func:`~summitcast.evaluation.comparison.compare_question` (or one question of ``score --json``).
    outcome
        The outcome, shown in the title when given.

    Returns
    -------
    str
        A header, one row per series, and the peer score.
    """
    title = f"{result['id']}" + (f" (outcome: {outcome})" if outcome else "")
    lines = [title, _table_header()]
    lines.append(_table_row("", "ours", result["ours"], result.get("peer")))
    if result.get("community") is not None:
        lines.append(_table_row("", "community", result["community"], None))
    peer = result.get("peer")
    if peer is not None:
        lines.append(
            f"peer score, ours vs community: {peer:+.2f} "
            f"({'ours better' if peer > 0 else 'community better' if peer < 0 else 'equal'})"
        )
    return "\n".join(lines)


def _what_is_scored(sources: dict[str, str]) -> list[str]:
    """The header that says what a table scores (issue: one score story across score, compare, report)."""
    if not sources:
        return []
    lines = [f"scoring {sources.get('ours', 'ours')}"]
    if sources.get("community"):
        lines.append(f"against {sources['community']}")
    lines.append(
        f"over {sources.get('span', 'each question span')}: baseline and peer average over the whole span "
        "(time without a forecast counts 0, Metaculus's truncation); brier and log over covered time only; "
        "coverage = covered time / span"
    )
    return lines


def _fmt(x: float | None, spec: str) -> str:
    return "n/a" if x is None else format(x, spec)


def _interval(mean: float | None, ci: list[float] | None) -> str:
    if mean is None:
        return "n/a"
    text = f"{mean:+.2f}"
    if ci is not None:
        text += f" (95% bootstrap interval {ci[0]:+.2f} to {ci[1]:+.2f})"
    return text


def _table_header(width: int = 24) -> str:
    return (
        f"{'question':<{width}} {'series':<10} {'baseline':>9} {'brier':>7} {'log':>7} "
        f"{'coverage':>8} {'peer':>8}"
    )


def _table_row(
    qid: str, series: str, sc: dict[str, float | None], peer: float | None, width: int = 24
) -> str:
    cov = sc["coverage"]
    return (
        f"{qid:<{width}} {series:<10} {_fmt(sc['baseline'], '+9.2f'):>9} "
        f"{_fmt(sc['brier'], '7.4f'):>7} {_fmt(sc['log'], '7.3f'):>7} "
        f"{'n/a' if cov is None else percent(cov, '.1f'):>8} {_fmt(peer, '+8.2f'):>8}"
    )
