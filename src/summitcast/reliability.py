"""Learned source reliability: the fit (PyMC), its stored draws (numpy), the forecast in PyMC.

Two halves with very different costs:

* **Reading a fit** (:func:`load_learned`, :func:`fit_info`, :func:`reliability_intervals`) is
  numpy only. ``show``, ``list`` and ``report`` call it on every run, so it never imports PyMC,
  ArviZ or PyTensor (a test checks ``sys.modules`` in a subprocess) and costs a few milliseconds.
* **Fitting** (:func:`fit_reliability`, ``summitcast fit``) and **the forecast model stated in
  PyMC** (:func:`forecast_model`) import PyMC, ArviZ and PyTensor inside the functions that need
  them.

The fit (docs/learning.md states it in full, with its validation): for each resolved,
non-annulled question ``k`` with outcome ``y_k`` (1 = a meeting within the span),

.. code-block:: text

    y_k ~ Bernoulli(Q_k)
    Q_k ≈ E[σ(logit p + Σᵢ rᵢ ℓᵢ)], p ~ Beta(p₀w, (1−p₀)w), ℓᵢ ~ N(μᵢ, σᵢ²)   (the forecast's Q)
        ≈ σ(m_k / √(1 + π v_k / 8))                                   (probit approximation)
    m_k = c_k · logit p₀ + Σᵢ r_{s(i)} μᵢ,   v_k = Var(logit p) + Σᵢ r_{s(i)}² σᵢ²
    r_s = σ(η_{type(s)} + τ z_s),       z_s ~ N(0, 1)               (per source, non-centred)
    η_t = logit(default_t) + δ + z_t,   z_t ~ N(0, 1)               (per source type)
    δ ~ N(0, 0.5)  (global calibration shift),   τ ~ HalfNormal(0.5)

``c_k = √(1 + π Var(logit p)/8)`` makes ``Q_k`` equal the stated prior probability exactly when
there is no evidence. Items enter with their stated log-LR (no decay, no window expiry) if logged
before the resolution date and on or before the deadline, de-duplicated by origin (the largest
``|r⁰ μ|`` at the default or explicit reliability ``r⁰`` acts). Items with an explicit ``reliability``
enter at that value, as a fixed offset.

The stored draws (``DIR/.summitcast/reliability.npz``) are plain numpy arrays: ``type_names`` and
``type_draws`` ``(D, n_types)``, ``source_names``, ``source_types`` and ``source_draws`` ``(D,
n_sources)``, and ``metadata``, a one-element string array holding JSON (questions used, UTC date,
versions, sampler, seed, input hash, diagnostics, per-type summaries). The input hash covers the
bytes of every question file that has a resolution (see :func:`input_hash`); a fit whose hash no
longer matches the ledger is *stale*.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import math
import os
import re
import sys
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from summitcast.errors import FitError
from summitcast.model import (
    DEFAULT_RELIABILITY,
    LearnedReliability,
    elapsed_share,
    evidence_terms,
    log_lr_spread,
    source_key,
    stated_reliability,
)
from summitcast.question import SOURCE_TYPES, STRENGTH_LR, Evidence, Prior, Question, Resolution

if TYPE_CHECKING:  # pragma: no cover - typing only; never imported at run time here
    import pymc as pm

__all__ = [
    "CALIBRATION_PRIOR_SD",
    "FIT_FILE",
    "FORMAT_VERSION",
    "RHAT_WARN",
    "SOURCE_SCALE_PRIOR_SD",
    "TYPE_PRIOR_SD",
    "FitData",
    "FitResult",
    "TypeSummary",
    "build_fit_model",
    "fit_data",
    "fit_info",
    "fit_path",
    "fit_questions",
    "fit_reliability",
    "forecast_model",
    "input_hash",
    "load_learned",
    "reliability_intervals",
    "simulate_questions",
]

#: Where the draws live, relative to the forecasts directory.
FIT_FILE = Path(".summitcast") / "reliability.npz"
#: Version of the stored format and of the fitted model; a fit of another version counts as stale.
FORMAT_VERSION = 1
#: Prior scale of each type's deviation from its default, on the logit scale of reliability.
TYPE_PRIOR_SD = 1.0
#: Prior scale of the global calibration shift δ (all types' logit-reliability move together).
CALIBRATION_PRIOR_SD = 0.5
#: Prior scale (half-normal) of the spread τ of individual sources around their type.
SOURCE_SCALE_PRIOR_SD = 0.5
#: Warn above this split-R̂.
RHAT_WARN = 1.01
#: Warn below this bulk or tail effective sample size.
ESS_WARN = 100
#: Central mass of the per-type intervals reported by ``fit`` and ``report``.
INTERVAL = 0.80

Sampler = Literal["pymc", "nutpie"]

_RESOLVED_RE = re.compile(rb"^[ \t]*(\[[ \t]*resolution[ \t]*\]|resolution[ \t]*=)", re.MULTILINE)


# ====================================================================== reading a fit (numpy only)


def fit_path(directory: Path) -> Path:
    """The stored draws of ``directory``'s fit: ``DIR/.summitcast/reliability.npz``."""
    return Path(directory) / FIT_FILE


