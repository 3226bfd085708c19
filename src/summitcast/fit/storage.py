"""The stored fit: ``DIR/.summitcast/reliability.npz``, its staleness, and reading it (numpy only).

``show``, ``list`` and ``report`` read the fit on every run, so nothing here imports PyMC, ArviZ,
PyTensor or SciPy (a test checks ``sys.modules`` in a subprocess); reading costs a few
milliseconds. The file holds plain numpy arrays: ``type_names`` and ``type_draws`` ``(D,
n_types)``, ``source_names``, ``source_types`` and ``source_draws`` ``(D, n_sources)``,
``chance_kinds`` and ``chance_draws`` ``(D, 4)`` (each occasion kind's chance), ``rate_draws``
``(D,)`` (the ``floated`` rule's rate per year), and ``metadata``, a one-element string array
holding JSON (``learned_kinds``: the kinds some occasion informed; ``rate_learned``: whether some
event named the rule; forecasts use only those, and the defaults for the rest). The input hash covers the bytes of every
question file that has a resolution and of the event files they name (see :func:`input_hash`); a
fit whose hash no longer matches the ledger is *stale*. A fit the guard did not apply
(``metadata.applied`` false) is stored but not used by forecasts (:func:`load_learned`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from summitcast.errors import FitError
from summitcast.fit.diagnostics import INTERVAL, FitResult, TypeSummary, _json_safe, _summaries
from summitcast.model import DEFAULT_RELIABILITY, LearnedReliability

__all__ = [
    "FIT_FILE",
    "FORMAT_VERSION",
    "fit_info",
    "fit_path",
    "input_hash",
    "is_applied",
    "load_learned",
    "reliability_intervals",
    "save_fit",
]

#: Where the draws live, relative to the forecasts directory.
FIT_FILE = Path(".summitcast") / "reliability.npz"
#: Version of the stored format and of the fitted model; a fit of another version counts as stale.
#: 2: the fit learns from events (a meeting on day M, or none up to D), window items on hazards.
#: 3: the v3 model (occasions are routes); chances per occasion kind and the floated rate.
FORMAT_VERSION = 3

_RESOLVED_RE = re.compile(rb"^[ \t]*(\[[ \t]*resolution[ \t]*\]|resolution[ \t]*=)", re.MULTILINE)
_EVENT_RE = re.compile(rb"^[ \t]*event[ \t]*=[ \t]*[\"']([a-z0-9-]+)[\"']", re.MULTILINE)


def fit_path(directory: Path) -> Path:
    """The stored draws of ``directory``'s fit: ``DIR/.summitcast/reliability.npz``."""
    return Path(directory) / FIT_FILE


