"""The community series of a Metaculus post JSON: the one reader of that format, for files and fetched posts alike.

Pure parsing (a decoded document in, a :class:`~summitcast.scoring.series.Series` out); every problem raises
:class:`~summitcast.errors.ValidationError` naming where it came from and the entry's path in the document.

Examples
--------
A Metaculus post JSON: each step stands from its ``start_time`` (seconds) until the next one's.

>>> steps = [{"start_time": 0, "end_time": 86400, "centers": [0.3]},
...          {"start_time": 86400, "end_time": None, "centers": [0.4]}]
>>> post = {"question": {"type": "binary", "aggregations": {"recency_weighted": {"history": steps}}}}
>>> s = community_from_json(post, "post.json")
>>> s.times.tolist(), s.probs.tolist()
([0.0, 86400.0], [0.3, 0.4])
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeGuard

from summitcast.errors import ValidationError
from summitcast.scoring.series import Series

__all__ = ["community_from_json"]


def _is_number(x: Any) -> TypeGuard[float]:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _is_prob(x: Any) -> TypeGuard[float]:
    return _is_number(x) and 0.0 <= x <= 1.0


def _entries(path: Path | str, history: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each entry of a JSON history list with its path (``where[i]``); the list and each entry checked."""
    if not isinstance(history, list):
        raise ValidationError(f"{path}: {where}: must be a list")
    for i, e in enumerate(history):
        at = f"{where}[{i}]"
        if not isinstance(e, dict):
            raise ValidationError(f"{path}: {at}: must be an object")
        yield at, e


def _series_current(path: Path | str, history: Any, where: str) -> Series:
    starts: list[float] = []
    probs: list[float] = []
    ends: list[float | None] = []
    for at, e in _entries(path, history, where):
        s = e.get("start_time")
        if not _is_number(s):
            raise ValidationError(f"{path}: {at}.start_time: must be a number (got {s!r})")
        c = e.get("centers")
        if not (isinstance(c, list) and len(c) >= 1 and _is_prob(c[0])):
            raise ValidationError(
                f"{path}: {at}.centers: must be a list whose first item is a probability "
                f"in [0, 1] (got {c!r})"
            )
        end = e.get("end_time")
        if end is not None and not _is_number(end):
            raise ValidationError(f"{path}: {at}.end_time: must be a number or null (got {end!r})")
        starts.append(float(s))
        probs.append(float(c[0]))
        ends.append(None if end is None else float(end))
    if starts:
        latest = max(range(len(starts)), key=lambda k: (starts[k], k))
        last_end = ends[latest]
        if last_end is not None and last_end >= starts[latest]:
            # the latest step ended and nothing followed: no forecast from its end_time on
            starts.append(last_end)
            probs.append(math.nan)
    return Series.from_points(starts, probs)


def _series_legacy(path: Path | str, history: Any, where: str) -> Series:
    times: list[float] = []
    probs: list[float] = []
    for at, e in _entries(path, history, where):
        t = e.get("t")
        if not _is_number(t):
            raise ValidationError(f"{path}: {at}.t: must be a number (got {t!r})")
        x1 = e.get("x1")
        q2 = x1.get("q2") if isinstance(x1, dict) else None
        if not _is_prob(q2):
            raise ValidationError(
                f"{path}: {at}.x1.q2: must be a probability in [0, 1] (got {q2!r})"
            )
        times.append(float(t))
        probs.append(float(q2))
    return Series.from_points(times, probs)


def community_from_json(data: Any, origin: str) -> Series:
    """The community series in a decoded Metaculus post JSON (formats (a) and (b) of :func:`read_community`).

    Parameters
    ----------
    data
        The decoded JSON document.
    origin
        Where it came from (a file or a URL), named in every error message.

    Returns
    -------
    Series
        The community series (empty when the history is empty).

    Raises
    ------
    ValidationError
        A JSON of neither format, a non-binary question, or a bad entry (naming its path in the JSON).
    """
    path = origin
    if isinstance(data, dict):
        q = data.get("question") if isinstance(data.get("question"), dict) else None
        for prefix, obj in (("question.", q), ("", data)):
            if obj is None:
                continue
            agg = obj.get("aggregations")
            if isinstance(agg, dict) and isinstance(agg.get("recency_weighted"), dict):
                qtype = obj.get("type")
                if qtype not in (None, "binary"):
                    raise ValidationError(
                        f"{path}: only binary questions can be scored (question type is {qtype!r})"
                    )
                where = f"{prefix}aggregations.recency_weighted.history"
                return _series_current(path, agg["recency_weighted"].get("history"), where)
        for prefix, obj in (("", data), ("question.", q)):
            if obj is None:
                continue
            cp = obj.get("community_prediction")
            if isinstance(cp, dict) and "history" in cp:
                where = f"{prefix}community_prediction.history"
                return _series_legacy(path, cp["history"], where)
    raise ValidationError(
        f"{path}: not a recognised community series: expected a Metaculus post JSON "
        "(question.aggregations.recency_weighted.history), a legacy api2 JSON "
        "(community_prediction.history) or a CSV with columns timestamp, probability"
    )
