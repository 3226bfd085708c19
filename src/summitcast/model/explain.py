"""What a forecast rests on, in words: each route's share of P, and why an item moves nothing on a day.

``show`` names each occasion with its chance (set, learned or default) and the probability that it alone brings
the meeting in (t, by] given none so far; and for each item logged by t that moves nothing, the reason: its
window not yet announced, its occasion called off or over, or a reprint of a stronger item of the same origin.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from summitcast.domain.event import Event
from summitcast.domain.question import Window
from summitcast.model.routes import DEFAULT_CHANCE, chance_nodes, chance_source
from summitcast.numeric import optional_float

__all__ = ["Route", "inactive_items", "routes_on"]


@dataclass(frozen=True)
class Route:
    """One route to the meeting as of a day: the ordinary route (``window`` is ``None``) or an occasion.

    Attributes
    ----------
    window
        The occasion (``None`` for the ordinary route).
    chance
        The occasion's chance (its mean when not set), ``None`` for the ordinary route.
    source
        ``set``, ``learned`` or ``default`` (``""`` for the ordinary route).
    probability
        P(this route alone brings the meeting in (t, by] | none so far); ``None`` where it is no route.
    state
        ``live``, ``over``, ``cancelled`` or ``not announced``.
    note
        A postponement, when a window was announced the day this one was called off.
    """

    window: Window | None
    chance: float | None
    source: str
    probability: float | None
    state: str
    note: str = ""

    def to_json(self) -> dict:
        """The JSON form (``show --json``'s ``routes``)."""
        w = self.window
        return {
            "id": None if w is None else w.id,
            "kind": "ordinary" if w is None else w.kind,
            "chance": self.chance,
            "chance_source": self.source or None,
            "probability": self.probability,
            "state": self.state,
            "note": self.note or None,
        }


def _state(w: Window, day: dt.date, opens: dt.date) -> str:
    if (w.announced or opens) > day:
        return "not announced"
    if w.cancelled is not None and w.cancelled <= day:
        return "cancelled"
    if w.end <= day:
        return "over"
    return "live"


def _postponed_to(event: Event, w: Window) -> Window | None:
    if w.cancelled is None:
        return None
    return next(
        (
            o
            for o in event.windows
            if o.is_occasion and o.id != w.id and (o.announced or event.opens) == w.cancelled
        ),
        None,
    )


def routes_on(
    event: Event,
    day: dt.date,
    shares: Mapping[str, float],
    learned_kinds: Mapping[str, np.ndarray] | None = None,
) -> list[tuple[Route, bool]]:
    """The routes of ``event`` as of ``day``, with whether each is shown (announced by then).

    Parameters
    ----------
    event
        The event.
    day
        The as-of day.
    shares
        Each route's probability alone (``""`` for the ordinary route, else the occasion's id); NaN where none.
    learned_kinds
        Learned chance draws by kind, if a fit exists.

    Returns
    -------
    list of (Route, bool)
        The ordinary route first, then the occasions in file order.
    """

    def value(key: str) -> float | None:
        v = shares.get(key)
        return None if v is None else optional_float(v)

    out = [(Route(None, None, "", value(""), "live"), True)]
    for w in event.windows:
        if not w.is_occasion:
            continue
        q, wq = chance_nodes(w, learned_kinds)
        src = chance_source(w, learned_kinds)
        state = _state(w, day, event.opens)
        note = ""
        later = _postponed_to(event, w)
        if state == "cancelled":
            note = f"called off on {w.cancelled}"
            if later is not None:
                note = f"postponed on {w.cancelled} to '{later.id}' ({later.start} to {later.end})"
        chance = float(q @ wq) if len(q) else DEFAULT_CHANCE[w.kind]
        prob = value(w.id) if state in ("live", "over") else None
        out.append((Route(w, chance, src, prob, state, note), state != "not announced"))
    return out


def inactive_items(
    event: Event, visible: np.ndarray, weight: np.ndarray, day: dt.date
) -> dict[str, str]:
    """Why each item logged by ``day`` moves nothing on it (items that act are left out).

    Parameters
    ----------
    event
        The event.
    visible
        ``(n,)``: logged by the day and its window announced.
    weight
        ``(n,)``: each item's weight on the day (0 where it does not act).
    day
        The as-of day.

    Returns
    -------
    dict
        Item id to a short reason.
    """
    reasons: dict[str, str] = {}
    acting = {e.origin_key: e.id for e, w in zip(event.evidence, weight, strict=True) if w > 0}
    for i, e in enumerate(event.evidence):
        if e.logged > day or weight[i] > 0:
            continue
        w = event.window(e.window) if e.window else None
        if w is not None and not visible[i]:
            reasons[e.id] = f"its window '{w.id}' is announced only on {w.announced}"
        elif w is not None and w.cancelled is not None and w.cancelled <= day:
            reasons[e.id] = f"its occasion '{w.id}' was called off on {w.cancelled}"
        elif e.origin_key in acting:
            reasons[e.id] = (
                f"a reprint: '{acting[e.origin_key]}' counts for origin '{e.origin_key}'"
            )
        else:
            reasons[e.id] = "its effect has decayed to nothing"
    return reasons
