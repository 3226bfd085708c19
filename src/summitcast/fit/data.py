"""The fit's data: resolved events reduced to per-event, per-source sums (numpy; SciPy for ψ′ only).

Each **event** (a self-contained question is its own event) contributes once the likelihood of
what happened to it: a meeting on day ``M`` (the earliest ``yes`` resolution date among its
questions), or none up to ``D`` (the latest deadline among its questions resolved ``no``). Nested
questions of one event therefore never count its evidence twice.

The evidence is the model's own, as of the *day used* (``M − 1`` for a meeting; for none, ``D`` or
the day before that question's resolution, whichever is earlier): items logged by then, windows
announced by then, decay at that day, and the origin rule (:func:`summitcast.model.evidence_terms`
at the stated reliabilities). Items without a window shift the log-odds of a meeting within the
horizon; items scoped to a window multiply its days' hazard (the v2 rule, docs/model.md 4b). Items
with an explicit ``reliability`` enter at that value, as fixed offsets. A source is pooled towards
its most frequent type. docs/learning.md states the likelihood (:mod:`summitcast.fit.likelihood`
evaluates it in numpy).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import SOURCE_TYPES, Question
from summitcast.errors import FitError
from summitcast.model import evidence_terms, source_key
from summitcast.model.hazard import announced_mask, day_index, hazard_structure

__all__ = ["EventOutcome", "FitData", "event_outcomes", "fit_data"]

#: The smallest share of the profile a meeting day may hold (a meeting on a day of hazard 0).
MIN_DAY_SHARE = 1e-12


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

    Shapes: ``K`` events, ``S`` learned sources, ``J`` window slots (an event's window with acting
    evidence), ``N`` hazard groups (an event's days grouped by the evidence windows covering them;
    every event has at least one).

    Attributes
    ----------
    event_ids, question_ids
        The events used (in input order) and their resolved questions.
    y
        ``(K,)``: 1 = a meeting on ``day``, 0 = none up to ``day``.
    prior_logit, prior_var
        ``c_k · logit p₀`` (scaled so that no evidence gives back p₀ exactly) and ``Var(logit p)``.
    fixed_mean, fixed_var
        ``(K,)``: ``Σ r w μ`` and ``Σ r² w² σ²`` of general items with an explicit reliability
        (``w`` the item's weight on the day used: decay × origin selection × visibility).
    type_names, source_names, source_type
        Source types (all of ``SOURCE_TYPES``), learned sources and each one's type index.
    mu_sum, var_sum
        ``(K, S)``: ``Σ w μ`` and ``Σ w² σ²`` of each event's general items from each source.
    slot_event, slot_mu, slot_fixed
        ``(J,)``, ``(J, S)``, ``(J,)``: the event of each window slot, ``Σ w μ`` of its items
        from each learned source, and ``Σ r w μ`` of its items with an explicit reliability; the
        window's log-multiplier is ``λ_j = slot_fixed_j + Σ_s r_s slot_mu_js``.
    group_event, group_share, group_rest, group_members
        ``(N,)``, ``(N,)``, ``(N,)``, ``(N, J)``: each group's event, its share of the profile,
        its share after ``day`` (for ``y = 0``; 0 otherwise) and the slots covering it.
    day_group, log_day_share
        ``(K,)``: for ``y = 1`` the group holding the meeting day (−1 otherwise) and the log of
        the day's share of the profile.
    items_by_type, items_by_source
        How many acting items each type / source contributes.
    n_fixed, n_window_items
        Acting items with an explicit reliability; acting items scoped to a window.
    as_of, day
        ``(K,)`` dates: the day whose evidence is used, and ``M`` or ``D``.
    """

    event_ids: tuple[str, ...]
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
    slot_event: np.ndarray
    slot_mu: np.ndarray
    slot_fixed: np.ndarray
    group_event: np.ndarray
    group_share: np.ndarray
    group_rest: np.ndarray
    group_members: np.ndarray
    day_group: np.ndarray
    log_day_share: np.ndarray
    items_by_type: dict[str, int]
    items_by_source: dict[str, int]
    n_fixed: int
    n_window_items: int
    as_of: tuple[dt.date, ...]
    day: tuple[dt.date, ...]

    @property
    def n_items(self) -> int:
        """Acting items whose reliability is learned."""
        return sum(self.items_by_type.values())


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


