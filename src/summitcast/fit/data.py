"""The fit's data: resolved events reduced to what their likelihood under the v3 model needs (numpy).

Each **event** (a self-contained question is its own event) contributes once the likelihood of
what happened to it: a meeting on day ``M`` (the earliest ``yes`` resolution date among its
questions), or none up to ``D`` (the latest deadline among its questions resolved ``no``). Nested
questions of one event therefore never count its evidence twice.

The evidence is the model's own, as of the *day used* (``M − 1`` for a meeting; for none, ``D`` or
the day before that question's resolution, whichever is earlier): items logged by then, windows
announced (and not cancelled) by then, decay at that day, and the origin rule
(:func:`summitcast.model.evidence_terms` at the stated reliabilities). Then, as in the v3 model
(CONTRACT section 2, :mod:`summitcast.model.forecast`):

* items without a window move the odds of every route (the general log-LR ``ℓ``);
* items scoped to a ``period`` multiply its days on the ordinary route (*slots*, grouped by the
  model's :func:`~summitcast.model.hazard.hazard_structure`);
* items scoped to an occasion move that occasion's odds alone; every occasion live on the day
  used (announced, not cancelled) is a route with its kind's chance (learned) or its own
  ``chance`` (fixed).

Items with an explicit ``reliability`` enter at that value, as fixed offsets. A source is pooled
towards its most frequent type. :mod:`summitcast.fit.likelihood` states the likelihood and
evaluates it in numpy; :func:`quadrature_layout` lays out the nodes that it and the PyMC model
share.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import DEFAULT_FLOATED_RATE, OCCASION_KINDS, SOURCE_TYPES, Question
from summitcast.errors import FitError
from summitcast.model import evidence_terms, source_key
from summitcast.model.hazard import announced_mask, day_index, hazard_structure
from summitcast.model.quadrature import normal_nodes
from summitcast.model.routes import (
    RATE_PRIOR_SD,
    horizon_years,
    occasion_elapsed,
    occasions_live,
)

__all__ = [
    "FIT_WINDOW_NODES",
    "FLOATED_P_DESIGN",
    "KIND_NAMES",
    "LOG_MULTIPLIER_BOUND",
    "P_GRID_PAD",
    "P_GRID_STEPS",
    "P_GRID_TAIL",
    "RATE_GRID_SD",
    "TABLE_Z",
    "VAR_FLOOR",
    "EventOutcome",
    "FitData",
    "QuadratureLayout",
    "event_outcomes",
    "fit_data",
    "interpolate_log_g",
    "log_g_table",
    "p_grid",
    "quadrature_layout",
]

#: The occasion kinds whose chances the fit learns (columns of the chance parameter).
KIND_NAMES: tuple[str, ...] = tuple(OCCASION_KINDS)
#: Gauss-Hermite nodes per period multiplier, by how many periods carry evidence in one event
#: (a tensor grid); beyond six periods, 2 per period.
FIT_WINDOW_NODES = {1: 16, 2: 8, 3: 5, 4: 4, 5: 3, 6: 3}
#: The trapezoid grid over u = logit p of the prior Beta(a, b): nodes this many per local width
#: ``√(1/a + 1/b)`` of its log-density at the mode ``ln(a/b)`` ...
P_GRID_STEPS = 2.0
#: ... reaching ``P_GRID_TAIL / a`` below the mode and ``P_GRID_TAIL / b`` above it (plus three
#: local widths), where the density has fallen by ``e^−P_GRID_TAIL``.
P_GRID_TAIL = 12.0
#: A ``floated`` prior's grid covers its shapes for rates within this many prior sds of ln 2.
RATE_GRID_SD = 2.0
#: A period's log-multiplier is clamped to ±this at a node (e^60: far beyond any evidence, it only
#: keeps a wild sampler step from overflowing).
LOG_MULTIPLIER_BOUND = 60.0
#: Added to every variance of a summed log-LR before its square root (1e-20: a spread of 1e-10,
#: which keeps the gradient of √v finite where an event, slot or occasion has no items).
VAR_FLOOR = 1e-20
#: A floated prior's p = 1 − e^(−λY) is held in [this, 1 − this] by the fit (the model clips at 1e-9): a long
#: horizon at a high rate makes p ≈ 1, whose Beta(pw, (1 − p)w) has a tail too long for nodes of a useful step;
#: beyond 0.995 the ordinary route is all but certain either way.
FLOATED_P_DESIGN = 0.005
#: The floated grid's step (in local widths: 1/this) and tail (density down by e^−this): coarser than a written
#: prior's table, because it is summed at every evaluation (measured error below 2e-4, docs/learning.md).
FLOATED_STEPS = 1.5
FLOATED_TAIL = 9.0
#: Log-weight of the padding of the p grids (an event with fewer nodes than the widest).
P_GRID_PAD = -700.0


@dataclass(frozen=True)
class EventOutcome:
    """What happened to one event, as its resolved questions record it.

    Attributes
    ----------
    event
        The event.
    question_ids
        Its questions resolved ``yes`` or ``no``.
    met
        Whether a meeting happened (some question resolved ``yes``).
    day
        The meeting's day ``M``, or the last day ``D`` known to have passed without one.
    as_of
        The day whose evidence the likelihood uses (``M − 1``; for none, ``D`` or earlier when the
        ``no`` was settled before ``D``).
    """

    event: Event
    question_ids: tuple[str, ...]
    met: bool
    day: dt.date
    as_of: dt.date


@dataclass(frozen=True)
class FitData:
    """The resolved events reduced to what the fit needs.

    Shapes: ``K`` events, ``S`` learned sources, ``J`` period slots (an event's period with acting
    evidence), ``N`` hazard groups of the ordinary route (every event has at least one), ``O``
    occasions (every occasion live on an event's day used). ``x₁`` and ``x₂`` are the days whose
    survival the likelihood needs: ``M − 1`` and ``M`` for a meeting on ``M``; ``D`` and ``D`` for
    none up to ``D``.

    Attributes
    ----------
    event_ids, question_ids
        The events used (in input order) and their resolved questions.
    y
        ``(K,)``: 1 = a meeting on ``day``, 0 = none up to ``day``.
    prior_a, prior_b
        ``(K,)``: the Beta prior of the ordinary route's p as written (a ``floated`` prior at the
        default rate).
    prior_rule, prior_weight, years
        ``(K,)``: whether the prior names the ``floated`` rule (its p is then ``1 − e^(−λY)``,
        held as ``Beta(p·w, (1 − p)·w)``), its weight ``w`` and the horizon ``Y`` in years.
    fixed_mean, fixed_var
        ``(K,)``: ``Σ r w μ`` and ``Σ r² w² σ²`` of general items with an explicit reliability
        (``w`` the item's weight on the day used: decay × origin selection × visibility).
    type_names, source_names, source_type
        Source types (all of ``SOURCE_TYPES``), learned sources and each one's type index.
    mu_sum, var_sum
        ``(K, S)``: ``Σ w μ`` and ``Σ w² σ²`` of each event's general items from each source.
    slot_event, slot_mu, slot_var, slot_fixed, slot_fixed_var
        ``(J,)``, ``(J, S)``, ``(J, S)``, ``(J,)``, ``(J,)``: each period slot's event, its items'
        sums per learned source and of its items with an explicit reliability; the slot's
        log-multiplier is ``N(slot_fixed + Σ_s r_s slot_mu, slot_fixed_var + Σ_s r_s² slot_var)``.
    group_event, group_share, group_c1, group_c2, group_members
        ``(N,)``, ``(N,)``, ``(N,)``, ``(N,)``, ``(N, J)``: each group's event, its share of the
        ordinary route's profile, its share elapsed by the end of ``x₁`` and of ``x₂``, and the
        slots covering it.
    occ_event, occ_names, occ_kind, occ_chance
        ``(O,)``: each occasion's event, ``"event/window"``, its kind's index in
        :data:`KIND_NAMES` (−1 when its ``chance`` is set) and its set chance (NaN otherwise).
    occ_mu, occ_var, occ_fixed, occ_fixed_var
        ``(O, S)``, ``(O, S)``, ``(O,)``, ``(O,)``: sums of the items scoped to the occasion, as
        for the slots.
    occ_g1, occ_g2
        ``(O,)``: the share of the occasion's days elapsed by the end of ``x₁`` and ``x₂``.
    kind_names
        :data:`KIND_NAMES`.
    items_by_type, items_by_source
        How many acting items each type / source contributes.
    n_fixed, n_window_items, n_occasion_items
        Acting items with an explicit reliability; scoped to any window; scoped to an occasion.
    as_of, day
        ``(K,)`` dates: the day whose evidence is used, and ``M`` or ``D``.
    """

    event_ids: tuple[str, ...]
    question_ids: tuple[str, ...]
    y: np.ndarray
    prior_a: np.ndarray
    prior_b: np.ndarray
    prior_rule: np.ndarray
    prior_weight: np.ndarray
    years: np.ndarray
    fixed_mean: np.ndarray
    fixed_var: np.ndarray
    type_names: tuple[str, ...]
    source_names: tuple[str, ...]
    source_type: np.ndarray
    mu_sum: np.ndarray
    var_sum: np.ndarray
    slot_event: np.ndarray
    slot_mu: np.ndarray
    slot_var: np.ndarray
    slot_fixed: np.ndarray
    slot_fixed_var: np.ndarray
    group_event: np.ndarray
    group_share: np.ndarray
    group_c1: np.ndarray
    group_c2: np.ndarray
    group_members: np.ndarray
    occ_event: np.ndarray
    occ_names: tuple[str, ...]
    occ_kind: np.ndarray
    occ_chance: np.ndarray
    occ_mu: np.ndarray
    occ_var: np.ndarray
    occ_fixed: np.ndarray
    occ_fixed_var: np.ndarray
    occ_g1: np.ndarray
    occ_g2: np.ndarray
    kind_names: tuple[str, ...]
    items_by_type: dict[str, int]
    items_by_source: dict[str, int]
    n_fixed: int
    n_window_items: int
    n_occasion_items: int
    as_of: tuple[dt.date, ...]
    day: tuple[dt.date, ...]

    @property
    def n_items(self) -> int:
        """Acting items whose reliability is learned."""
        return sum(self.items_by_type.values())

    @property
    def occasions_by_kind(self) -> dict[str, int]:
        """How many occasions of each kind (without a set chance) the events hold."""
        return {k: int(np.sum(self.occ_kind == i)) for i, k in enumerate(self.kind_names)}

    @property
    def n_rule_events(self) -> int:
        """Events whose prior names the ``floated`` rule (they inform the rate)."""
        return int(np.sum(self.prior_rule))


def _pairs(items: Iterable[Question | tuple[Question, Event]]) -> list[tuple[Question, Event]]:
    out = []
    for item in items:
        if isinstance(item, tuple):
            out.append(item)
        else:
            out.append((item, as_event(item)))
    return out


def event_outcomes(items: Iterable[Question | tuple[Question, Event]]) -> list[EventOutcome]:
    """Group resolved questions by event and state what happened to each event.

    Parameters
    ----------
    items
        ``(question, event)`` pairs (``Workspace.load_all``), or self-contained questions.

    Returns
    -------
    list of EventOutcome
        One per event with a question resolved ``yes`` or ``no``, in order of first appearance.
    """
    by_event: dict[str, tuple[Event, list[Question]]] = {}
    for q, ev in _pairs(items):
        r = q.resolution
        if r is None or r.outcome not in ("yes", "no"):
            continue
        by_event.setdefault(ev.id, (ev, []))[1].append(q)
    out = []
    for ev, qs in by_event.values():
        yes = [q.resolution.date for q in qs if q.resolution.outcome == "yes"]  # type: ignore[union-attr]
        if yes:
            day = min(yes)
            met, as_of = True, day - dt.timedelta(days=1)
        else:
            last = max(qs, key=lambda q: q.deadline)
            day = min(last.deadline, ev.until)
            met = False
            as_of = min(day, last.resolution.date - dt.timedelta(days=1))  # type: ignore[union-attr]
        as_of = min(as_of, ev.until)
        out.append(EventOutcome(ev, tuple(q.id for q in qs), met, day, as_of))
    return out


Item = tuple[str, str, float, float]  # (source key, type, w μ, w² σ²)


@dataclass
class _Scoped:
    """The items on one period slot or one occasion: learned (by source) and fixed sums."""

    items: list[Item]
    fixed_mean: float = 0.0
    fixed_var: float = 0.0


@dataclass
class _EventRows:
    """One event's contribution, before the sources are indexed."""

    general: _Scoped
    slots: list[_Scoped]
    occasions: list[
        tuple[str, int, float, _Scoped, float, float]
    ]  # name, kind, chance, items, g1, g2
    share: np.ndarray
    c1: np.ndarray
    c2: np.ndarray
    members: np.ndarray  # (G, J_k)
    n_fixed: int
    n_occasion_items: int
    n_period_items: int


def _event_rows(o: EventOutcome) -> _EventRows:
    ev = o.event
    terms = evidence_terms(ev, [o.as_of])
    w = terms.weight[0]
    live = occasions_live(ev, o.as_of)
    acting = [i for i in range(len(ev.evidence)) if w[i] > 0]
    periods = sorted(
        {
            int(terms.window[i])
            for i in acting
            if terms.window[i] >= 0 and not ev.windows[terms.window[i]].is_occasion
        }
    )
    general = _Scoped([])
    slots = [_Scoped([]) for _ in periods]
    scoped = {k: _Scoped([]) for k in live}
    n_fixed = n_occ = n_per = 0
    for i in acting:
        e = ev.evidence[i]
        wmu = float(w[i] * terms.mu[i])
        wvar = float((w[i] * terms.sigma[i]) ** 2)
        k = int(terms.window[i])
        if k < 0:
            target = general
        elif ev.windows[k].is_occasion:
            if k not in scoped:  # an occasion not live on the day used: its items act on nothing
                continue
            target = scoped[k]
            n_occ += 1
        else:
            target = slots[periods.index(k)]
            n_per += 1
        if e.reliability is not None:
            n_fixed += 1
            target.fixed_mean += e.reliability * wmu
            target.fixed_var += e.reliability**2 * wvar
        else:
            target.items.append((source_key(e.source), e.source_type, wmu, wvar))
    mask = int(announced_mask(ev, [o.as_of])[0])
    st = hazard_structure(ev, mask, periods)
    idx = int(day_index(ev, [o.day])[0])
    x = np.array([idx - 1, idx]) if o.met else np.array([idx, idx])
    c = st.elapsed(x)
    days = np.array([o.day - dt.timedelta(days=1), o.day] if o.met else [o.day, o.day])
    occasions = []
    for k in live:
        win = ev.windows[k]
        g = occasion_elapsed(win, days.astype("datetime64[D]"))
        kind = -1 if win.chance is not None else KIND_NAMES.index(win.kind)
        chance = math.nan if win.chance is None else float(win.chance)
        occasions.append((f"{ev.id}/{win.id}", kind, chance, scoped[k], float(g[0]), float(g[1])))
    return _EventRows(
        general,
        slots,
        occasions,
        st.share.copy(),
        c[:, 0].copy(),
        c[:, 1].copy(),
        st.members.astype(float),
        n_fixed,
        n_occ,
        n_per,
    )


def _source_index(rows: list[_EventRows]) -> tuple[tuple[str, ...], np.ndarray]:
    """Learned sources (sorted) and each one's type: its most frequent (ties: SOURCE_TYPES order)."""
    counts: dict[str, Counter[str]] = {}
    for r in rows:
        for scope in (r.general, *r.slots, *(o[3] for o in r.occasions)):
            for src, typ, *_ in scope.items:
                counts.setdefault(src, Counter())[typ] += 1
    names = tuple(sorted(counts))
    types = list(SOURCE_TYPES)
    kind = np.array(
        [
            types.index(max(counts[s].items(), key=lambda kv: (kv[1], -types.index(kv[0])))[0])
            for s in names
        ],
        dtype=np.int64,
    )
    return names, kind


def _assemble(
    rows: list[_EventRows], source_names: tuple[str, ...], source_type: np.ndarray
) -> tuple[dict[str, np.ndarray], dict[str, int], dict[str, int]]:
    """The events' arrays (general sums, slots, hazard groups, occasions) and the item counts."""
    s_index = {s: k for k, s in enumerate(source_names)}
    type_names = tuple(SOURCE_TYPES)
    n_src = len(source_names)
    items_by_type = dict.fromkeys(type_names, 0)
    items_by_source = dict.fromkeys(source_names, 0)

    def sums(scope: _Scoped) -> tuple[np.ndarray, np.ndarray]:
        mu, var = np.zeros(n_src), np.zeros(n_src)
        for src, _, wmu, wvar in scope.items:
            mu[s_index[src]] += wmu
            var[s_index[src]] += wvar
            items_by_type[type_names[source_type[s_index[src]]]] += 1
            items_by_source[src] += 1
        return mu, var

    out: dict[str, list] = {
        k: []
        for k in [
            "mu_sum",
            "var_sum",
            "fixed_mean",
            "fixed_var",
            "slot_event",
            "slot_mu",
            "slot_var",
            "slot_fixed",
            "slot_fixed_var",
            "group_event",
            "group_share",
            "group_c1",
            "group_c2",
            "occ_event",
            "occ_names",
            "occ_kind",
            "occ_chance",
            "occ_mu",
            "occ_var",
            "occ_fixed",
            "occ_fixed_var",
            "occ_g1",
            "occ_g2",
        ]
    }
    members: list[tuple[int, np.ndarray]] = []  # (first slot, (G, J_k))
    for k, r in enumerate(rows):
        mu, var = sums(r.general)
        out["mu_sum"].append(mu)
        out["var_sum"].append(var)
        out["fixed_mean"].append(r.general.fixed_mean)
        out["fixed_var"].append(r.general.fixed_var)
        members.append((len(out["slot_event"]), r.members))
        for slot in r.slots:
            mu, var = sums(slot)
            out["slot_event"].append(k)
            out["slot_mu"].append(mu)
            out["slot_var"].append(var)
            out["slot_fixed"].append(slot.fixed_mean)
            out["slot_fixed_var"].append(slot.fixed_var)
        for g in range(len(r.share)):
            out["group_event"].append(k)
            out["group_share"].append(r.share[g])
            out["group_c1"].append(r.c1[g])
            out["group_c2"].append(r.c2[g])
        for name, kind, chance, scope, g1, g2 in r.occasions:
            mu, var = sums(scope)
            out["occ_event"].append(k)
            out["occ_names"].append(name)
            out["occ_kind"].append(kind)
            out["occ_chance"].append(chance)
            out["occ_mu"].append(mu)
            out["occ_var"].append(var)
            out["occ_fixed"].append(scope.fixed_mean)
            out["occ_fixed_var"].append(scope.fixed_var)
            out["occ_g1"].append(g1)
            out["occ_g2"].append(g2)
    n_slots = len(out["slot_event"])
    group_members = np.zeros((len(out["group_event"]), n_slots))
    row = 0
    for first, m in members:
        group_members[row : row + m.shape[0], first : first + m.shape[1]] = m
        row += m.shape[0]
    ints = {"slot_event", "group_event", "occ_event", "occ_kind"}
    matrices = {"mu_sum", "var_sum", "slot_mu", "slot_var", "occ_mu", "occ_var"}
    arrays: dict[str, np.ndarray] = {}
    for key, values in out.items():
        if key == "occ_names":
            continue
        if key in matrices:
            arrays[key] = np.array(values, dtype=float).reshape(len(values), n_src)
        else:
            arrays[key] = np.array(values, dtype=np.int64 if key in ints else float)
    arrays["group_members"] = group_members
    arrays["occ_names"] = tuple(out["occ_names"])  # type: ignore[assignment]
    return arrays, items_by_type, items_by_source


def fit_data(items: Iterable[Question | tuple[Question, Event]]) -> FitData:
    """Reduce resolved events to the fit's data (annulled and unresolved questions are left out).

    Parameters
    ----------
    items
        ``(question, event)`` pairs as :meth:`summitcast.store.workspace.Workspace.load_all` returns
        them, or self-contained questions; only questions resolved ``yes`` or ``no`` are used,
        grouped by event (:func:`event_outcomes`).

    Returns
    -------
    FitData
        Per event: outcome, prior, general evidence sums, period slots and hazard groups,
        occasions.

    Raises
    ------
    FitError
        When no question is resolved yes or no.
    """
    outcomes = event_outcomes(items)
    if not outcomes:
        raise FitError(
            "no resolved questions to learn from (resolve some with `summitcast resolve ID yes|no`)"
        )
    rows = [_event_rows(o) for o in outcomes]
    source_names, source_type = _source_index(rows)
    arrays, items_by_type, items_by_source = _assemble(rows, source_names, source_type)
    used = [o.event for o in outcomes]
    return FitData(
        event_ids=tuple(e.id for e in used),
        question_ids=tuple(q for o in outcomes for q in o.question_ids),
        y=np.array([1 if o.met else 0 for o in outcomes], dtype=np.int64),
        prior_a=np.array([e.prior.alpha for e in used]),
        prior_b=np.array([e.prior.beta for e in used]),
        prior_rule=np.array([e.prior.rule == "floated" for e in used], dtype=bool),
        prior_weight=np.array([e.prior.weight for e in used]),
        years=np.array([horizon_years(e) for e in used]),
        type_names=tuple(SOURCE_TYPES),
        source_names=source_names,
        source_type=source_type,
        kind_names=KIND_NAMES,
        items_by_type=items_by_type,
        items_by_source=items_by_source,
        n_fixed=sum(r.n_fixed for r in rows),
        n_window_items=sum(r.n_period_items + r.n_occasion_items for r in rows),
        n_occasion_items=sum(r.n_occasion_items for r in rows),
        as_of=tuple(o.as_of for o in outcomes),
        day=tuple(o.day for o in outcomes),
        **arrays,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------ the quadrature's nodes


@dataclass(frozen=True)
class QuadratureLayout:
    """Where the likelihood is evaluated: the nodes that the numpy and PyMC statements share.

    Shapes: ``K`` events, ``R`` rows (an event and one node of its period multipliers; one row for
    an event without period evidence), ``C`` cells (a row and one of its event's hazard groups),
    ``P`` pairs (a cell and one slot covering it), ``Z`` points of the tables, ``Kr`` events with
    a ``floated`` prior (at least one, a placeholder when there is none), ``U`` nodes of their
    widest p grid, ``Rr`` rows of those events (at least one).

    The ordinary route needs ``g_k(z) = E[σ(logit p + z)]`` over the event's prior at each row
    and node. For a prior as written, ``ln g_k`` is tabulated once on a grid of ``z`` (from the
    trapezoid over ``logit p``, :func:`p_grid`) with its derivative, and read by cubic Hermite
    interpolation (linear beyond the table's ends). For a ``floated`` prior, whose shape follows
    the learned rate, the trapezoid is summed at each evaluation.

    Attributes
    ----------
    eps, eps_w
        ``(N,)``: Gauss-Hermite nodes and weights of the general log-LR (the model's,
        :func:`summitcast.model.quadrature.normal_nodes`), shared by every route of an event;
        one node at 0 when no event has general items (exact then).
    occ_eps, occ_w
        ``(H,)``: the same for each occasion's own items (one node when no occasion has any).
    tab_lg, tab_dlg
        ``(K, Z)``: ``ln g_k`` and its derivative on :data:`TABLE_Z` (zero for a floated prior).
    row_event, row_weight, row_rule
        ``(R,)``: each row's event, its weight (the period nodes' weights; 1 without periods) and
        1 when its event's prior is floated.
    cell_row, cell_share, cell_c1, cell_c2
        ``(C,)``: each cell's row and its group's share of the profile and elapsed shares.
    pair_cell, pair_slot, pair_eps
        ``(P,)``: each pair's cell, slot and standard-normal node; a cell's log-multiplier is
        ``Σ_pairs (mean_slot + sd_slot · eps)``.
    rule_event, rule_grid, rule_pad
        ``(Kr,)``, ``(Kr, U)``, ``(Kr, U)``: the floated events, their trapezoid nodes ``v``
        (``logit p = ln(a/b) + v·√(1/a + 1/b)``, so that the nodes follow the shape the rate
        gives) and 0 at a node or :data:`P_GRID_PAD` in the padding.
    rule_row, rule_row_event, rule_row_mask
        ``(Rr,)``: the rows of floated events, the index of their event among ``rule_event``,
        and 1 (0 for the placeholder).
    """

    eps: np.ndarray
    eps_w: np.ndarray
    occ_eps: np.ndarray
    occ_w: np.ndarray
    tab_lg: np.ndarray
    tab_dlg: np.ndarray
    row_event: np.ndarray
    row_weight: np.ndarray
    row_rule: np.ndarray
    cell_row: np.ndarray
    cell_share: np.ndarray
    cell_c1: np.ndarray
    cell_c2: np.ndarray
    pair_cell: np.ndarray
    pair_slot: np.ndarray
    pair_eps: np.ndarray
    rule_event: np.ndarray
    rule_grid: np.ndarray
    rule_pad: np.ndarray
    rule_row: np.ndarray
    rule_row_event: np.ndarray
    rule_row_mask: np.ndarray


#: The points of the tables of ``ln g_k(z)`` (:class:`QuadratureLayout`).
TABLE_Z = np.linspace(-60.0, 60.0, 1201)


def log_g_table(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """``ln E[σ(logit p + z)]`` and its derivative on :data:`TABLE_Z`, ``p ~ Beta(a, b)``.

    Examples
    --------
    >>> lg, dlg = log_g_table(3.0, 7.0)
    >>> round(float(np.exp(lg[600])), 6)  # z = 0: E[p] = 0.3
    0.3
    """
    u = p_grid(a, b)
    lw = a * _log_sigmoid(u) + b * _log_sigmoid(-u)
    lw = lw - np.logaddexp.reduce(lw)
    x = u[None, :] + TABLE_Z[:, None]
    lg = np.logaddexp.reduce(lw + _log_sigmoid(x), axis=1)
    dlg = np.exp(np.logaddexp.reduce(lw + _log_sigmoid(x) + _log_sigmoid(-x), axis=1) - lg)
    return lg, dlg


def interpolate_log_g(
    lg: np.ndarray, dlg: np.ndarray, table: np.ndarray, z: np.ndarray
) -> np.ndarray:
    """Cubic Hermite interpolation of the tables at ``z`` (numpy; the PyMC model writes the same).

    ``lg``, ``dlg`` are ``(K, Z)``, ``table`` ``(...)`` the row of each ``z`` (same shape).
    """
    z0, dz, n = float(TABLE_Z[0]), float(TABLE_Z[1] - TABLE_Z[0]), len(TABLE_Z)
    zc = np.clip(z, z0, float(TABLE_Z[-1]) - 1e-9)
    pos = (zc - z0) / dz
    pos = np.where(np.isnan(pos), 0.0, pos)  # a NaN likelihood, never an index out of range
    i = np.floor(pos).astype(np.int64)
    t = pos - i
    flat = table * n + i
    f0, f1 = lg.ravel()[flat], lg.ravel()[flat + 1]
    d0, d1 = dlg.ravel()[flat] * dz, dlg.ravel()[flat + 1] * dz
    t2, t3 = t * t, t * t * t
    val = (2 * t3 - 3 * t2 + 1) * f0 + (t3 - 2 * t2 + t) * d0 + (3 * t2 - 2 * t3) * f1
    val = val + (t3 - t2) * d1
    return val + (z - zc) * dlg.ravel()[flat]


def _log_sigmoid(u: np.ndarray) -> np.ndarray:
    return -np.logaddexp(0.0, -u)


def _floated_shape(rate: float, years: float, weight: float) -> tuple[float, float]:
    p = min(max(-math.expm1(-rate * years), 1e-9), 1 - 1e-9)
    return p * weight, (1 - p) * weight


def p_grid(a: float, b: float) -> np.ndarray:
    """Trapezoid nodes over ``u = logit p`` for ``p ~ Beta(a, b)`` (module constants).

    The density of ``u`` is ``∝ σ(u)^a σ(−u)^b``: analytic in a strip around the real line, so
    the trapezoid rule converges geometrically; the step follows the local width at the mode
    and the range its exponential tails (``e^(a u)`` below, ``e^(−b u)`` above).

    Examples
    --------
    >>> u = p_grid(3.0, 7.0)
    >>> w = np.exp(3 * _log_sigmoid(u) + 7 * _log_sigmoid(-u))
    >>> round(float((w / w.sum()) @ (1 / (1 + np.exp(-u)))), 6)  # E[p] = a / (a + b)
    0.3
    """
    mode, width = math.log(a / b), math.sqrt(1 / a + 1 / b)
    lo = mode - P_GRID_TAIL / a - 3 * width
    hi = mode + P_GRID_TAIL / b + 3 * width
    return _grid(lo, hi, width / P_GRID_STEPS)


def _grid(lo: float, hi: float, step: float) -> np.ndarray:
    return lo + step * np.arange(math.ceil((hi - lo) / step) + 1)


def _floated_grid(data: FitData, k: int) -> np.ndarray:
    """A floated prior's nodes in units of the local width, relative to the mode: ``v`` such that
    ``u = ln(a/b) + v·√(1/a + 1/b)`` follows the shape ``(a, b)`` the rate gives (the PyMC model
    moves the nodes with the rate), wide enough for the shapes of every rate within
    :data:`RATE_GRID_SD` prior sds of ln 2."""
    spread = math.exp(RATE_GRID_SD * RATE_PRIOR_SD)
    lo, hi = 0.0, 0.0
    for rate in (
        DEFAULT_FLOATED_RATE / spread,
        DEFAULT_FLOATED_RATE,
        DEFAULT_FLOATED_RATE * spread,
    ):
        p = min(
            max(-math.expm1(-rate * float(data.years[k])), FLOATED_P_DESIGN), 1 - FLOATED_P_DESIGN
        )
        a, b = p * float(data.prior_weight[k]), (1 - p) * float(data.prior_weight[k])
        width = math.sqrt(1 / a + 1 / b)
        lo = min(lo, -(FLOATED_TAIL / a) / width - 3)
        hi = max(hi, (FLOATED_TAIL / b) / width + 3)
    return _grid(lo, hi, 1 / FLOATED_STEPS)


def _period_nodes(n_slots: int) -> tuple[np.ndarray, np.ndarray]:
    if n_slots == 0:
        return np.zeros((1, 0)), np.ones(1)
    nodes, weights = normal_nodes(FIT_WINDOW_NODES.get(n_slots, 2), n_slots)
    return nodes.reshape(-1, n_slots), weights


def quadrature_layout(data: FitData) -> QuadratureLayout:
    """The nodes of :mod:`summitcast.fit.likelihood` for ``data`` (see :class:`QuadratureLayout`).

    Parameters
    ----------
    data
        From :func:`fit_data`.

    Returns
    -------
    QuadratureLayout
        Nodes, tables and index arrays; they depend on the data only, never on the parameters.
    """
    n_ev = len(data.event_ids)
    tab_lg, tab_dlg = np.zeros((n_ev, len(TABLE_Z))), np.zeros((n_ev, len(TABLE_Z)))
    for k in range(n_ev):
        if not data.prior_rule[k]:
            tab_lg[k], tab_dlg[k] = _cached_table(float(data.prior_a[k]), float(data.prior_b[k]))
    rule_event = np.flatnonzero(data.prior_rule)
    grids = [_floated_grid(data, int(k)) for k in rule_event] or [np.zeros(1)]
    width = max(len(g) for g in grids)
    rule_grid = np.zeros((len(grids), width))
    rule_pad = np.full((len(grids), width), P_GRID_PAD)
    for j, g in enumerate(grids):
        rule_grid[j, : len(g)] = g
        rule_pad[j, : len(g)] = 0.0
    row_event, row_weight = [], []
    cell_row, cell_share, cell_c1, cell_c2 = [], [], [], []
    pair_cell, pair_slot, pair_eps = [], [], []
    for k in range(n_ev):
        slots = np.flatnonzero(data.slot_event == k)
        groups = np.flatnonzero(data.group_event == k)
        nodes, weights = _period_nodes(len(slots))
        for m in range(len(weights)):
            row = len(row_event)
            row_event.append(k)
            row_weight.append(weights[m])
            for g in groups:
                cell = len(cell_row)
                cell_row.append(row)
                cell_share.append(data.group_share[g])
                cell_c1.append(data.group_c1[g])
                cell_c2.append(data.group_c2[g])
                for j, s in enumerate(slots):
                    if data.group_members[g, s]:
                        pair_cell.append(cell)
                        pair_slot.append(s)
                        pair_eps.append(nodes[m, j])
    rows = np.array(row_event, dtype=np.int64)
    rule_row = np.flatnonzero(data.prior_rule[rows])
    rule_index = {int(k): j for j, k in enumerate(rule_event)}
    rule_row_event = np.array([rule_index[int(rows[i])] for i in rule_row], dtype=np.int64)
    mask = np.ones(len(rule_row))
    if not len(rule_row):
        rule_row, rule_row_event, mask = np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros(1)
    eps, eps_w = normal_nodes()
    # without items of a kind anywhere, their log-LR is 0 and one node integrates it exactly
    one, weight = np.zeros(1), np.ones(1)
    general = bool(np.any(data.fixed_var) or np.any(data.var_sum))
    own = bool(np.any(data.occ_fixed_var) or np.any(data.occ_var))
    return QuadratureLayout(
        eps=eps if general else one,
        eps_w=eps_w if general else weight,
        occ_eps=eps if own else one,
        occ_w=eps_w if own else weight,
        tab_lg=tab_lg,
        tab_dlg=tab_dlg,
        row_event=rows,
        row_weight=np.array(row_weight, dtype=float),
        row_rule=data.prior_rule[rows].astype(float),
        cell_row=np.array(cell_row, dtype=np.int64),
        cell_share=np.array(cell_share, dtype=float),
        cell_c1=np.array(cell_c1, dtype=float),
        cell_c2=np.array(cell_c2, dtype=float),
        pair_cell=np.array(pair_cell, dtype=np.int64),
        pair_slot=np.array(pair_slot, dtype=np.int64),
        pair_eps=np.array(pair_eps, dtype=float),
        rule_event=rule_event if len(rule_event) else np.zeros(1, np.int64),
        rule_grid=rule_grid,
        rule_pad=rule_pad,
        rule_row=rule_row.astype(np.int64),
        rule_row_event=rule_row_event,
        rule_row_mask=mask,
    )


@lru_cache(maxsize=512)
def _cached_table(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    return log_g_table(a, b)