def input_hash(directory: Path) -> str:
    """A sha256 over what the fit learns from: the bytes of every question file with a resolution.

    Files are taken in name order, each as its name and its bytes; a file counts when a line starts
    with ``[resolution]`` (or ``resolution =``). Any edit of a resolved question (evidence, prior,
    outcome), a new resolution, a removed or renamed resolved question changes the hash; edits of
    open questions do not. Reading the bytes is cheap (no TOML parsing), so ``show`` can check
    staleness on every run.

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
    if d.is_dir():
        for path in sorted(p for p in d.glob("*.toml") if p.is_file()):
            data = path.read_bytes()
            if _RESOLVED_RE.search(data):
                h.update(path.name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
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
        Per-type and per-source draws (columns of equal length), with ``stale=True`` when the
        resolved questions changed since the fit (see :func:`input_hash`); ``None`` without a
        fit.

    Raises
    ------
    FitError
        When the stored file exists but cannot be read.
    """
    raw = _read_npz(directory)
    if raw is None:
        return None
    by_type = {n: raw["type_draws"][:, k].copy() for k, n in enumerate(raw["type_names"])}
    by_source = {n: raw["source_draws"][:, k].copy() for k, n in enumerate(raw["source_names"])}
    return LearnedReliability(
        by_type=by_type, by_source=by_source, stale=_is_stale(directory, raw["meta"])
    )


@dataclass(frozen=True)
class TypeSummary:
    """The posterior of one source type's reliability (or of one source's).

    Attributes
    ----------
    name
        The source type (or source key).
    mean, low, high
        Posterior mean and central ``INTERVAL`` interval.
    default
        The documented default of the type (``model.DEFAULT_RELIABILITY``).
    n_items
        Evidence items of this type (source) that entered the fit after origin de-duplication.
    """

    name: str
    mean: float
    low: float
    high: float
    default: float
    n_items: int

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dataclasses.asdict(self)