@dataclass
class _EventRows:
    """One event's contribution, before the sources are indexed."""

    general: list[tuple[str, str, float, float]]  # (source key, type, w μ, w² σ²)
    fixed_mean: float
    fixed_var: float
    slots: list[tuple[list[tuple[str, str, float]], float]]  # items (source, type, w μ), fixed
    share: np.ndarray
    rest: np.ndarray
    members: np.ndarray  # (G, J_k)
    day_group: int
    log_day_share: float
    n_fixed: int


def _event_rows(o: EventOutcome) -> _EventRows:
    ev = o.event
    terms = evidence_terms(ev, [o.as_of])
    w = terms.weight[0]
    acting = [i for i in range(len(ev.evidence)) if w[i] > 0]
    windows = sorted({int(terms.window[i]) for i in acting if terms.window[i] >= 0})
    general: list[tuple[str, str, float, float]] = []
    slots: list[tuple[list[tuple[str, str, float]], float]] = [([], 0.0) for _ in windows]
    fixed_mean = fixed_var = 0.0
    n_fixed = 0
    for i in acting:
        e = ev.evidence[i]
        wmu = float(w[i] * terms.mu[i])
        wvar = float((w[i] * terms.sigma[i]) ** 2)
        k = int(terms.window[i])
        if e.reliability is not None:
            n_fixed += 1
            if k < 0:
                fixed_mean += e.reliability * wmu
                fixed_var += e.reliability**2 * wvar
            else:
                j = windows.index(k)
                slots[j] = (slots[j][0], slots[j][1] + e.reliability * wmu)
        elif k < 0:
            general.append((source_key(e.source), e.source_type, wmu, wvar))
        else:
            slots[windows.index(k)][0].append((source_key(e.source), e.source_type, wmu))
    mask = int(announced_mask(ev, [o.as_of])[0])
    st = hazard_structure(ev, mask, windows)
    idx = int(day_index(ev, [o.day])[0])
    if o.met:
        step = st.elapsed(np.array([idx]))[:, 0] - st.elapsed(np.array([idx - 1]))[:, 0]
        g = int(np.argmax(step))
        rest = np.zeros_like(st.share)
        log_day = math.log(max(float(step.sum()), MIN_DAY_SHARE))
    else:
        g, log_day = -1, 0.0
        rest = np.maximum(st.share - st.elapsed(np.array([idx]))[:, 0], 0.0)
    return _EventRows(
        general,
        fixed_mean,
        fixed_var,
        slots,
        st.share.copy(),
        rest,
        st.members.astype(float),
        g,
        log_day,
        n_fixed,
    )


