"""Metaculus: the recency-weighted community prediction of a binary question, from its post.

``GET {SUMMITCAST_METACULUS_URL}/api/posts/<post id>/`` with ``Authorization: Token $METACULUS_TOKEN``; the series is
``question.aggregations.recency_weighted.history``, read by the same parser as ``compare --community POST.json``
(:func:`summitcast.scoring.community_json.community_from_json`): each step's ``centers[0]`` from its ``start_time``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from summitcast.sources import Point, SourceError, base_urls, checked, points

if TYPE_CHECKING:
    from summitcast.sources.http import Client

__all__ = ["TOKEN_ENV", "fetch", "parse", "post_id"]

#: The environment variable holding the Metaculus API token.
TOKEN_ENV = "METACULUS_TOKEN"


def post_id(ref: str) -> int:
    """The post id in ``ref`` (a positive whole number).

    Parameters
    ----------
    ref
        What the user gave to ``--metaculus``.

    Returns
    -------
    int
        The post id.

    Raises
    ------
    SourceError
        When ``ref`` is not a positive whole number.

    Examples
    --------
    >>> post_id(" 34277 ")
    34277
    """
    text = ref.strip()
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise SourceError.mentioning(
            "{metaculus} takes a post id, a positive whole number such as 34277 (got {ref!r})",
            {"ref": ref},
        )
    return int(text)


def fetch(ref: str, client: Client, env: Mapping[str, str]) -> dict[str, Any]:
    """Fetch the post JSON.

    Parameters
    ----------
    ref
        The post id.
    client
        The HTTP client.
    env
        The environment: ``METACULUS_TOKEN`` and ``SUMMITCAST_METACULUS_URL``.

    Returns
    -------
    dict
        ``{"url", "post_id", "post"}``.

    Raises
    ------
    SourceError
        No token, a bad post id, an unknown post (404), a refused token, a network failure.
    """
    pid = post_id(ref)
    token = (env.get(TOKEN_ENV) or "").strip()
    if not token:
        raise SourceError(
            f"Metaculus needs an API token: set {TOKEN_ENV} to the token of your Metaculus account"
        )
    url = f"{base_urls(env)['metaculus']}/api/posts/{pid}/"
    what = f"Metaculus post {pid}"
    reply = client.get(url, what=what, headers={"Authorization": f"Token {token}"})
    if reply.status in (401, 403):
        raise SourceError(
            f"{what}: Metaculus refused the token in {TOKEN_ENV} (HTTP {reply.status})"
        )
    post = checked(reply, what, not_found="no such post")
    return {"url": url, "post_id": pid, "post": post}


def parse(raw: Mapping[str, Any], now: dt.datetime | None = None) -> list[Point]:
    """The community series of a fetched post.

    Parameters
    ----------
    raw
        What :func:`fetch` returned.
    now
        When it was fetched; with it, an empty series whose ``cp_reveal_time`` is later is reported as hidden.

    Returns
    -------
    list of (datetime, float)
        Each step's start (UTC) and its ``centers[0]``, in time order. The end of the last step, where the
        history records one, is not kept (the CSV has no "no forecast from here" row; scoring stops at the
        question's close anyway).

    Raises
    ------
    SourceError
        Not a single binary question, a hidden community prediction, or an empty one (no forecasts yet, or the
        empty aggregations that restricted accounts get).
    """
    from summitcast.scoring.community_json import community_from_json

    pid = raw["post_id"]
    what = f"Metaculus post {pid}"
    post = raw["post"]
    question = post.get("question") if isinstance(post, dict) else None
    if not isinstance(question, dict):
        raise SourceError(
            f"{what} is not a single question (a group, conditional or notebook post): "
            "only binary questions can be pulled"
        )
    qtype = question.get("type")
    if qtype != "binary":
        raise SourceError(
            f"{what}: the question is of type {qtype!r}, not binary: only binary questions can be pulled"
        )
    series = community_from_json(post, f"{what} ({raw['url']})")
    pairs = [
        (t, p)
        for t, p in zip(series.times.tolist(), series.probs.tolist(), strict=True)
        if not math.isnan(p)
    ]
    if not pairs:
        raise SourceError(_empty_message(what, post, question, now))
    return points(pairs, what)


def _empty_message(
    what: str, post: dict[str, Any], question: dict[str, Any], now: dt.datetime | None
) -> str:
    reveal = _iso(question.get("cp_reveal_time"))
    if now is not None and reveal is not None and reveal > now:
        return (
            f"{what}: the community prediction is hidden until "
            f"{reveal:%Y-%m-%d %H:%M} UTC; pull it again after that"
        )
    n = post.get("nr_forecasters") or question.get("nr_forecasters") or 0
    if isinstance(n, int) and n > 0:
        return (
            f"{what}: Metaculus answered with empty aggregations (no community prediction) although "
            f"{n} forecasters have predicted: the account of {TOKEN_ENV} is not allowed to see the "
            "community prediction (restricted accounts get empty aggregations with HTTP 200)"
        )
    return f"{what}: the community prediction is empty (nobody has forecast yet)"


def _iso(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
