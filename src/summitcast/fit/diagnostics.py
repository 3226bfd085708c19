"""Posterior summaries, convergence diagnostics and the fit's report (numpy; ArviZ lazily).

:class:`TypeSummary` and :class:`FitResult` are plain data with their text and JSON renderings;
:func:`diagnose` computes r_hat, effective sample sizes and divergences of a sampler's draws with
ArviZ, imported inside the function.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover - typing only
    from summitcast.fit.sample import Draws

__all__ = ["ESS_WARN", "INTERVAL", "RHAT_WARN", "FitResult", "TypeSummary", "diagnose"]

#: Warn above this split-R̂.
RHAT_WARN = 1.01
#: Warn below this bulk or tail effective sample size.
ESS_WARN = 100
#: Central mass of the per-type intervals reported by ``fit`` and ``report``.
INTERVAL = 0.80


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
    type_draws, source_draws
        ``(D, T)`` and ``(D, S)`` posterior draws.
    event_ids
        The resolved events used (each contributes once).
    n_window_items
        Acting items scoped to a window (their reliability multiplies the window's hazard).
    guard
        The guard's verdict (:mod:`summitcast.fit.guard`) as a dict: ``applied``, ``passes``,
        ``n_events``, ``narrowing``, ``reasons``, ``message``.
    kind_names
        The occasion kinds (columns of ``chance_draws``).
    chance_draws, rate_draws
        ``(D, 4)`` and ``(D,)`` posterior draws of each kind's chance and of the ``floated``
        rule's rate (``None`` from a sampler that does not learn them).
    chances
        Per kind: posterior mean and interval, the default, and the occasions it was learned
        from (``n_items``).
    rate
        The rate's summary (``n_items``: events whose prior names the rule), or ``None``.
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
    event_ids: tuple[str, ...] = ()
    n_window_items: int = 0
    guard: dict[str, Any] = field(default_factory=dict)
    kind_names: tuple[str, ...] = ()
    chance_draws: np.ndarray | None = field(default=None, repr=False, compare=False)
    rate_draws: np.ndarray | None = field(default=None, repr=False, compare=False)
    chances: list[TypeSummary] = field(default_factory=list)
    rate: TypeSummary | None = None

    @property
    def applied(self) -> bool:
        """Whether forecasts use this fit (the guard passed, or ``--apply`` forced it)."""
        return bool(self.guard.get("applied", False))

    def to_json(self) -> dict[str, Any]:
        """The ``fit --json`` document (NaN, e.g. r_hat of a single chain, becomes ``null``)."""
        return _json_safe(
            {
                "path": None if self.path is None else str(self.path),
                "questions": list(self.question_ids),
                "n_questions": len(self.question_ids),
                "events": list(self.event_ids),
                "n_events": len(self.event_ids),
                "n_window_items": self.n_window_items,
                "applied": self.applied,
                "guard": self.guard,
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
                "chances": [{**c.to_json(), "n_occasions": c.n_items} for c in self.chances],
                "rate": None
                if self.rate is None
                else {**self.rate.to_json(), "n_rule_events": self.rate.n_items},
                "sources": [
                    {**s.to_json(), "type": t}
                    for s, t in zip(self.sources, self.source_types, strict=True)
                ],
                "timings": self.timings,
            }
        )

    def render_text(self) -> str:
        """The human report: summary table, per-type 80% intervals, divergences, warnings."""
        n_ev, n_q = len(self.event_ids), len(self.question_ids)
        lines = [
            f"Learned reliability from {n_ev} resolved event{'s' if n_ev != 1 else ''} "
            f"({n_q} question{'s' if n_q != 1 else ''}; {self.n_items} items learned from, "
            f"{self.n_window_items} of them about a window, {self.n_fixed} with explicit "
            f"reliability); sampler {self.sampler}, {self.chains} "
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
        if self.chances:
            lines += [
                "",
                "Chance of a meeting during an occasion, by kind (posterior mean, 80% interval; "
                "default; occasions):",
            ]
            for c in self.chances:
                lines.append(
                    f"  {c.name:<10} {c.mean:.2f}  [{c.low:.2f}, {c.high:.2f}]   default "
                    f"{c.default:.2f}   {c.n_items} occasions"
                    f"{'  (no data: prior only)' if c.n_items == 0 else ''}"
                )
        if self.rate is not None:
            r = self.rate
            lines += [
                "",
                f"Rate of the 'floated' prior rule, per year: {r.mean:.2f}  [{r.low:.2f}, "
                f"{r.high:.2f}]   default {r.default:.2f} (ln 2)   {r.n_items} events name the rule"
                f"{'  (no data: prior only)' if r.n_items == 0 else ''}",
            ]
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
        if self.guard:
            lines += ["", self.guard["message"]]
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


#: Free parameters (whose r_hat and ESS are checked) and the reported ones, in table order.
_FREE = ("calibration", "tau", "z_type", "z_source", "chance", "log_rate")
_REPORTED = ("calibration", "tau", "r_type", "r_source", "chance", "rate")
_AXES = {
    "z_type": "type",
    "r_type": "type",
    "z_source": "source",
    "r_source": "source",
    "chance": "kind",
}
#: Rows whose diagnostics are those of another variable (the same draws, transformed).
_DIAG_OF = {"r_source": "z_source", "rate": "log_rate"}


def _columns(name: str, values: np.ndarray, labels: Sequence[str]) -> list[tuple[str, np.ndarray]]:
    """``(row name, (chains, draws) array)`` for each element of one variable's draws."""
    if values.ndim == 2:
        return [(name, values)]
    return [(f"{name}[{label}]", values[:, :, k]) for k, label in enumerate(labels)]


