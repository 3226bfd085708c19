"""Human-readable text for the command line's results (``--json`` prints the results' ``to_json`` instead).

``show`` and ``list`` colour a few things (statuses, changes, the drivers' signs, the stale-fit warning) when
standard output is a terminal and ``NO_COLOR`` is unset or empty (https://no-color.org); otherwise their text
is plain, byte for byte the same as without colour.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import TextIO

import click

from summitcast.model import Forecast, Trajectory
from summitcast.question import Question
from summitcast.tracker import AddResult, ChangeResult, CheckResult, ListResult, ShowResult

__all__ = [
    "pct",
    "render_add",
    "render_change",
    "render_check",
    "render_history",
    "render_list",
    "render_show",
    "use_colour",
]

#: How many evidence items ``show`` lists as the biggest drivers.
TOP_DRIVERS = 6


def pct(p: float | None) -> str:
    """A probability as a percentage for people: ``12.3%``; two decimals below 1%; ``-`` for none.

    Examples
    --------
    >>> pct(0.1234), pct(0.0042), pct(None)
    ('12.3%', '0.42%', '-')
    """
    if p is None:
        return "-"
    if 0 < p < 0.01:
        return f"{100 * p:.2f}%"
    return f"{100 * p:.1f}%"


def points(delta: float | None) -> str:
    """A change of probability in percentage points, signed: ``+3.1 pts``.

    Examples
    --------
    >>> points(0.031), points(-0.00001), points(None)
    ('+3.1 pts', '+0.0 pts', '-')
    """
    if delta is None:
        return "-"
    return f"{round(100 * delta, 1) + 0.0:+.1f} pts"  # + 0.0 turns -0.0 into 0.0


#: Colours of ``show`` and ``list``: statuses, and the sign of a change (for a meeting green, against red).
_STATUS_COLOUR = {
    "open": "cyan",
    "resolved-yes": "green",
    "resolved-no": "red",
    "annulled": "yellow",
}


def use_colour(stream: TextIO | None = None) -> bool:
    """Whether to colour output written to ``stream`` (default standard output).

    True only when the stream is a terminal and the ``NO_COLOR`` environment variable is unset or empty.

    Examples
    --------
    >>> import io
    >>> use_colour(io.StringIO())
    False
    """
    stream = sys.stdout if stream is None else stream
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _paint(text: str, on: bool, fg: str | None = None, bold: bool = False) -> str:
    """``text`` styled for a terminal when ``on`` (ANSI codes around it; its width is unchanged)."""
    if not on or (fg is None and not bold):
        return text
    return click.style(text, fg=fg, bold=bold or None)


def _signed(text: str, value: float | None, on: bool) -> str:
    """``text`` green when ``value`` is positive, red when negative; plain when it shows as zero."""
    if value is None or not any(c in "123456789" for c in text):
        return text
    return _paint(text, on, "green" if value > 0 else "red")


def _forecast_line(fc: Forecast) -> str:
    if fc.probability is None:
        return f"no forecast ({fc.status})"
    return f"{pct(fc.probability)}  (80% interval {pct(fc.low)} to {pct(fc.high)})"


def _short(text: str, width: int) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="...")


def _drivers(
    q: Question, fc: Forecast, limit: int = TOP_DRIVERS, colour: bool = False
) -> list[str]:
    by_id = {e.id: e for e in q.evidence}
    moving = sorted(
        ((k, v) for k, v in fc.contributions.items() if abs(v) > 1e-12),
        key=lambda kv: (-abs(kv[1]), kv[0]),
    )
    lines = []
    width = min(max((len(k) for k, _ in moving[:limit]), default=0), 40)
    for eid, v in moving[:limit]:
        e = by_id[eid]
        lines.append(
            f"  {_signed(f'{v:+.2f}', v, colour)}  {eid:<{width}}  {_short(e.source + ': ' + e.says, 60)}"
        )
    still = len(fc.contributions) - len(moving)
    if len(moving) > limit:
        lines.append(f"  ... and {len(moving) - limit} more items that move it")
    if still:
        lines.append(
            f"  ({still} item{'s' if still != 1 else ''} logged but not acting: "
            "reprints of a counted origin, or expired)"
        )
    return lines


def render_show(result: ShowResult, *, colour: bool | None = None) -> str:
    """The human ``show`` summary.

    Parameters
    ----------
    result
        What :func:`summitcast.tracker.show` returned.
    colour
        Colour it with ANSI codes (default: :func:`use_colour` of standard output).
    """
    on = use_colour() if colour is None else colour
    q, fc = result.question, result.forecast
    out = [
        f"{_paint(q.id, on, bold=True)}: {q.title}",
        f"as of {fc.as_of}, by {fc.by} [{_paint(fc.status, on, _STATUS_COLOUR.get(fc.status))}]",
        f"  P = {_paint(_forecast_line(fc), on, bold=fc.probability is not None)}",
    ]
    last = result.last_recorded
    if last is not None and last.probability is not None and fc.probability is not None:
        delta = fc.probability - last.probability
        out.append(
            f"  change since the last recorded forecast ({last.timestamp:%Y-%m-%d}, "
            f"{pct(last.probability)}): {_signed(points(delta), delta, on)}"
        )
    if fc.status != "annulled":
        out.append(
            f"  prior {pct(q.prior.probability)} (weight {q.prior.weight:g}); with the evidence "
            f"{pct(fc.evidence_probability)} for the whole span; {100 * fc.elapsed:.0f}% of the span's "
            "hazard has passed without a meeting"
        )
    out.append(f"  evidence used: {fc.evidence_used} of {len(q.evidence)} items")
    drivers = _drivers(q, fc, colour=on)
    if drivers:
        out.append("  what moves it (log-odds):")
        out.extend(drivers)
    if result.learned is not None:
        state = (
            _paint("STALE: the ledger changed since; run `summitcast fit`", on, "yellow", bold=True)
            if result.learned.stale
            else "current"
        )
        out.append(f"  reliability: learned from resolved questions ({state})")
    return "\n".join(out)


def render_list(result: ListResult, *, colour: bool | None = None) -> str:
    """The human ``list`` table.

    Parameters
    ----------
    result
        What :func:`summitcast.tracker.list_questions` returned.
    colour
        Colour it with ANSI codes (default: :func:`use_colour` of standard output).
    """
    if not result.rows:
        return f"no questions (as of {result.as_of})"
    on = use_colour() if colour is None else colour
    head = f"{'id':<24} {'status':<12} {'P':>7} {'80% interval':>17} {'7 days':>10}  deadline"
    out = [f"as of {result.as_of}", _paint(head, on, bold=True), "-" * len(head)]
    for r in result.rows:
        interval = "-" if r.low is None else f"{pct(r.low)}-{pct(r.high)}"
        # pad first, then colour, so that the ANSI codes do not shift the columns
        status = _paint(f"{r.status:<12}", on, _STATUS_COLOUR.get(r.status))
        change = _signed(f"{points(r.change_7d):>10}", r.change_7d, on)
        out.append(
            f"{r.question.id:<24} {status} {pct(r.probability):>7} {interval:>17} "
            f"{change}  {r.question.deadline}"
        )
    if result.learned is not None and result.learned.stale:
        out.append(
            _paint(
                "reliability fit is STALE: the ledger changed since; run `summitcast fit`",
                on,
                "yellow",
                bold=True,
            )
        )
    return "\n".join(out)


def render_history(tr: Trajectory) -> str:
    """The human ``history`` table: one line per day."""
    out = [f"{tr.id}", f"{'date':<10}  {'P':>7}  {'80% interval':>17}  status"]
    for d, p, lo, hi, s in zip(tr.dates, tr.probability, tr.low, tr.high, tr.status, strict=True):
        if p != p:  # NaN: no forecast
            out.append(f"{d}  {'-':>7}  {'-':>17}  {s}")
        else:
            out.append(f"{d}  {pct(float(p)):>7}  {pct(float(lo)) + '-' + pct(float(hi)):>17}  {s}")
    return "\n".join(out)


def render_add(result: AddResult) -> str:
    """The human ``add`` summary: before, after, the item's contribution."""
    b, a = result.before, result.after
    delta = (
        None if a.probability is None or b.probability is None else a.probability - b.probability
    )
    return "\n".join(
        [
            f"added {result.evidence_id} to {result.question.id} ({result.path})",
            f"  before: {_forecast_line(b)}",
            f"  after:  {_forecast_line(a)}  {points(delta)}",
            f"  this item: {result.contribution:+.2f} log-odds",
        ]
    )


def render_change(result: ChangeResult) -> str:
    """The human summary of ``new``, ``window`` and ``resolve``."""
    verb = {"new": "created"}.get(result.action, result.action)
    return "\n".join(
        [
            f"{verb}: {result.question.id} ({result.path})",
            f"  as of {result.forecast.as_of}: {_forecast_line(result.forecast)}",
        ]
    )


def render_check(result: CheckResult) -> str:
    """The human ``check`` summary of a valid directory."""
    n = result.files
    return f"ok: {n} question file{'s' if n != 1 else ''} in {result.directory} valid"
