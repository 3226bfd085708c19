"""How numbers and text are written for people, in one place: percentages, changes in points, terminal text.

The command line writes a probability with one decimal (two below 1%), so that small forecasts stay readable; the
report's tables and plots write whole percentages between 10% and 90% and one decimal outside, to keep columns
narrow. Both read "no forecast" as a dash. Text bound for a terminal goes through :func:`terminal_text`, so that no
statement, title or file name can drive the terminal.
"""

from __future__ import annotations

import math
import re

__all__ = ["format_percent", "pct", "percent", "points", "terminal_text"]


def _missing(p: float | None) -> bool:
    return p is None or (isinstance(p, float) and math.isnan(p))


def percent(p: float, spec: str = ".1f", *, scaled: bool = False) -> str:
    """The one way a number is written as a percentage: ``100 * p`` in the format ``spec``, then ``%``.

    ``scaled``: ``p`` is already in percent (an axis's ticks). :func:`pct` and :func:`format_percent` choose the
    decimals for a probability; the other sites give their own ``spec`` (a table's width, a tick's ``g``).

    Examples
    --------
    >>> percent(0.123), percent(0.5, ".0f"), percent(2.5, "g", scaled=True), percent(0.05, "5.1f")
    ('12.3%', '50%', '2.5%', '  5.0%')
    """
    return f"{p if scaled else 100 * p:{spec}}%"


def pct(p: float | None) -> str:
    """A probability for the command line: ``12.3%``; two decimals below 1%; ``-`` for none.

    Examples
    --------
    >>> pct(0.1234), pct(0.0042), pct(None)
    ('12.3%', '0.42%', '-')
    """
    if _missing(p):
        return "-"
    assert p is not None
    return percent(p, ".2f" if 0 < p < 0.01 else ".1f")


def format_percent(p: float | None) -> str:
    """A probability for the report: one decimal below 10% and above 90%, else whole; ``—`` for none.

    Examples
    --------
    >>> format_percent(0.034), format_percent(0.5), format_percent(None)
    ('3.4%', '50%', '—')
    """
    if _missing(p):
        return "—"
    assert p is not None
    v = 100 * p
    return percent(v, ".1f" if v < 10 or v > 90 else ".0f", scaled=True)


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


#: Control characters (Unicode category Cc: C0, DEL, C1) and the bidirectional overrides and isolates, which
#: reorder what a terminal shows around them.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, keep_newlines: bool = True) -> str:
    r"""``text`` with every control character escaped, for a terminal: ESC is shown as ``\x1b``.

    Files and ``--json`` keep text exactly as written; only what is printed for people goes through here.

    Parameters
    ----------
    text
        What is to be printed.
    keep_newlines
        Keep newlines and tabs (the layout of a multi-line text); ``False`` escapes them too (one field of a line).

    Returns
    -------
    str
        The text, with each control character written as ``\xNN`` (``\uNNNN`` above U+00FF).

    Examples
    --------
    >>> print(terminal_text("Kim\x1b]0;pwned\x07 says"))
    Kim\x1b]0;pwned\x07 says
    >>> print(terminal_text("a\nb\u202e", keep_newlines=False))
    a\x0ab\u202e
    """
    if keep_newlines:
        return _CONTROL.sub(lambda m: m.group() if m.group() in "\n\t" else _escape(m), text)
    return _CONTROL.sub(_escape, text)