def _summaries(
    names: Sequence[str],
    draws: np.ndarray,
    defaults: Sequence[float],
    counts: Sequence[int],
    prob: float = INTERVAL,
) -> list[TypeSummary]:
    tail = (1.0 - prob) / 2
    out = []
    for k, name in enumerate(names):
        col = draws[:, k]
        lo, hi = np.quantile(col, [tail, 1 - tail])
        out.append(
            TypeSummary(
                name, float(col.mean()), float(lo), float(hi), float(defaults[k]), int(counts[k])
            )
        )
    return out


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
        The stored metadata (``questions``, ``created``, ``versions``, ``sampler``, ``seed``,
        ``draws``, ``chains``, ``input_hash``, ``diagnostics``, ``types``, ...) plus ``path`` and
        ``stale``; ``None`` without a fit.
    """
    raw = _read_npz(directory)
    if raw is None:
        return None
    info = dict(raw["meta"])
    info["path"] = str(raw["path"])
    info["stale"] = _is_stale(directory, raw["meta"])
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
) -> Path:
    """Write the draws atomically (:func:`summitcast.store.atomic_write`)."""
    import io

    from summitcast.store import atomic_write

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
        metadata=np.asarray([json.dumps(meta, sort_keys=True, allow_nan=False)], dtype=str),
    )
    atomic_write(path, buf.getvalue())
    return path


# ================================================================================== the fit's data


@dataclass(frozen=True)
class FitData:
    """The resolved questions reduced to what the fit needs (sums per question and source).

    Attributes
    ----------
    question_ids
        The questions used, in input order.
    y
        Outcomes, 1 = yes, shape ``(K,)``.
    prior_logit
        ``c_k · logit p₀``: the prior's location, scaled so that no evidence gives back p₀ exactly.
    prior_var
        ``Var(logit p)`` under the Beta prior.
    fixed_mean, fixed_var
        ``Σ r μ`` and ``Σ r² σ²`` of the items with an explicit reliability.
    type_names
        The source types (all of ``SOURCE_TYPES``, so a type without data keeps its prior).
    source_names, source_type
        Learned sources (keys from ``model.source_key``) and the index of each one's type.
    mu_sum, var_sum
        ``(K, S)``: ``Σ μ`` and ``Σ σ²`` of each question's acting items from each source.
    items_by_type, items_by_source
        How many acting items each type / source contributes.
    n_fixed
        Acting items with an explicit reliability.
    """

    question_ids: tuple[str, ...]
    y: np.ndarray
    prior_logit: np.ndarray
    prior_var: np.ndarray
    fixed_mean: np.ndarray
    fixed_var: np.ndarray
    type_names: tuple[str, ...]
    source_names: tuple[str, ...]
    source_type: np.ndarray
    mu_sum: np.ndarray
    var_sum: np.ndarray
    items_by_type: dict[str, int]
    items_by_source: dict[str, int]
    n_fixed: int

    @property
    def n_items(self) -> int:
        """Acting items whose reliability is learned."""
        return sum(self.items_by_type.values())


def _acting_items(question: Question) -> list[Evidence]:
    """The items of a resolved ``question`` that enter the fit: logged before it, one per origin."""
    assert question.resolution is not None
    cutoff = min(question.resolution.date - dt.timedelta(days=1), question.deadline)
    by_origin: dict[str, Evidence] = {}
    for e in sorted(question.evidence, key=lambda e: (e.date, e.id)):
        if e.logged > cutoff:
            continue
        best = by_origin.get(e.origin_key)
        if best is None or abs(stated_reliability(e) * e.log_lr) > abs(
            stated_reliability(best) * best.log_lr
        ):
            by_origin[e.origin_key] = e
    return list(by_origin.values())


def fit_data(questions: Iterable[Question]) -> FitData:
    """Reduce resolved questions to the fit's data (annulled and unresolved questions are left out).

    Parameters
    ----------
    questions
        Questions, in any order; only those resolved ``yes`` or ``no`` are used.

    Returns
    -------
    FitData
        Per question: outcome, prior terms, fixed offsets; per question and source: sums of μ
        and σ².

    Raises
    ------
    FitError
        When no question is resolved yes or no.
    """
    from scipy.special import polygamma  # the fit path only

    used = [
        q for q in questions if q.resolution is not None and q.resolution.outcome in ("yes", "no")
    ]
    if not used:
        raise FitError(
            "no resolved questions to learn from (resolve some with `summitcast resolve ID yes|no`)"
        )
    acting = [_acting_items(q) for q in used]
    # each learned source's type: its most frequent type among its items (ties: SOURCE_TYPES order)
    type_counts: dict[str, Counter[str]] = {}
    for items in acting:
        for e in items:
            if e.reliability is None:
                type_counts.setdefault(source_key(e.source), Counter())[e.source_type] += 1
    source_names = tuple(sorted(type_counts))
    s_index = {s: k for k, s in enumerate(source_names)}
    type_names = tuple(SOURCE_TYPES)
    source_type = np.array(
        [
            type_names.index(
                max(type_counts[s].items(), key=lambda kv: (kv[1], -type_names.index(kv[0])))[0]
            )
            for s in source_names
        ],
        dtype=np.int64,
    )
    K, S = len(used), len(source_names)
    mu_sum = np.zeros((K, S))
    var_sum = np.zeros((K, S))
    fixed_mean = np.zeros(K)
    fixed_var = np.zeros(K)
    items_by_type = dict.fromkeys(type_names, 0)
    items_by_source = dict.fromkeys(source_names, 0)
    n_fixed = 0
    for k, items in enumerate(acting):
        for e in items:
            mu = e.log_lr
            var = float(log_lr_spread(mu)) ** 2
            if e.reliability is not None:
                fixed_mean[k] += e.reliability * mu
                fixed_var[k] += e.reliability**2 * var
                n_fixed += 1
                continue
            s = s_index[source_key(e.source)]
            mu_sum[k, s] += mu
            var_sum[k, s] += var
            items_by_type[type_names[source_type[s]]] += 1
            items_by_source[source_names[s]] += 1
    a = np.array([q.prior.alpha for q in used])
    b = np.array([q.prior.beta for q in used])
    p0 = np.array([q.prior.probability for q in used])
    prior_var = polygamma(1, a) + polygamma(1, b)
    prior_logit = np.log(p0 / (1 - p0)) * np.sqrt(1 + math.pi * prior_var / 8)
    y = np.array([1 if q.resolution.outcome == "yes" else 0 for q in used], dtype=np.int64)
    return FitData(
        question_ids=tuple(q.id for q in used),
        y=y,
        prior_logit=prior_logit,
        prior_var=prior_var,
        fixed_mean=fixed_mean,
        fixed_var=fixed_var,
        type_names=type_names,
        source_names=source_names,
        source_type=source_type,
        mu_sum=mu_sum,
        var_sum=var_sum,
        items_by_type=items_by_type,
        items_by_source=items_by_source,
        n_fixed=n_fixed,
    )


# ============================================================================ the fit (PyMC, lazy)


def build_fit_model(data: FitData) -> pm.Model:
    """The hierarchical reliability model in PyMC (see the module docstring and docs/learning.md).

    The observed outcomes are a ``pm.Data`` container named ``y_obs`` so that simulation-based
    calibration can refit the same compiled model to new outcomes.

    Parameters
    ----------
    data
        From :func:`fit_data`.

    Returns
    -------
    pymc.Model
        Free variables ``calibration`` (δ), ``z_type``, ``tau``, ``z_source``; deterministics
        ``r_type`` and ``r_source``.
    """
    import pymc as pm
    import pytensor.tensor as pt

    defaults = np.array([DEFAULT_RELIABILITY[t] for t in data.type_names])
    coords = {"type": list(data.type_names), "source": list(data.source_names)}
    with pm.Model(coords=coords) as model:
        delta = pm.Normal("calibration", 0.0, CALIBRATION_PRIOR_SD)
        z_type = pm.Normal("z_type", 0.0, 1.0, dims="type")
        eta_type = np.log(defaults / (1 - defaults)) + delta + TYPE_PRIOR_SD * z_type
        pm.Deterministic("r_type", pm.math.sigmoid(eta_type), dims="type")
        m = data.prior_logit + data.fixed_mean
        v = data.prior_var + data.fixed_var
        if data.source_names:
            tau = pm.HalfNormal("tau", SOURCE_SCALE_PRIOR_SD)
            z_source = pm.Normal("z_source", 0.0, 1.0, dims="source")
            r_source = pm.Deterministic(
                "r_source",
                pm.math.sigmoid(eta_type[data.source_type] + tau * z_source),
                dims="source",
            )
            m = m + pt.dot(data.mu_sum, r_source)
            v = v + pt.dot(data.var_sum, r_source**2)
        logit_q = m / pt.sqrt(1.0 + (math.pi / 8.0) * v)
        y_obs = pm.Data("y_obs", data.y)
        pm.Bernoulli("y", logit_p=logit_q, observed=y_obs)
    return model


@dataclass(frozen=True)
class FitResult:
    """The outcome of ``summitcast fit``.

    Attributes
    ----------
    path
        Where the draws were saved (``None`` when not saved).
    question_ids
        The resolved questions used.
    n_items, n_fixed
        Acting items with learned reliability, and with an explicit one.
    summary
        One row per reported parameter: ``name``, ``mean``, ``sd``, ``low``, ``high`` (central 80%),
        ``ess_bulk``, ``ess_tail``, ``r_hat``.
    divergences
        Divergent transitions after tuning.
    warnings
        Convergence warnings (empty when all is well).
    types, sources
        Per-type and per-source posterior summaries.
    source_types
        The type each source is pooled towards (aligned with ``sources``).
    sampler, seed, draws, chains
        How it was run.
    timings
        Seconds: ``compile``, ``sample``, ``total``.
    """

    path: Path | None
    question_ids: tuple[str, ...]
    n_items: int
    n_fixed: int
    summary: list[dict[str, Any]]
    divergences: int
    warnings: list[str]
    types: list[TypeSummary]
    sources: list[TypeSummary]
    source_types: tuple[str, ...]
    sampler: str
    seed: int
    draws: int
    chains: int
    timings: dict[str, float]
    type_draws: np.ndarray = field(repr=False, compare=False)
    source_draws: np.ndarray = field(repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The ``fit --json`` document (NaN, e.g. r_hat of a single chain, becomes ``null``)."""
        return _json_safe(
            {
                "path": None if self.path is None else str(self.path),
                "questions": list(self.question_ids),
                "n_questions": len(self.question_ids),
                "n_items": self.n_items,
                "n_fixed": self.n_fixed,
                "sampler": self.sampler,
                "seed": self.seed,
                "draws": self.draws,
                "chains": self.chains,
                "divergences": self.divergences,
                "warnings": list(self.warnings),
                "parameters": self.summary,
                "types": [t.to_json() for t in self.types],
                "sources": [
                    {**s.to_json(), "type": t}
                    for s, t in zip(self.sources, self.source_types, strict=True)
                ],
                "timings": self.timings,
            }
        )

    def render_text(self) -> str:
        """The human report: summary table, per-type 80% intervals, divergences, warnings."""
        lines = [
            f"Learned reliability from {len(self.question_ids)} resolved question"
            f"{'s' if len(self.question_ids) != 1 else ''} ({self.n_items} items learned from, "
            f"{self.n_fixed} with explicit reliability); sampler {self.sampler}, {self.chains} "
            f"chain{'s' if self.chains != 1 else ''} x {self.draws} draws, seed {self.seed}.",
            "",
            f"{'parameter':<28}{'mean':>8}{'sd':>8}{'10%':>8}{'90%':>8}"
            f"{'ess_bulk':>10}{'ess_tail':>10}{'r_hat':>8}",
        ]
        for row in self.summary:
            if row["name"].startswith("r_source["):
                continue
            lines.append(
                f"{row['name']:<28}{row['mean']:>8.3f}{row['sd']:>8.3f}{row['low']:>8.3f}"
                f"{row['high']:>8.3f}{row['ess_bulk']:>10.0f}{row['ess_tail']:>10.0f}"
                f"{row['r_hat']:>8.3f}"
            )
        n_src = sum(1 for r in self.summary if r["name"].startswith("r_source["))
        if n_src:
            worst = max(
                (r for r in self.summary if r["name"].startswith("r_source[")),
                key=lambda r: r["r_hat"],
            )
            lines.append(
                f"({n_src} per-source reliabilities not shown; worst r_hat {worst['r_hat']:.3f} "
                f"for {worst['name']}; `fit --json` lists them all)"
            )
        lines += ["", "Reliability by source type (posterior mean, 80% interval; default; items):"]
        for t in self.types:
            lines.append(
                f"  {t.name:<10} {t.mean:.2f}  [{t.low:.2f}, {t.high:.2f}]   default {t.default:.2f}"
                f"   {t.n_items} items{'  (no data: prior only)' if t.n_items == 0 else ''}"
            )
        lines += ["", f"Divergent transitions: {self.divergences}"]
        for w in self.warnings:
            lines.append(f"WARNING: {w}")
        if not self.warnings:
            lines.append("Diagnostics: all r_hat <= 1.01, no divergences.")
        lines.append(
            f"Timing: compile {self.timings.get('compile', math.nan):.1f} s, sample "
            f"{self.timings.get('sample', math.nan):.1f} s."
        )
        if self.path is not None:
            lines.append(f"Saved {self.draws * self.chains} draws to {self.path}")
        return "\n".join(lines)


