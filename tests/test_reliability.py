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
from summitcast import model
from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Prior, Question, Resolution, Window
from summitcast.errors import FitError
from summitcast.fit import storage
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
    """The prior location is scaled so that the probit approximation returns p₀ exactly."""
    data = rel.fit_data([_q("a", [], "yes", p0=0.05), _q("b", [], "no", p0=0.7)])
    q = 1 / (1 + np.exp(-data.prior_logit / np.sqrt(1 + math.pi * data.prior_var / 8)))
    np.testing.assert_allclose(q, [0.05, 0.7], rtol=1e-12)


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
    # none up to 30 September: 1 − Q·F(D), F the share of the horizon elapsed (273 of 365 days)
    q = 1 / (1 + np.exp(-rel.meeting_logit(data, np.array([0.5]))))
    f = 273 / 365
    np.testing.assert_allclose(np.exp(rel.event_log_likelihood(data, np.array([0.5]))), 1 - q * f)
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
    assert data.mu_sum[0, a] == 0.0
    # two groups: ordinary days and the trip's days; the meeting day is in the trip's group
    assert data.group_members.tolist() in ([[0.0], [1.0]], [[1.0], [0.0]])
    trip_group = int(np.flatnonzero(data.group_members[:, 0])[0])
    assert data.day_group.tolist() == [trip_group]
    total = 362 + 3 * 20.0
    assert data.group_share[trip_group] == pytest.approx(60 / total)
    assert data.log_day_share[0] == pytest.approx(math.log(20 / total))
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


def _brute_force_likelihood(event: Event, outcome, n: int = 400_000, seed: int = 1) -> float:
    """The model's likelihood of what happened, by Monte Carlo of its generative model, day by day.

    Written out independently of summitcast.model and summitcast.fit: draw p and every item's
    log-LR, multiply the windows' days, and average P(meeting on M) or P(none up to D).
    """
    rng = np.random.default_rng(seed)
    t = outcome.as_of
    days = [event.opens + dt.timedelta(days=k) for k in range((event.until - event.opens).days + 1)]
    known = [w for w in event.windows if (w.announced or event.opens) <= t]
    h = np.ones(len(days))
    covered = np.zeros(len(days), dtype=bool)
    for w in known:
        for i, d in enumerate(days):
            if w.start <= d <= w.end:
                h[i] = max(h[i], w.hazard) if covered[i] else w.hazard
                covered[i] = True
    p = rng.beta(event.prior.alpha, event.prior.beta, n)
    general = np.zeros(n)
    seen: dict[str, tuple[float, float, Evidence]] = {}
    for e in sorted(event.evidence, key=lambda e: (e.date, e.id)):
        if e.logged > t or (e.window and e.window not in {w.id for w in known}):
            continue
        r = e.reliability if e.reliability is not None else model.DEFAULT_RELIABILITY[e.source_type]
        r *= 2.0 ** (-max((t - e.date).days, 0) / (e.half_life_days or math.inf))
        # the origin rule: the strongest |r·μ| per origin acts
        if e.origin_key not in seen or abs(r * e.log_lr) > seen[e.origin_key][0]:
            seen[e.origin_key] = (abs(r * e.log_lr), r, e)
    window_ell: dict[str, np.ndarray] = {}
    for _, r, e in seen.values():
        ell = rng.normal(e.log_lr, 0.1 + 0.25 * abs(e.log_lr), n) * r
        if e.window is None:
            general += ell
        else:
            window_ell[e.window] = window_ell.get(e.window, 0.0) + ell

    # days that share a hazard and the same evidence windows share a multiplier: sum them as one
    def key(i: int) -> tuple:
        d = days[i]
        return (
            h[i],
            tuple(
                sorted(w for w in window_ell if event.window(w).start <= d <= event.window(w).end)
            ),
        )

    k = days.index(outcome.day)
    keys = sorted({key(i) for i in range(len(days))})
    total, before, on = (np.zeros(len(keys)) for _ in range(3))
    for i in range(len(days)):
        j = keys.index(key(i))
        total[j] += h[i]
        before[j] += h[i] if i <= k else 0.0
        on[j] += h[i] if i == k else 0.0
    mult = np.column_stack(
        [np.exp(sum((window_ell[w] for w in ws), np.zeros(n))) for _, ws in keys]
    )
    mass = mult @ total
    odds = p / (1 - p) * np.exp(general) * mass / h.sum()
    q = odds / (1 + odds)
    if outcome.met:
        return float(np.mean(q * (mult @ on) / mass))
    return float(np.mean(1 - q * (mult @ before) / mass))


