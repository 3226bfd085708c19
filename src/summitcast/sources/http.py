"""The HTTP client of ``summitcast pull``: httpx under one overall deadline per request, retries on connection
errors and 5xx answers, a message that says what happened, and a spinner on a terminal while waiting.

A request has one deadline (:data:`TIMEOUT_S`, 30 s, or ``$SUMMITCAST_PULL_TIMEOUT``) for everything: connecting,
waiting for the answer, reading it, and any retries. httpx's own timeouts bound each socket operation, not the
whole, so a server that trickles a byte a second would never trip them: the request therefore runs in a worker
thread that the caller waits for until the deadline, and is abandoned there (a daemon thread, its socket closed
with the client). A trace of httpx's connection events tells the message whether the server was ever reached:
"cannot connect" (refused, unknown host, or no connection within the deadline) is not "connected, but the answer
did not arrive in time". A malformed address is refused at once, never retried.

This is the only module that imports an HTTP library; ``summitcast.app.pull`` imports it inside the function that
fetches, so no other command pays for it (a test checks that ``import summitcast.cli`` leaves httpx out).
"""

from __future__ import annotations

import itertools
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TextIO

import httpx

from summitcast import __version__
from summitcast.sources import DEFAULT_TIMEOUT_S, TIMEOUT_ENV, SourceError

__all__ = ["BACKOFF_S", "RETRIES", "SPINNER_AFTER", "TIMEOUT_S", "Client", "Reply"]

#: The overall deadline of one request, in seconds (connecting, waiting, reading and retries).
TIMEOUT_S = DEFAULT_TIMEOUT_S
#: Further attempts after a connection error or a 5xx answer, while the deadline allows (1 + RETRIES in all). A
#: timeout is not retried: the deadline is spent.
RETRIES = 2
#: Wait before the k-th retry: BACKOFF_S * 2**(k-1) seconds.
BACKOFF_S = 1.0
#: The spinner appears once a request has taken this long (seconds), and only on a terminal.
SPINNER_AFTER = 0.3
_FRAMES = "|/-\\"


@dataclass(frozen=True)
class Reply:
    """An answer that is not a server error: its status, decoded JSON body (``None`` if not JSON) and URL."""

    status: int
    data: Any
    url: str


@dataclass
class _Attempt:
    """One request in its worker thread: how far it got, and how it ended."""

    phase: str = "connecting"
    received: int = 0
    response: httpx.Response | None = None
    body: bytes = b""
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def trace(self, name: str, info: dict[str, Any]) -> None:
        """httpcore's trace callback: the connection's progress."""
        if name in ("connection.connect_tcp.complete", "http11.send_request_headers.started"):
            self.phase = "connected"
        elif name == "http11.receive_response_headers.started":
            self.phase = "waiting"
        elif name == "http11.receive_response_body.started":
            self.phase = "reading"