def _json_safe(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by ``None`` (strict JSON)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _quiet_imports() -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        import arviz as az
        import pymc as pm
    return pm, az


def _sample(
    model: pm.Model,
    *,
    draws: int,
    tune: int,
    chains: int,
    seed: int,
    progressbar: bool,
    sampler: Sampler,
    target_accept: float,
) -> tuple[Any, dict[str, float]]:
    """Compile and sample; returns the InferenceData and the compile/sample seconds."""
    pm, _ = _quiet_imports()
    # The progress bar and sampler chatter go to stderr, so that `fit --json` prints only JSON.
    with contextlib.redirect_stdout(sys.stderr), warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=".*could not link to a BLAS", category=UserWarning
        )
        return _sample_inner(
            pm,
            model,
            draws=draws,
            tune=tune,
            chains=chains,
            seed=seed,
            progressbar=progressbar,
            sampler=sampler,
            target_accept=target_accept,
        )


def _sample_inner(
    pm: Any,
    model: pm.Model,
    *,
    draws: int,
    tune: int,
    chains: int,
    seed: int,
    progressbar: bool,
    sampler: Sampler,
    target_accept: float,
) -> tuple[Any, dict[str, float]]:
    t0 = time.perf_counter()
    if sampler == "nutpie":
        try:
            import nutpie
        except ImportError:
            raise FitError(
                "sampler 'nutpie' is not installed (pip install 'summitcast[nutpie]')"
            ) from None
        compiled = nutpie.compile_pymc_model(model)
        t1 = time.perf_counter()
        idata = nutpie.sample(
            compiled,
            draws=draws,
            tune=tune,
            chains=chains,
            seed=seed,
            progress_bar=progressbar,
            target_accept=target_accept,
            cores=min(chains, os.cpu_count() or 1),
        )
    elif sampler == "pymc":
        with model:
            step = pm.NUTS(target_accept=target_accept)  # compiles logp and its gradient
            t1 = time.perf_counter()
            idata = pm.sample(
                draws=draws,
                tune=tune,
                chains=chains,
                cores=min(chains, os.cpu_count() or 1),
                step=step,
                random_seed=seed,
                progressbar=progressbar,
                compute_convergence_checks=False,
            )
    else:
        raise FitError(f"unknown sampler {sampler!r} (choose 'pymc' or 'nutpie')")
    t2 = time.perf_counter()
    return idata, {"compile": t1 - t0, "sample": t2 - t1}


