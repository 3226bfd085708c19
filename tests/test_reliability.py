"""Learned reliability: the fit's data, the stored draws, staleness, and (slow) the fit itself.

Fast tests build questions directly or write small TOML files; the slow ones run real MCMC:
parameter recovery with a held-out check (the issue's acceptance scenario) and a small
simulation-based calibration run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import summitcast.fit as rel
from model_survival import model_survival
from summitcast import model
from summitcast.domain.event import Event
from summitcast.domain.question import (
    DEFAULT_FLOATED_RATE,
    Evidence,
    Prior,
    Question,
    Resolution,
    Window,
)
from summitcast.errors import FitError
from summitcast.fit import storage
from summitcast.fit.likelihood import default_chances
from summitcast.model.forecast import compute_event
from summitcast.model.routes import DEFAULT_CHANCE
from summitcast.store.workspace import Workspace

D = dt.date
REPO = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------- helpers


def _toml_value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return json.dumps(str(v))


def question_toml(q: Question) -> str:
    """A question file for ``q`` (only the keys the tests use)."""
    out = [
        f"title = {_toml_value(q.title)}",
        f"resolution_criteria = {_toml_value(q.resolution_criteria)}",
        f"opens = {q.opens.isoformat()}",
        f"deadline = {q.deadline.isoformat()}",
        "",
        "[prior]",
        f"probability = {q.prior.probability!r}",
        f"weight = {q.prior.weight!r}",
        'rationale = "simulated"',
    ]
    for e in q.evidence:
        out += ["", "[[evidence]]"]
        for key in ("id", "date", "logged", "source", "source_type", "says"):
            out.append(f"{key} = {_toml_value(getattr(e, key))}")
        for key in ("origin", "lr", "strength", "direction", "reliability"):
            v = getattr(e, key)
            if v:
                out.append(f"{key} = {_toml_value(v)}")
    if q.resolution is not None:
        out += [
            "",
            "[resolution]",
            f"outcome = {_toml_value(q.resolution.outcome)}",
            f"date = {q.resolution.date.isoformat()}",
        ]
    return "\n".join(out) + "\n"


def write_ledger(directory: Path, questions: list[Question]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for q in questions:
        (directory / f"{q.id}.toml").write_text(question_toml(q), encoding="utf-8")


def _ev(id_: str, **kw) -> Evidence:
    day = kw.pop("date", D(2025, 2, 1))
    kw.setdefault("source", "Someone")
    kw.setdefault("says", "...")
    kw.setdefault("strength", "moderate")
    kw.setdefault("direction", "for")
    return Evidence(id=id_, date=day, logged=kw.pop("logged", day), **kw)


def _q(qid: str, evidence=(), outcome: str | None = "yes", p0: float = 0.3) -> Question:
    res = None if outcome is None else Resolution(outcome, D(2025, 6, 1))
    return Question(
        qid,
        f"question {qid}",
        "c",
        D(2025, 1, 1),
        D(2025, 12, 31),
        Prior(p0, 20),
        evidence=tuple(evidence),
        resolution=res,
    )


def _store_fake_fit(directory: Path, n_draws: int = 400, seed: int = 0) -> None:
    """A stored fit without MCMC (what ``fit_reliability`` writes), for the reading path."""
    rng = np.random.default_rng(seed)
    types = list(model.DEFAULT_RELIABILITY)
    type_draws = rng.beta(8, 4, size=(n_draws, len(types)))
    meta = {
        "format_version": rel.FORMAT_VERSION,
        "input_hash": rel.input_hash(directory),
        "questions": ["a"],
        "items_by_type": {"principal": 3},
        "diagnostics": {"divergences": 0, "max_r_hat": 1.001},
    }
    storage._save_draws(
        directory,
        types,
        type_draws,
        ["donald trump"],
        ["principal"],
        rng.beta(2, 8, size=(n_draws, 1)),
        meta,
    )


# ------------------------------------------------------------------------------- the fit's data


def test_fit_data_uses_only_yes_no_questions_and_counts_items() -> None:
    qs = [
        _q("a", [_ev("e1", source_type="analyst", source="Think Tank")], "yes"),
        _q("b", [_ev("e1", source_type="media")], "no"),
        _q("c", [_ev("e1")], "annulled"),
        _q("d", [_ev("e1")], None),
    ]
    data = rel.fit_data(qs)
    assert data.question_ids == ("a", "b")
    assert data.y.tolist() == [1, 0]
    assert data.items_by_type["analyst"] == 1 and data.items_by_type["media"] == 1
    assert data.source_names == ("someone", "think tank")
    assert data.mu_sum.shape == (2, 2)
    assert data.mu_sum[0, 1] == pytest.approx(math.log(3.0))


def test_no_evidence_gives_back_the_stated_prior() -> None:
    """Without evidence or windows S(x) = 1 − p₀F(x): a meeting on M has likelihood p₀/n, none up
    to D has 1 − p₀·F(D) (the quadrature over p returns the prior's mean)."""
    data = rel.fit_data([_q("a", [], "yes", p0=0.05), _q("b", [], "no", p0=0.7)])
    like = np.exp(rel.event_log_likelihood(data, np.zeros(0)))
    # a: met on 1 June of a 365-day span; b: resolved no on 1 June, judged up to its deadline
    np.testing.assert_allclose(like, [0.05 / 365, 1 - 0.7], rtol=1e-6)


def test_reprints_count_once_and_the_strongest_acts() -> None:
    ev = [
        _ev("e1", origin="remark", strength="weak", source="A"),
        _ev("e2", origin="remark", strength="strong", source="B"),
        _ev("e3", origin="remark", strength="moderate", source="C"),
    ]
    data = rel.fit_data([_q("a", ev)])
    assert data.n_items == 1
    assert data.source_names == ("b",)
    assert data.mu_sum[0, 0] == pytest.approx(math.log(10.0))


def test_items_logged_on_or_after_resolution_are_left_out() -> None:
    ev = [
        _ev("before", date=D(2025, 5, 31)),
        _ev("on", date=D(2025, 6, 1)),  # the day of the meeting: the report of it, not evidence
        _ev("late-log", date=D(2025, 5, 1), logged=D(2025, 7, 1)),
    ]
    data = rel.fit_data([_q("a", ev)])
    assert data.n_items == 1


def test_explicit_reliability_enters_as_a_fixed_offset() -> None:
    ev = [_ev("e1", lr=4.0, strength=None, direction=None, reliability=0.25), _ev("e2")]
    data = rel.fit_data([_q("a", ev)])
    assert data.n_fixed == 1 and data.n_items == 1
    assert data.fixed_mean[0] == pytest.approx(0.25 * math.log(4.0))
    sigma = 0.1 + 0.25 * math.log(4.0)
    assert data.fixed_var[0] == pytest.approx(0.25**2 * sigma**2)


def test_a_source_is_pooled_towards_its_most_frequent_type() -> None:
    ev = [
        _ev("e1", source="Kim", source_type="principal"),
        _ev("e2", source="kim ", source_type="principal", strength="weak"),
        _ev("e3", source="KIM", source_type="media", strength="strong"),
    ]
    data = rel.fit_data([_q("a", ev)])
    assert data.source_names == ("kim",)
    assert data.type_names[data.source_type[0]] == "principal"
    assert data.items_by_type["principal"] == 3


def test_no_resolved_questions_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(FitError, match="no resolved questions"):
        rel.fit_data([_q("a", [], None), _q("b", [], "annulled")])
    write_ledger(tmp_path, [_q("open-one", [], None)])
    with pytest.raises(FitError, match="no resolved questions"):
        rel.fit_reliability(tmp_path, progressbar=False)


# ------------------------------------------------------------------------------- events


def _event(evidence=(), windows=(), p0: float = 0.3, weight: float = 20.0) -> Event:
    return Event(
        "ev",
        "A and B meet",
        "c",
        D(2025, 1, 1),
        D(2025, 12, 31),
        Prior(p0, weight),
        windows=tuple(windows),
        evidence=tuple(evidence),
    )


def _on(event: Event, qid: str, deadline: dt.date, outcome: str | None, day: dt.date | None = None):
    res = None if outcome is None else Resolution(outcome, day or deadline + dt.timedelta(days=1))
    q = Question(qid, qid, "c", event.opens, deadline, None, resolution=res, event=event.id)
    return q, event


TRIP = Window("trip", "Trip", D(2025, 6, 10), D(2025, 6, 12), 20.0, D(2025, 5, 1))


def test_nested_questions_of_one_event_count_its_evidence_once() -> None:
    """Two deadlines on one event: one likelihood term, the evidence summed once."""
    ev = _event([_ev("e1", source="A", strength="strong"), _ev("e2", source="B")])
    early = _on(ev, "by-may", D(2025, 5, 31), "no")
    late = _on(ev, "by-dec", D(2025, 12, 31), "yes", D(2025, 7, 4))
    data = rel.fit_data([early, late])
    assert data.event_ids == ("ev",) and data.question_ids == ("by-may", "by-dec")
    assert (
        data.y.tolist() == [1] and data.day == (D(2025, 7, 4),) and data.as_of == (D(2025, 7, 3),)
    )
    assert data.n_items == 2
    np.testing.assert_allclose(data.mu_sum.sum(), math.log(10.0) + math.log(3.0))
    alone = rel.fit_data([late])
    np.testing.assert_array_equal(alone.mu_sum, data.mu_sum)
    r = np.full(2, 0.5)
    np.testing.assert_allclose(
        rel.event_log_likelihood(data, r), rel.event_log_likelihood(alone, r), rtol=0, atol=0
    )


def test_an_event_without_a_meeting_is_judged_up_to_its_latest_no_deadline() -> None:
    ev = _event([_ev("e1", date=D(2025, 8, 1))])
    outcomes = rel.event_outcomes(
        [_on(ev, "by-may", D(2025, 5, 31), "no"), _on(ev, "by-sep", D(2025, 9, 30), "no")]
    )
    ((o,),) = [outcomes]
    assert (o.met, o.day, o.as_of) == (False, D(2025, 9, 30), D(2025, 9, 30))
    data = rel.fit_data([_on(ev, "by-sep", D(2025, 9, 30), "no")])
    # none up to 30 September: 1 − E[q]·F(D), F the share of the horizon elapsed (273 of 365 days)
    r = np.array([0.5])
    s1, s2 = rel.survival(data, r)
    assert s1[0] == s2[0]
    learned = model.LearnedReliability(by_type={"media": np.array([0.5])})
    expected = model_survival(ev, D(2025, 9, 30), [D(2025, 9, 30)], learned)[0]
    np.testing.assert_allclose(np.exp(rel.event_log_likelihood(data, r)), expected, rtol=1e-6)
    # an open, an annulled question and an unresolved event add nothing
    more = rel.fit_data(
        [
            _on(ev, "by-sep", D(2025, 9, 30), "no"),
            _on(ev, "open", D(2025, 12, 31), None),
            _on(dataclasses.replace(ev, id="other"), "void", D(2025, 12, 31), "annulled"),
        ]
    )
    assert more.event_ids == ("ev",)


def test_window_items_multiply_their_windows_hazard_and_need_it_announced() -> None:
    items = [
        _ev("trip-on", source="A", date=D(2025, 5, 2), strength="strong", window="trip"),
        _ev("general", source="B", date=D(2025, 5, 3)),
    ]
    ev = _event(items, [TRIP])
    data = rel.fit_data([_on(ev, "q", D(2025, 12, 31), "yes", D(2025, 6, 11))])
    assert data.n_window_items == 1 and data.slot_event.tolist() == [0]
    a = data.source_names.index("a")
    assert data.slot_mu[0, a] == pytest.approx(math.log(10.0))
    sigma = 0.1 + 0.25 * math.log(10.0)
    assert data.slot_var[0, a] == pytest.approx(sigma**2)
    assert data.mu_sum[0, a] == 0.0
    # two groups: ordinary days and the trip's days; the meeting day is in the trip's group
    assert data.group_members.tolist() in ([[0.0], [1.0]], [[1.0], [0.0]])
    trip_group = int(np.flatnonzero(data.group_members[:, 0])[0])
    total = 362 + 3 * 20.0
    assert data.group_share[trip_group] == pytest.approx(60 / total)
    step = data.group_c2 - data.group_c1  # the meeting day's share of the profile, by group
    assert step[trip_group] == pytest.approx(20 / total) and step.sum() == pytest.approx(20 / total)
    # a higher reliability of the trip's source makes a meeting on the trip likelier
    r_lo, r_hi = np.zeros(2), np.zeros(2)
    r_lo[a], r_hi[a] = 0.2, 0.9
    lo, hi = (rel.event_log_likelihood(data, r)[0] for r in (r_lo, r_hi))
    assert hi > lo
    # the same meeting on an ordinary day: the trip's promise counts against it
    off = rel.fit_data([_on(ev, "q", D(2025, 12, 31), "yes", D(2025, 8, 1))])
    lo, hi = (rel.event_log_likelihood(off, r)[0] for r in (r_lo, r_hi))
    assert hi < lo
    # before the trip was announced its items are not evidence (a meeting on 30 April)
    early = rel.fit_data([_on(ev, "q", D(2025, 12, 31), "yes", D(2025, 4, 30))])
    assert early.n_window_items == 0 and len(early.group_event) == 1


def test_occasions_are_routes_with_their_kinds_chance() -> None:
    """An occasion live on the day used is a route: its kind's chance (learned) or its own chance
    (fixed); its items move its odds alone; one announced after the day used is no route."""
    summit = Window(
        "apec", "APEC", D(2025, 6, 10), D(2025, 6, 12), announced=D(2025, 5, 1), kind="summit"
    )
    visit = Window(
        "visit",
        "Visit",
        D(2025, 9, 1),
        D(2025, 9, 2),
        announced=D(2025, 8, 1),
        kind="visit",
        chance=0.6,
    )
    items = [_ev("on-apec", source="A", date=D(2025, 5, 2), strength="strong", window="apec")]
    ev = _event(items, [summit, visit])
    met = rel.fit_data([_on(ev, "q", D(2025, 12, 31), "yes", D(2025, 6, 11))])
    assert met.occ_names == ("ev/apec",) and met.n_occasion_items == 1
    assert met.occ_kind.tolist() == [list(met.kind_names).index("summit")]
    assert (met.occ_g1[0], met.occ_g2[0]) == pytest.approx((1 / 3, 2 / 3))
    a = met.source_names.index("a")
    assert met.occ_mu[0, a] == pytest.approx(math.log(10.0)) and not met.slot_event.size
    # a meeting on the summit's day: the likelier the summit, the likelier the outcome
    chance = default_chances(met)
    lo, hi = chance.copy(), chance.copy()
    lo[2], hi[2] = 0.2, 0.8
    r = np.array([0.5])
    assert rel.event_log_likelihood(met, r, hi)[0] > rel.event_log_likelihood(met, r, lo)[0]
    # none up to the end of September: the summit passed quietly (and the visit, chance 0.6)
    none = rel.fit_data([_on(ev, "q", D(2025, 9, 30), "no")])
    assert none.occ_names == ("ev/apec", "ev/visit")
    assert none.occ_kind[1] == -1 and none.occ_chance[1] == 0.6
    assert rel.event_log_likelihood(none, r, hi)[0] < rel.event_log_likelihood(none, r, lo)[0]
    # the fit's likelihood is the model's survival, occasion routes included
    learned = model.LearnedReliability(
        by_type={t: np.array([0.5]) for t in model.DEFAULT_RELIABILITY},
        chance_by_kind={"summit": np.array([0.8])},
    )
    s = model_survival(ev, D(2025, 6, 10), [D(2025, 6, 10), D(2025, 6, 11)], learned)
    np.testing.assert_allclose(
        np.exp(rel.event_log_likelihood(met, r, hi))[0], s[0] - s[1], rtol=1e-4
    )


def _brute_force_likelihood(
    event: Event, outcome, chances: dict[str, float], n: int = 400_000, seed: int = 1
) -> float:
    """The v3 model's likelihood of what happened, by Monte Carlo of its routes, day by day.

    Written out independently of summitcast.model and summitcast.fit: draw p and every item's
    log-LR, multiply the periods' days, give each occasion live on the day used its chance, and
    average S(M − 1) − S(M) or S(D), S the survival over all routes.
    """
    rng = np.random.default_rng(seed)
    t = outcome.as_of
    days = [event.opens + dt.timedelta(days=k) for k in range((event.until - event.opens).days + 1)]
    known = [w for w in event.windows if (w.announced or event.opens) <= t]
    live = [w for w in known if w.cancelled is None or w.cancelled > t]
    periods = [w for w in live if w.kind == "period"]
    occasions = [w for w in live if w.kind != "period"]
    h = np.ones(len(days))
    covered = np.zeros(len(days), dtype=bool)
    for w in periods:
        for i, d in enumerate(days):
            if w.start <= d <= w.end:
                h[i] = max(h[i], w.hazard) if covered[i] else w.hazard
                covered[i] = True
    p = rng.beta(event.prior.alpha, event.prior.beta, n)
    general = np.zeros(n)
    seen: dict[str, tuple[float, float, Evidence]] = {}
    for e in sorted(event.evidence, key=lambda e: (e.date, e.id)):
        if e.logged > t or (e.window and e.window not in {w.id for w in live}):
            continue
        r = e.reliability if e.reliability is not None else model.DEFAULT_RELIABILITY[e.source_type]
        r *= 2.0 ** (-max((t - e.date).days, 0) / (e.half_life_days or math.inf))
        if e.origin_key not in seen or abs(r * e.log_lr) > seen[e.origin_key][0]:
            seen[e.origin_key] = (abs(r * e.log_lr), r, e)
    scoped: dict[str, np.ndarray] = {}
    for _, r, e in seen.values():
        ell = rng.normal(e.log_lr, 0.1 + 0.25 * abs(e.log_lr), n) * r
        if e.window is None:
            general += ell
        else:
            scoped[e.window] = scoped.get(e.window, 0.0) + ell
    x_days = [outcome.day - dt.timedelta(days=1), outcome.day] if outcome.met else [outcome.day]
    # the ordinary route: each day's profile times its periods' multipliers
    mult = np.ones((n, len(days)))
    for w in periods:
        if w.id in scoped:
            inside = np.array([w.start <= d <= w.end for d in days])
            mult[:, inside] *= np.exp(scoped[w.id])[:, None]
    prof = mult * h
    mass = prof.sum(axis=1)
    odds = p / (1 - p) * np.exp(general) * mass / h.sum()
    q = odds / (1 + odds)
    surv = []
    for x in x_days:
        k = sum(1 for d in days if d <= x)
        s = 1 - q * prof[:, :k].sum(axis=1) / mass
        for w in occasions:
            q_w = w.chance if w.chance is not None else chances[w.kind]
            m = 1 / (1 + (1 - q_w) / q_w * np.exp(-general - scoped.get(w.id, 0.0)))
            done = min(max((x - w.start).days + 1, 0), w.n_days) / w.n_days
            s = s * (1 - m * done)
        surv.append(s)
    return float(np.mean(surv[0] - surv[1])) if outcome.met else float(np.mean(surv[0]))


WINDOW_CASES = {
    # a meeting on the trip that a strong principal claim promised, a general claim against
    "met-on-trip": (D(2025, 6, 11), "yes"),
    # a meeting on the summit (an occasion, with a scoped item for it)
    "met-at-the-summit": (D(2025, 7, 2), "yes"),
    # the same evidence, a meeting later on an ordinary day
    "met-after-trip": (D(2025, 9, 1), "yes"),
    # no meeting up to 30 September: the trip passed quietly
    "none-by-september": (D(2025, 9, 30), "no"),
}


@pytest.mark.parametrize("case", list(WINDOW_CASES))
def test_the_fits_event_likelihood_matches_the_model(case: str) -> None:
    """The fit's likelihood against a brute-force Monte Carlo of the v3 model's routes (periods with
    scoped items, an occasion with one, general items, an explicit reliability), at the documented
    default reliabilities and chances: within 2% (the Monte Carlo's own error is about 0.5%)."""
    items = [
        _ev(
            "a",
            source="Trump",
            source_type="principal",
            strength="strong",
            window="trip",
            date=D(2025, 5, 2),
        ),
        _ev(
            "b",
            source="Paper",
            source_type="media",
            strength="moderate",
            window="trip",
            date=D(2025, 5, 20),
            direction="against",
        ),
        _ev(
            "c",
            source="Analyst",
            source_type="analyst",
            strength="moderate",
            direction="against",
            date=D(2025, 3, 1),
        ),
        _ev(
            "d", source="Seoul", source_type="official", lr=2.0, reliability=0.9, date=D(2025, 4, 1)
        ),
        _ev("e", source="Kim", source_type="principal", strength="weak", window="g20"),
    ]
    other = Window("summit", "Summit", D(2025, 10, 1), D(2025, 10, 2), 10.0, D(2025, 2, 1))
    g20 = Window("g20", "G20", D(2025, 7, 1), D(2025, 7, 3), announced=D(2025, 2, 1), kind="summit")
    ev = _event(items, [TRIP, other, g20], p0=0.3, weight=10)
    day, outcome = WINDOW_CASES[case]
    pair = _on(ev, "q", D(2025, 9, 30) if outcome == "no" else D(2025, 12, 31), outcome, day)
    data = rel.fit_data([pair])
    r = np.array([model.DEFAULT_RELIABILITY[data.type_names[k]] for k in data.source_type])
    approx = float(np.exp(rel.event_log_likelihood(data, r)[0]))
    exact = _brute_force_likelihood(ev, rel.event_outcomes([pair])[0], DEFAULT_CHANCE)
    assert approx == pytest.approx(exact, rel=0.02), (approx, exact)


#: The fit's likelihood against the model's exact S on every resolved event of forecasts/.
AGREEMENT_REL = 0.02


def test_the_fits_event_likelihood_matches_the_model_on_the_shipped_events() -> None:
    """Every resolved benchmark event in bench/events/ (occasions, periods, decay, reprints, explicit
    reliabilities): the fit's likelihood within 2% of the model's own S (model_survival, itself
    checked against compute_event's P on each event), at the default reliabilities and chances."""
    from summitcast.store.workspace import Workspace

    pairs, bad = Workspace(REPO / "bench" / "events").load_all()
    if bad or not pairs:
        pytest.skip("bench/events/ is not readable here")
    data = rel.fit_data(pairs)
    r = np.array([model.DEFAULT_RELIABILITY[data.type_names[k]] for k in data.source_type])
    approx = np.exp(rel.event_log_likelihood(data, r))
    learned = _point_learned()
    one = dt.timedelta(days=1)
    for o, a in zip(rel.event_outcomes(pairs), approx, strict=True):
        days = [o.day - one, o.day] if o.met else [o.day]
        s = model_survival(o.event, o.as_of, [*days, o.event.until], learned)
        exact = s[0] - s[1] if o.met else s[0]
        assert a == pytest.approx(exact, rel=AGREEMENT_REL), (o.event.id, a, exact)
        # the rebuild is the model: P(as_of, until) = (S(as_of) − S(until)) / S(as_of)
        if o.met and o.as_of == o.day - one:
            arrays = compute_event(o.event, [o.as_of], [o.event.until], learned=learned)
            assert (s[0] - s[-1]) / s[0] == pytest.approx(arrays.point[0, 0], abs=1e-12)
    assert data.occ_event.size > 40 and data.slot_event.size > 5


def _point_learned() -> model.LearnedReliability:
    """The documented defaults as one-draw 'learned' values (so the model takes them as exact)."""
    return model.LearnedReliability(
        by_type={t: np.array([v]) for t, v in model.DEFAULT_RELIABILITY.items()},
        chance_by_kind={k: np.array([v]) for k, v in DEFAULT_CHANCE.items()},
        rate=np.array([DEFAULT_FLOATED_RATE]),
    )


# ------------------------------------------------------------------------------- the guard


def test_the_guard_needs_enough_events_and_a_narrowed_reliability() -> None:
    types = list(model.DEFAULT_RELIABILITY)
    defaults = model.DEFAULT_RELIABILITY
    rng = np.random.default_rng(0)
    # draws from the prior itself: nothing learned
    logit_sd = math.hypot(rel.CALIBRATION_PRIOR_SD, rel.TYPE_PRIOR_SD)
    prior_like = np.column_stack(
        [
            1
            / (
                1
                + np.exp(
                    -(math.log(defaults[t] / (1 - defaults[t])) + logit_sd * rng.normal(size=4000))
                )
            )
            for t in types
        ]
    )
    g = rel.assess(50, types, prior_like, defaults)
    assert not g.passes and not g.applied
    assert all(abs(v) < 0.05 for v in g.narrowing.values()), g.narrowing
    assert g.reasons[0].startswith(
        "no learned number (reliability, chance or rate) is 25% narrower"
    )
    # one type learned well, on enough events
    learned = prior_like.copy()
    learned[:, 0] = rng.beta(40, 20, size=4000)
    assert rel.assess(rel.MIN_EVENTS, types, learned, defaults).applied
    thin = rel.assess(rel.MIN_EVENTS - 1, types, learned, defaults)
    assert not thin.applied and thin.reasons == [
        f"only {rel.MIN_EVENTS - 1} resolved events (at least {rel.MIN_EVENTS} needed)"
    ]
    forced = rel.assess(1, types, prior_like, defaults, force=True)
    assert forced.applied and not forced.passes and len(forced.reasons) == 2
    assert forced.message().startswith("Applied because --apply was given")
    json.dumps(forced.to_json())


def test_prior_sd_of_a_reliability() -> None:
    from summitcast.fit.guard import prior_sd

    rng = np.random.default_rng(3)
    x = 1 / (1 + np.exp(-(math.log(0.6 / 0.4) + math.hypot(0.5, 1.0) * rng.normal(size=400_000))))
    assert prior_sd(0.6) == pytest.approx(float(x.std()), abs=0.002)


# ------------------------------------------------------------------------------- stored draws


def test_no_fit_means_none(tmp_path: Path) -> None:
    assert rel.load_learned(tmp_path) is None
    assert rel.fit_info(tmp_path) is None
    assert rel.reliability_intervals(tmp_path) is None


def test_stored_draws_round_trip_and_feed_forecasts(tmp_path: Path) -> None:
    write_ledger(tmp_path, [_q("a", [_ev("e1")], "yes"), _q("b", [_ev("e1")], None)])
    _store_fake_fit(tmp_path)
    learned = rel.load_learned(tmp_path)
    assert learned is not None and not learned.stale
    assert set(learned.by_type) == set(model.DEFAULT_RELIABILITY)
    assert learned.n_draws == 400
    assert learned.by_source["donald trump"].shape == (400,)
    # the forecast path accepts it: an item from that source takes the source's (low) reliability
    q = _q("b", [_ev("e1", source="Donald Trump", strength="very-strong")], None)
    with_fit = model.forecast(q, D(2025, 3, 1), learned=learned)
    without = model.forecast(q, D(2025, 3, 1))
    assert with_fit.probability < without.probability
    info = rel.fit_info(tmp_path)
    assert info is not None and info["stale"] is False and info["n_draws"] == 400
    assert info["path"].endswith(str(Path(".summitcast") / "reliability.npz"))
    summaries = rel.reliability_intervals(tmp_path)
    assert summaries is not None and [s.name for s in summaries] == list(model.DEFAULT_RELIABILITY)
    principal = summaries[0]
    assert principal.low < principal.mean < principal.high
    assert principal.n_items == 3 and principal.default == 0.5


def test_stored_file_is_plain_numpy(tmp_path: Path) -> None:
    """Library-neutral: readable with ``allow_pickle=False``, names as str arrays, JSON metadata."""
    _store_fake_fit(tmp_path)
    with np.load(rel.fit_path(tmp_path), allow_pickle=False) as z:
        assert z["type_draws"].shape == (400, 5)
        assert z["type_names"].dtype.kind == "U"
        meta = json.loads(str(z["metadata"][0]))
    assert meta["format_version"] == rel.FORMAT_VERSION
    assert not list(rel.fit_path(tmp_path).parent.glob("*.tmp"))  # atomic write leaves nothing


def test_staleness_follows_resolved_questions_only(tmp_path: Path) -> None:
    write_ledger(tmp_path, [_q("a", [_ev("e1")], "yes"), _q("b", [_ev("e1")], None)])
    _store_fake_fit(tmp_path)
    assert not rel.load_learned(tmp_path).stale
    # editing an open question does not make the fit stale
    open_q = tmp_path / "b.toml"
    open_q.write_text(open_q.read_text() + "\n# a comment\n")
    assert not rel.load_learned(tmp_path).stale
    # resolving it does
    write_ledger(tmp_path, [_q("b", [_ev("e1")], "no")])
    assert rel.load_learned(tmp_path).stale
    assert rel.fit_info(tmp_path)["stale"] is True
    _store_fake_fit(tmp_path)
    assert not rel.load_learned(tmp_path).stale
    # so does editing a resolved one, or removing it
    resolved = tmp_path / "a.toml"
    resolved.write_text(resolved.read_text().replace("moderate", "strong"))
    assert rel.load_learned(tmp_path).stale
    _store_fake_fit(tmp_path)
    resolved.unlink()
    assert rel.load_learned(tmp_path).stale


EVENT_TOML = """\
title = "A and B meet"
resolution_criteria = "c"
opens = 2025-01-01
until = 2025-12-31

[prior]
probability = 0.3

[[evidence]]
id = "e1"
date = 2025-02-01
source = "Someone"
says = "..."
strength = "moderate"
direction = "for"
"""


def test_staleness_follows_the_events_of_resolved_questions(tmp_path: Path) -> None:
    (tmp_path / "events").mkdir(parents=True)
    (tmp_path / "events" / "ev.toml").write_text(EVENT_TOML)
    (tmp_path / "events" / "idle.toml").write_text(EVENT_TOML)
    (tmp_path / "q.toml").write_text(
        'event = "ev"\ntitle = "t"\ndeadline = 2025-06-30\n\n'
        '[resolution]\noutcome = "no"\ndate = 2025-07-01\n'
    )
    (tmp_path / "open.toml").write_text('event = "idle"\ntitle = "t"\ndeadline = 2025-06-30\n')
    _store_fake_fit(tmp_path)
    assert not rel.load_learned(tmp_path).stale
    # an event with no resolved question is not in the fit
    idle = tmp_path / "events" / "idle.toml"
    idle.write_text(idle.read_text().replace("moderate", "strong"))
    assert not rel.load_learned(tmp_path).stale
    # the event of a resolved question is
    ev = tmp_path / "events" / "ev.toml"
    ev.write_text(ev.read_text().replace("moderate", "strong"))
    assert rel.load_learned(tmp_path).stale


def test_a_fit_not_applied_is_not_used_and_an_old_one_is(tmp_path: Path) -> None:
    _store_fake_fit(tmp_path)
    raw = storage._read_npz(tmp_path)
    args = [
        raw[k] for k in ("type_names", "type_draws", "source_names", "source_types", "source_draws")
    ]
    storage._save_draws(
        tmp_path, *args, dict(raw["meta"], applied=False, created="2026-01-02T10:00:00+00:00")
    )
    assert rel.load_learned(tmp_path) is None
    info = rel.fit_info(tmp_path)
    assert info is not None and info["applied"] is False
    assert rel.reliability_intervals(tmp_path) is not None  # still readable for the record
    storage._save_draws(
        tmp_path, *args, dict(raw["meta"], applied=True, created="2026-01-02T10:00:00+00:00")
    )
    assert rel.load_learned(tmp_path).fitted_on == "2026-01-02"
    # stored before the guard existed (no "applied" key): it was in use, and stays so
    assert "applied" not in raw["meta"]
    storage._save_draws(tmp_path, *args, raw["meta"])
    assert rel.load_learned(tmp_path) is not None and rel.fit_info(tmp_path)["applied"] is True


def test_a_fit_of_another_format_version_is_stale(tmp_path: Path) -> None:
    _store_fake_fit(tmp_path)
    raw = storage._read_npz(tmp_path)
    meta = dict(raw["meta"], format_version=rel.FORMAT_VERSION + 1)
    storage._save_draws(
        tmp_path,
        raw["type_names"],
        raw["type_draws"],
        raw["source_names"],
        raw["source_types"],
        raw["source_draws"],
        meta,
    )
    assert rel.load_learned(tmp_path).stale


@pytest.mark.parametrize("content", [b"not a zip file", b""])
def test_unreadable_fit_is_a_fit_error(tmp_path: Path, content: bytes) -> None:
    path = rel.fit_path(tmp_path)
    path.parent.mkdir()
    path.write_bytes(content)
    with pytest.raises(FitError, match="cannot read the stored reliability fit"):
        rel.load_learned(tmp_path)
    with pytest.raises(FitError):
        rel.fit_info(tmp_path)


def test_loading_is_fast(tmp_path: Path) -> None:
    """``show`` loads the fit on every run; it must cost milliseconds (10 ms is the goal)."""
    write_ledger(tmp_path, rel.simulate_questions(20, 10, seed=3))
    _store_fake_fit(tmp_path, n_draws=2000)
    rel.load_learned(tmp_path)  # warm the file cache
    best = min(_timed(lambda: rel.load_learned(tmp_path)) for _ in range(5))
    assert best < 0.05, best  # generous bound for slow CI machines; typically ~2 ms


def _timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def test_reading_a_fit_imports_no_pymc(tmp_path: Path) -> None:
    write_ledger(tmp_path, [_q("a", [_ev("e1")], "yes")])
    _store_fake_fit(tmp_path)
    code = (
        "import sys; from pathlib import Path; import summitcast.fit as r;"
        f"l = r.load_learned(Path({str(tmp_path)!r})); r.fit_info(Path({str(tmp_path)!r}));"
        "r.reliability_intervals(Path({0!r}));".format(str(tmp_path))
        + "bad = [m for m in ('pymc', 'arviz', 'pytensor', 'scipy', 'nutpie') if m in sys.modules];"
        "print(l.n_draws, bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert out.stdout.strip() == "400 []", out.stdout + out.stderr


def test_simulated_questions_are_valid_files(tmp_path: Path) -> None:
    qs = rel.simulate_questions(5, 8, seed=1)
    write_ledger(tmp_path, qs)
    ws = Workspace(tmp_path)
    loaded = [ws.load_question(qid) for qid in ws.question_ids()]
    assert [q.id for q in loaded] == [q.id for q in qs]
    assert rel.fit_data(loaded).y.tolist() == rel.fit_data(qs).y.tolist()


# ------------------------------------------------------------------------------- the fit (slow)

#: Recovery thresholds of the source-type test (issue 15's acceptance). bench/fit_seed_sweep.py
#: runs its check over 24 seeds (data and sampler) and reports the worst margins (docs/learning.md).
RECOVERY_MIN_GAP = 0.3
RECOVERY_MIN_PROB = 0.95
#: r_hat bound of the sampler tests at their draws (500 per chain, 2 chains). The rank-normalised
#: split-R̂ of a converged pair of chains spreads around 1 by about 1/√ESS; with ~100 parameters
#: the largest of them reached 1.020 on a loaded 2-core machine (issue 22.1) and 1.03 in the
#: sweep; 1.05 leaves room and still catches chains that disagree (the stub's shifted chain: 1.5+).
RHAT_TOL = 1.05
#: The seeds of the source-type test: simulated data, sampler.
SOURCE_TYPE_SEEDS = (11, 5)


def source_type_margins(data_seed: int, fit_seed: int, directory: Path) -> dict[str, float]:
    """The source-type recovery check on one seed pair: each margin is > 0 when it passes.

    Analysts right 85% of the time, media a coin toss, 70 training questions (12 items each)
    and 30 held out, fit with 500 draws on 2 chains. Margins: the analyst-media gap above
    RECOVERY_MIN_GAP, P(analyst > media) above RECOVERY_MIN_PROB, RHAT_TOL above the worst r_hat,
    the held-out Brier gain of the learned reliabilities, each type without data whose interval
    holds its default (the smaller distance to an end), and 0.5 minus the divergences.
    """
    questions = rel.simulate_questions(100, 12, seed=data_seed)
    train, test = questions[:70], questions[70:]
    write_ledger(directory, train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = rel.fit_reliability(
            directory, draws=500, chains=2, seed=fit_seed, progressbar=False, apply=True
        )
    types = {t.name: t for t in result.types}
    learned = rel.load_learned(directory)
    assert learned is not None and not learned.stale

    def brier(learned_or_none) -> float:
        errs = []
        for q in test:
            as_of = max(e.logged for e in q.evidence)
            p = model.forecast(q, as_of, learned=learned_or_none).probability
            errs.append((p - (q.resolution.outcome == "yes")) ** 2)
        return float(np.mean(errs))

    prior_cover = min(
        min(
            model.DEFAULT_RELIABILITY[n] - types[n].low,
            types[n].high - model.DEFAULT_RELIABILITY[n],
        )
        for n in ("principal", "official", "market")
    )
    return {
        "gap": types["analyst"].mean - types["media"].mean - RECOVERY_MIN_GAP,
        "prob": float(np.mean(learned.by_type["analyst"] > learned.by_type["media"]))
        - RECOVERY_MIN_PROB,
        "r_hat": RHAT_TOL - max(row["r_hat"] for row in result.summary),
        "brier": brier(None) - brier(learned),
        "defaults_covered": prior_cover,
        "divergences": 0.5 - result.divergences,
        "_result": result,  # type: ignore[dict-item]
    }


@pytest.mark.slow
def test_fit_recovers_which_source_type_is_informative(tmp_path: Path) -> None:
    """The issue's acceptance: analysts right 85% of the time, media a coin toss (unseen data).

    Every margin is positive on SOURCE_TYPE_SEEDS and on the 24 seeds of bench/fit_seed_sweep.py.
    """
    margins = source_type_margins(*SOURCE_TYPE_SEEDS, tmp_path)
    result = margins.pop("_result")
    assert all(v > 0 for v in margins.values()), margins
    for name in ("principal", "official", "market"):
        assert {t.name: t for t in result.types}[name].n_items == 0
    doc = result.to_json()
    json.dumps(doc)
    assert doc["n_questions"] == 70 and doc["divergences"] == 0
    assert {"name", "mean", "low", "high", "ess_bulk", "ess_tail", "r_hat"} <= set(
        doc["parameters"][0]
    )
    text = result.render_text()
    assert "r_hat" in text and "analyst" in text and str(rel.fit_path(tmp_path)) in text
    info = rel.fit_info(tmp_path)
    assert info["sampler"] == "pymc" and info["seed"] == SOURCE_TYPE_SEEDS[1]
    assert set(info["versions"]) >= {"summitcast", "pymc", "arviz", "numpy"}


#: The chance recovery test: simulated events (fit.simulate_events), the bound on each learned
#: number's z-score |posterior mean − truth| / posterior sd (a calibrated posterior exceeds 3.5
#: with probability 5e-4 per number; bench/fit_seed_sweep.py reports the worst over 24 seeds), and
#: how much narrower than its prior each one must be (the data must have taught something).
CHANCE_EVENTS = 150
CHANCE_MAX_Z = 3.5
CHANCE_MIN_NARROWING = 0.25
CHANCE_SEEDS = (7, 7)


def chance_margins(data_seed: int, fit_seed: int) -> dict[str, float]:
    """The chance and rate recovery check on one seed pair: each margin is > 0 when it passes."""
    from summitcast.fit.guard import chance_prior_sd
    from summitcast.fit.simulate import SIMULATED_CHANCE, SIMULATED_RATE
    from summitcast.model.routes import RATE_PRIOR_SD

    events = rel.simulate_events(CHANCE_EVENTS, seed=data_seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = rel.fit_questions(
            events, draws=500, tune=500, chains=2, seed=fit_seed, progressbar=False
        )
    out: dict[str, float] = {}
    for j, kind in enumerate(result.kind_names):
        col = result.chance_draws[:, j]
        z = abs(col.mean() - SIMULATED_CHANCE[kind]) / col.std()
        out[f"z[{kind}]"] = CHANCE_MAX_Z - z
        out[f"narrowed[{kind}]"] = 1 - col.std() / chance_prior_sd(kind) - CHANCE_MIN_NARROWING
    log_rate = np.log(result.rate_draws)
    out["z[rate]"] = CHANCE_MAX_Z - abs(log_rate.mean() - math.log(SIMULATED_RATE)) / log_rate.std()
    out["narrowed[rate]"] = 1 - log_rate.std() / RATE_PRIOR_SD - CHANCE_MIN_NARROWING
    out["r_hat"] = RHAT_TOL - max(row["r_hat"] for row in result.summary)
    out["divergences"] = 0.5 - result.divergences
    return out


@pytest.mark.slow
def test_fit_recovers_occasion_chances_and_the_rate() -> None:
    """Events drawn from the v3 model with known chances per kind and a known floated rate (0.4,
    not the default ln 2; nearby 0.10 against the default 0.15): each posterior covers its truth
    within CHANCE_MAX_Z posterior sds and is narrower than its prior."""
    margins = chance_margins(*CHANCE_SEEDS)
    assert all(v > 0 for v in margins.values()), margins


@pytest.mark.slow
def test_same_seed_same_draws(tmp_path: Path) -> None:
    qs = rel.simulate_questions(15, 5, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = rel.fit_questions(qs, draws=100, tune=100, chains=1, seed=9, progressbar=False)
        b = rel.fit_questions(qs, draws=100, tune=100, chains=1, seed=9, progressbar=False)
    np.testing.assert_array_equal(a.type_draws, b.type_draws)


def test_pymc_is_only_imported_inside_functions() -> None:
    """The hard rule, checked on the source: no module-level import of the heavy libraries.

    tests/test_structure.py checks the same with the AST for the whole package.
    """
    files = sorted((REPO / "src" / "summitcast" / "fit").glob("*.py"))
    assert len(files) >= 8
    for path in files:
        for line in path.read_text().splitlines():
            if line.startswith(("import ", "from ")):
                top = line.split()[1].split(".")[0]
                assert top not in ("pymc", "arviz", "pytensor", "nutpie", "scipy"), (path, line)
