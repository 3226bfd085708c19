"""How numbers are written for people, in one place: percentages and changes in points.

The command line writes a probability with one decimal (two below 1%), so that small forecasts stay readable; the
report's tables and plots write whole percentages between 10% and 90% and one decimal outside, to keep columns
narrow. Both read "no forecast" as a dash.
"""

from __future__ import annotations

import math

__all__ = ["format_percent", "pct", "points"]


def _missing(p: float | None) -> bool:
    return p is None or (isinstance(p, float) and math.isnan(p))


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
    if 0 < p < 0.01:
        return f"{100 * p:.2f}%"
    return f"{100 * p:.1f}%"


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
    if v < 10 or v > 90:
        return f"{v:.1f}%"
    return f"{v:.0f}%"


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
