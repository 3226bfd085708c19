"""A cache of validated ledger files, so that ``show`` does not re-parse a 300-item event on every run.

Parsing TOML in pure Python costs about 0.1 ms per key; an event of 300 items takes ~40 ms, most of a ``show``. A
validated file is stored as JSON in ``DIR/.summitcast/cache/`` under a hash of its exact bytes (and of the format
version), so a cached value is only ever used for the very bytes it was validated from: any edit, by hand or by a
command, misses the cache and is parsed and validated again. Invalid files are never cached. The cache is a
convenience: it is not part of the ledger (``.gitignore`` lists it), and when it cannot be written (a read-only
folder) nothing is lost but speed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from summitcast import __version__
from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Prior, Question, Resolution, Window

__all__ = ["CACHE_FORMAT", "cached_parse"]

#: Bump when the parsed types or the validation change, so that no value validated by older rules is used.
CACHE_FORMAT = 3
T = TypeVar("T", Event, Question)


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    return value


def _date(v: Any) -> Any:
    return dt.date.fromisoformat(v["__date__"]) if isinstance(v, dict) and "__date__" in v else v


def _build(kind: type, raw: dict[str, Any]) -> Any:
    nested = {
        "prior": lambda v: None if v is None else Prior(**v),
        "windows": lambda v: tuple(Window(**{k: _date(x) for k, x in w.items()}) for w in v),
        "evidence": lambda v: tuple(Evidence(**{k: _date(x) for k, x in e.items()}) for e in v),
        "resolution": lambda v: (
            None if v is None else Resolution(**{k: _date(x) for k, x in v.items()})
        ),
        "tags": tuple,
    }
    args = {k: nested[k](v) if k in nested else _date(v) for k, v in raw.items()}
    return kind(**args)


def _rules_stamp() -> str:
    """The validation code's identity (its files' sizes and modification times): a changed rule misses the cache."""
    from summitcast.domain import limits, question
    from summitcast.store import ledger

    parts = []
    for mod in (ledger, question, limits):
        st = Path(mod.__file__ or "").stat()
        parts.append(f"{st.st_size}:{st.st_mtime_ns}")
    return ",".join(parts)


def cached_parse(
    cache_dir: Path | None, name: str, data: bytes, parse: Callable[[], T], kind: type[T]
) -> T:
    """The parsed value of a file's ``data``: from the cache when these exact bytes were validated before.

    Parameters
    ----------
    cache_dir
        ``DIR/.summitcast/cache``; ``None``: no cache (the file is parsed, nothing is read or written).
    name
        The cache entry's name (``event-<id>``, ``question-<id>``).
    data
        The file's bytes.
    parse
        Parses and validates the file (raising on an invalid one).
    kind
        The type parsed (:class:`Event` or :class:`Question`).

    Returns
    -------
    Event or Question
        The validated value.
    """
    if cache_dir is None:
        return parse()
    key = hashlib.blake2b(
        data + f"\0{CACHE_FORMAT}\0{__version__}\0{kind.__name__}\0{_rules_stamp()}".encode(),
        digest_size=16,
    ).hexdigest()
    path = Path(cache_dir) / f"{name}.json"
    with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc.get("key") == key:
            return _build(kind, doc["value"])
    value = parse()
    with contextlib.suppress(OSError):
        from summitcast.store.locking import atomic_write

        path.parent.mkdir(parents=True, exist_ok=True)
        doc = {"key": key, "value": _dump(value)}
        atomic_write(
            path, json.dumps(doc, ensure_ascii=False, separators=(",", ":")), durable=False
        )
    return value