def _source_index(rows: list[_EventRows]) -> tuple[tuple[str, ...], np.ndarray]:
    """Learned sources (sorted) and each one's type: its most frequent (ties: SOURCE_TYPES order)."""
    counts: dict[str, Counter[str]] = {}
    for r in rows:
        for src, typ, *_ in r.general:
            counts.setdefault(src, Counter())[typ] += 1
        for items, _ in r.slots:
            for src, typ, _ in items:
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
    """The events' arrays (general sums, window slots, hazard groups) and the item counts."""
    s_index = {s: k for k, s in enumerate(source_names)}
    type_names = tuple(SOURCE_TYPES)
    n_ev, n_src = len(rows), len(source_names)
    mu_sum, var_sum = np.zeros((n_ev, n_src)), np.zeros((n_ev, n_src))
    items_by_type = dict.fromkeys(type_names, 0)
    items_by_source = dict.fromkeys(source_names, 0)
    slot_event, slot_fixed, slot_mu = [], [], []
    g_event, g_share, g_rest, g_members, day_group = [], [], [], [], []
    n_slots = sum(len(r.slots) for r in rows)

    def count(src: str) -> None:
        items_by_type[type_names[source_type[s_index[src]]]] += 1
        items_by_source[src] += 1

    for k, r in enumerate(rows):
        for src, _, wmu, wvar in r.general:
            mu_sum[k, s_index[src]] += wmu
            var_sum[k, s_index[src]] += wvar
            count(src)
        first = len(slot_event)
        for slot_items, fixed in r.slots:
            row = np.zeros(n_src)
            for src, _, wmu in slot_items:
                row[s_index[src]] += wmu
                count(src)
            slot_event.append(k)
            slot_fixed.append(fixed)
            slot_mu.append(row)
        day_group.append(-1 if r.day_group < 0 else len(g_event) + r.day_group)
        for g in range(len(r.share)):
            member = np.zeros(n_slots)
            member[first : first + r.members.shape[1]] = r.members[g]
            g_event.append(k)
            g_share.append(r.share[g])
            g_rest.append(r.rest[g])
            g_members.append(member)
    arrays = {
        "mu_sum": mu_sum,
        "var_sum": var_sum,
        "slot_event": np.array(slot_event, dtype=np.int64),
        "slot_mu": np.array(slot_mu, dtype=float).reshape(n_slots, n_src),
        "slot_fixed": np.array(slot_fixed, dtype=float),
        "group_event": np.array(g_event, dtype=np.int64),
        "group_share": np.array(g_share, dtype=float),
        "group_rest": np.array(g_rest, dtype=float),
        "group_members": np.array(g_members, dtype=float).reshape(len(g_event), n_slots),
        "day_group": np.array(day_group, dtype=np.int64),
    }
    return arrays, items_by_type, items_by_source


def fit_data(items: Iterable[Question | tuple[Question, Event]]) -> FitData:
    """Reduce resolved events to the fit's data (annulled and unresolved questions are left out).

    Parameters
    ----------
    items
        ``(question, event)`` pairs as :meth:`summitcast.workspace.Workspace.load_all` returns
        them, or self-contained questions; only questions resolved ``yes`` or ``no`` are used,
        grouped by event (:func:`event_outcomes`).

    Returns
    -------
    FitData
        Per event: outcome, prior terms, general evidence sums, window slots, hazard groups.

    Raises
    ------
    FitError
        When no question is resolved yes or no.
    """
    from scipy.special import polygamma  # the fit path only

    outcomes = event_outcomes(items)
    if not outcomes:
        raise FitError(
            "no resolved questions to learn from (resolve some with `summitcast resolve ID yes|no`)"
        )
    rows = [_event_rows(o) for o in outcomes]
    source_names, source_type = _source_index(rows)
    arrays, items_by_type, items_by_source = _assemble(rows, source_names, source_type)
    type_names = tuple(SOURCE_TYPES)
    used = [o.event for o in outcomes]
    a = np.array([e.prior.alpha for e in used])
    b = np.array([e.prior.beta for e in used])
    p0 = np.array([e.prior.probability for e in used])
    prior_var = polygamma(1, a) + polygamma(1, b)
    return FitData(
        event_ids=tuple(e.id for e in used),
        question_ids=tuple(q for o in outcomes for q in o.question_ids),
        y=np.array([1 if o.met else 0 for o in outcomes], dtype=np.int64),
        prior_logit=np.log(p0 / (1 - p0)) * np.sqrt(1 + math.pi * prior_var / 8),
        prior_var=prior_var,
        fixed_mean=np.array([r.fixed_mean for r in rows]),
        fixed_var=np.array([r.fixed_var for r in rows]),
        type_names=type_names,
        source_names=source_names,
        source_type=source_type,
        **arrays,
        log_day_share=np.array([r.log_day_share for r in rows]),
        items_by_type=items_by_type,
        items_by_source=items_by_source,
        n_fixed=sum(r.n_fixed for r in rows),
        n_window_items=sum(len(s[0]) for r in rows for s in r.slots),
        as_of=tuple(o.as_of for o in outcomes),
        day=tuple(o.day for o in outcomes),
    )
