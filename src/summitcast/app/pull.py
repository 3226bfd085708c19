"""``summitcast pull``: fetch a community or market series and save it beside the question (CONTRACT section 7).

:func:`pull_series` checks the question, fetches through one adapter of :mod:`summitcast.sources`, parses, and only
then writes, through the :class:`~summitcast.store.workspace.Workspace` (which names the files and the lock),
atomically and under the question's lock:

* ``DIR/<id>.community.csv``: ``timestamp,probability``, one row per point, ISO 8601 UTC with ``Z``, sorted;
* ``DIR/<id>.community.json``: the provenance sidecar ``{"source", "ref", "url", "fetched_at", "points"}``.

Any error (a missing token, an unknown market, a hidden or empty series, a network failure) is raised before the
first write, so an earlier saved series stays as it was. This is the only module that uses the network, and it
imports the HTTP client inside :func:`pull_series`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitcast.domain.question import ID_PATTERN
from summitcast.errors import UnknownQuestionError, ValidationError
from summitcast.sources import SOURCES, Point, adapter, base_urls, request_timeout
from summitcast.store.workspace import Workspace

__all__ = ["PullResult", "pull_series", "render_csv"]


@dataclass(frozen=True)
class PullResult:
    """What ``pull`` saved."""

    id: str
    source: str
    ref: str
    url: str
    fetched_at: dt.datetime
    points: int
    path: Path
    sidecar: Path
    first: dt.datetime
    last: dt.datetime
    latest_probability: float

    def to_json(self) -> dict[str, Any]:
        """The ``pull --json`` document: ``{"id", "source", "ref", "url", "fetched_at", "points", "path"}``."""
        return {
            "id": self.id,
            "source": self.source,
            "ref": self.ref,
            "url": self.url,
            "fetched_at": _iso(self.fetched_at),
            "points": self.points,
            "path": str(self.path),
        }

    def summary(self) -> str:
        """Two human lines: what was saved where, and the span and latest value of the series."""
        return (
            f"pulled {self.points} point{'s' if self.points != 1 else ''} from {self.source} {self.ref} "
            f"into {self.path} (provenance: {self.sidecar.name})\n"
            f"  {_iso(self.first)} to {_iso(self.last)}; latest {self.latest_probability:.1%}"
        )


def _iso(when: dt.datetime) -> str:
    """ISO 8601 UTC with ``Z``; microseconds only where there are any."""
    text = when.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
    return text + "Z"


def render_csv(points: list[Point]) -> str:
    """The CSV text of a series.

    Parameters
    ----------
    points
        Sorted ``(datetime, probability)`` pairs.

    Returns
    -------
    str
        ``timestamp,probability`` and one line per point (``\\n`` line ends); probabilities as Python's shortest
        round-trip repr, so nothing is rounded.

    Examples
    --------
    >>> import datetime as dt
    >>> print(render_csv([(dt.datetime(2025, 1, 31, 1, 0, 21, 415274, tzinfo=dt.UTC), 0.22)]), end="")
    timestamp,probability
    2025-01-31T01:00:21.415274Z,0.22
    """
    lines = ["timestamp,probability"]
    lines += [f"{_iso(t)},{float(p)!r}" for t, p in points]
    return "\n".join(lines) + "\n"


def _check_question(ws: Workspace, question_id: str) -> None:
    if not ID_PATTERN.match(question_id):
        raise ValidationError(
            f"question id {question_id!r}: must be lowercase letters, digits and hyphens "
            "(e.g. trump-kim-2026)"
        )
    path = ws.question_path(question_id)
    if not path.is_file():
        raise UnknownQuestionError(
            f"no question '{question_id}' in {ws.root} ({path} does not exist); "
            "create it with summitcast new first"
        )


def pull_series(
    ws: Workspace,
    question_id: str,
    source: str,
    ref: str,
    *,
    env: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    client: Any = None,
) -> PullResult:
    """Fetch a series and save it as ``DIR/<id>.community.csv`` with its sidecar ``DIR/<id>.community.json``.

    Parameters
    ----------
    ws
        The forecasts folder.
    question_id
        The question; ``DIR/<id>.toml`` must exist.
    source
        ``"metaculus"``, ``"manifold"`` or ``"polymarket"``.
    ref
        A Metaculus post id; a Manifold market id or slug; a Polymarket market slug or condition id.
    env
        The environment to read base URLs, ``METACULUS_TOKEN`` and ``SUMMITCAST_PULL_TIMEOUT`` (the overall
        deadline of each request, seconds, default 30) from (default ``os.environ``).
    now
        The fetch time to record (default: the clock, UTC).
    client
        An HTTP client (:class:`summitcast.sources.http.Client`); default a new one, closed afterwards.

    Returns
    -------
    PullResult
        What was saved.

    Raises
    ------
    ValidationError
        A bad question id or source.
    UnknownQuestionError
        No ``DIR/<id>.toml``.
    SourceError
        A missing token, an unknown market, a hidden or empty series, a network failure (no connection, or no
        complete answer within the deadline), a malformed base address or deadline. Nothing is written.
    """
    _check_question(ws, question_id)
    if source not in SOURCES:
        raise ValidationError(f"source {source!r}: expected one of {', '.join(SOURCES)}")
    env = os.environ if env is None else env
    module = adapter(source)
    fetched_at = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if client is None:
        timeout = request_timeout(env)  # a malformed value fails before any request
        base_urls(env)  # so does a malformed base address
        from summitcast.sources.http import Client  # the HTTP library loads only here

        with Client(timeout=timeout) as own:
            raw = module.fetch(ref, own, env)
    else:
        raw = module.fetch(ref, client, env)
    pts = module.parse(raw, now=fetched_at) if source == "metaculus" else module.parse(raw)
    series_file, sidecar_file = ws.community_paths(question_id)
    result = PullResult(
        id=question_id,
        source=source,
        ref=ref.strip(),
        url=raw["url"],
        fetched_at=fetched_at.replace(microsecond=0),
        points=len(pts),
        path=series_file,
        sidecar=sidecar_file,
        first=pts[0][0],
        last=pts[-1][0],
        latest_probability=pts[-1][1],
    )
    sidecar = {k: v for k, v in result.to_json().items() if k not in ("id", "path")}
    with ws.lock("question", question_id):
        for path in (result.path, result.sidecar):  # both are checked before the first is written
            ws.check_writable(path)
        ws.write(result.path, render_csv(pts))
        ws.write(result.sidecar, json.dumps(sidecar, indent=2, ensure_ascii=False) + "\n")
    return result
