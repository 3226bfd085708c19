"""The ``summitcast`` command line: parse, call one library function, print.

Errors are mapped to exit statuses in one place (:class:`SummitcastGroup`, using
:data:`summitcast.errors.EXIT_STATUS`): a domain error prints ``Error: ...`` on stderr and exits 1, a usage error
exits 2 (click's own), and ``--traceback`` shows the stack instead. Heavy modules (matplotlib, PyMC) are imported
inside the commands that need them, so ``show``, ``add`` and ``list`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from summitcast import __version__
from summitcast.errors import LedgerError, exit_status

__all__ = ["cli", "main"]


class DomainError(click.ClickException):
    """A user-facing error, shown as one ``Error: ...`` line per problem, with its exit status."""

    def __init__(self, lines: list[str], code: int):
        super().__init__(lines[0] if lines else "")
        self.lines = lines
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {line}", err=True)


#: The command-line flag of each library field, for messages (the library names fields, never flags).
FLAGS = {
    "lr": "--lr",
    "strength": "--strength",
    "direction": "--for/--against",
    "source_type": "--source-type",
    "reliability": "--reliability",
    "half_life_days": "--half-life",
    "logged": "--logged",
    "date": "--date",
    "window": "--window",
    "id": "--id",
    "window_id": "--id",
    "name": "--name",
    "start": "--start",
    "end": "--end",
    "hazard": "--hazard",
    "announced": "--announced",
    "prior": "--prior",
    "weight": "--weight",
    "title": "--title",
    "criteria": "--criteria",
    "rationale": "--rationale",
    "opens": "--opens",
    "deadline": "--deadline",
    "until": "--until",
    "event": "--event",
    "every": "--every",
    "by": "--by",
    "source": "--source",
    "says": "--says",
    "url": "--url",
    "origin": "--origin",
    "tags": "--tags",
    "outcome": "OUTCOME",
    "note": "--note",
}


def _message(exc: BaseException) -> list[str]:
    if isinstance(exc, LedgerError):
        return exc.lines()
    if isinstance(exc, TimeoutError):
        return [
            f"another writer has held the lock for too long ({exc}); nothing was written, try again"
        ]
    if isinstance(exc, OSError) and exc.filename:
        return [f"{exc.filename}: {exc.strerror or exc}"]
    field = getattr(exc, "field", None)
    if field:
        return [f"{FLAGS.get(field, field)}: {exc}"]
    return [str(exc)]


class SummitcastGroup(click.Group):
    """The command group; it turns every user-facing exception into its exit status and message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            status = exit_status(exc)
            if status is None or (ctx.obj or {}).get("traceback"):
                raise
            raise DomainError(_message(exc), status) from exc


def _print_version(ctx: click.Context) -> None:
    """``--version``: summitcast's version and those of the libraries whose results it depends on."""
    from importlib import metadata

    parts = []
    for name in ("numpy", "pymc", "matplotlib"):
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} not installed")
    click.echo(f"summitcast {__version__} ({', '.join(parts)})")
    ctx.exit(0)


class DateType(click.ParamType):
    """A ``YYYY-MM-DD`` date on the command line (anything else is a usage error, exit 2)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse the value."""
        if isinstance(value, dt.date):
            return value
        try:
            return (
                dt.date.fromisoformat(value) if len(value) == 10 else self._bad(value, param, ctx)
            )
        except ValueError:
            self._bad(value, param, ctx)

    def _bad(
        self, value: str, param: click.Parameter | None, ctx: click.Context | None
    ) -> NoReturn:
        self.fail(f"expected a date as YYYY-MM-DD (got {value!r})", param, ctx)


DATE = DateType()


def _dir(ctx: click.Context) -> Path:
    return ctx.find_root().obj["dir"]


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of question (and event) ids from the forecasts folder."""
    from click.shell_completion import CompletionItem

    from summitcast.workspace import Workspace

    root = (ctx.find_root().params or {}).get("directory") or ctx.params.get("directory")
    ws = Workspace(root or Path("forecasts"))
    ids = ws.question_ids() + [e for e in ws.event_ids() if e not in ws.question_ids()]
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def _set_dir(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.find_root().ensure_object(dict)["dir"] = value


def _dir_option(f: Any) -> Any:
    """``--dir`` accepted after the command too (``summitcast list --dir X``), as users type it."""
    return click.option(
        "--dir",
        "directory",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_set_dir,
        help="The forecasts directory (as before the command).",
    )(f)


def _no_fit_option(f: Any) -> Any:
    return click.option(
        "--no-fit", "no_fit", is_flag=True, help="Forecast with the stated default reliabilities."
    )(f)


def _emit_json(doc: Any) -> None:
    click.echo(json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False))


def _suffix(param: click.Parameter, value: Path | None, allowed: tuple[str, ...]) -> Path | None:
    """Check an output path's format before any work (a usage error, exit 2): the path written is the path given."""
    if value is not None and value.suffix.lower() not in allowed:
        got = f"'{value.suffix}'" if value.suffix else "no suffix"
        raise click.BadParameter(
            f"the file's format comes from its suffix: use {', '.join(allowed)} (got {got})",
            param=param,
        )
    return value


