"""The one range rule of every number in the ledger, for files and the command line alike.

Each number a user can write (in a file or as a flag) has two rules: its **domain**, from the contract (a likelihood
ratio is > 0, a reliability lies in [0, 1]), and its **sane range**, which summitcast adds so that no value makes the
arithmetic overflow or underflow or says something no evidence can say (a likelihood ratio of 1e308). Both are
checked before anything is written, by :func:`limit_problem` (files: :mod:`summitcast.store.ledger`, so ``check`` flags a
hand-edited file too) and :func:`check_limit` (the command line). docs/format.md gives each range and its reason.

Examples
--------
>>> limit_problem("lr", 2.0) is None
True
>>> limit_problem("lr", -1.0)
'must be > 0 (got -1.0)'
>>> limit_problem("lr", 1e308)
'must be in [0.0001, 10000] (got 1e+308)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from summitcast.errors import ValidationError

__all__ = ["LIMITS", "Limit", "check_limit", "limit_problem"]


@dataclass(frozen=True)
class Limit:
    """A number's domain (the contract's rule) and its sane range ``[low, high]`` (summitcast's).

    Attributes
    ----------
    low, high
        The sane range, both ends included.
    rule
        The contract's domain: ``">0"``, ``">=0"``, ``"(0,1)"``, ``"[0,1]"`` or ``"[0,1)"``. A value outside it gets the
        domain's message (``must be > 0``); one inside it but outside ``[low, high]`` gets the range's.
    """

    low: float
    high: float
    rule: str

    def problem(self, value: float) -> str | None:
        """The message for ``value``, or ``None`` when it is within the range."""
        if not math.isfinite(value):
            return f"must be a finite number (got {value})"
        domain = {
            ">0": ("must be > 0", value > 0),
            ">=0": ("must be >= 0", value >= 0),
            "(0,1)": ("must be in (0, 1)", 0 < value < 1),
            "[0,1]": ("must be between 0 and 1", 0 <= value <= 1),
            "[0,1)": ("must be in [0, 1)", 0 <= value < 1),
        }
        msg, ok = domain[self.rule]
        if not ok:
            return f"{msg} (got {value})"
        if not self.low <= value <= self.high:
            return f"must be in [{self.low:g}, {self.high:g}] (got {value})"
        return None


#: Every bounded number, by field name (the name files and the library use). The reasons are in docs/format.md.
LIMITS: dict[str, Limit] = {
    # an item's explicit likelihood ratio: a log-odds shift of at most 9.2 either way (very-strong is 30)
    "lr": Limit(1e-4, 1e4, ">0"),
    # the prior's pseudo-count: below 0.001 the prior is all at 0 and 1; above 1e4 no evidence can move it
    "weight": Limit(1e-3, 1e4, ">0"),
    # a window's hazard: how many times as likely a meeting is on each of its days as on an ordinary day
    "hazard": Limit(0.0, 1e4, ">=0"),
    # an occasion's chance (the contract's own range, CONTRACT section 1)
    "chance": Limit(0.0, 1.0, "[0,1)"),
    # an item's reliability (the contract's own range)
    "reliability": Limit(0.0, 1.0, "[0,1]"),
    # an item's half-life: at least one day (forecasts are by whole days), at most a century
    "half_life_days": Limit(1.0, 36500.0, ">0"),
    # the prior probability: one in a million either way (base_rate_prior's old clamp, now a refusal)
    "probability": Limit(1e-6, 1 - 1e-6, "(0,1)"),
    # --base-rate K/YEARS: K meetings (a whole number) in YEARS years of the reference class
    "base_rate_count": Limit(0.0, 1000.0, ">=0"),
    "base_rate_years": Limit(0.1, 1000.0, ">0"),
}


def limit_problem(name: str, value: float) -> str | None:
    """What is wrong with ``value`` as field ``name`` (see :data:`LIMITS`), or ``None`` when it is fine.

    Parameters
    ----------
    name
        A key of :data:`LIMITS` (``lr``, ``weight``, ``hazard``, ...).
    value
        The number.

    Returns
    -------
    str or None
        The message (``must be > 0 (got -1.0)``, ``must be in [0.0001, 10000] (got 1e+308)``), or ``None``.
    """
    return LIMITS[name].problem(value)


def check_limit(name: str, value: float | None, *, field: str | None = None) -> None:
    """Refuse ``value`` outside the range of ``name`` (``None``: not given, nothing to check).

    Parameters
    ----------
    name
        A key of :data:`LIMITS`.
    value
        The number, or ``None``.
    field
        The field named in the error (default ``name``); the command line turns it into a flag.

    Raises
    ------
    ValidationError
        Naming the field.

    Examples
    --------
    >>> check_limit("hazard", 90.0)
    >>> try:
    ...     check_limit("hazard", 1e308)
    ... except ValidationError as e:
    ...     print(e.field, e)
    hazard must be in [0, 10000] (got 1e+308)
    """
    if value is None:
        return
    msg = limit_problem(name, value)
    if msg is not None:
        raise ValidationError(msg, field=field or name)
