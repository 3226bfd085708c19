"""Human-readable text for the command line's results (``--json`` prints the results' ``to_json`` instead).

``show`` and ``list`` colour a few things (statuses, changes, the drivers' signs, the stale-fit warning) when
standard output is a terminal and ``NO_COLOR`` is unset or empty (https://no-color.org); otherwise their text
is plain, byte for byte the same as without colour. Text from the ledger or the command line (titles, statements,
paths, messages) is printed through :func:`summitcast.render.formatting.terminal_text`: a control character in it is shown
escaped (``\\x1b``), never sent to the terminal; ``--json`` prints it as written.
"""

from __future__ import annotations

import os
import sys
import textwrap
from typing import TYPE_CHECKING, TextIO

import click

from summitcast.app.tracker import EventShowResult
from summitcast.render.formatting import pct, percent, points, terminal_text

if TYPE_CHECKING:  # types only: each command imports just what it prints
    from summitcast.app.changes import ChangeResult, EventCreated
    from summitcast.app.checks import CheckResult
    from summitcast.app.due import DueResult
    from summitcast.app.track import TrackResult
    from summitcast.app.tracker import ListResult, ShowResult
    from summitcast.domain.event import Event
    from summitcast.model import Forecast, Trajectory
    from summitcast.model.explain import Route

__all__ = [
    "pct",
    "render_add",
    "render_change",
    "render_check",
    "render_due",
    "render_event_created",
    "render_history",
    "render_list",
    "render_show",
    "render_track",
    "use_colour",
]

#: How many evidence items ``show`` lists as the biggest drivers.
TOP_DRIVERS = 6


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


def _field(text: str) -> str:
    """One field of a line (a title, a statement) as a terminal may show it: control characters escaped."""
    return terminal_text(text, keep_newlines=False)


def _drivers(
    q: Event, contributions: dict[str, float], limit: int = TOP_DRIVERS, colour: bool = False
) -> list[str]:
    by_id = {e.id: e for e in q.evidence}
    moving = sorted(
        ((k, v) for k, v in contributions.items() if abs(v) > 1e-12),
        key=lambda kv: (-abs(kv[1]), kv[0]),
    )
    lines = []
    width = min(max((len(k) for k, _ in moving[:limit]), default=0), 40)
    for eid, v in moving[:limit]:
        e = by_id[eid]
        lines.append(
            f"  {_signed(f'{v:+.2f}', v, colour)}  {eid:<{width}}  {_field(_short(e.source + ': ' + e.says, 60))}"
        )
    if len(moving) > limit:
        lines.append(f"  ... and {len(moving) - limit} more items that move it")
    return lines


def _why_not_acting(result: ChangeResult) -> str:
    """Why the added item moves nothing today (empty when it acts)."""
    if not result.changes or result.item_id is None:
        return ""
    return result.changes[0].after.inactive.get(result.item_id, "")


def _routes(routes: tuple[Route, ...]) -> list[str]:
    """One line per route: the ordinary route and each occasion with its chance and its share of P."""
    occasions = [r for r in routes if r.window is not None]
    if not occasions:
        return []
    out = ["  routes (P that each alone brings the meeting by then, given none so far):"]
    for r in routes:
        share = "-" if r.probability is None else pct(r.probability)
        if r.window is None:
            out.append(f"    {share:>6}  ordinary route (the prior, spread over the horizon)")
            continue
        w = r.window
        chance = f"chance {pct(r.chance)} {r.source}"
        state = "" if r.state == "live" else f" [{r.note or r.state}]"
        out.append(f"    {share:>6}  {w.id} ({w.kind}, {w.start} to {w.end}, {chance}){state}")
    return out


def _inactive(inactive: dict[str, str], limit: int = TOP_DRIVERS) -> list[str]:
    """Items logged by then that move nothing, each with the reason."""
    if not inactive:
        return []
    items = sorted(inactive.items())
    out = [f"  logged but not acting ({len(items)}):"]
    out += [f"    {k}: {why}" for k, why in items[:limit]]
    if len(items) > limit:
        out.append(f"    ... and {len(items) - limit} more (--json lists them all)")
    return out