def diagnose(
    draws: Draws,
    type_names: Sequence[str],
    source_names: Sequence[str],
    kind_names: Sequence[str] = (),
) -> tuple[list[dict[str, Any]], int, list[str]]:
    """Summary rows, divergence count and warnings of a sampler's draws (ArviZ, imported here).

    Parameters
    ----------
    draws
        What the sampler returned: ``posterior[name]`` of shape ``(chains, draws, ...)`` for
        ``calibration``, ``z_type``, ``r_type``, when there are learned sources ``tau``,
        ``z_source`` and ``r_source``, and ``chance``, ``log_rate`` and ``rate`` when given.
    type_names, source_names, kind_names
        Labels of the ``type``, ``source`` and ``kind`` axes.

    Returns
    -------
    rows, divergences, warnings
        One row per reported parameter (``name``, ``mean``, ``sd``, ``low``, ``high``,
        ``ess_bulk``, ``ess_tail``, ``r_hat``; per-source rows take the diagnostics of their
        ``z_source`` and the rate those of ``log_rate``, which rank-normalised diagnostics treat
        alike), the number of divergent transitions, and the convergence warnings.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import arviz as az

    post = draws.posterior
    labels = {"z_type": type_names, "r_type": type_names}
    labels |= {"z_source": source_names, "r_source": source_names, "chance": kind_names}
    present = [
        v for v in _FREE if v in post and (v not in ("tau", "z_source") or len(source_names))
    ]
    dims = {v: [axis] for v, axis in _AXES.items() if v in present or v == "r_type"}
    idata = az.from_dict(
        posterior={v: np.asarray(post[v], dtype=float) for v in [*present, "r_type"]},
        coords={"type": list(type_names), "source": list(source_names), "kind": list(kind_names)},
        dims=dims,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = az.summary(idata, kind="diagnostics")
    diag = {
        str(name): (float(row["ess_bulk"]), float(row["ess_tail"]), float(row["r_hat"]))
        for name, row in table.iterrows()
    }
    rows: list[dict[str, Any]] = []
    lo_q, hi_q = (1 - INTERVAL) / 2, (1 + INTERVAL) / 2
    for var in _REPORTED:
        if var not in post or (var in ("tau", "r_source") and not len(source_names)):
            continue
        for name, col in _columns(var, np.asarray(post[var], dtype=float), labels.get(var, ())):
            flat = col.reshape(-1)
            lo, hi = np.quantile(flat, [lo_q, hi_q])
            ess_bulk, ess_tail, r_hat = diag[name.replace(var, _DIAG_OF.get(var, var), 1)]
            rows.append(
                {
                    "name": name,
                    "mean": float(flat.mean()),
                    "sd": float(flat.std(ddof=1)) if flat.size > 1 else math.nan,
                    "low": float(lo),
                    "high": float(hi),
                    "ess_bulk": ess_bulk,
                    "ess_tail": ess_tail,
                    "r_hat": r_hat,
                }
            )
    divergences = int(np.asarray(draws.diverging).sum())
    return rows, divergences, _warnings(diag, int(draws.chains), divergences)


def _warnings(
    diag: dict[str, tuple[float, float, float]], chains: int, divergences: int
) -> list[str]:
    msgs = []
    bad_rhat = {k: v[2] for k, v in diag.items() if v[2] > RHAT_WARN}
    if bad_rhat:
        worst = max(bad_rhat, key=lambda k: bad_rhat[k])
        msgs.append(
            f"r_hat > {RHAT_WARN} for {len(bad_rhat)} parameter(s) (worst {worst}: "
            f"{bad_rhat[worst]:.3f}); the chains disagree: run with more --draws"
        )
    low_ess = [k for k, v in diag.items() if v[0] < ESS_WARN or v[1] < ESS_WARN]
    if low_ess:
        msgs.append(
            f"effective sample size below {ESS_WARN} for {len(low_ess)} parameter(s) "
            f"(e.g. {low_ess[0]}); run with more --draws"
        )
    if chains < 2:
        msgs.append("r_hat needs at least 2 chains: convergence is not checked (use --chains 2)")
    if divergences:
        msgs.append(
            f"{divergences} divergent transition(s): the posterior may be biased; "
            "treat the learned reliabilities with caution"
        )
    return msgs