WINDOW_CASES = {
    # a meeting on the trip that a strong principal claim promised, a general claim against
    "met-on-trip": (D(2025, 6, 11), "yes"),
    # the same evidence, a meeting later on an ordinary day
    "met-after-trip": (D(2025, 9, 1), "yes"),
    # no meeting up to 30 September: the trip passed quietly
    "none-by-september": (D(2025, 9, 30), "no"),
}


@pytest.mark.parametrize("case", list(WINDOW_CASES))
def test_the_fits_event_likelihood_matches_the_model(case: str) -> None:
    """The fit's likelihood (window multipliers at their median) against a brute-force Monte Carlo
    of the forecast model, at the documented default reliabilities: within 10% relative."""
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
    ]
    other = Window("summit", "Summit", D(2025, 10, 1), D(2025, 10, 2), 10.0, D(2025, 2, 1))
    ev = _event(items, [TRIP, other], p0=0.3, weight=10)
    day, outcome = WINDOW_CASES[case]
    pair = _on(ev, "q", D(2025, 9, 30) if outcome == "no" else D(2025, 12, 31), outcome, day)
    data = rel.fit_data([pair])
    r = np.array([model.DEFAULT_RELIABILITY[data.type_names[k]] for k in data.source_type])
    approx = float(np.exp(rel.event_log_likelihood(data, r)[0]))
    exact = _brute_force_likelihood(ev, rel.event_outcomes([pair])[0])
    assert approx == pytest.approx(exact, rel=0.10), (approx, exact)


def test_the_fits_event_likelihood_matches_the_model_on_the_shipped_events() -> None:
    """Every resolved event in forecasts/ (window items, decay, reprints, explicit reliabilities)."""
    from summitcast.store.workspace import Workspace

    pairs, bad = Workspace(REPO / "forecasts").load_all()
    if bad or not pairs:
        pytest.skip("forecasts/ is not readable here")
    data = rel.fit_data(pairs)
    r = np.array([model.DEFAULT_RELIABILITY[data.type_names[k]] for k in data.source_type])
    approx = np.exp(rel.event_log_likelihood(data, r))
    outcomes = rel.event_outcomes(pairs)
    checked = 0
    for o, a in zip(outcomes, approx, strict=True):
        if o.event.evidence and any(e.window for e in o.event.evidence):
            exact = _brute_force_likelihood(o.event, o, n=100_000)
            assert a == pytest.approx(exact, rel=0.10, abs=0.01), (o.event.id, a, exact)
            checked += 1
    assert checked >= 5


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
    assert g.reasons[0].startswith("no source type's reliability is 25% narrower")
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

#: Recovery thresholds. They hold with a wide margin for the seeded data below (measured: analyst
#: ≈ 0.8, media ≈ 0.15); they may change only if the simulator or the model's priors change.
RECOVERY_MIN_GAP = 0.3
RECOVERY_MIN_PROB = 0.95


@pytest.mark.slow
def test_fit_recovers_which_source_type_is_informative(tmp_path: Path) -> None:
    """The issue's acceptance: analysts right 85% of the time, media a coin toss (unseen data)."""
    questions = rel.simulate_questions(100, 12, seed=11)
    train, test = questions[:70], questions[70:]
    write_ledger(tmp_path, train)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = rel.fit_reliability(tmp_path, draws=500, chains=2, seed=5, progressbar=False)

    types = {t.name: t for t in result.types}
    assert types["analyst"].mean - types["media"].mean > RECOVERY_MIN_GAP
    learned = rel.load_learned(tmp_path)
    assert learned is not None and not learned.stale
    prob = float(np.mean(learned.by_type["analyst"] > learned.by_type["media"]))
    assert prob > RECOVERY_MIN_PROB
    # types without data stay near their documented default (prior median)
    for name in ("principal", "official", "market"):
        assert types[name].n_items == 0
        assert types[name].low < model.DEFAULT_RELIABILITY[name] < types[name].high
    # diagnostics and outputs
    assert result.divergences == 0 and not result.warnings, result.warnings
    assert all(row["r_hat"] < 1.02 for row in result.summary)
    doc = result.to_json()
    json.dumps(doc)
    assert doc["n_questions"] == 70 and doc["divergences"] == 0
    assert {"name", "mean", "low", "high", "ess_bulk", "ess_tail", "r_hat"} <= set(
        doc["parameters"][0]
    )
    text = result.render_text()
    assert "r_hat" in text and "analyst" in text and str(rel.fit_path(tmp_path)) in text
    info = rel.fit_info(tmp_path)
    assert info["questions"] == [q.id for q in train]
    assert info["sampler"] == "pymc" and info["seed"] == 5
    assert set(info["versions"]) >= {"summitcast", "pymc", "arviz", "numpy"}

    # held-out questions (as of the day after their last item): learning helps
    def brier(learned_or_none) -> float:
        errs = []
        for q in test:
            as_of = max(e.logged for e in q.evidence)
            p = model.forecast(q, as_of, learned=learned_or_none).probability
            errs.append((p - (q.resolution.outcome == "yes")) ** 2)
        return float(np.mean(errs))

    assert brier(learned) < brier(None)