def _diagnose(idata: Any, data: FitData) -> tuple[list[dict[str, Any]], int, list[str]]:
    _, az = _quiet_imports()
    post = idata.posterior
    free = [v for v in ("calibration", "tau", "z_type", "z_source") if v in post]
    reported = [v for v in ("calibration", "tau", "r_type", "r_source") if v in post]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        diag = az.summary(idata, var_names=[*free, "r_type"], kind="diagnostics")
        stats = az.summary(idata, var_names=reported, kind="stats", hdi_prob=INTERVAL)
    # az.summary gives HDIs; the table reports central intervals, computed here from the draws.
    rows: list[dict[str, Any]] = []
    for name in stats.index:
        var, _, rest = name.partition("[")
        values = post[var].values
        values = values.reshape(values.shape[0] * values.shape[1], -1)
        col = 0
        if rest:
            label = rest.rstrip("]")
            dim = post[var].dims[2]
            col = list(post[var].coords[dim].values).index(label)
        lo, hi = np.quantile(values[:, col], [(1 - INTERVAL) / 2, (1 + INTERVAL) / 2])
        d = diag.loc[name] if name in diag.index else None
        if d is None:  # r_source: diagnostics of the underlying z_source
            d = diag.loc[name.replace("r_source", "z_source")]
        rows.append(
            {
                "name": name,
                "mean": float(stats.loc[name, "mean"]),
                "sd": float(stats.loc[name, "sd"]),
                "low": float(lo),
                "high": float(hi),
                "ess_bulk": float(d["ess_bulk"]),
                "ess_tail": float(d["ess_tail"]),
                "r_hat": float(d["r_hat"]),
            }
        )
    divergences = int(idata.sample_stats["diverging"].values.sum())
    msgs = []
    bad_rhat = diag[diag["r_hat"] > RHAT_WARN]
    if len(bad_rhat):
        worst = bad_rhat["r_hat"].idxmax()
        msgs.append(
            f"r_hat > {RHAT_WARN} for {len(bad_rhat)} parameter(s) (worst {worst}: "
            f"{bad_rhat.loc[worst, 'r_hat']:.3f}); the chains disagree: run with more --draws"
        )
    low_ess = diag[(diag["ess_bulk"] < ESS_WARN) | (diag["ess_tail"] < ESS_WARN)]
    if len(low_ess):
        msgs.append(
            f"effective sample size below {ESS_WARN} for {len(low_ess)} parameter(s) "
            f"(e.g. {low_ess.index[0]}); run with more --draws"
        )
    if idata.posterior.sizes["chain"] < 2:
        msgs.append("r_hat needs at least 2 chains: convergence is not checked (use --chains 2)")
    if divergences:
        msgs.append(
            f"{divergences} divergent transition(s): the posterior may be biased; "
            "treat the learned reliabilities with caution"
        )
    del data
    return rows, divergences, msgs


