"""Routes to a meeting: the ordinary route and one per occasion, each with its own chance (CONTRACT section 2).

An **occasion** is a window of kind ``bilateral``, ``visit``, ``summit`` or ``nearby``: a route of its own with a
chance ``q_W`` that the two meet during it, spread evenly over its days. Its chance is the window's ``chance`` when
set (taken as exact), else its kind's learned chance (posterior draws of ``summitcast fit``), else its kind's
default, held as ``Beta(q₀·k, (1 − q₀)·k)`` with ``k`` = :data:`CHANCE_PRIOR_WEIGHT` (the prior the fit starts
from). docs/encoding.md gives the reasons for each default; docs/model.md the survival algebra.

This module holds the rules about occasions that the forecast and the fit share: which occasions are routes on a
day, the share of an occasion's days elapsed, the quadrature nodes of a chance, and the prior of an event whose
``[prior]`` names the ``floated`` rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache

import numpy as np

from summitcast.domain.event import Event
from summitcast.domain.question import (
    DAYS_PER_YEAR,
    DEFAULT_FLOATED_RATE,
    OCCASION_KINDS,
    Prior,
    Window,
)
from summitcast.model.quadrature import beta_nodes, unique

__all__ = [
    "CHANCE_NODES",
    "CHANCE_PRIOR_WEIGHT",
    "DEFAULT_CHANCE",
    "MAX_CHANCE_DRAWS",
    "RATE_PRIOR_SD",
    "chance_nodes",
    "chance_source",
    "horizon_years",
    "occasion_elapsed",
    "occasions_live",
    "prior_shape",
]

#: The default chance that two leaders meet during an occasion of each kind, before any fit (docs/encoding.md
#: section 4 gives the reasoning and the reference class behind each).
DEFAULT_CHANCE: dict[str, float] = {
    "bilateral": 0.9,
    "visit": 0.8,
    "summit": 0.5,
    "nearby": 0.15,
}
#: Pseudo-count of the Beta a default chance is held as (and the prior of the fit's learned chance).
CHANCE_PRIOR_WEIGHT = 6.0
#: Gauss-Jacobi nodes over a default chance's Beta.
CHANCE_NODES = 16
#: At most this many posterior draws of a learned chance enter one forecast (evenly thinned).
MAX_CHANCE_DRAWS = 64
#: Prior sd of ln(rate) of the ``floated`` rule in the fit (docs/learning.md).
RATE_PRIOR_SD = 0.75

assert set(DEFAULT_CHANCE) == set(OCCASION_KINDS)


def horizon_years(event: Event) -> float:
    """The event's horizon in years (both ends included), the ``Y`` of the ``floated`` rule.

    Examples
    --------
    >>> from summitcast.domain.question import Prior
    >>> e = Event("e", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), Prior(0.5))
    >>> round(horizon_years(e), 4)
    0.9993
    """
    return event.n_days / DAYS_PER_YEAR


def prior_shape(
    prior: Prior, years: float, rate_draws: np.ndarray | None = None
) -> tuple[float, float]:
    """The Beta ``(a, b)`` of the prior probability p, learned rate included.

    A prior without a rule, or without learned rate draws, is ``Beta(p·w, (1 − p)·w)`` as written. A prior
    naming the ``floated`` rule with learned draws of the rate λ is the mixture over λ of
    ``Beta(p(λ)·w, (1 − p(λ))·w)``, ``p(λ) = 1 − e^(−λY)``, replaced by the Beta of the same mean and variance.

    Parameters
    ----------
    prior
        The event's prior.
    years
        The horizon in years.
    rate_draws
        Posterior draws of the rate (per year), or ``None``.

    Returns
    -------
    (float, float)
        The Beta's shape parameters.

    Examples
    --------
    >>> prior_shape(Prior(0.25, 8.0), 1.0)
    (2.0, 6.0)
    >>> a, b = prior_shape(Prior(0.5, 10.0, rule="floated"), 1.0, np.full(4, np.log(2)))
    >>> round(a / (a + b), 6), round(a + b, 6)
    (0.5, 10.0)
    """
    if prior.rule is None or rate_draws is None or len(rate_draws) == 0:
        return prior.alpha, prior.beta
    w = prior.weight
    p = -np.expm1(-np.asarray(rate_draws, dtype=float) * years)
    p = np.clip(p, 1e-9, 1 - 1e-9)
    mean = float(p.mean())
    var = float((p * (1 - p) / (w + 1)).mean() + p.var())
    var = min(var, mean * (1 - mean) * (1 - 1e-9))
    total = mean * (1 - mean) / var - 1.0
    return mean * total, (1 - mean) * total


def default_rate() -> float:
    """The ``floated`` rule's rate per year without a fit (ln 2: a floated meeting even odds within a year)."""
    return DEFAULT_FLOATED_RATE


