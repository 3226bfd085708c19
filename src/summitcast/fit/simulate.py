"""Simulated resolved ledgers: source types right with a known frequency, or events drawn from the v3
model with known chances per occasion kind and a known floated rate (numpy only).

Used by the recovery and backtest validations (bench/bench_fit.py) and the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from summitcast.domain.question import STRENGTH_LR, Evidence, Prior, Question, Resolution, Window

__all__ = ["SIMULATED_CHANCE", "SIMULATED_RATE", "simulate_events", "simulate_questions"]


def _items(
    rng: np.random.Generator,
    n_items: int,
    opens: dt.date,
    yes: bool,
    on_trip: bool,
    acc: dict[str, float],
    sources_per_type: int,
    reprint_share: float,
    window_share: float,
) -> list[Evidence]:
    """One simulated question's items (see :func:`simulate_questions`)."""
    types = list(acc)
    levels = list(STRENGTH_LR)
    items: list[Evidence] = []
    for j in range(n_items):
        day = opens + dt.timedelta(days=int(rng.integers(0, 60)))
        if items and rng.random() < reprint_share:
            orig = items[int(rng.integers(0, len(items)))]
            items.append(
                dataclasses.replace(
                    orig,
                    id=f"e{j}",
                    source=f"media-{int(rng.integers(sources_per_type))}",
                    source_type="media",
                    origin=orig.origin_key,
                    date=max(day, orig.date),
                    logged=max(day, orig.date),
                )
            )
            continue
        t = types[int(rng.integers(len(types)))]
        right = bool(rng.random() < acc[t])
        about_trip = window_share > 0 and day >= opens + dt.timedelta(days=20)
        about_trip = about_trip and bool(rng.random() < window_share)
        direction = "for" if right == (on_trip if about_trip else yes) else "against"
        items.append(
            Evidence(
                id=f"e{j}",
                date=day,
                source=f"{t}-{int(rng.integers(sources_per_type))}",
                says="simulated",
                logged=day,
                source_type=t,
                strength=levels[int(rng.integers(len(levels)))],
                direction=direction,
                window="trip" if about_trip else None,
            )
        )
    return items


def simulate_questions(
    n_questions: int,
    n_items: int,
    *,
    accuracy: dict[str, float] | None = None,
    sources_per_type: int = 4,
    reprint_share: float = 0.1,
    seed: int = 0,
    start: dt.date = dt.date(2020, 1, 1),
    window_share: float = 0.0,
) -> list[Question]:
    """Simulated resolved questions where each source type is right with a known frequency.

    Each question has a prior probability p₀ ~ U(0.1, 0.6) (weight 20) and an outcome ~
    Bernoulli(p₀), so the stated prior is calibrated. Each item comes from a random source of a
    random type (among those in ``accuracy``); it points towards the true outcome with probability
    ``accuracy[type]`` and has a random strength level. A share ``reprint_share`` of items are
    reprints (same origin, media source) of an earlier item. Questions open every 10 days from
    ``start``, span 120 days, their evidence is logged in the first 60 days and they resolve on the
    deadline (``no``) or on a day after day 60 (``yes``).

    With ``window_share > 0`` each question also has a trip (days 80 to 82 of its span, hazard 20,
    announced on day 20): a meeting, when there is one, falls on it half of the time, and that share
    of the items is about the trip (``window = "trip"``), pointing towards it with the type's
    accuracy when the meeting is on the trip, away from it otherwise.

    Parameters
    ----------
    n_questions, n_items
        Sizes.
    accuracy
        Probability that an item of each type points the right way (default: analyst 0.85, media
        0.5).
    sources_per_type
        Distinct sources of each type.
    reprint_share
        Share of items that reprint an earlier item of the same question.
    seed
        Random seed.
    start
        Opening day of the first question.
    window_share
        Share of items scoped to the trip (0: no trip).

    Returns
    -------
    list of Question
        Resolved questions, in order of opening.
    """
    rng = np.random.default_rng(seed)
    acc = accuracy or {"analyst": 0.85, "media": 0.5}
    out = []
    for k in range(n_questions):
        opens = start + dt.timedelta(days=10 * k)
        deadline = opens + dt.timedelta(days=119)
        p0 = float(rng.uniform(0.1, 0.6))
        yes = bool(rng.random() < p0)
        on_trip = window_share > 0 and yes and bool(rng.random() < 0.5)
        items = _items(
            rng, n_items, opens, yes, on_trip, acc, sources_per_type, reprint_share, window_share
        )
        res_day = opens + dt.timedelta(days=int(rng.integers(61, 120))) if yes else deadline
        if on_trip:
            res_day = opens + dt.timedelta(days=int(rng.integers(80, 83)))
        trip = Window(
            "trip",
            "Trip",
            opens + dt.timedelta(days=80),
            opens + dt.timedelta(days=82),
            20.0,
            opens + dt.timedelta(days=20),
        )
        out.append(
            Question(
                id=f"sim-{k:04d}",
                title=f"simulated question {k}",
                resolution_criteria="simulated",
                opens=opens,
                deadline=deadline,
                prior=Prior(p0, 20.0),
                windows=(trip,) if window_share > 0 else (),
                evidence=tuple(items),
                resolution=Resolution("yes" if yes else "no", res_day),
            )
        )
    return out