def _flat(idata: Any, var: str, n: int) -> np.ndarray:
    if var not in idata.posterior:
        return np.zeros((idata.posterior.sizes["chain"] * idata.posterior.sizes["draw"], 0))
    v = idata.posterior[var].values
    return v.reshape(v.shape[0] * v.shape[1], n)


def fit_questions(
    questions: Iterable[Question],
    *,
    draws: int = 1000,
    tune: int = 1000,
    chains: int = 2,
    seed: int = 0,
    progressbar: bool = True,
    sampler: Sampler = "pymc",
    target_accept: float = 0.9,
) -> FitResult:
    """Fit the reliability model to ``questions`` (without saving anything).

    Parameters
    ----------
    questions
        Questions; the resolved yes/no ones are used.
    draws, tune, chains, seed
        Sampler settings (draws and tuning steps per chain).
    progressbar
        Show the sampler's progress bar.
    sampler
        ``"pymc"`` (default) or ``"nutpie"`` (optional extra).
    target_accept
        NUTS target acceptance rate.

    Returns
    -------
    FitResult
        Summaries, diagnostics and the draws, with ``path=None``.

    Raises
    ------
    FitError
        No resolved questions, bad settings, or a sampler that is not installed.
    """
    for name, value, least in (("--draws", draws, 1), ("--chains", chains, 1), ("--tune", tune, 0)):
        if value < least:
            raise FitError(f"{name}: must be at least {least} (got {value})")
    t0 = time.perf_counter()
    data = fit_data(questions)
    model = build_fit_model(data)
    idata, timings = _sample(
        model,
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        progressbar=progressbar,
        sampler=sampler,
        target_accept=target_accept,
    )
    summary, divergences, msgs = _diagnose(idata, data)
    type_draws = _flat(idata, "r_type", len(data.type_names))
    source_draws = _flat(idata, "r_source", len(data.source_names))
    types = _summaries(
        data.type_names,
        type_draws,
        [DEFAULT_RELIABILITY[t] for t in data.type_names],
        [data.items_by_type[t] for t in data.type_names],
    )
    sources = _summaries(
        data.source_names,
        source_draws,
        [DEFAULT_RELIABILITY[data.type_names[i]] for i in data.source_type],
        [data.items_by_source[s] for s in data.source_names],
    )
    timings["total"] = time.perf_counter() - t0
    return FitResult(
        path=None,
        question_ids=data.question_ids,
        n_items=data.n_items,
        n_fixed=data.n_fixed,
        summary=summary,
        divergences=divergences,
        warnings=msgs,
        types=types,
        sources=sources,
        source_types=tuple(data.type_names[i] for i in data.source_type),
        sampler=sampler,
        seed=seed,
        draws=draws,
        chains=chains,
        timings=timings,
        type_draws=type_draws,
        source_draws=source_draws,
    )


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