def input_hash(directory: Path) -> str:
    """A sha256 over what the fit learns from: resolved question files and the events they name.

    Question files are taken in name order, each as its name and its bytes; a file counts when a
    line starts with ``[resolution]`` (or ``resolution =``). Then, in name order, the event file
    (``events/<id>.toml``) of every event such a question names (``event = "<id>"``). Any edit of
    a resolved question, of its event (evidence, windows, prior), a new resolution, a removed or
    renamed resolved question changes the hash; edits of open questions, and of events with no
    resolved question, do not. Reading the bytes is cheap (no TOML parsing), so ``show`` can
    check staleness on every run.

    Parameters
    ----------
    directory
        The forecasts directory.

    Returns
    -------
    str
        The hex digest.
    """
    h = hashlib.sha256(f"summitcast-reliability-inputs-v{FORMAT_VERSION}\n".encode())
    d = Path(directory)
    events: set[str] = set()
    if d.is_dir():
        for path in sorted(p for p in d.glob("*.toml") if p.is_file()):
            data = path.read_bytes()
            if _RESOLVED_RE.search(data):
                h.update(path.name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
                events.update(m.decode() for m in _EVENT_RE.findall(data))
    for event_id in sorted(events):
        path = d / "events" / f"{event_id}.toml"
        data = path.read_bytes() if path.is_file() else b""
        h.update(b"events/" + path.name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()


def _read_npz(directory: Path) -> dict[str, Any] | None:
    path = fit_path(directory)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            out = {k: z[k] for k in z.files}
        meta = json.loads(str(out["metadata"][0]))
        type_names = [str(s) for s in out["type_names"]]
        source_names = [str(s) for s in out["source_names"]]
        type_draws = np.asarray(out["type_draws"], dtype=float)
        source_draws = np.asarray(out["source_draws"], dtype=float)
        if type_draws.ndim != 2 or type_draws.shape[1] != len(type_names):
            raise ValueError("type_draws does not match type_names")
        if source_draws.ndim != 2 or source_draws.shape[1] != len(source_names):
            raise ValueError("source_draws does not match source_names")
        if len(source_names) and source_draws.shape[0] != type_draws.shape[0]:
            raise ValueError("type and source draws differ in length")
        kinds = [str(s) for s in out.get("chance_kinds", np.array([], dtype=str))]
        chance_draws = np.asarray(out.get("chance_draws", np.zeros((0, 0))), dtype=float)
        if chance_draws.ndim != 2 or chance_draws.shape[1] != len(kinds):
            raise ValueError("chance_draws does not match chance_kinds")
        rate_draws = np.asarray(out.get("rate_draws", np.zeros(0)), dtype=float).reshape(-1)
    except Exception as exc:  # any unreadable file is one user-facing error
        raise FitError(
            f"{path}: cannot read the stored reliability fit ({exc}); run `summitcast fit` again "
            "or delete the file"
        ) from None
    return {
        "path": path,
        "meta": meta,
        "type_names": type_names,
        "type_draws": type_draws,
        "source_names": source_names,
        "source_types": [str(s) for s in out.get("source_types", np.array([], dtype=str))],
        "source_draws": source_draws,
        "chance_kinds": kinds,
        "chance_draws": chance_draws,
        "rate_draws": rate_draws,
    }


def _is_stale(directory: Path, meta: dict[str, Any]) -> bool:
    return meta.get("format_version") != FORMAT_VERSION or meta.get("input_hash") != input_hash(
        directory
    )


def load_learned(directory: Path) -> LearnedReliability | None:
    """The stored reliability draws of ``directory``, for forecasts (numpy only, milliseconds).

    Parameters
    ----------
    directory
        The forecasts directory.

    Returns
    -------
    LearnedReliability or None
        Per-type and per-source draws (columns of equal length); the chance draws of each
        occasion kind some occasion informed (``chance_by_kind``) and the rate's draws when some
        event named the ``floated`` rule (``rate``), so that forecasts keep the defaults for the
        rest; with ``stale=True`` when the
        resolved questions changed since the fit (see :func:`input_hash`) and ``fitted_on`` the
        fit's date (UTC); ``None`` without a fit, or for a fit not applied (the guard of
        :mod:`summitcast.fit.guard` found the data too thin and ``fit --apply`` was not given).
        A fit stored before the guard existed counts as applied.

    Raises
    ------
    FitError
        When the stored file exists but cannot be read.
    """
    raw = _read_npz(directory)
    if raw is None or not is_applied(raw["meta"]):
        return None
    by_type = {n: raw["type_draws"][:, k].copy() for k, n in enumerate(raw["type_names"])}
    by_source = {n: raw["source_draws"][:, k].copy() for k, n in enumerate(raw["source_names"])}
    created = raw["meta"].get("created")
    rubric = rubric_applied(raw["meta"])
    learned_kinds = set(raw["meta"].get("learned_kinds", [])) if rubric else set()
    chance_by_kind = {
        k: raw["chance_draws"][:, j].copy()
        for j, k in enumerate(raw["chance_kinds"])
        if k in learned_kinds and len(raw["chance_draws"])
    }
    rate = (
        raw["rate_draws"]
        if rubric and raw["meta"].get("rate_learned") and len(raw["rate_draws"])
        else None
    )
    return LearnedReliability(
        by_type=by_type,
        by_source=by_source,
        stale=_is_stale(directory, raw["meta"]),
        fitted_on=str(created)[:10] if created else None,
        chance_by_kind=chance_by_kind,
        rate=None if rate is None else rate.copy(),
    )


#: Whether a fit that passes its guard applies the learned occasion chances and floated rate too, or only the
#: reliabilities. False since the benchmark (docs/benchmark.md): scored out of sample, the learned chances and
#: reliabilities did not beat the defaults (baseline −0.7, 95% interval −1.7 to +0.5) and the learned rate lost
#: (−26.4, −37.4 to −15.6), so that change is reported and reverted: they are learned, stored and reported, and a
#: forecast uses them only after ``fit --apply``.
APPLY_RUBRIC_WHEN_GUARD_PASSES = False


def rubric_applied(meta: dict[str, Any]) -> bool:
    """Whether forecasts use a stored fit's learned chances and rate (see :data:`APPLY_RUBRIC_WHEN_GUARD_PASSES`).

    A fit applied by ``fit --apply`` applies them; one applied because its guard passed does so only when
    :data:`APPLY_RUBRIC_WHEN_GUARD_PASSES` is set.

    Examples
    --------
    >>> rubric_applied({"applied": True, "guard": {"applied": True, "passes": False}})
    True
    >>> rubric_applied({"applied": True, "guard": {"applied": True, "passes": True}})
    False
    >>> rubric_applied({"applied": True, "guard": {"applied": True, "passes": True, "forced": True}})
    True
    """
    guard = meta.get("guard") or {}
    forced = bool(guard.get("forced")) or (
        bool(guard.get("applied")) and not guard.get("passes", True)
    )
    return forced or (APPLY_RUBRIC_WHEN_GUARD_PASSES and is_applied(meta))


def is_applied(meta: dict[str, Any]) -> bool:
    """Whether a stored fit's metadata marks it applied (a fit without the mark predates the guard)."""
    return bool(meta.get("applied", True))


def reliability_intervals(directory: Path, prob: float = INTERVAL) -> list[TypeSummary] | None:
    """Per-type posterior mean and central interval of the stored fit (plot-free, for ``report``).

    Parameters
    ----------
    directory
        The forecasts directory.
    prob
        Central mass of the interval (default 0.8).

    Returns
    -------
    list of TypeSummary or None
        One per source type, in the order of ``question.SOURCE_TYPES``; ``None`` without a fit.
    """
    raw = _read_npz(directory)
    if raw is None:
        return None
    counts = raw["meta"].get("items_by_type", {})
    names = raw["type_names"]
    return _summaries(
        names,
        raw["type_draws"],
        [DEFAULT_RELIABILITY.get(n, math.nan) for n in names],
        [counts.get(n, 0) for n in names],
        prob,
    )


def fit_info(directory: Path) -> dict[str, Any] | None:
    """The stored fit for ``report`` and ``show``: metadata, diagnostics, per-type summaries.

    Parameters
    ----------
    directory
        The forecasts directory.

    Returns
    -------
    dict or None
        The stored metadata (``questions``, ``events``, ``created``, ``versions``, ``sampler``,
        ``seed``, ``draws``, ``chains``, ``input_hash``, ``diagnostics``, ``types``, ``guard``,
        ...) plus ``path``, ``stale`` and ``applied``; ``None`` without a fit.
    """
    raw = _read_npz(directory)
    if raw is None:
        return None
    info = dict(raw["meta"])
    info["path"] = str(raw["path"])
    info["stale"] = _is_stale(directory, raw["meta"])
    info["applied"] = is_applied(raw["meta"])
    info["n_draws"] = int(raw["type_draws"].shape[0])
    return info


def _save_draws(
    directory: Path,
    type_names: Sequence[str],
    type_draws: np.ndarray,
    source_names: Sequence[str],
    source_types: Sequence[str],
    source_draws: np.ndarray,
    meta: dict[str, Any],
    chance_kinds: Sequence[str] = (),
    chance_draws: np.ndarray | None = None,
    rate_draws: np.ndarray | None = None,
) -> Path:
    """Write the draws atomically (:func:`summitcast.store.atomic_write`)."""
    import io

    from summitcast.store.locking import atomic_write

    path = fit_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    np.savez(
        buf,
        type_names=np.asarray(list(type_names), dtype=str),
        type_draws=np.asarray(type_draws, dtype=float).reshape(-1, len(type_names)),
        source_names=np.asarray(list(source_names), dtype=str),
        source_types=np.asarray(list(source_types), dtype=str),
        source_draws=np.asarray(source_draws, dtype=float).reshape(
            type_draws.shape[0], len(source_names)
        ),
        chance_kinds=np.asarray(list(chance_kinds), dtype=str),
        chance_draws=np.asarray(
            np.zeros((0, len(chance_kinds))) if chance_draws is None else chance_draws, dtype=float
        ),
        rate_draws=np.asarray(np.zeros(0) if rate_draws is None else rate_draws, dtype=float),
        metadata=np.asarray([json.dumps(meta, sort_keys=True, allow_nan=False)], dtype=str),
    )
    atomic_write(path, buf.getvalue())
    return path


def _versions(sampler: str) -> dict[str, str]:
    from importlib import metadata

    out = {}
    names = ["summitcast", "pymc", "arviz", "pytensor", "numpy"]
    if sampler == "nutpie":
        names.append("nutpie")
    for name in names:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "unknown"
    return out


def save_fit(directory: Path, result: FitResult, *, input_digest: str, tune: int) -> Path:
    """Store ``result``'s draws and metadata in ``DIR/.summitcast/reliability.npz`` (atomically).

    Parameters
    ----------
    directory
        The forecasts directory.
    result
        What :func:`summitcast.fit.fit_questions` returned.
    input_digest
        :func:`input_hash` of ``directory``, taken before the questions were read (so that a
        concurrent edit makes the fit stale, not wrong).
    tune
        Tuning steps per chain (recorded in the metadata).

    Returns
    -------
    Path
        The file written.
    """
    meta = {
        "format_version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "questions": list(result.question_ids),
        "events": list(result.event_ids),
        "applied": result.applied,
        "guard": result.guard,
        "n_items": result.n_items,
        "n_window_items": result.n_window_items,
        "n_fixed": result.n_fixed,
        "items_by_type": {t.name: t.n_items for t in result.types},
        "input_hash": input_digest,
        "versions": _versions(result.sampler),
        "sampler": result.sampler,
        "seed": result.seed,
        "draws": result.draws,
        "tune": tune,
        "chains": result.chains,
        "diagnostics": {
            "divergences": result.divergences,
            "max_r_hat": max((r["r_hat"] for r in result.summary), default=math.nan),
            "min_ess_bulk": min((r["ess_bulk"] for r in result.summary), default=math.nan),
            "min_ess_tail": min((r["ess_tail"] for r in result.summary), default=math.nan),
            "warnings": result.warnings,
        },
        "types": [t.to_json() for t in result.types],
        "chances": [c.to_json() for c in result.chances],
        "rate": None if result.rate is None else result.rate.to_json(),
        "learned_kinds": [c.name for c in result.chances if c.n_items > 0],
        "rate_learned": result.rate is not None and result.rate.n_items > 0,
        "timings": result.timings,
    }
    return _save_draws(
        directory,
        [t.name for t in result.types],
        result.type_draws,
        [s.name for s in result.sources],
        list(result.source_types),
        result.source_draws,
        _json_safe(meta),
        result.kind_names if result.chance_draws is not None else (),
        result.chance_draws,
        result.rate_draws,
    )
