"""Adapters that fetch a community or market probability series (``summitcast pull``, CONTRACT section 7).

One module per platform, each with the same two functions:

* ``fetch(ref, client, base_urls) -> raw``: the network part; ``client`` is a :class:`summitcast.sources.http.Client`,
  ``raw`` a JSON-able dict that holds the decoded responses and ``"url"`` (the address the series came from);
* ``parse(raw) -> list[(datetime, probability)]``: pure, the points in time order (UTC, each timestamp once).

Nothing here imports an HTTP library: :mod:`summitcast.sources.http` does, and only ``pull`` imports it, so every
other command (and ``import summitcast.cli``) stays free of it. Every problem a user can meet (a missing token, an
unknown market, a hidden or empty series, a network failure, a malformed base address or deadline) raises
:class:`SourceError`, a domain error (exit 1).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from summitcast.errors import SummitcastError

if TYPE_CHECKING:
    from summitcast.sources.http import Reply

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URLS",
    "DEFAULT_TIMEOUT_S",
    "MAX_TIMEOUT_S",
    "SOURCES",
    "TIMEOUT_ENV",
    "Point",
    "SourceError",
    "adapter",
    "base_urls",
    "checked",
    "points",
    "request_timeout",
]

#: The platforms ``pull`` knows, in the order of the command line's flags.
SOURCES = ("metaculus", "manifold", "polymarket")

#: Environment variable of each service's base address (CONTRACT section 7), and its default.
BASE_URL_ENV: dict[str, str] = {
    "metaculus": "SUMMITCAST_METACULUS_URL",
    "manifold": "SUMMITCAST_MANIFOLD_URL",
    "polymarket_gamma": "SUMMITCAST_POLYMARKET_GAMMA_URL",
    "polymarket_clob": "SUMMITCAST_POLYMARKET_CLOB_URL",
}
DEFAULT_BASE_URLS: dict[str, str] = {
    "metaculus": "https://www.metaculus.com",
    "manifold": "https://api.manifold.markets",
    "polymarket_gamma": "https://gamma-api.polymarket.com",
    "polymarket_clob": "https://clob.polymarket.com",
}

#: The environment variable of the overall deadline of one request, in seconds (connecting, waiting, reading,
#: and any retries after a connection error or a server error, all included).
TIMEOUT_ENV = "SUMMITCAST_PULL_TIMEOUT"
#: Its default: a series is a few hundred kilobytes at most; a healthy service answers in a second or two.
DEFAULT_TIMEOUT_S = 30.0
#: Its largest accepted value (one hour): beyond that a typo is more likely than a will to wait.
MAX_TIMEOUT_S = 3600.0

#: One point of a series: when (UTC) and the probability of yes from then on.
Point = tuple[dt.datetime, float]


class SourceError(SummitcastError):
    """A series could not be had: missing token, unknown market, hidden or empty series, network failure."""


def base_urls(env: Mapping[str, str]) -> dict[str, str]:
    """Each service's base address: its environment variable when set and non-empty, else the default.

    Parameters
    ----------
    env
        The environment (``os.environ`` or a test's mapping).

    Returns
    -------
    dict
        Service key (``metaculus``, ``manifold``, ``polymarket_gamma``, ``polymarket_clob``) to base URL, with no
        trailing slash.

    Examples
    --------
    >>> base_urls({"SUMMITCAST_MANIFOLD_URL": "http://127.0.0.1:8000/"})["manifold"]
    'http://127.0.0.1:8000'
    >>> base_urls({})["metaculus"]
    'https://www.metaculus.com'
    """
    out = {}
    for key, var in BASE_URL_ENV.items():
        value = (env.get(var) or "").strip()
        if value:
            _check_base_url(var, value)
        out[key] = (value or DEFAULT_BASE_URLS[key]).rstrip("/")
    return out


def _check_base_url(var: str, value: str) -> None:
    """A base address must be ``http://`` or ``https://``, a host, an optional port and path: anything else is
    refused at once (it is a setting to fix, not a network failure to retry)."""
    from urllib.parse import urlsplit

    why = ""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises ValueError on a port that is not a number in 0-65535)
    except ValueError as exc:
        why = str(exc)
    else:
        if parts.scheme not in ("http", "https"):
            why = "it must start with http:// or https://"
        elif not parts.hostname:
            why = "it has no host name"
        elif parts.query or parts.fragment:
            why = "a base address has no query (?) or fragment (#)"
        elif any(ch.isspace() or not ch.isprintable() for ch in value):
            why = "it holds white space or control characters"
    if why:
        raise SourceError(
            f"{var}={value!r} is not a base address ({why}); expected e.g. "
            f"{DEFAULT_BASE_URLS[next(k for k, v in BASE_URL_ENV.items() if v == var)]}"
        )


def request_timeout(env: Mapping[str, str]) -> float:
    """The overall deadline of one request, in seconds: ``$SUMMITCAST_PULL_TIMEOUT`` when set, else 30.

    Parameters
    ----------
    env
        The environment.

    Returns
    -------
    float
        Seconds, in (0, :data:`MAX_TIMEOUT_S`].

    Raises
    ------
    SourceError
        A value that is not a number of seconds in that range.

    Examples
    --------
    >>> request_timeout({}), request_timeout({"SUMMITCAST_PULL_TIMEOUT": "5"})
    (30.0, 5.0)
    """
    text = (env.get(TIMEOUT_ENV) or "").strip()
    if not text:
        return DEFAULT_TIMEOUT_S
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (0 < value <= MAX_TIMEOUT_S):
        raise SourceError(
            f"{TIMEOUT_ENV}={text!r}: expected a number of seconds greater than 0 and at most "
            f"{MAX_TIMEOUT_S:g} (default {DEFAULT_TIMEOUT_S:g})"
        )
    return value


def adapter(source: str) -> ModuleType:
    """The adapter module of a platform (imported on demand).

    Parameters
    ----------
    source
        One of :data:`SOURCES`.

    Returns
    -------
    module
        ``summitcast.sources.<source>``.
    """
    import importlib

    if source not in SOURCES:
        raise SourceError(f"unknown source {source!r} (expected one of {', '.join(SOURCES)})")
    return importlib.import_module(f"summitcast.sources.{source}")


def checked(reply: Reply, what: str, *, not_found: str) -> Any:
    """The JSON body of a successful answer, or a :class:`SourceError` that says what went wrong.

    Parameters
    ----------
    reply
        The answer (:meth:`summitcast.sources.http.Client.get`).
    what
        What was fetched (e.g. ``"Manifold market abc"``), the start of every message.
    not_found
        What a 404 means here (e.g. ``"no such market"``).

    Returns
    -------
    object
        The decoded JSON.

    Raises
    ------
    SourceError
        On 404, 401/403, any other non-2xx status, or a body that is not JSON.
    """
    if reply.status == 404:
        raise SourceError(f"{what}: {not_found} (HTTP 404 from {reply.url})")
    if reply.status in (401, 403):
        raise SourceError(f"{what}: access refused (HTTP {reply.status} from {reply.url})")
    if not 200 <= reply.status < 300:
        raise SourceError(f"{what}: unexpected answer HTTP {reply.status} from {reply.url}")
    if reply.data is None:
        raise SourceError(f"{what}: the answer from {reply.url} is not JSON")
    return reply.data


def points(pairs: Iterable[tuple[float, float]], origin: str) -> list[Point]:
    """Turn ``(unix seconds, probability)`` pairs into sorted points, each timestamp once.

    The sort is stable and, of several pairs with one timestamp, the last one given wins (the latest state at
    that instant).

    Parameters
    ----------
    pairs
        The raw pairs, in any order.
    origin
        What they came from, for error messages (e.g. ``"Manifold market abc: bets"``).

    Returns
    -------
    list of (datetime, float)
        Timezone-aware UTC datetimes with their probabilities.

    Raises
    ------
    SourceError
        A timestamp that is not a finite number, or a probability outside [0, 1].

    Examples
    --------
    >>> [(t.isoformat(), p) for t, p in points([(60, 0.5), (0, 0.2), (60, 0.6)], "x")]
    [('1970-01-01T00:00:00+00:00', 0.2), ('1970-01-01T00:01:00+00:00', 0.6)]
    """
    items = []
    for t, p in pairs:
        if not _finite(t):
            raise SourceError(f"{origin}: a timestamp is not a number ({t!r})")
        if not (_finite(p) and 0.0 <= p <= 1.0):
            raise SourceError(f"{origin}: a probability is not in [0, 1] ({p!r})")
        items.append((float(t), float(p)))
    items.sort(key=lambda item: item[0])
    out: list[Point] = []
    last_t: float | None = None
    for t, p in items:
        when = dt.datetime.fromtimestamp(t, tz=dt.UTC)
        if last_t is not None and t == last_t:
            out[-1] = (when, p)
        else:
            out.append((when, p))
        last_t = t
    return out


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