def fit_reliability(
    directory: Path,
    *,
    draws: int = 1000,
    chains: int = 2,
    seed: int = 0,
    progressbar: bool = True,
    sampler: Sampler = "pymc",
    tune: int = 1000,
) -> FitResult:
    """``summitcast fit``: learn source reliability from the resolved questions and store it.

    Parameters
    ----------
    directory
        The forecasts directory; the draws go to ``DIR/.summitcast/reliability.npz``, written
        atomically.
    draws, chains, seed
        Sampler settings (``--draws``, ``--chains``, ``--seed``).
    progressbar
        Show PyMC's progress bar (on stderr).
    sampler
        ``"pymc"`` or ``"nutpie"`` (optional extra).
    tune
        Tuning steps per chain.

    Returns
    -------
    FitResult
        What ``fit`` prints (``render_text()``) or ``fit --json`` prints (``to_json()``).

    Raises
    ------
    FitError
        No resolved questions, bad settings, unavailable sampler.
    LedgerError
        An invalid question file.
    """
    from summitcast import ledger

    directory = Path(directory)
    digest = input_hash(
        directory
    )  # before reading, so a concurrent edit makes the fit stale, not wrong
    questions = ledger.load_all(directory)
    result = fit_questions(
        questions,
        draws=draws,
        tune=tune,
        chains=chains,
        seed=seed,
        progressbar=progressbar,
        sampler=sampler,
    )
    meta = {
        "format_version": FORMAT_VERSION,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "questions": list(result.question_ids),
        "n_items": result.n_items,
        "n_fixed": result.n_fixed,
        "items_by_type": {t.name: t.n_items for t in result.types},
        "input_hash": digest,
        "versions": _versions(sampler),
        "sampler": sampler,
        "seed": seed,
        "draws": draws,
        "tune": tune,
        "chains": chains,
        "diagnostics": {
            "divergences": result.divergences,
            "max_r_hat": max((r["r_hat"] for r in result.summary), default=math.nan),
            "min_ess_bulk": min((r["ess_bulk"] for r in result.summary), default=math.nan),
            "min_ess_tail": min((r["ess_tail"] for r in result.summary), default=math.nan),
            "warnings": result.warnings,
        },
        "types": [t.to_json() for t in result.types],
        "timings": result.timings,
    }
    meta = _json_safe(meta)
    path = _save_draws(
        directory,
        [t.name for t in result.types],
        result.type_draws,
        [s.name for s in result.sources],
        list(result.source_types),
        result.source_draws,
        meta,
    )
    return dataclasses.replace(result, path=path)


# ====================================================================== the forecast model in PyMC