class Client:
    """A small synchronous JSON client over :class:`httpx.Client`.

    Parameters
    ----------
    timeout
        The overall deadline of each :meth:`get`, in seconds (default :data:`TIMEOUT_S`).
    retries
        Retries after a connection error or a 5xx answer (default :data:`RETRIES`).
    backoff
        Base of the exponential wait between attempts, in seconds (default :data:`BACKOFF_S`).
    spinner
        Show a spinner on ``stream`` while waiting (default: when ``stream`` is a terminal).
    stream
        Where the spinner goes (default ``sys.stderr``).
    """

    def __init__(
        self,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        spinner: bool | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.timeout = TIMEOUT_S if timeout is None else timeout
        self.retries = RETRIES if retries is None else retries
        self.backoff = BACKOFF_S if backoff is None else backoff
        self.stream = stream if stream is not None else sys.stderr
        self.spinner = _isatty(self.stream) if spinner is None else spinner
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
        """Close the connections (an abandoned request's too)."""
        self._client.close()

    def get(
        self,
        url: str,
        *,
        what: str,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """GET ``url`` and decode its JSON within one deadline, retrying connection errors and 5xx answers.

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
            A malformed address (at once); no connection, or no complete answer, within the deadline (saying
            which); still a connection error or a 5xx after every attempt the deadline allowed.
        """
        try:
            request = self._client.build_request("GET", url, params=params, headers=headers)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise SourceError(f"{what}: {url!r} is not a valid address ({exc})") from None
        shown = str(request.url)
        deadline = time.monotonic() + self.timeout
        attempts = 1 + max(0, self.retries)
        failure = ""
        made = 0
        for k in range(attempts):
            if k:
                pause = self.backoff * 2 ** (k - 1)
                if time.monotonic() + pause >= deadline:
                    break
                time.sleep(pause)
            made += 1
            attempt = self._run(request, deadline, what)
            if not attempt.done.is_set():
                raise SourceError(f"{what}: network failure: {self._late(attempt, shown)}")
            error = attempt.error
            if isinstance(error, (httpx.UnsupportedProtocol, httpx.InvalidURL)):
                raise SourceError(f"{what}: {shown!r} is not a valid address ({error})") from None
            if isinstance(error, httpx.TimeoutException):
                raise SourceError(f"{what}: network failure: {self._late(attempt, shown)}")
            if isinstance(error, httpx.TransportError):
                failure = (
                    f"cannot connect to {shown} ({type(error).__name__}: {error or 'no detail'})"
                    if attempt.phase == "connecting"
                    else f"the connection to {shown} broke off ({type(error).__name__}: "
                    f"{error or 'no detail'})"
                )
                continue
            if error is not None:
                raise error
            response = attempt.response
            assert response is not None
            if response.status_code >= 500:
                failure = f"{shown} answered HTTP {response.status_code} (a server error)"
                continue
            return Reply(response.status_code, _json_or_none(attempt.body), shown)
        tries = f"{made} attempt{'s' if made > 1 else ''}"
        raise SourceError(f"{what}: network failure: {failure}, after {tries}")

    def _late(self, attempt: _Attempt, shown: str) -> str:
        """What a request that ran out of time had done."""
        limit = f"{self.timeout:g} s (the deadline; {TIMEOUT_ENV} sets it)"
        if attempt.phase == "connecting":
            return f"cannot connect to {shown}: no connection within {limit}"
        if attempt.phase == "reading":
            return (
                f"timed out while reading the answer from {shown}: connected, but {attempt.received} bytes "
                f"arrived within {limit}, not the whole answer"
            )
        return (
            f"timed out waiting for an answer from {shown}: connected, but no answer within {limit}"
        )

    def _run(self, request: httpx.Request, deadline: float, what: str) -> _Attempt:
        """Send ``request`` in a worker thread and wait for it until ``deadline`` (spinning on a terminal)."""
        attempt = _Attempt()
        remaining = max(deadline - time.monotonic(), 0.001)
        request.extensions = {
            **request.extensions,
            "trace": attempt.trace,
            "timeout": httpx.Timeout(remaining).as_dict(),
        }

        def work() -> None:
            try:
                response = self._client.send(request, stream=True)
                try:
                    attempt.response = response
                    chunks = []
                    for chunk in response.iter_bytes():
                        attempt.received += len(chunk)
                        chunks.append(chunk)
                    attempt.body = b"".join(chunks)
                finally:
                    response.close()
            except BaseException as exc:  # handed to the waiting thread
                attempt.error = exc
            finally:
                attempt.done.set()

        worker = threading.Thread(target=work, name="summitcast-pull", daemon=True)
        t0 = time.monotonic()
        worker.start()
        shown = False
        frames = itertools.cycle(_FRAMES)
        try:
            while not attempt.done.wait(min(0.1, max(deadline - time.monotonic(), 0.0))):
                now = time.monotonic()
                if now >= deadline:
                    break
                if self.spinner and now - t0 >= SPINNER_AFTER:
                    line = f"\r{next(frames)} {what}: {_PHASES[attempt.phase]} ({now - t0:.0f} s)"
                    self.stream.write(f"{line}\x1b[K")
                    self.stream.flush()
                    shown = True
        finally:
            if shown:  # the spinner leaves no trace
                self.stream.write("\r\x1b[K")
                self.stream.flush()
        return attempt


_PHASES = {
    "connecting": "connecting",
    "connected": "connected, asking",
    "waiting": "waiting for the answer",
    "reading": "reading the answer",
}


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _isatty(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
