"""The ``summitcast`` command line: parse, call one library function, print.

Errors are mapped to exit statuses in one place (:class:`summitcast.cli.base.SummitcastGroup`, using
:data:`summitcast.errors.EXIT_STATUS`): a domain error prints ``Error: ...`` on stderr and exits 1, a usage error
exits 2 (click's own), and ``--traceback`` shows the stack instead. Heavy modules (matplotlib, PyMC) are imported
inside the commands that need them, so ``show``, ``add`` and ``list`` start fast. The commands live by what they
do: :mod:`~summitcast.cli.ledger` (changing the ledger), :mod:`~summitcast.cli.reading` (reading it) and
:mod:`~summitcast.cli.results` (reports, scores, pulls, the fit, exports).
"""

from __future__ import annotations

import sys

import click

from summitcast.cli import ledger, reading, results  # noqa: F401  (each registers its commands)
from summitcast.cli.base import DATE, FLAGS, DomainError, cli

__all__ = ["DATE", "FLAGS", "DomainError", "cli", "main"]


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
    main()
