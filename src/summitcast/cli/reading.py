"""Commands that read the ledger: show, list, history, check, and the week's due list and track record."""

from __future__ import annotations

import datetime as dt
import sys

import click

from summitcast.cli.base import (
    DATE,
    DomainError,
    _complete_ids,
    _emit_json,
    _json_option,
    _no_fit_option,
    _today,
    _ws,
    cli,
)
from summitcast.render.formatting import terminal_text

# ------------------------------------------------------------------------------------------ reading


@cli.command()
@click.argument("question_id", metavar="ID|EVENT", shell_complete=_complete_ids)
@click.option("--as-of", type=DATE, help="The day of the forecast (default today).")
@click.option("--by", type=DATE, help="The horizon (default the deadline).")
@_no_fit_option
@_json_option
@click.pass_context
def show(
    ctx: click.Context,
    question_id: str,
    as_of: dt.date | None,
    by: dt.date | None,
    no_fit: bool,
    as_json: bool,
) -> None:
    """The forecast and what drives it; for an event, every deadline and the month-by-month curve.

    \b
    Examples:
      summitcast show trump-kim-2025 --as-of 2025-10-27
      summitcast show trump-kim --as-of 2025-10-27
    """
    from summitcast.app import tracker
    from summitcast.render import text as render

    result = tracker.show(_ws(ctx), question_id, as_of or _today(ctx), by, use_fit=not no_fit)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_show(result))


@cli.command(name="list")
@click.option("--as-of", type=DATE, help="The day (default today).")
@_no_fit_option
@_json_option
@click.pass_context
def list_(ctx: click.Context, as_of: dt.date | None, no_fit: bool, as_json: bool) -> None:
    """Every question with its forecast, change over 7 days and status.

    \b
    Example:
      summitcast list --as-of 2025-10-31
    """
    from summitcast.app import tracker
    from summitcast.render import text as render

    result = tracker.list_questions(_ws(ctx), as_of or _today(ctx), use_fit=not no_fit)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_list(result))
    if result.problems:
        tail = (
            "the other questions are listed above" if result.rows else "no question could be read"
        )
        raise DomainError([*result.problems, tail], 1)


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--start", type=DATE, help="First day (default the question's opens).")
@click.option("--end", type=DATE, help="Last day (default today, or the resolution date).")
@click.option("--every", type=int, default=1, show_default=True, help="Step in days.")
@_no_fit_option
@_json_option
@click.pass_context
def history(
    ctx: click.Context,
    question_id: str,
    start: dt.date | None,
    end: dt.date | None,
    every: int,
    no_fit: bool,
    as_json: bool,
) -> None:
    """The forecast on every N-th day.

    \b
    Example:
      summitcast history trump-kim-apec-2025 --start 2025-10-20 --end 2025-11-01
    """
    from summitcast.app import tracker
    from summitcast.render import text as render

    result = tracker.history(
        _ws(ctx), question_id, start, end, every, today=_today(ctx), use_fit=not no_fit
    )
    _emit_json(result.to_json()) if as_json else click.echo(render.render_history(result))


@cli.command()
@_json_option
@click.pass_context
def check(ctx: click.Context, as_json: bool) -> None:
    """Validate every question and event file in DIR, and that each event's resolutions agree.

    Exit 1 with one line per problem where any is found.

    \b
    Example:
      summitcast --dir forecasts check
    """
    from summitcast.app import checks
    from summitcast.render import text as render

    result = checks.check(_ws(ctx), today=_today(ctx))
    for warning in [] if as_json else result.warnings:
        click.echo(f"warning: {terminal_text(warning)}", err=True)
    if as_json:
        _emit_json(result.to_json())
        if not result.ok:
            sys.exit(1)
        return
    if not result.ok:
        raise DomainError(result.problems, 1)
    click.echo(render.render_check(result))


@cli.command()
@click.option("--as-of", type=DATE, help="The day (default today).")
@click.option(
    "--moved",
    type=float,
    default=5.0,
    show_default=True,
    help="Points of change since the last recorded forecast that need a look.",
)
@_json_option
@click.pass_context
def due(ctx: click.Context, as_of: dt.date | None, moved: float, as_json: bool) -> None:
    """What needs attention, most urgent first: passed deadlines, approaching windows, moves, quiet questions.

    \b
    Example:
      summitcast due --as-of 2025-10-22
    """
    from summitcast.app.due import due as find_due
    from summitcast.render import text as render

    result = find_due(_ws(ctx), as_of or _today(ctx), moved=moved)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_due(result))
    if result.problems:
        raise DomainError(result.problems, 1)


@cli.command()
@click.option(
    "--by",
    type=click.Choice(["tag", "source-type", "year"]),
    help="Group the table (source-type: the signal of each type's items).",
)
@_json_option
@click.pass_context
def track(ctx: click.Context, by: str | None, as_json: bool) -> None:
    """The track record over every resolved question: Brier and its decomposition, log, baseline, AUC.

    \b
    Example:
      summitcast track --by year
    """
    from summitcast.app.track import track as track_record
    from summitcast.render import text as render

    result = track_record(_ws(ctx), by=by)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_track(result))
