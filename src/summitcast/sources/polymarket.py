"""Polymarket: the price history of a binary market's Yes token.

The market: ``GET {SUMMITCAST_POLYMARKET_GAMMA_URL}/markets?slug=<slug>`` or ``?condition_ids=<0x...>`` (a list of
markets; ``outcomes`` and ``clobTokenIds`` are JSON-encoded lists, index-aligned). The Yes token's history:
``GET {SUMMITCAST_POLYMARKET_CLOB_URL}/prices-history?market=<token id>&interval=max&fidelity=<minutes>``, which
answers ``{"history": [{"t": unix seconds, "p": price}]}``; the price of Yes is the market's probability.
Shapes as documented in Polymarket's API reference (Gamma markets, CLOB timeseries).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from summitcast.sources import Point, SourceError, base_urls, checked, points

if TYPE_CHECKING:
    from summitcast.sources.http import Client

__all__ = ["FIDELITY_CLOSED_MIN", "FIDELITY_MIN", "fetch", "parse", "yes_token"]

#: Minutes between points of an open market's history.
FIDELITY_MIN = 60
#: Minutes between points of a closed market's history: the CLOB answers an empty history for resolved markets
#: below 12 hours (Polymarket/py-clob-client issue 216).
FIDELITY_CLOSED_MIN = 720

_CONDITION_ID = re.compile(r"^0x[0-9a-fA-F]{64}$")


def _list_field(market: Mapping[str, Any], key: str, what: str) -> list[Any]:
    value = market.get(key)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            value = None
    if not isinstance(value, list):
        raise SourceError(f"{what}: the market has no list of {key}")
    return value


def yes_token(market: Mapping[str, Any], what: str) -> str:
    """The CLOB token id of the market's Yes outcome.

    Parameters
    ----------
    market
        A Gamma market object.
    what
        The market's name in error messages.

    Returns
    -------
    str
        The token id.

    Raises
    ------
    SourceError
        No Yes outcome (not a binary market), or outcomes and token ids that do not line up.

    Examples
    --------
    >>> yes_token({"outcomes": '["Yes", "No"]', "clobTokenIds": '["111", "222"]'}, "m")
    '111'
    """
    outcomes = _list_field(market, "outcomes", what)
    tokens = _list_field(market, "clobTokenIds", what)
    names = [str(o).strip().lower() for o in outcomes]
    if sorted(names) != ["no", "yes"]:
        raise SourceError(
            f"{what}: the outcomes are {outcomes}, not Yes/No: only binary markets can be pulled"
        )
    if len(tokens) != len(outcomes):
        raise SourceError(f"{what}: {len(outcomes)} outcomes but {len(tokens)} clobTokenIds")
    return str(tokens[names.index("yes")])


def _find_market(client: Client, gamma: str, ref: str, what: str) -> dict[str, Any]:
    by_condition = bool(_CONDITION_ID.match(ref))
    key = "condition_ids" if by_condition else "slug"
    # The list's default filter on `closed` has changed over time; ask without it, then for each value.
    for closed in (None, "true", "false"):
        params = {key: ref} if closed is None else {key: ref, "closed": closed}
        found = checked(
            client.get(f"{gamma}/markets", what=what, params=params), what, not_found="no market"
        )
        if not isinstance(found, list):
            raise SourceError(f"{what}: the Gamma answer is not a list of markets")
        for market in found:
            if not isinstance(market, dict):
                continue
            own = str(market.get("conditionId" if by_condition else "slug") or "")
            if own.lower() == ref.lower():
                return market
    kind = "condition id" if by_condition else "slug"
    raise SourceError(f"{what}: no market with this {kind} (the Gamma API at {gamma} has none)")


def fetch(ref: str, client: Client, env: Mapping[str, str]) -> dict[str, Any]:
    """Fetch the market and its Yes token's price history.

    Parameters
    ----------
    ref
        A market slug or a condition id (``0x`` and 64 hex digits).
    client
        The HTTP client.
    env
        The environment (``SUMMITCAST_POLYMARKET_GAMMA_URL``, ``SUMMITCAST_POLYMARKET_CLOB_URL``).

    Returns
    -------
    dict
        ``{"url", "market", "token", "history"}``; ``url`` is the price-history address.

    Raises
    ------
    SourceError
        An empty reference, an unknown market, a market that is not Yes/No, a network failure.
    """
    ref = ref.strip()
    if not ref or "/" in ref or "?" in ref:
        raise SourceError.mentioning(
            "{polymarket} takes a market slug or condition id (got {ref!r})", {"ref": ref}
        )
    urls = base_urls(env)
    what = f"Polymarket market {ref!r}"
    market = _find_market(client, urls["polymarket_gamma"], ref, what)
    token = yes_token(market, what)
    fidelity = FIDELITY_CLOSED_MIN if market.get("closed") is True else FIDELITY_MIN
    params = {"market": token, "interval": "max", "fidelity": fidelity}
    reply = client.get(f"{urls['polymarket_clob']}/prices-history", what=what, params=params)
    history = checked(reply, what, not_found="no price history for its Yes token")
    return {"url": reply.url, "market": market, "token": token, "history": history}


def parse(raw: Mapping[str, Any]) -> list[Point]:
    """The Yes price history of a fetched market.

    Parameters
    ----------
    raw
        What :func:`fetch` returned.

    Returns
    -------
    list of (datetime, float)
        Each ``(t, p)`` of the history, in time order, each time once (the last given wins).

    Raises
    ------
    SourceError
        A market that is not Yes/No, a malformed history, or an empty one.
    """
    market = raw["market"]
    what = f"Polymarket market {market.get('slug') or market.get('conditionId')!r}"
    yes_token(market, what)
    history = raw["history"].get("history") if isinstance(raw["history"], dict) else None
    if not isinstance(history, list):
        raise SourceError(f"{what}: the price-history answer has no 'history' list")
    if not history:
        raise SourceError(f"{what}: the price history of its Yes token is empty")
    pairs: list[tuple[Any, Any]] = [
        (e.get("t"), e.get("p")) if isinstance(e, dict) else (None, None) for e in history
    ]
    return points(pairs, f"{what}: price history")