def _json_option(f: Any) -> Any:
    f = click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")(f)
    return _dir_option(f)


@click.group(cls=SummitcastGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SUMMITCAST_DIR",
    default="forecasts",
    show_default="$SUMMITCAST_DIR, else ./forecasts",
    help="The forecasts directory.",
)
@click.option("--traceback", is_flag=True, help="Show the full stack trace of an error.")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, param, value: _print_version(ctx) if value else None,
    help="Show the version (with numpy's, PyMC's and matplotlib's) and exit.",
)
@click.pass_context
def cli(ctx: click.Context, directory: Path, traceback: bool) -> None:
    """Track "will the meeting happen" questions: record evidence, see the forecast move.

    \b
    Examples:
      summitcast list
      summitcast show trump-kim-2026
      summitcast add trump-kim-2026 --source "Kim Yo Jong" --source-type principal \\
          --says "No interest in talks" --strength moderate --against
    """
    ctx.ensure_object(dict)
    ctx.obj["dir"] = directory
    ctx.obj["traceback"] = traceback


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
    from summitcast import changes, render

    _prior_from(kw, kw.get("opens"), kw["deadline"], required=kw.get("event") is None)
    result = changes.new_question(_dir(ctx), question_id, tags=list(tags) or None, **kw)
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
@_json_option
@click.pass_context
def new_event(ctx: click.Context, event_id: str, as_json: bool, **kw: Any) -> None:
    """Create the event file DIR/events/EVENT.toml: one evidence ledger for many deadlines.

    \b
    Example:
      summitcast new-event trump-kim --title "Trump and Kim Jong Un meet in person" \\
          --opens 2025-01-20 --until 2029-01-20 --prior 0.3 --rationale "3 meetings in 2018-19"
    """
    from summitcast import changes, render

    _prior_from(kw, kw["opens"], kw["until"], required=True)
    result = changes.new_event(_dir(ctx), event_id, **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_event_created(result))


def _prior_from(kw: dict[str, Any], opens: Any, until: Any, *, required: bool) -> None:
    """``--prior`` as text (probability, percent, odds, 1 in N) or ``--base-rate K/YEARS``, into ``prior``."""
    from summitcast.priors import base_rate_prior, parse_probability

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
    from summitcast import changes, render

    _direction(kw, for_, against, required=True)
    result = changes.add_evidence(_dir(ctx), question_id, **kw)
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
    from summitcast import changes, render

    _direction(kw, for_, against, required=False)
    if kw["strength"] is not None and "direction" not in kw:
        pass  # keeps the item's direction
    result = changes.edit_item(_dir(ctx), question_id, item_id, **kw)
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
    from summitcast import changes, render

    result = changes.remove_item(_dir(ctx), question_id, item_id)
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
    from summitcast import changes, render

    result = changes.reopen(_dir(ctx), question_id)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--id", "window_id", required=True, help="The window's id.")
@click.option("--name", required=True, help="What the occasion is.")
@click.option("--start", required=True, type=DATE, help="First day.")
@click.option("--end", required=True, type=DATE, help="Last day (inclusive).")
@click.option(
    "--hazard",
    type=float,
    default=1.0,
    show_default=True,
    help="Times as likely per day as an ordinary day, >= 0 (1: a named period).",
)
@click.option("--announced", type=DATE, help="When the occasion became public (default today).")
@_json_option
@click.pass_context
def window(ctx: click.Context, question_id: str, as_json: bool, **kw: Any) -> None:
    """Add a window: a trip, a summit or a named period a statement can be about.

    \b
    Example:
      summitcast window trump-kim-2025 --id korea-visit --name "Trump in South Korea" \\
          --start 2025-10-29 --end 2025-10-30 --hazard 90 --announced 2025-10-23
    """
    from summitcast import changes, render

    result = changes.add_window(_dir(ctx), question_id, **kw)
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
    from summitcast import changes, render

    result = changes.resolve(_dir(ctx), question_id, outcome, **kw)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_change(result))


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
    from summitcast import render, tracker

    result = tracker.show(_dir(ctx), question_id, as_of, by, use_fit=not no_fit)
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
    from summitcast import render, tracker

    result = tracker.list_questions(_dir(ctx), as_of, use_fit=not no_fit)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_list(result))
    if result.problems:
        raise DomainError([*result.problems, "the other questions are listed above"], 1)


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
    from summitcast import render, tracker

    result = tracker.history(_dir(ctx), question_id, start, end, every, use_fit=not no_fit)
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
    from summitcast import render, tracker

    result = tracker.check(_dir(ctx))
    if as_json:
        _emit_json(result.to_json())
        if not result.ok:
            sys.exit(1)
        return
    if not result.ok:
        raise DomainError(result.problems, 1)
    click.echo(render.render_check(result))


