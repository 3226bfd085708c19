"""The HTTP client of ``summitcast pull``: httpx with timeouts, and retries on connection errors and 5xx answers.

This is the only module that imports an HTTP library; ``summitcast.pull`` imports it inside the function that
fetches, so no other command pays for it (a test checks that ``import summitcast.cli`` leaves httpx out).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import httpx

from summitcast import __version__
from summitcast.sources import SourceError

__all__ = ["BACKOFF_S", "RETRIES", "TIMEOUT_S", "Client", "Reply"]

#: Seconds to wait for a connection, and for each read, before giving up on an attempt.
TIMEOUT_S = 30.0
#: Further attempts after a connection error, a timeout or a 5xx answer (so 1 + RETRIES attempts in all).
RETRIES = 2
#: Wait before the k-th retry: BACKOFF_S * 2**(k-1) seconds.
BACKOFF_S = 1.0


@dataclass(frozen=True)
class Reply:
    """An answer that is not a server error: its status, decoded JSON body (``None`` if not JSON) and URL."""

    status: int
    data: Any
    url: str


class Client:
    """A small synchronous JSON client over :class:`httpx.Client`.

    Parameters
    ----------
    timeout
        Seconds for connecting and for each read (default :data:`TIMEOUT_S`).
    retries
        Retries after a connection error, a timeout or a 5xx answer (default :data:`RETRIES`).
    backoff
        Base of the exponential wait between attempts, in seconds (default :data:`BACKOFF_S`).
    """

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
    ) -> None:
        self.timeout = TIMEOUT_S if timeout is None else timeout
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF_S if backoff is None else backoff
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=True,
            headers={"User-Agent": f"summitcast/{__version__}", "Accept": "application/json"},
        )

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self._client.close()

    def get(
        self,
        url: str,
        *,
        what: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """GET ``url`` and decode its JSON, retrying connection errors, timeouts and 5xx answers.

        Parameters
        ----------
        url
            The address.
        what
            What is being fetched, for error messages (e.g. ``"Metaculus post 34277"``).
        params
            Query parameters.
        headers
            Extra request headers.

        Returns
        -------
        Reply
            A 2xx, 3xx or 4xx answer; the caller decides what a 4xx means (unknown market, bad token).

        Raises
        ------
        SourceError
            No answer after every attempt (network failure or timeout), still a 5xx after every attempt, or a 2xx
            whose body is not JSON.
        """
        shown = str(httpx.URL(url, params=params)) if params else url
        attempts = 1 + max(0, self.retries)
        failure = ""
        for k in range(attempts):
            if k:
                time.sleep(self.backoff * 2 ** (k - 1))
            try:
                response = self._client.get(url, params=params, headers=headers)
            except httpx.TimeoutException:
                failure = f"no answer from {shown} within {self.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                failure = f"cannot reach {shown} ({type(exc).__name__}: {exc or 'no detail'})"
                continue
            if response.status_code >= 500:
                failure = f"{shown} answered HTTP {response.status_code} (a server error)"
                continue
            return Reply(response.status_code, _json_or_none(response), shown)
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        raise SourceError(f"{what}: network failure: {failure}, after {tries}")


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
