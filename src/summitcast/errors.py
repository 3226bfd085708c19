"""The exceptions summitcast raises, and the one table that maps them to exit statuses.

Every error a user can cause derives from :class:`SummitcastError`; the command line turns each into one line on
stderr (``Error: ...``) and the exit status in :data:`EXIT_STATUS`. Programming errors are not caught: they show
their traceback, as does any error when ``--traceback`` is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Self

__all__ = [
    "EXIT_STATUS",
    "FitError",
    "LedgerError",
    "QuestionExistsError",
    "SummitcastError",
    "UnknownQuestionError",
    "ValidationError",
    "exit_status",
]


class SummitcastError(Exception):
    """Base class of every error a user can cause (bad file, unknown question, invalid value).

    A message may mention library fields (``{start}``, ``{week}``): :meth:`mentioning` builds it, ``str()`` names
    the fields, and :meth:`naming` lets the command line name its flags instead. The library never names flags.

    >>> e = ValidationError.mentioning("give {start} and {end} (for '{qid}')", {"qid": "q"})
    >>> str(e), e.naming({"start": "--start", "end": "--end"})
    ("give start and end (for 'q')", "give --start and --end (for 'q')")
    """

    #: The message's template and values, when it mentions fields (see :meth:`mentioning`).
    _template: tuple[str, Mapping[str, Any]] | None = None

    @classmethod
    def mentioning(
        cls, template: str, values: Mapping[str, Any], *args: Any, **kwargs: Any
    ) -> Self:
        """An error whose ``template`` (``str.format`` syntax) has ``values`` and names fields where none is given.

        ``args`` and ``kwargs`` go to the class (e.g. ``field=`` of :class:`ValidationError`).
        """
        exc = cls(template.format_map(_Names(values, {})), *args, **kwargs)
        exc._template = (template, values)
        return exc

    def naming(self, names: Mapping[str, str]) -> str:
        """The message with each field it mentions written as ``names`` says (the command line's flags)."""
        if self._template is None:
            return str(self)
        template, values = self._template
        return template.format_map(_Names(values, names))


class _Names(dict[str, Any]):
    """``format_map``'s mapping: the values given, else a field's name (as ``names`` writes it, or itself)."""

    def __init__(self, values: Mapping[str, Any], names: Mapping[str, str]):
        super().__init__(values)
        self.names = names

    def __missing__(self, key: str) -> str:
        return self.names.get(key, key)


class ValidationError(SummitcastError):
    """A value is out of its domain: a prior of 1.5, a negative likelihood ratio, an unknown window id.

    Parameters
    ----------
    message
        What is wrong.
    field
        The library field it concerns (``lr``, ``window``, ``date``, ...), or ``None``. The command line names the
        matching flag (``--lr``) in front of the message; the library never names flags.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class LedgerError(SummitcastError):
    """A question file is invalid.

    Parameters
    ----------
    path
        The file.
    problems
        One entry per problem, each ``(line, key, message)``; ``line`` is 1-based or ``None`` where the problem
        has no line (a missing key), ``key`` a dotted path such as ``evidence[2].lr`` or ``None``.
    """

    def __init__(self, path: Path | str, problems: list[tuple[int | None, str | None, str]]):
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__(self.lines()[0] if self.problems else str(self.path))

    def lines(self) -> list[str]:
        """One human line per problem, each naming the file and the line or key."""
        out = []
        for line, key, message in self.problems:
            where = [str(self.path)]
            if line is not None:
                where.append(f"line {line}")
            if key:
                where.append(key)
            out.append(": ".join([*where, message]))
        return out

    def __str__(self) -> str:
        lines = self.lines()
        if len(lines) <= 1:
            return lines[0] if lines else str(self.path)
        return f"{lines[0]} (and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''})"


class UnknownQuestionError(SummitcastError):
    """No question file with that id in the directory."""


class QuestionExistsError(SummitcastError):
    """``new`` would overwrite an existing question."""


class FitError(SummitcastError):
    """The reliability fit cannot run or its stored draws cannot be read."""


#: Exit status for each error type; the most specific class listed wins. Usage errors (exit 2) are click's.
EXIT_STATUS: dict[type[BaseException], int] = {
    SummitcastError: 1,
    FileNotFoundError: 1,
    PermissionError: 1,
    IsADirectoryError: 1,
    TimeoutError: 1,
}


def exit_status(exc: BaseException) -> int | None:
    """Return the exit status for ``exc``, or ``None`` when it is not a user-facing error.

    Examples
    --------
    >>> exit_status(ValidationError("prior must be in (0, 1)"))
    1
    >>> exit_status(ZeroDivisionError()) is None
    True
    """
    for klass in type(exc).__mro__:
        if klass in EXIT_STATUS:
            return EXIT_STATUS[klass]
    return None
