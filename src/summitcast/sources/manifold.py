"""Manifold: a binary market's probability history, rebuilt from its bets.

The market: ``GET {SUMMITCAST_MANIFOLD_URL}/v0/market/<id>`` or ``/v0/slug/<slug>`` (a ``FullMarket``). Its bets:
``GET /v0/bets?contractId=<id>&limit=1000``, newest first, then ``&before=<id of the oldest bet so far>`` until a page
holds fewer than ``limit`` bets. The series starts at the market's ``createdTime`` with the first bet's
``probBefore`` (the opening probability; the market's ``probability`` when it has no bets) and moves to each bet's
``probAfter`` at its ``createdTime`` (milliseconds). Redemptions (``isRedemption``) are left out: they are payouts,
not trades. Shapes as documented in Manifold's API reference (docs/docs/api.md of manifoldmarkets/manifold).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from summitcast.sources import Point, SourceError, base_urls, checked, points

if TYPE_CHECKING:
    from summitcast.sources.http import Client

__all__ = ["BETS_PAGE", "MAX_PAGES", "fetch", "parse"]

#: Bets asked for per request (the API's maximum).
BETS_PAGE = 1000
#: At most this many pages are read (a million bets) before giving up.
MAX_PAGES = 1000


def _looks_like_slug(ref: str) -> bool:
    return "-" in ref


def fetch(ref: str, client: Client, env: Mapping[str, str]) -> dict[str, Any]:
    """Fetch the market and all its bets.

    Parameters
    ----------
    ref
        A market id (``NcISOAqL6n``) or slug (``will-trump-and-kim-meet-in-2025``); a slug is recognised by its
        hyphens, and an id that is not found is tried as a slug.
    client
        The HTTP client.
    env
        The environment (``SUMMITCAST_MANIFOLD_URL``).

    Returns
    -------
    dict
        ``{"url", "market", "bets"}``; ``bets`` in the API's order (newest first).

    Raises
    ------
    SourceError
        An empty reference, an unknown market, a market that is not binary, a network failure.
    """
    ref = ref.strip()
    if not ref or "/" in ref or "?" in ref:
        raise SourceError.mentioning(
            "{manifold} takes a market id or slug (got {ref!r})", {"ref": ref}
        )
    base = base_urls(env)["manifold"]
    what = f"Manifold market {ref!r}"
    tried = ["slug"] if _looks_like_slug(ref) else ["market", "slug"]
    market: Any = None
    url = ""
    for kind in tried:
        url = f"{base}/v0/{kind}/{quote(ref, safe='')}"
        reply = client.get(url, what=what)
        if reply.status == 404 and kind != tried[-1]:
            continue
        market = checked(reply, what, not_found="no market with this id or slug")
        break
    if not isinstance(market, dict) or not isinstance(market.get("id"), str):
        raise SourceError(f"{what}: the answer from {url} is not a market (no 'id')")
    _check_binary(market, what)
    return {"url": url, "market": market, "bets": _all_bets(client, base, market["id"], what)}


def _all_bets(client: Client, base: str, contract_id: str, what: str) -> list[Any]:
    bets: list[Any] = []
    before: str | None = None
    for _ in range(MAX_PAGES):
        params: dict[str, Any] = {"contractId": contract_id, "limit": BETS_PAGE}
        if before is not None:
            params["before"] = before
        page = checked(
            client.get(f"{base}/v0/bets", what=f"{what}: bets", params=params),
            what,
            not_found="no bets",
        )
        if not isinstance(page, list):
            raise SourceError(f"{what}: the bets answer is not a list")
        bets.extend(page)
        if len(page) < BETS_PAGE:
            return bets
        last = page[-1].get("id") if isinstance(page[-1], dict) else None
        if not isinstance(last, str) or last == before:
            raise SourceError(
                f"{what}: cannot page through the bets (bet without an id, or a repeated page)"
            )
        before = last
    raise SourceError(f"{what}: more than {MAX_PAGES * BETS_PAGE} bets; not pulled")


def _check_binary(market: Mapping[str, Any], what: str) -> None:
    kind = market.get("outcomeType")
    if kind != "BINARY":
        raise SourceError(
            f"{what}: the market is {kind!r}, not BINARY: only binary (yes/no) markets can be pulled"
        )


def parse(raw: Mapping[str, Any]) -> list[Point]:
    """The probability history of a fetched market.

    Parameters
    ----------
    raw
        What :func:`fetch` returned.

    Returns
    -------
    list of (datetime, float)
        The opening point and each bet's ``probAfter``, in time order; of bets in the same millisecond the most
        recent (the first in the API's newest-first order) wins.

    Raises
    ------
    SourceError
        A market that is not binary, a bet without a time or probability, or no probability at all.
    """
    market = raw["market"]
    what = f"Manifold market {market.get('id')!r}"
    _check_binary(market, what)
    bets = [b for b in reversed(raw["bets"]) if isinstance(b, dict) and not b.get("isRedemption")]
    created = market.get("createdTime")
    opening = bets[0].get("probBefore") if bets else market.get("probability")
    pairs: list[tuple[Any, Any]] = []
    if created is not None and opening is not None:
        pairs.append((_seconds(created, what), opening))
    pairs += [(_seconds(b.get("createdTime"), what), b.get("probAfter")) for b in bets]
    if not pairs:
        raise SourceError(f"{what}: no probability to record (no bets and no current probability)")
    return points(pairs, f"{what}: bets")


def _seconds(ms: Any, what: str) -> float:
    if not isinstance(ms, (int, float)) or isinstance(ms, bool):
        raise SourceError(f"{what}: a bet's createdTime is not a number ({ms!r})")
    return ms / 1000.0