# ------------------------------------------------------------------------------------------- report


@cli.command()
@click.option("--week", help="ISO week YYYY-Www (default the current week).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=lambda ctx, param, value: _suffix(param, value, (".pdf",)),
    help="A .pdf path (default reports/YYYY-Www.pdf).",
)
@click.option(
    "--png",
    "png_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write each figure as PNG here.",
)
@_json_option
@click.pass_context
def report(
    ctx: click.Context, week: str | None, out: Path | None, png_dir: Path | None, as_json: bool
) -> None:
    """The weekly PDF report, as of the Sunday that ends the week.

    \b
    Example:
      summitcast report --week 2025-W44 --out reports/2025-W44.pdf
    """
    from summitcast.report import build_report

    result = build_report(_dir(ctx), week, out, png_dir=png_dir, progress=not as_json)
    _emit_json(result.to_json()) if as_json else click.echo(result.summary())


# ------------------------------------------------------------------------------------------ scoring

# Existence is checked when the file is read: a missing file is a domain error (exit 1), like a bad one.
_FILE = click.Path(dir_okay=False, path_type=Path)


@cli.command()
@click.option(
    "--questions",
    "questions_csv",
    required=True,
    type=_FILE,
    help="CSV: id, opens, closes, outcome[, resolved].",
)
@click.option(
    "--ours", "ours_csv", required=True, type=_FILE, help="CSV: id, timestamp, probability."
)
@click.option("--community", "community_csv", type=_FILE, help="CSV: id, timestamp, probability.")
@_json_option
def score(questions_csv: Path, ours_csv: Path, community_csv: Path | None, as_json: bool) -> None:
    """Metaculus-style scores (Brier, log, baseline, peer) for many questions.

    \b
    Example:
      summitcast score --questions questions.csv --ours ours.csv --community crowd.csv
    """
    from summitcast.comparison import score_files

    report = score_files(questions_csv, ours_csv, community_csv)
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    _emit_json(report.to_json()) if as_json else click.echo(report.render_text())


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option(
    "--community",
    "community_path",
    type=_FILE,
    help="Metaculus post JSON, or CSV: timestamp, probability. Default: DIR/ID.community.csv (pull).",
)
@click.option(
    "--outcome", type=click.Choice(["yes", "no"]), help="Default: the question's resolution."
)
@click.option(
    "--ours",
    "ours_csv",
    type=_FILE,
    help="Score this CSV series instead of the recorded forecasts.",
)
@click.option(
    "--plot",
    "plot_path",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=lambda ctx, param, value: _suffix(param, value, (".png", ".pdf", ".svg")),
    help="Draw both series to this file (.png, .pdf or .svg).",
)
@_json_option
@click.pass_context
def compare(
    ctx: click.Context,
    question_id: str,
    community_path: Path | None,
    outcome: str | None,
    ours_csv: Path | None,
    plot_path: Path | None,
    as_json: bool,
) -> None:
    """Our recorded forecasts against a community series, with Metaculus's scores.

    \b
    Example:
      summitcast compare trump-kim-2025 --community post_34277.json --outcome no --plot cmp.png
    """
    from summitcast.comparison import compare_recorded

    result = compare_recorded(
        _dir(ctx), question_id, community_path, outcome=outcome, ours_csv=ours_csv
    )
    if plot_path is not None:
        from summitcast.plotting import save_comparison_plot

        save_comparison_plot(result, plot_path)
    _emit_json(result.to_json()) if as_json else click.echo(result.render_text())
    if plot_path is not None and not as_json:
        click.echo(f"plot: {plot_path}")


@cli.command()
@click.argument("question_id", metavar="ID", shell_complete=_complete_ids)
@click.option(
    "--metaculus", "post", metavar="POST", help="A Metaculus post id (needs $METACULUS_TOKEN)."
)
@click.option("--manifold", metavar="MARKET", help="A Manifold market id or slug.")
@click.option("--polymarket", metavar="MARKET", help="A Polymarket market slug or condition id.")
@_json_option
@click.pass_context
def pull(
    ctx: click.Context,
    question_id: str,
    post: str | None,
    manifold: str | None,
    polymarket: str | None,
    as_json: bool,
) -> None:
    """Fetch a community or market series and save it as DIR/ID.community.csv.

    Give exactly one source. A provenance sidecar DIR/ID.community.json records where and when it came from;
    compare and the report then use the series. This is the only command that uses the network.

    \b
    Example:
      METACULUS_TOKEN=... summitcast pull johnson-speaker --metaculus 34277
      summitcast pull johnson-speaker --polymarket MARKET-SLUG
    """
    from summitcast.pull import pull_series

    sources = {"metaculus": post, "manifold": manifold, "polymarket": polymarket}
    given = [(source, ref) for source, ref in sources.items() if ref is not None]
    if len(given) != 1:
        raise click.UsageError(
            "give exactly one of --metaculus POST, --manifold MARKET, --polymarket MARKET"
        )
    result = pull_series(_dir(ctx), question_id, *given[0])
    _emit_json(result.to_json()) if as_json else click.echo(result.summary())