def forecast_model(question: Question, as_of: dt.date, by: dt.date | None = None) -> pm.Model:
    """The forecast model of an open question in PyMC (``model.forecast`` does it by quadrature).

    .. code-block:: text

        p ~ Beta(p₀w, (1−p₀)w)
        ℓᵢ ~ Normal(μᵢ, σᵢ)                  for the items acting on ``as_of``
        q = σ(logit p + Σᵢ gᵢ rᵢ ℓᵢ)         gᵢ: decay × window activity × origin selection
        Potential: log(1 − q F(as_of))      the likelihood of "no meeting so far"
        P = q (F(by) − F(as_of)) / (1 − q F(as_of))

    The posterior mean of ``P`` equals ``model.forecast(question, as_of, by).probability`` for an
    open question (tests/test_model_pymc.py checks it within Monte Carlo error). Reliability is each
    item's explicit value or the type's default; status rules (resolved, closed) are outside the
    model.

    Parameters
    ----------
    question
        The question.
    as_of
        The as-of day.
    by
        The horizon (default the deadline).

    Returns
    -------
    pymc.Model
        With free variables ``p`` and ``log_lr`` (when any item acts) and deterministics ``q`` and
        ``P``.
    """
    import pymc as pm
    import pytensor.tensor as pt

    by = question.deadline if by is None else min(by, question.deadline)
    terms = evidence_terms(question, [as_of])
    g = terms.weight[0] * terms.reliability[0]
    act = np.flatnonzero(g != 0)
    f_t = float(elapsed_share(question, [as_of])[0])
    d_f = max(float(elapsed_share(question, [by])[0]) - f_t, 0.0)
    coords = {"item": [terms.ids[i] for i in act]}
    with pm.Model(coords=coords) as model:
        p = pm.Beta("p", alpha=question.prior.alpha, beta=question.prior.beta)
        z = pm.math.logit(p)
        if len(act):
            ell = pm.Normal("log_lr", mu=terms.mu[act], sigma=terms.sigma[act], dims="item")
            z = z + pt.dot(g[act], ell)
        q = pm.Deterministic("q", pm.math.sigmoid(z))
        pm.Potential("no_meeting_so_far", pt.log1p(-q * f_t))
        pm.Deterministic("P", q * d_f / (1.0 - q * f_t))
    return model


# ====================================================================================== simulation


def simulate_questions(
    n_questions: int,
    n_items: int,
    *,
    accuracy: dict[str, float] | None = None,
    sources_per_type: int = 4,
    reprint_share: float = 0.1,
    seed: int = 0,
    start: dt.date = dt.date(2020, 1, 1),
) -> list[Question]:
    """Simulated resolved questions where each source type is right with a known frequency.

    Each question has a prior probability p₀ ~ U(0.1, 0.6) (weight 20) and an outcome ~
    Bernoulli(p₀), so the stated prior is calibrated. Each item comes from a random source of a
    random type (among those in ``accuracy``); it points towards the true outcome with probability
    ``accuracy[type]`` and has a random strength level. A share ``reprint_share`` of items are
    reprints (same origin, media source) of an earlier item. Questions open every 10 days from
    ``start``, span 120 days, their evidence is logged in the first 60 days and they resolve on the
    deadline (``no``) or on a day after day 60 (``yes``).

    Parameters
    ----------
    n_questions, n_items
        Sizes.
    accuracy
        Probability that an item of each type points the right way (default: analyst 0.85, media
        0.5).
    sources_per_type
        Distinct sources of each type.
    reprint_share
        Share of items that reprint an earlier item of the same question.
    seed
        Random seed.
    start
        Opening day of the first question.

    Returns
    -------
    list of Question
        Resolved questions, in order of opening.
    """
    rng = np.random.default_rng(seed)
    acc = accuracy or {"analyst": 0.85, "media": 0.5}
    types = list(acc)
    levels = list(STRENGTH_LR)
    out = []
    for k in range(n_questions):
        opens = start + dt.timedelta(days=10 * k)
        deadline = opens + dt.timedelta(days=119)
        p0 = float(rng.uniform(0.1, 0.6))
        yes = bool(rng.random() < p0)
        items: list[Evidence] = []
        for j in range(n_items):
            day = opens + dt.timedelta(days=int(rng.integers(0, 60)))
            if items and rng.random() < reprint_share:
                orig = items[int(rng.integers(0, len(items)))]
                items.append(
                    dataclasses.replace(
                        orig,
                        id=f"e{j}",
                        source=f"media-{int(rng.integers(sources_per_type))}",
                        source_type="media",
                        origin=orig.origin_key,
                        date=max(day, orig.date),
                        logged=max(day, orig.date),
                    )
                )
                continue
            t = types[int(rng.integers(len(types)))]
            right = bool(rng.random() < acc[t])
            direction = "for" if right == yes else "against"
            items.append(
                Evidence(
                    id=f"e{j}",
                    date=day,
                    source=f"{t}-{int(rng.integers(sources_per_type))}",
                    says="simulated",
                    logged=day,
                    source_type=t,
                    strength=levels[int(rng.integers(len(levels)))],
                    direction=direction,
                )
            )
        res_day = opens + dt.timedelta(days=int(rng.integers(61, 120))) if yes else deadline
        out.append(
            Question(
                id=f"sim-{k:04d}",
                title=f"simulated question {k}",
                resolution_criteria="simulated",
                opens=opens,
                deadline=deadline,
                prior=Prior(p0, 20.0),
                evidence=tuple(items),
                resolution=Resolution("yes" if yes else "no", res_day),
            )
        )
    return out
