"""Commands that change the ledger: new-event, new, add, edit, remove, reopen, window, resolve."""

from __future__ import annotations

from typing import Any

import click

from summitcast.cli.base import (
    DATE,
    FLAGS,
    _complete_ids,
    _emit_json,
    _json_option,
    _today,
    _ws,
    cli,
)
from summitcast.domain.question import WINDOW_KINDS

# ------------------------------------------------------------------------------------------ changes


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--title", required=True, help="The question as posed.")
@click.option("--event", help="The event this question asks about (then no --prior).")
@click.option("--opens", type=DATE, help="First day of the span (default: the event's).")
@click.option("--deadline", required=True, type=DATE, help="Last day a meeting counts (inclusive).")
@click.option(
    "--prior",
    help="P(meeting within the span): 0.12, 12%, odds 1:7 or 1/20; not with --event.",
)
@click.option(
    "--base-rate",
    help="Instead of --prior: K/YEARS, K meetings in YEARS years of the reference class.",
)
@click.option(
    "--weight", type=float, help="Confidence in the prior as a pseudo-count (default 20)."
)
@click.option("--criteria", help="What counts as a meeting (default: a standard in-person rule).")
@click.option("--rationale", help="Why this prior: reference class, base rate.")
@click.option("--tags", "tags", multiple=True, help="A tag (repeat for several).")
@_json_option
@click.pass_context
def new(
    ctx: click.Context, question_id: str, as_json: bool, tags: tuple[str, ...], **kw: Any
) -> None:
    """Create the question file DIR/ID.toml (self-contained, or on an event).

    \b
    Examples:
      summitcast new trump-kim-2027 --title "Will Trump and Kim meet before 2028?" \\
          --opens 2027-01-01 --deadline 2027-12-31 --prior 0.1 --rationale "3 meetings in 8 years"
      summitcast new trump-kim-by-nov --event trump-kim --deadline 2026-10-31 \\
          --title "Will Trump and Kim meet by 1 November 2026?"
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    _prior_from(kw, kw.get("opens"), kw["deadline"], required=kw.get("event") is None)
    result = changes.new_question(
        _ws(ctx), question_id, today=_today(ctx), tags=list(tags) or None, **kw
    )
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command(name="new-event")
@click.argument("event_id", metavar="EVENT")
@click.option("--title", required=True, help='The meeting, e.g. "Trump and Kim meet in person".')
@click.option("--opens", required=True, type=DATE, help="First day of the horizon.")
@click.option("--until", required=True, type=DATE, help="Last day of the horizon (inclusive).")
@click.option("--prior", help="P(a meeting within the horizon): 0.3, 30%, odds 3:7 or 1/20.")
@click.option(
    "--base-rate",
    help="Instead of --prior: K/YEARS, K meetings in YEARS years of the reference class.",
)
@click.option(
    "--weight", type=float, help="Confidence in the prior as a pseudo-count (default 20)."
)
@click.option("--criteria", help="What counts as a meeting (default: a standard in-person rule).")
@click.option("--rationale", help="Why this prior: reference class, base rate.")
@click.option("--tags", "tags", multiple=True, help="A tag (repeat for several).")
@_json_option
@click.pass_context
def new_event(
    ctx: click.Context, event_id: str, as_json: bool, tags: tuple[str, ...], **kw: Any
) -> None:
    """Create the event file DIR/events/EVENT.toml: one evidence ledger for many deadlines.

    \b
    Example:
      summitcast new-event trump-kim --title "Trump and Kim Jong Un meet in person" \\
          --opens 2025-01-20 --until 2029-01-20 --prior 0.3 --rationale "3 meetings in 2018-19"
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    _prior_from(kw, kw["opens"], kw["until"], required=True)
    result = changes.new_event(_ws(ctx), event_id, today=_today(ctx), tags=list(tags) or None, **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_event_created(result))