def _fit_line(learned: object) -> list[str]:
    if learned is None:
        return []
    stale = getattr(learned, "stale", False)
    when = getattr(learned, "fitted_on", None)
    state = "STALE: the ledger changed since; run `summitcast fit`" if stale else "current"
    on = f" of {when}" if when else ""
    return [
        f"  reliability: learned by the fit{on} from resolved events ({state}); "
        "--no-fit for the defaults"
    ]


def render_show(result: ShowResult | EventShowResult, *, colour: bool | None = None) -> str:
    """The human ``show`` summary (of a question, or of an event).

    Parameters
    ----------
    result
        What :func:`summitcast.app.tracker.show` returned.
    colour
        Colour it with ANSI codes (default: :func:`use_colour` of standard output).
    """
    on = use_colour() if colour is None else colour
    if isinstance(result, EventShowResult):
        return render_event_show(result, colour=on)
    q, fc, ev = result.question, result.forecast, result.event
    out = [
        f"{_paint(q.id, on, bold=True)}: {_field(q.title)}",
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
    span = "span" if q.event is None else f"event {ev.id}'s horizon to {ev.until}"
    if q.event is not None:
        out.append(
            f"  on event {ev.id}: {_field(ev.title)} (`summitcast show {ev.id}` for every deadline)"
        )
    if fc.status not in ("annulled", "not-open"):
        out.append(
            f"  prior {pct(ev.prior.probability)} (weight {ev.prior.weight:g}); with the evidence "
            f"{pct(fc.evidence_probability)} for the whole {span}; {percent(fc.elapsed, '.0f')} of its "
            "hazard has passed without a meeting"
        )
    out.append(f"  evidence logged by then: {fc.evidence_used} of {len(ev.evidence)} items")
    out.extend(_routes(fc.routes))
    drivers = _drivers(ev, fc.contributions, colour=on)
    if drivers:
        out.append(
            f"  what moves it (each item's log-odds on the routes it bears on, as of {fc.as_of}):"
        )
        out.extend(drivers)
    out.extend(_inactive(fc.inactive))
    out.extend(_fit_line(result.learned))
    return "\n".join(out)


def render_event_show(result: EventShowResult, *, colour: bool = False) -> str:
    """The human ``show EVENT`` summary: by ``until``, by each question's deadline, by month."""
    ev, r = result.event, result.result
    interval = "" if r.low is None else f"  (80% interval {pct(r.low)} to {pct(r.high)})"
    out = [
        f"{ev.id} (event): {_field(ev.title)}",
        f"as of {r.as_of}, horizon {ev.opens} to {ev.until} [{r.status}]",
        f"  P(meeting by {r.by}) = {pct(r.probability)}{interval}",
        f"  prior {pct(ev.prior.probability)} (weight {ev.prior.weight:g}); "
        f"evidence logged by then: {r.evidence_used} of {len(ev.evidence)} items",
    ]
    if r.questions:
        width = max(len(f.id) for f in r.questions)
        out.append("  questions (coherent: one evidence ledger, one curve):")
        for f in sorted(r.questions, key=lambda f: (f.by, f.id)):
            out.append(f"    {f.id:<{width}}  by {f.by}  {_forecast_line(f)}  [{f.status}]")
    else:
        out.append(f"  no questions on this event yet (`summitcast new ID --event {ev.id} ...`)")
    shown = [c for c in r.cdf if c[0] >= r.as_of]
    if shown:
        out.append("  P(meeting by the end of each month):")
        for d, p, lo, hi in shown[:12]:
            out.append(f"    {d}  {pct(p):>6}  ({pct(lo)} to {pct(hi)})")
        if len(shown) > 12:
            out.append(
                f"    ... {len(shown) - 12} more months to {ev.until} (--json lists them all)"
            )
    out.extend(_routes(r.routes))
    drivers = _drivers(ev, r.contributions, colour=colour)
    if drivers:
        out.append(
            f"  what moves it (each item's log-odds on the routes it bears on, as of {r.as_of}):"
        )
        out.extend(drivers)
    out.extend(_inactive(r.inactive))
    out.extend(_fit_line(result.learned))
    return "\n".join(out)


def render_list(result: ListResult, *, colour: bool | None = None) -> str:
    """The human ``list`` table (files that could not be read are named after it).

    Parameters
    ----------
    result
        What :func:`summitcast.app.tracker.list_questions` returned.
    colour
        Colour it with ANSI codes (default: :func:`use_colour` of standard output).
    """
    if not result.rows and not result.problems:
        return f"no questions (as of {result.as_of})"
    on = use_colour() if colour is None else colour
    width = max([24, *(len(r.question.id) for r in result.rows)])
    ewidth = max([16, *(len(r.question.event or "-") for r in result.rows)])
    head = (
        f"{'id':<{width}} {'event':<{ewidth}} {'status':<12} {'P':>7} {'80% interval':>17} "
        f"{'7 days':>10}  deadline"
    )
    out = [f"as of {result.as_of}", _paint(head, on, bold=True), "-" * len(head)]
    for r in result.rows:
        interval = "-" if r.low is None else f"{pct(r.low)}-{pct(r.high)}"
        event = r.question.event or "-"
        # pad first, then colour, so that the ANSI codes do not shift the columns
        status = _paint(f"{r.status:<12}", on, _STATUS_COLOUR.get(r.status))
        change = _signed(f"{points(r.change_7d):>10}", r.change_7d, on)
        out.append(
            f"{r.question.id:<{width}} {event:<{ewidth}} {status} {pct(r.probability):>7} "
            f"{interval:>17} {change}  {r.question.deadline}"
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


def _before_after(b: Forecast | None, a: Forecast) -> str:
    delta = (
        None
        if b is None or a.probability is None or b.probability is None
        else a.probability - b.probability
    )
    before = "-" if b is None else _forecast_line(b)
    return f"{before}  ->  {_forecast_line(a)}  {points(delta)}"


def render_change(result: ChangeResult) -> str:
    """The human summary of a change: the file written, and every affected question before and after."""
    verb = result.action.split()[0]
    single = result.kind == "question" and len(result.changes) == 1
    if verb == "add":
        out = [f"added {result.item_id} to {result.target} ({result.path})"]
    elif verb == "new":
        out = [f"created: {result.target} ({result.path})"]
    elif verb == "resolve":
        out = [f"resolved: {result.target} ({result.path})"]
    else:
        out = [f"{result.action}: {result.target} ({result.path})"]
    if single:
        c = result.changes[0]
        if c.before is None:
            out.append(f"  as of {c.after.as_of}: {_forecast_line(c.after)}")
        else:
            delta = None
            if c.after.probability is not None and c.before.probability is not None:
                delta = c.after.probability - c.before.probability
            out.append(f"  before: {_forecast_line(c.before)}")
            out.append(f"  after:  {_forecast_line(c.after)}  {points(delta)}")
    elif not result.changes:
        out.append(f"  (event {result.target} has no questions yet)")
    else:
        width = max(len(c.question.id) for c in result.changes)
        if verb == "resolve":
            out.append("  every question it resolves, before -> after")
        else:
            out.append(f"  event {result.target}: every question, before -> after")
        for c in result.changes:
            out.append(f"  {c.question.id:<{width}}  {_before_after(c.before, c.after)}")
    if result.item_id is not None and verb in ("add", "edit"):
        day = result.changes[0].after.as_of if result.changes else None
        why = _why_not_acting(result)
        out.append(
            f"  this item: {result.contribution:+.2f} log-odds on the routes it bears on"
            + (f", as of {day} (as `show` reports it)" if day else "")
            + (f": {why}" if why else "")
        )
    for w in result.warnings:
        out.append(f"  warning: {w}")
    for n in result.notes:
        out.append(f"  also: {n}")
    return terminal_text("\n".join(out))


render_add = render_change


def render_event_created(result: EventCreated) -> str:
    """The human summary of ``new-event``."""
    ev = result.event
    p = (
        ""
        if result.probability is None
        else f"; P(meeting by {ev.until}) = {pct(result.probability)}"
    )
    text = "\n".join(
        [
            f"created event: {ev.id} ({result.path})",
            f"  horizon {ev.opens} to {ev.until}, prior {pct(ev.prior.probability)}{p}",
            f"  next: summitcast new QUESTION --event {ev.id} --title ... --deadline YYYY-MM-DD",
        ]
    )
    return terminal_text(text)


def render_check(result: CheckResult) -> str:
    """The human ``check`` summary of a valid directory."""
    n, e = result.files, result.events
    events = f" and {e} event file{'s' if e != 1 else ''}" if e else ""
    head = f"ok: {n} question file{'s' if n != 1 else ''}{events} in {result.directory} valid"
    return terminal_text("\n".join([head, *(f"note: {line}" for line in result.notes)]))


def render_due(result: DueResult) -> str:
    """The human ``due`` list, most urgent first."""
    if not result.items:
        return f"as of {result.as_of}: nothing needs attention"
    labels = {
        "past-deadline": "DEADLINE PASSED",
        "window-soon": "WINDOW SOON",
        "moved": "MOVED",
        "quiet": "QUIET",
        "fit-stale": "FIT STALE",
    }
    out = [f"as of {result.as_of}: {len(result.items)} thing(s) need attention"]
    for item in result.items:
        out.append(f"  {labels.get(item.kind, item.kind):<16} {item.message}")
    return terminal_text("\n".join(out))


def _track_row(name: str, t: dict) -> str:
    ci = t["ci95"]

    def iv(key: str) -> str:
        lo, hi = ci.get(key, (None, None))
        return "" if lo is None else f" [{lo:.3f}, {hi:.3f}]"

    auc = "-" if t["auc"] is None else f"{t['auc']:.2f}"
    return (
        f"  {name:<16} {t['questions']:>3} q ({t['yes_questions']} yes) {t['question_days']:>6} days  "
        f"Brier {t['brier']:.4f}{iv('brier')}  REL {t['reliability']:.4f} RES {t['resolution']:.4f} "
        f"UNC {t['uncertainty']:.4f}  log {t['log']:+.3f}  baseline {t['baseline']:+.1f}  AUC {auc}{iv('auc')}"
    )


def render_track(result: TrackResult) -> str:
    """The human ``track`` tables."""
    out = [
        "track record: the model's daily forecasts on every resolved question, each question weighted equally",
        "  (Brier = REL - RES + UNC by distinct forecast value; 95% intervals bootstrap over questions)",
        _track_row("all", result.overall),
    ]
    b = result.overall["binned"]
    out.append(
        f"  in 10 bins: reliability {b['reliability']:.4f}, resolution {b['resolution']:.4f}, "
        f"uncertainty {b['uncertainty']:.4f} (+ within-bin {b['within_bin_variance']:.4f} "
        f"- {b['within_bin_covariance']:.4f})"
    )
    if result.groups:
        out.append(f"by {result.by}:")
        out.extend(_track_row(k, v) for k, v in result.groups.items())
    out.append("by quarter of the forecast's day:")
    out.extend(_track_row(k, v) for k, v in result.quarters.items())
    out.append("calibration (all question-days, weighted):")
    for b in result.overall["calibration"]:
        lo, hi = b["bin"]
        out.append(
            f"  {100 * lo:3.0f}-{percent(hi, '3.0f')}  n={b['count']:>5}  "
            f"forecast {percent(b['mean_forecast'], '5.1f')}  observed {percent(b['observed'], '5.1f')}"
        )
    if result.sources:
        out.append(
            "source types: mean contribution (log-odds) on questions that resolved yes / no:"
        )
        for k, v in result.sources.items():
            yes = "-" if v["mean_yes"] is None else f"{v['mean_yes']:+.3f}"
            no = "-" if v["mean_no"] is None else f"{v['mean_no']:+.3f}"
            toward = "-" if v["toward_outcome"] is None else f"{v['toward_outcome']:+.3f}"
            out.append(
                f"  {k:<10} yes {yes} ({v['items_yes']} items)  no {no} ({v['items_no']} items)  "
                f"toward the outcome {toward}"
            )
    return "\n".join(out)