@pytest.mark.slow
def test_same_seed_same_draws(tmp_path: Path) -> None:
    qs = rel.simulate_questions(15, 5, seed=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = rel.fit_questions(qs, draws=100, tune=100, chains=1, seed=9, progressbar=False)
        b = rel.fit_questions(qs, draws=100, tune=100, chains=1, seed=9, progressbar=False)
    np.testing.assert_array_equal(a.type_draws, b.type_draws)


#: SBC: replications, posterior draws kept per replication (ranks in 0..SBC_KEEP), rank bins.
SBC_REPS = 60
SBC_KEEP = 19
SBC_BINS = 4
#: Lenient: with 3 parameters tested, a false alarm has probability ~0.3%.
SBC_MIN_P = 0.001


def sbc_ranks(reps: int = SBC_REPS, seed: int = 0) -> dict[str, np.ndarray]:
    """Simulation-based calibration of the fit model on a small fixed design.

    Draw parameters from the model's prior, outcomes from the events' likelihood given them
    (``meeting_logit``: on this design, without windows and with every item logged before the
    outcome, a meeting within the horizon has probability σ(z), whatever its day), refit to each
    simulated outcome vector (one compiled model, ``pm.set_data``), and return the rank of each
    true value among ``SBC_KEEP`` thinned posterior draws. Uniform ranks mean the sampler and
    model are calibrated.
    """
    import logging

    import pymc as pm

    logging.getLogger("pymc").setLevel(logging.ERROR)  # one "Sampling ..." line per replication
    design = rel.simulate_questions(12, 6, seed=seed, sources_per_type=2)
    data = rel.fit_data(design)
    fit_model = rel.build_fit_model(data)
    names = ["calibration", "r_type[analyst]", "r_type[media]"]
    rng = np.random.default_rng(seed)

    def pick(ds, name: str, i: int | slice):
        var, _, label = name.partition("[")
        x = ds[var]
        if label:
            x = x.sel(type=label.rstrip("]"))
        return x.values.reshape(-1)[i]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with fit_model:
            prior = pm.sample_prior_predictive(draws=reps, random_seed=seed)
            r_prior = prior.prior["r_source"].values.reshape(reps, -1)
            step = pm.NUTS(target_accept=0.95)
            ranks = {n: np.empty(reps, dtype=int) for n in names}
            for k in range(reps):
                z = rel.meeting_logit(data, r_prior[k])
                y = (rng.random(len(z)) < 1 / (1 + np.exp(-z))).astype(np.int64)
                pm.set_data({"y_obs": y})
                trace = pm.sample(
                    draws=SBC_KEEP * 10,
                    tune=300,
                    chains=1,
                    cores=1,
                    step=step,
                    random_seed=seed + k,
                    progressbar=False,
                    compute_convergence_checks=False,
                )
                for n in names:
                    post = pick(trace.posterior, n, slice(None))[::10]
                    ranks[n][k] = int(np.sum(post < pick(prior.prior, n, k)))
    return ranks


@pytest.mark.slow
def test_simulation_based_calibration_ranks_are_uniform() -> None:
    from scipy import stats

    ranks = sbc_ranks()
    for name, r in ranks.items():
        assert r.min() >= 0 and r.max() <= SBC_KEEP
        counts = np.bincount(r * SBC_BINS // (SBC_KEEP + 1), minlength=SBC_BINS)
        p = stats.chisquare(counts).pvalue
        assert p > SBC_MIN_P, (name, counts, p)


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