def _prior_from(kw: dict[str, Any], opens: Any, until: Any, *, required: bool) -> None:
    """``--prior`` as text (probability, percent, odds, 1 in N) or ``--base-rate K/YEARS``, into ``prior``."""
    from summitcast.domain.priors import base_rate_prior, parse_probability

    text, rate = kw.pop("prior"), kw.pop("base_rate")
    if text is not None and rate is not None:
        raise click.UsageError("give either --prior or --base-rate, not both")
    if rate is not None:
        if opens is None:
            raise click.UsageError("--base-rate needs --opens (the horizon's first day)")
        b = base_rate_prior(rate, opens, until)
        kw["prior"] = b.probability
        kw["rationale"] = (
            f"{kw['rationale']}; {b.rationale}" if kw.get("rationale") else b.rationale
        )
    elif text is not None:
        kw["prior"] = parse_probability(text)
    elif required:
        raise click.UsageError("give --prior P or --base-rate K/YEARS")
    else:
        kw["prior"] = None


def _no_log_option(f: Any) -> Any:
    """``--no-log``: backfill a past episode without writing today's forecast into the forecast log."""
    return click.option(
        "--no-log",
        "no_log",
        is_flag=True,
        help="Do not record the forecast in the forecast log (backfilling a past episode; "
        "see the replay recipe in docs/format.md).",
    )(f)