def chance_source(window: Window, learned_kinds: Mapping[str, np.ndarray] | None) -> str:
    """Where an occasion's chance comes from: ``set``, ``learned`` or ``default``.

    Examples
    --------
    >>> w = Window("w", "W", dt.date(2025, 1, 1), dt.date(2025, 1, 2), kind="summit")
    >>> chance_source(w, None), chance_source(w, {"summit": np.array([0.4])})
    ('default', 'learned')
    """
    if window.chance is not None:
        return "set"
    if learned_kinds and window.kind in learned_kinds and len(learned_kinds[window.kind]):
        return "learned"
    return "default"


def chance_nodes(
    window: Window, learned_kinds: Mapping[str, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights of an occasion's chance ``q_W``: one node when set, else its kind's draws or Beta.

    Parameters
    ----------
    window
        An occasion.
    learned_kinds
        Learned chance draws by kind, if a fit exists.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        The chances and their weights (summing to 1).

    Examples
    --------
    >>> w = Window("w", "W", dt.date(2025, 1, 1), dt.date(2025, 1, 2), kind="summit")
    >>> q, wq = chance_nodes(w)
    >>> round(float(q @ wq), 12)  # the default's mean
    0.5
    """
    source = chance_source(window, learned_kinds)
    if source == "set":
        return np.array([float(window.chance)]), np.ones(1)  # type: ignore[arg-type]
    if source == "learned":
        assert learned_kinds is not None
        return _thinned(tuple(np.asarray(learned_kinds[window.kind], dtype=float).tolist()))
    return _default_nodes(window.kind)


@lru_cache(maxsize=8)
def _default_nodes(kind: str) -> tuple[np.ndarray, np.ndarray]:
    q0 = DEFAULT_CHANCE[kind]
    return beta_nodes(q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT, CHANCE_NODES)


@lru_cache(maxsize=16)
def _thinned(draws: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(draws)
    take = unique(np.linspace(0, len(x) - 1, min(len(x), MAX_CHANCE_DRAWS)).astype(int))
    q = np.clip(x[take], 0.0, 1 - 1e-12)
    return q, np.full(len(q), 1.0 / len(q))


def chance_draws(
    window: Window,
    learned_kinds: Mapping[str, np.ndarray] | None,
    rng: np.random.Generator,
    n: int,
) -> np.ndarray:
    """``n`` draws of an occasion's chance for the interval (seeded by the caller).

    Examples
    --------
    >>> w = Window("w", "W", dt.date(2025, 1, 1), dt.date(2025, 1, 2), kind="bilateral", chance=0.7)
    >>> chance_draws(w, None, np.random.default_rng(0), 3).tolist()
    [0.7, 0.7, 0.7]
    """
    source = chance_source(window, learned_kinds)
    if source == "set":
        return np.full(n, float(window.chance))  # type: ignore[arg-type]
    if source == "learned":
        assert learned_kinds is not None
        draws = np.asarray(learned_kinds[window.kind], dtype=float)
        return np.clip(draws[rng.integers(0, len(draws), size=n)], 0.0, 1 - 1e-12)
    q0 = DEFAULT_CHANCE[window.kind]
    return np.clip(
        rng.beta(q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT, size=n), 0.0, 1 - 1e-12
    )


def occasions_live(event: Event, day: dt.date | np.datetime64) -> list[int]:
    """Indices of the event's occasions that are routes as of the end of ``day``: announced, not cancelled.

    An occasion already over is still listed (its route is spent: :func:`occasion_elapsed` is 1).

    Examples
    --------
    >>> w = Window("w", "W", dt.date(2025, 3, 1), dt.date(2025, 3, 2), announced=dt.date(2025, 2, 1),
    ...            kind="visit", cancelled=dt.date(2025, 2, 20))
    >>> e = Event("e", "t", "c", dt.date(2025, 1, 1), dt.date(2025, 12, 31), Prior(0.2), windows=(w,))
    >>> [occasions_live(e, dt.date(2025, m, 10)) for m in (1, 2, 3)]
    [[], [0], []]
    """
    d = np.datetime64(day, "D")  # type: ignore[call-overload]  # numpy's stubs omit (datetime64, unit)
    out = []
    for k, w in enumerate(event.windows):
        if not w.is_occasion:
            continue
        if np.datetime64(w.announced or event.opens, "D") > d:
            continue
        if w.cancelled is not None and np.datetime64(w.cancelled, "D") <= d:
            continue
        out.append(k)
    return out


def occasion_elapsed(window: Window, days: np.ndarray) -> np.ndarray:
    """``G_W(x)``: the share of the occasion's days up to the end of each day (0 before it, 1 after it).

    Examples
    --------
    >>> w = Window("w", "W", dt.date(2025, 3, 1), dt.date(2025, 3, 4), kind="summit")
    >>> d = np.array(["2025-02-28", "2025-03-01", "2025-03-04", "2025-04-01"], dtype="datetime64[D]")
    >>> occasion_elapsed(w, d).tolist()
    [0.0, 0.25, 1.0, 1.0]
    """
    x = np.asarray(days, dtype="datetime64[D]")
    done = (x - np.datetime64(window.start, "D")).astype(np.int64) + 1
    return np.clip(done / window.n_days, 0.0, 1.0)
