"""Simulated resolved ledgers where each source type is right with a known frequency (numpy only).

Used by the recovery and backtest validations (bench/bench_fit.py) and the tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from summitcast.domain.question import STRENGTH_LR, Evidence, Prior, Question, Resolution, Window

__all__ = ["simulate_questions"]


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