def _evidence_options(f: Any) -> Any:
    """The item flags shared by ``add`` and ``edit``."""
    options = [
        click.option(
            "--lr", type=float, help="Likelihood ratio P(E | meeting) / P(E | none), > 0."
        ),
        click.option(
            "--strength", help="weak, moderate, strong or very-strong (LR 1.5, 3, 10, 30)."
        ),
        click.option(
            "--for", "for_", is_flag=True, help="With --strength: evidence for a meeting."
        ),
        click.option(
            "--against", is_flag=True, help="With --strength: evidence against a meeting."
        ),
        click.option(
            "--source-type", help="principal, official, analyst, media (default) or market."
        ),
        click.option("--date", type=DATE, help="When it was said (default today)."),
        click.option("--logged", type=DATE, help="When you learned it (default today)."),
        click.option("--origin", help="Shared id of reprints of one remark."),
        click.option("--reliability", type=float, help="In [0, 1]; default: learned or by type."),
        click.option("--window", help="Id of the window this item is about."),
        click.option(
            "--half-life", "half_life_days", type=float, help="Days for the effect to halve."
        ),
        click.option("--url", help="Where it was read (stored, never fetched)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _direction(kw: dict[str, Any], for_: bool, against: bool, *, required: bool) -> None:
    if kw["lr"] is not None and (kw["strength"] is not None or for_ or against):
        raise click.UsageError("give either --lr or --strength with --for/--against, not both")
    if for_ and against:
        raise click.UsageError("give one of --for and --against")
    if kw["lr"] is None:
        if kw["strength"] is None and required:
            raise click.UsageError("give --lr X, or --strength S with --for or --against")
        if kw["strength"] is not None and required and not (for_ or against):
            raise click.UsageError("--strength needs exactly one of --for and --against")
        if for_ or against:
            kw["direction"] = "for" if for_ else "against"


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--source", required=True, help="Who said it.")
@click.option("--says", required=True, help="Quote or paraphrase.")
@_evidence_options
@click.option("--id", "evidence_id", help="The item's id (default: a readable slug).")
@_no_log_option
@_json_option
@click.pass_context
def add(
    ctx: click.Context, question_id: str, for_: bool, against: bool, as_json: bool, **kw: Any
) -> None:
    """Append one evidence item; print the forecast before and after.

    Give either --lr or --strength with --for or --against. For a question on an event, the item is written
    once to the event file and every question of the event is shown before and after.

    \b
    Example:
      summitcast add trump-kim-apec-2025 --source "Chung Dong-young" --source-type official \\
          --says "Possible for Trump and Kim to meet at Panmunjom" --strength weak --for \\
          --date 2025-10-14 --window korea-visit
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    _direction(kw, for_, against, required=True)
    result = changes.add_evidence(
        _ws(ctx), question_id, today=_today(ctx), log=not kw.pop("no_log"), **kw
    )
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.argument("item_id", metavar="EID")
@click.option("--source", help="Who said it.")
@click.option("--says", help="Quote or paraphrase.")
@_evidence_options
@_json_option
@click.pass_context
def edit(
    ctx: click.Context,
    question_id: str,
    item_id: str,
    for_: bool,
    against: bool,
    as_json: bool,
    **kw: Any,
) -> None:
    """Change fields of one evidence item (the flags of add); print the forecast before and after.

    \b
    Example:
      summitcast edit trump-kim-2026 kcna-no-interest --strength strong --against
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    _direction(kw, for_, against, required=False)
    if kw["strength"] is not None and "direction" not in kw:
        pass  # keeps the item's direction
    result = changes.edit_item(_ws(ctx), question_id, item_id, today=_today(ctx), **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.argument("item_id", metavar="EID")
@_json_option
@click.pass_context
def remove(ctx: click.Context, question_id: str, item_id: str, as_json: bool) -> None:
    """Remove an evidence item or a window; print the forecast before and after.

    \b
    Example:
      summitcast remove trump-kim-2026 duplicate-item
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    result = changes.remove_item(_ws(ctx), question_id, item_id, today=_today(ctx))
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@_json_option
@click.pass_context
def reopen(ctx: click.Context, question_id: str, as_json: bool) -> None:
    """Undo a resolution (kept as a comment in the file); print the forecast before and after.

    \b
    Example:
      summitcast reopen trump-kim-2026
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    result = changes.reopen(_ws(ctx), question_id, today=_today(ctx))
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--id", "window_id", help="The window's id.")
@click.option("--name", help="What the occasion is.")
@click.option("--start", type=DATE, help="First day.")
@click.option("--end", type=DATE, help="Last day (inclusive).")
@click.option(
    "--kind",
    type=click.Choice(WINDOW_KINDS),
    help="bilateral, visit, summit or nearby (an occasion, a route with a chance of its own), or period.",
)
@click.option(
    "--chance",
    type=float,
    help="An occasion's chance that they meet during it, in [0, 1) (default: its kind's learned or default).",
)
@click.option(
    "--hazard",
    type=float,
    help="A period's days are this many times as likely as an ordinary day, >= 0 (default 1).",
)
@click.option(
    "--announced",
    type=DATE,
    help="When the occasion became public (default today; required for a window already over).",
)
@click.option("--cancel", "cancel", metavar="W", help="Call off (or postpone) occasion W.")
@click.option("--date", type=DATE, help="With --cancel: the day it was called off (default today).")
@_no_log_option
@_json_option
@click.pass_context
def window(ctx: click.Context, question_id: str, as_json: bool, **kw: Any) -> None:
    """Add a window (an occasion, or a named period), or call an occasion off with --cancel.

    \b
    Examples:
      summitcast window trump-kim-2025 --id korea-visit --name "Trump in South Korea" \\
          --kind nearby --start 2025-10-29 --end 2025-10-30 --announced 2025-10-23
      summitcast window trump-kim-2025 --cancel korea-visit --date 2025-10-28
    A postponement is a --cancel and a new window announced the same day.
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    cancel, date, no_log = kw.pop("cancel"), kw.pop("date"), kw.pop("no_log")
    if cancel is not None:
        given = [FLAGS[k] for k, v in kw.items() if v is not None]
        if given:
            raise click.UsageError(f"--cancel takes only --date, not {', '.join(given)}")
        result = changes.cancel_window(
            _ws(ctx), question_id, today=_today(ctx), window_id=cancel, date=date, log=not no_log
        )
    else:
        if date is not None:
            raise click.UsageError("--date goes with --cancel (a new window takes --announced)")
        needed = ("window_id", "name", "start", "end", "kind")
        missing = [FLAGS[k] for k in needed if kw[k] is None]
        if missing:
            raise click.UsageError(f"Missing option(s) {', '.join(missing)} (or --cancel W)")
        result = changes.add_window(_ws(ctx), question_id, today=_today(ctx), log=not no_log, **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.argument("outcome", type=click.Choice(["yes", "no", "annulled"]))
@click.option("--date", type=DATE, help="The day it was settled (yes: the meeting's day).")
@click.option("--note", help="How it was settled (a source).")
@_json_option
@click.pass_context
def resolve(ctx: click.Context, question_id: str, outcome: str, as_json: bool, **kw: Any) -> None:
    """Record the outcome: yes (on the meeting's day), no (after the deadline) or annulled.

    \b
    Example:
      summitcast resolve trump-kim-apec-2025 no --note "Trump left Korea on 30 Oct without meeting Kim"
    """
    from summitcast.app import changes
    from summitcast.render import text as render

    result = changes.resolve(_ws(ctx), question_id, outcome, today=_today(ctx), **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))