#: The true chances :func:`simulate_events` draws occasions' meetings from, unless told otherwise.
SIMULATED_CHANCE = {"bilateral": 0.8, "visit": 0.6, "summit": 0.35, "nearby": 0.1}
#: The true rate of the floated rule (per year) of :func:`simulate_events`, unless told otherwise.
SIMULATED_RATE = 0.4


def simulate_events(
    n_events: int,
    *,
    chances: dict[str, float] | None = None,
    rate: float = SIMULATED_RATE,
    seed: int = 0,
    weight: float = 10.0,
    n_items: int = 0,
    set_share: float = 0.1,
    start: dt.date = dt.date(2015, 1, 1),
) -> list[Question]:
    """Resolved events drawn from the v3 model with known chances per kind and a known rate.

    Each event (a self-contained question) has a horizon of 60 to 400 days, a prior naming the
    ``floated`` rule with weight ``weight`` (its ordinary route's p drawn from
    ``Beta(p(λ)·w, (1 − p(λ))·w)``, ``p(λ) = 1 − e^(−λY)``, the model's own prior given the rate),
    and 0 to 3 occasions announced on its first day, each of a random kind, 1 to 4 days long at a
    random place in the horizon; a share ``set_share`` of them have a ``chance`` of their own
    (drawn from U(0.1, 0.9)), the others meet with their kind's chance. The meeting is the earliest
    of the routes' (the ordinary route's day uniform over the horizon, an occasion's over its
    days); the event resolves ``yes`` on it, or ``no`` after the horizon. So the fit's likelihood
    is exactly the generative model, and its posterior should cover the true chances and rate.

    With ``n_items > 0`` each event also gets that many items that carry no information (random
    direction and strength, a third of them scoped to an occasion): for tests of the likelihood's
    statement, not for recovery.

    Parameters
    ----------
    n_events
        How many events.
    chances
        The true chance of each kind (default :data:`SIMULATED_CHANCE`).
    rate
        The true rate per year.
    seed
        Random seed.
    weight
        The priors' weight.
    n_items
        Uninformative items per event.
    set_share
        Share of occasions with a ``chance`` of their own.
    start
        Opening day of the first event (the others open every 15 days).

    Returns
    -------
    list of Question
        Resolved self-contained questions.
    """
    from summitcast.domain.question import DAYS_PER_YEAR, OCCASION_KINDS, floated_probability

    rng = np.random.default_rng(seed)
    truth = chances or SIMULATED_CHANCE
    kinds = list(OCCASION_KINDS)
    levels = list(STRENGTH_LR)
    out = []
    for k in range(n_events):
        opens = start + dt.timedelta(days=15 * k)
        n_days = int(rng.integers(60, 401))
        until = opens + dt.timedelta(days=n_days - 1)
        years = n_days / DAYS_PER_YEAR
        p_rule = -np.expm1(-rate * years)
        p = float(rng.beta(p_rule * weight, (1 - p_rule) * weight))
        days = []
        if rng.random() < p:
            days.append(opens + dt.timedelta(days=int(rng.integers(0, n_days))))
        windows = []
        for j in range(int(rng.integers(0, 4))):
            kind = kinds[int(rng.integers(len(kinds)))]
            length = int(rng.integers(1, 5))
            first = opens + dt.timedelta(days=int(rng.integers(0, n_days - length + 1)))
            own = float(rng.uniform(0.1, 0.9)) if rng.random() < set_share else None
            q = truth[kind] if own is None else own
            if rng.random() < q:
                days.append(first + dt.timedelta(days=int(rng.integers(0, length))))
            windows.append(
                Window(
                    f"w{j}",
                    f"{kind} {j}",
                    first,
                    first + dt.timedelta(days=length - 1),
                    announced=opens,
                    kind=kind,
                    chance=None if own is None else round(own, 6),
                )
            )
        items = []
        for i in range(n_items):
            day = opens + dt.timedelta(days=int(rng.integers(0, min(n_days, 40))))
            scoped = windows and rng.random() < 1 / 3
            items.append(
                Evidence(
                    id=f"e{i}",
                    date=day,
                    source=f"source-{int(rng.integers(4))}",
                    says="simulated",
                    logged=day,
                    source_type=("principal", "media", "analyst")[int(rng.integers(3))],
                    strength=levels[int(rng.integers(len(levels)))],
                    direction=("for", "against")[int(rng.integers(2))],
                    window=windows[int(rng.integers(len(windows)))].id if scoped else None,
                )
            )
        met = min(days) if days else None
        resolution = (
            Resolution("yes", met) if met else Resolution("no", until + dt.timedelta(days=1))
        )
        out.append(
            Question(
                id=f"event-{k:04d}",
                title=f"simulated event {k}",
                resolution_criteria="simulated",
                opens=opens,
                deadline=until,
                prior=Prior(floated_probability(years), weight, "simulated", rule="floated"),
                windows=tuple(windows),
                evidence=tuple(items),
                resolution=resolution,
            )
        )
    return out
