"""The command group, the one exception-to-exit map, and the options every command shares.

Errors are mapped to exit statuses in one place (:class:`SummitcastGroup`, using
:data:`summitcast.errors.EXIT_STATUS`): a domain error prints ``Error: ...`` on stderr and exits 1, a usage error
exits 2 (click's own), and ``--traceback`` shows the stack instead. Heavy modules (matplotlib, PyMC) are imported
inside the commands that need them, so ``show``, ``add`` and ``list`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from summitcast import __version__
from summitcast.errors import LedgerError, SummitcastError, ValidationError, exit_status
from summitcast.render.formatting import terminal_text

if TYPE_CHECKING:
    from summitcast.store.workspace import Workspace

__all__ = ["DATE", "FLAGS", "DomainError", "cli"]


class DomainError(click.ClickException):
    """A user-facing error, shown as one ``Error: ...`` line per problem, with its exit status."""

    def __init__(self, lines: list[str], code: int):
        super().__init__(lines[0] if lines else "")
        self.lines = lines
        self.exit_code = code  # type: ignore[misc]  # click declares it a ClassVar; set per instance

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            click.echo(f"Error: {terminal_text(line, keep_newlines=False)}", err=True)


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
    "kind": "--kind",
    "chance": "--chance",
    "cancel": "--cancel",
    "announced": "--announced",
    "prior": "--prior",
    "base_rate": "--base-rate",
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
    "week": "--week",
    "dir": "--dir",
    "given_outcome": "--outcome",
    "ours": "--ours",
    "community": "--community",
    "metaculus": "--metaculus",
    "manifold": "--manifold",
    "polymarket": "--polymarket",
    "draws": "--draws",
    "chains": "--chains",
    "tune": "--tune",
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
    text = exc.naming(FLAGS) if isinstance(exc, SummitcastError) else str(exc)
    field = getattr(exc, "field", None)
    if field:
        return [f"{FLAGS.get(field, field)}: {text}"]
    return [text]


class SummitcastGroup(click.Group):
    """The command group; it turns every user-facing exception into its exit status and message."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            exc.message = terminal_text(exc.message)  # type: ignore[misc]  # a usage error may quote what was typed
            raise
        except (click.exceptions.Exit, click.Abort):
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


def _ws(ctx: click.Context) -> Workspace:
    """The one :class:`Workspace` of this invocation (``--dir``, ``$SUMMITCAST_DIR``, else ``./forecasts``)."""
    from summitcast.store.workspace import Workspace

    obj = ctx.find_root().obj
    ws = obj.get("ws")
    if ws is None or ws.root != Path(obj["dir"]):
        ws = obj["ws"] = Workspace(obj["dir"])
    return ws


def read_today() -> dt.date:
    """Today in UTC, or ``$SUMMITCAST_TODAY`` (``YYYY-MM-DD``) when set (for reproducible examples and tests)."""
    pinned = os.environ.get("SUMMITCAST_TODAY")
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValidationError(
                f"SUMMITCAST_TODAY: expected YYYY-MM-DD (got {pinned!r})"
            ) from None
    return dt.datetime.now(dt.UTC).date()


def _today(ctx: click.Context) -> dt.date:
    """The day of this invocation, read once (:func:`read_today`) and passed to every use case."""
    obj = ctx.find_root().obj
    if "today" not in obj:
        obj["today"] = read_today()
    return obj["today"]


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of question (and event) ids from the forecasts folder."""
    from click.shell_completion import CompletionItem

    from summitcast.store.workspace import Workspace

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