# ---------------------------------------------------------------------------------------- learning


@cli.command()
@click.option(
    "--draws",
    type=int,
    default=1000,
    show_default=True,
    help="Posterior draws per chain.",
)
@click.option("--chains", type=int, default=2, show_default=True, help="Markov chains.")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--tune",
    type=int,
    default=500,
    show_default=True,
    help="Tuning steps per chain.",
)
@click.option(
    "--sampler",
    type=click.Choice(["pymc", "nutpie"]),
    default="pymc",
    show_default=True,
    help="NUTS implementation (nutpie is an optional extra).",
)
@click.option(
    "--apply",
    "apply_fit",
    is_flag=True,
    help="Use the fit for forecasts even where the resolved data is too thin to move it.",
)
@_json_option
@click.pass_context
def fit(
    ctx: click.Context,
    draws: int,
    chains: int,
    seed: int,
    tune: int,
    sampler: str,
    apply_fit: bool,
    as_json: bool,
) -> None:
    """Learn how far each kind of source is to be believed, from the resolved events (PyMC).

    Stores the posterior draws in DIR/.summitcast/reliability.npz; later forecasts use them for items
    without an explicit reliability, unless the data were too thin to move them (fewer than 10
    resolved events, or no reliability narrowed by 25%): then the fit is saved but not applied,
    and --apply applies it anyway.

    \b
    Example:
      summitcast fit --draws 1000 --chains 2 --seed 1
    """
    from summitcast.reliability import fit_reliability

    result = fit_reliability(
        _dir(ctx),
        draws=draws,
        chains=chains,
        seed=seed,
        tune=tune,
        sampler=sampler,
        progressbar=not as_json,
        apply=apply_fit,
    )
    _emit_json(result.to_json()) if as_json else click.echo(result.render_text())


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
    from summitcast import render
    from summitcast.due import due as find_due

    result = find_due(_dir(ctx), as_of, moved=moved)
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
    from summitcast import render
    from summitcast.track import track as track_record

    result = track_record(_dir(ctx), by=by)
    _emit_json(result.to_json()) if as_json else click.echo(render.render_track(result))


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write questions.csv and forecasts.csv into.",
)
@_json_option
@click.pass_context
def export(ctx: click.Context, out_dir: Path | None, as_json: bool) -> None:
    """Every resolved question and every recorded forecast as CSV, in the shape that score reads.

    \b
    Example:
      summitcast export --out track-record/
      summitcast score --questions track-record/questions.csv --ours track-record/forecasts.csv
    """
    from summitcast.export import export as run_export

    if out_dir is None and not as_json:
        raise click.UsageError("give --out DIR (writes questions.csv and forecasts.csv), or --json")
    result = run_export(_dir(ctx), out_dir)
    if as_json:
        _emit_json(result.to_json())
        return
    n_q, n_f = (
        len(result.questions),
        sum(1 for f in result.forecasts if f["probability"] is not None),
    )
    click.echo(f"wrote {result.written[0]} ({n_q} resolved questions)")
    click.echo(f"wrote {result.written[1]} ({n_f} recorded forecasts)")
    if result.others:
        click.echo(f"  ({len(result.others)} open or annulled questions are not in questions.csv)")


def _bad_utf8_argument(args: list[str]) -> str | None:
    """The flag (or argument) whose value is not valid UTF-8 text, if any (Python keeps such bytes as
    surrogates)."""
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            if arg.startswith("--"):
                return arg.split("=", 1)[0]
            prev = args[i - 1] if i > 0 else ""
            return prev if prev.startswith("-") else f"argument {i + 1}"
    return None


def main() -> None:
    """Entry point of the ``summitcast`` console script."""
    bad = _bad_utf8_argument(sys.argv[1:])
    if bad is not None:
        click.echo(
            f"Usage: summitcast [OPTIONS] COMMAND [ARGS]...\nError: {bad}: is not valid UTF-8 text "
            "(a stray byte in the argument; re-type it or fix the terminal's encoding)",
            err=True,
        )
        sys.exit(2)
    cli(prog_name="summitcast")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
