"""The prior as a forecaster thinks of it: a probability, odds, "1 in N", or a base rate of a reference class.

``new --prior`` and ``new-event --prior`` take ``0.12``, ``12%``, odds ``3:1`` (three to one for: 0.75) or ``1/20``
(one in twenty: 0.05). ``--base-rate K/YEARS`` (K meetings in YEARS years of the reference class) turns into the
probability of at least one meeting within the horizon by the time-invariant Laplace rule: with a Gamma posterior on
the rate after K events in T years (the continuous rule of succession),

    P(at least one in t years) = 1 − (T / (T + t))^(K + 1),

which gives 1 − T/(T + t) after no event at all. K and YEARS, and the probability it gives, have the ranges of
:data:`summitcast.domain.limits.LIMITS` (a base rate that gives a prior beyond one in a million either way is refused, as
``--prior`` is, never clamped). The rationale records the arithmetic.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from summitcast.domain.limits import LIMITS, check_limit, limit_problem
from summitcast.errors import ValidationError

__all__ = ["BaseRatePrior", "base_rate_prior", "parse_probability"]

_NUMBER = r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*"


def parse_probability(text: str, field: str = "prior") -> float:
    """Read a probability written as ``0.12``, ``12%``, odds ``3:1`` or ``1/20``.

    Parameters
    ----------
    text
        What the user typed.
    field
        The field named in errors.

    Returns
    -------
    float
        The probability, strictly between 0 and 1.

    Raises
    ------
    ValidationError
        When the text is none of these forms, or the probability is not in (0, 1).

    Examples
    --------
    >>> parse_probability("0.12"), parse_probability("12%"), parse_probability("3:1"), parse_probability("1/20")
    (0.12, 0.12, 0.75, 0.05)
    """
    s = str(text).strip()
    forms = "a probability (0.12), a percentage (12%), odds for:against (1:7) or 1 in N (1/20)"
    value: float | None = None
    if m := re.fullmatch(_NUMBER + "%", s):
        value = float(m.group(1)) / 100
    elif m := re.fullmatch(_NUMBER + ":" + _NUMBER, s):
        a, b = float(m.group(1)), float(m.group(2))
        value = a / (a + b) if a + b > 0 else math.nan
    elif m := re.fullmatch(_NUMBER + "/" + _NUMBER, s):
        a, b = float(m.group(1)), float(m.group(2))
        value = a / b if b > 0 else math.nan
    elif m := re.fullmatch(r"\s*[-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?\s*", s):
        value = float(s)
    if value is None:
        raise ValidationError(f"expected {forms} (got {text!r})", field=field)
    if not (math.isfinite(value) and 0 < value < 1):
        raise ValidationError(
            f"must be between 0 and 1, exclusive (got {text!r} = {value:g})", field=field
        )
    value = round(value, 12)
    check_limit("probability", value, field=field)
    return value


@dataclass(frozen=True)
class BaseRatePrior:
    """A prior from a base rate: the probability and the rationale that shows its arithmetic."""

    probability: float
    rationale: str


def base_rate_prior(text: str, opens: dt.date, until: dt.date) -> BaseRatePrior:
    """``K/YEARS`` of a reference class turned into P(at least one meeting in ``opens..until``).

    Examples
    --------
    Three meetings in eight years, over one year:

    >>> b = base_rate_prior("3/8", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    >>> round(b.probability, 4)
    0.3755
    """
    m = re.fullmatch(_NUMBER + "/" + _NUMBER, str(text))
    if not m:
        raise ValidationError(
            f"expected K/YEARS: K meetings in YEARS years of the reference class (got {text!r})",
            field="base_rate",
        )
    k, years = float(m.group(1)), float(m.group(2))
    if years <= 0 or k != int(k):
        raise ValidationError(
            f"K must be a whole number and YEARS > 0 (got {text!r})", field="base_rate"
        )
    for name, what, value in (("base_rate_count", "K", k), ("base_rate_years", "YEARS", years)):
        if msg := limit_problem(name, value):
            raise ValidationError(f"{what} {msg}", field="base_rate")
    t = ((until - opens).days + 1) / 365.25
    p = 1 - (years / (years + t)) ** (k + 1)
    if limit_problem("probability", p):
        lim = LIMITS["probability"]
        raise ValidationError(
            f"{text} over a horizon of {t:.3g} years gives P = {p:.6g}, outside [{lim.low:g}, "
            f"{lim.high:g}]: no reference class supports a prior that certain",
            field="base_rate",
        )
    rationale = (
        f"base rate {int(k)} meetings in {years:g} years of the reference class; horizon {t:.3g} years; "
        f"time-invariant Laplace rule: P(at least one) = 1 - ({years:g}/({years:g} + {t:.3g}))^({int(k)} + 1) "
        f"= {p:.4f}"
    )
    return BaseRatePrior(p, rationale)
