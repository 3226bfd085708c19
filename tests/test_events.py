"""Properties of the event model (CONTRACT sections 2 and 6), on generated events.

Every property here is stated against something computed independently of :mod:`summitcast.model`: a closed form, a
brute-force Monte Carlo of the generative model written out day by day, another forecast of the same model (an
earlier day, a later deadline, the same file in another order), or the hand conversion ``s·L + 1 − s``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import Evidence, Prior, Question, Window
from summitcast.model import compute_event, event_forecast, forecast, trajectory
from summitcast.model import evidence as evidence_module

D0 = dt.date(2025, 1, 1)
SOURCE_TYPES = ("principal", "official", "analyst", "media", "market")
#: The documented reliability of each source type without a fit (docs/model.md), restated here on purpose.
DEFAULT_R = {"principal": 0.5, "official": 0.6, "analyst": 0.6, "media": 0.5, "market": 0.8}
EXAMPLES = settings(max_examples=50, derandomize=True)


def day(k: int) -> dt.date:
    """The day ``k`` days after 1 January 2025."""
    return D0 + dt.timedelta(days=k)


def span(a: int, b: int) -> list[dt.date]:
    """Every day from day ``a`` to day ``b`` included."""
    return [day(k) for k in range(a, b + 1)]


def make_event(
    n: int,
    p: float,
    weight: float = 20.0,
    windows: tuple[Window, ...] = (),
    evidence: tuple[Evidence, ...] = (),
) -> Event:
    """An event on days 0 .. n − 1."""
    return Event(
        "ev", "A and B meet", "in person", D0, day(n - 1), Prior(p, weight), (), windows, evidence
    )


def item(
    iid: str,
    lr: float,
    *,
    date: int = 0,
    logged: int | None = None,
    window: str | None = None,
    reliability: float | None = 1.0,
    source_type: str = "media",
    origin: str = "",
    half_life: float | None = None,
) -> Evidence:
    """One evidence item with an explicit LR."""
    return Evidence(
        id=iid,
        date=day(date),
        source="S",
        says="x",
        logged=day(date if logged is None else logged),
        source_type=source_type,
        origin=origin,
        lr=lr,
        reliability=reliability,
        window=window,
        half_life_days=half_life,
    )


# ------------------------------------------------------------------------------------- strategies


@st.composite
def events(
    draw: st.DrawFn,
    *,
    min_windows: int = 0,
    max_windows: int = 3,
    max_items: int = 5,
    decay: bool = True,
    min_days: int = 20,
    max_days: int = 160,
) -> Event:
    """A random event: prior, up to ``max_windows`` windows (some announced late), items of every kind."""
    n = draw(st.integers(min_days, max_days))
    p = draw(st.floats(0.02, 0.98))
    weight = draw(st.sampled_from([0.5, 3.0, 20.0, 300.0]))
    windows = []
    for k in range(draw(st.integers(min_windows, max_windows))):
        a = draw(st.integers(0, n - 1))
        b = min(n - 1, a + draw(st.integers(0, 25)))
        hazard = math.exp(draw(st.floats(-1.5, 4.5)))
        announced = draw(st.one_of(st.none(), st.integers(0, b)))
        windows.append(
            Window(
                f"w{k}",
                f"W{k}",
                day(a),
                day(b),
                hazard,
                None if announced is None else day(announced),
            )
        )
    items = []
    for i in range(draw(st.integers(0, max_items))):
        d = draw(st.integers(-30, n - 1))
        logged = draw(st.integers(max(d, 0), n - 1))
        items.append(
            Evidence(
                id=f"e{i}",
                date=day(d),
                source="S",
                says="x",
                logged=day(logged),
                source_type=draw(st.sampled_from(SOURCE_TYPES)),
                origin=draw(st.sampled_from(["", "", "o1", "o2"])),
                lr=math.exp(draw(st.floats(-3.5, 3.5))),
                reliability=draw(st.one_of(st.none(), st.floats(0.0, 1.0))),
                window=draw(st.one_of(st.none(), st.sampled_from([w.id for w in windows])))
                if windows
                else None,
                half_life_days=draw(st.one_of(st.none(), st.floats(3.0, 200.0))) if decay else None,
            )
        )
    return make_event(n, p, weight, tuple(windows), tuple(items))


def days_of(event: Event) -> list[dt.date]:
    """Every day of the horizon, and the day before it opens."""
    return span(-1, event.n_days - 1)


# ---------------------------------------------------------------------- independent references


def linear_share(event: Event, t: dt.date) -> float:
    """F(t) with no windows: the share of the horizon's days elapsed by the end of ``t``."""
    return min(max((t - event.opens).days + 1, 0), event.n_days) / event.n_days


def profile_share(event: Event, t: dt.date, known_on: dt.date) -> float:
    """F(t) with the windows announced by ``known_on`` and no window evidence, day by day (max where they overlap)."""
    h = []
    for k in range(event.n_days):
        d = event.opens + dt.timedelta(days=k)
        covering = [
            w.hazard
            for w in event.windows
            if w.start <= d <= w.end and (w.announced or event.opens) <= known_on
        ]
        h.append(max(covering) if covering else 1.0)
    elapsed = min(max((t - event.opens).days + 1, 0), event.n_days)
    return sum(h[:elapsed]) / sum(h)


def closed_form(p: float, f_t: float, f_by: float) -> float:
    """p̄(F(by) − F(t)) / (1 − p̄F(t)) (CONTRACT section 2)."""
    return max(p * (f_by - f_t), 0.0) / (1.0 - p * f_t)


def brute_force(
    event: Event, t: dt.date, bys: list[dt.date], n: int = 400_000, seed: int = 7
) -> tuple[np.ndarray, np.ndarray]:
    """P(t, by) by simulating the generative model draw by draw; returns estimates and their standard errors.

    Written from CONTRACT section 2 and docs/model.md, not from the implementation: p ~ Beta(p̄w, (1 − p̄)w); each
    visible item's log-LR ℓ ~ N(ln LR, (0.1 + 0.25|ln LR|)²) acts as r·ℓ (reliability r); items without a window
    shift the odds of a meeting within the horizon, items on window W multiply the hazard of W's days by
    exp(Σ r·ℓ); the meeting's day follows the multiplied profile; the forecast is the survival-weighted ratio
    E[q(F(by) − F(t))] / E[1 − qF(t)]. Distinct origins and no decay are assumed (the test's event has both).
    """
    rng = np.random.default_rng(seed)
    p = rng.beta(event.prior.alpha, event.prior.beta, size=n)
    general = np.zeros(n)
    log_m = {w.id: np.zeros(n) for w in event.windows}
    for e in event.evidence:
        w = event.window(e.window) if e.window else None
        if e.logged > t or (w is not None and (w.announced or event.opens) > t):
            continue
        r = e.reliability if e.reliability is not None else DEFAULT_R[e.source_type]
        mu = math.log(e.lr)
        ell = rng.normal(mu, 0.1 + 0.25 * abs(mu), size=n)
        if w is None:
            general += r * ell
        else:
            log_m[w.id] += r * ell
    # the profile, day by day, split into its per-draw multiplier patterns
    known = [w for w in event.windows if (w.announced or event.opens) <= t]
    mass: dict[tuple[str, ...], np.ndarray] = {}  # pattern -> base mass per day
    for k in range(event.n_days):
        d = event.opens + dt.timedelta(days=k)
        covering = [w for w in known if w.start <= d <= w.end]
        base = max([w.hazard for w in covering], default=1.0)
        pattern = tuple(sorted(w.id for w in covering))
        mass.setdefault(pattern, np.zeros(event.n_days))[k] = base
    total = sum(m.sum() for m in mass.values())
    h = np.zeros(n)
    c_t = np.zeros(n)
    c_by = np.zeros((len(bys), n))
    elapsed_t = min(max((t - event.opens).days + 1, 0), event.n_days)
    for pattern, m in mass.items():
        mult = np.exp(sum((log_m[i] for i in pattern), start=np.zeros(n)))
        h += mult * m.sum() / total
        c_t += mult * m[:elapsed_t].sum() / total
        for j, by in enumerate(bys):
            elapsed_by = min(max((by - event.opens).days + 1, 0), event.n_days)
            c_by[j] += mult * m[:elapsed_by].sum() / total
    logit = np.log(p) - np.log1p(-p)
    q = 1.0 / (1.0 + np.exp(-(logit + general + np.log(h))))
    f_t = c_t / h
    den = 1.0 - q * f_t
    est, se = [], []
    for j in range(len(bys)):
        num = q * np.maximum(c_by[j] / h - f_t, 0.0)
        ratio = num.mean() / den.mean()
        est.append(ratio)
        se.append(np.std(num - ratio * den) / (math.sqrt(n) * den.mean()))
    return np.array(est), np.array(se)


@pytest.fixture
def no_spread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make every item's log-LR exact (no judgement spread), for the identities that hold draw by draw."""
    monkeypatch.setattr(evidence_module, "log_lr_spread", lambda mu: 0.0 * np.asarray(mu))


#: A prior weight so large that p is fixed to float precision (Beta(p̄w, (1 − p̄)w) has sd ≈ 5e-5 at w = 1e8).
FIXED = 1e8


# ------------------------------------------------------------------------------------- coherence


@EXAMPLES
@given(event=events(), picks=st.lists(st.integers(0, 10_000), min_size=1, max_size=6))
def test_coherent_across_deadlines_on_every_day(event: Event, picks: list[int]) -> None:
    """On every day, P(t, by) never decreases as ``by`` moves later, and stays in [0, 1]."""
    bys = sorted({day(k % event.n_days) for k in picks} | {event.until})
    arrays = compute_event(event, days_of(event), bys, with_interval=False)
    assert np.all(np.isfinite(arrays.point))
    assert np.all((arrays.point >= 0) & (arrays.point <= 1))
    assert np.all(np.diff(arrays.point, axis=1) >= -1e-12)


@EXAMPLES
@given(
    event=events(max_days=120),
    deadlines=st.lists(st.integers(0, 10_000), min_size=2, max_size=4),
    t=st.integers(-1, 200),
)
def test_questions_of_an_event_are_coherent_and_equal_the_event_curve(
    event: Event, deadlines: list[int], t: int
) -> None:
    """Each question's forecast is the event's P(t, deadline), bit for bit; earlier deadlines are never higher."""
    as_of = day(min(t, event.n_days - 1))
    questions = [
        Question(f"q{j}", "t", "c", event.opens, day(k % event.n_days), None, event="ev")
        for j, k in enumerate(deadlines)
    ]
    ef = event_forecast(event, questions, as_of)
    alone = [forecast(q, as_of, event=event) for q in questions]
    arrays = compute_event(event, [as_of], [q.deadline for q in questions])
    for j, (q, f_event, f_alone) in enumerate(zip(questions, ef.questions, alone, strict=True)):
        assert f_event.id == f_alone.id == q.id
        if f_alone.status == "open":
            assert f_alone.probability == f_event.probability == arrays.point[0, j]
            assert (f_alone.low, f_alone.high) == (f_event.low, f_event.high)
    open_ = sorted(
        (f.by, f.probability) for f in alone if f.status == "open" and f.probability is not None
    )
    values = [p for _, p in open_]
    assert all(b >= a - 1e-12 for a, b in itertools.pairwise(values))
    # show EVENT's probability is its P(t, until), never below any question's
    if ef.status == "open":
        assert all(ef.probability >= v - 1e-12 for v in values)
        by_until = compute_event(event, [as_of], [event.until]).point[0, 0]
        assert ef.probability == by_until


@EXAMPLES
@given(
    event=events(max_days=100), t=st.integers(0, 99), b1=st.integers(0, 99), b2=st.integers(0, 99)
)
def test_monotone_in_by_through_forecast(event: Event, t: int, b1: int, b2: int) -> None:
    """``forecast(q, t, by)`` is non-decreasing in ``by``; a ``by`` after the deadline counts as the deadline."""
    n = event.n_days
    q = Question("q", "t", "c", event.opens, event.until, None, event="ev")
    lo, hi = sorted((day(b1 % n), day(b2 % n)))
    as_of = day(t % n)
    p_lo = forecast(q, as_of, lo, event=event).probability
    p_hi = forecast(q, as_of, hi, event=event).probability
    p_late = forecast(q, as_of, event.until + dt.timedelta(days=30), event=event).probability
    p_deadline = forecast(q, as_of, event=event).probability
    assert p_lo <= p_hi + 1e-12 <= p_deadline + 2e-12
    assert p_late == p_deadline


def test_self_contained_question_equals_the_same_event_with_one_question() -> None:
    """A self-contained question and an event file holding the same content with one question agree exactly."""
    windows = (
        Window("trip", "Trip", day(100), day(102), 40.0, day(80)),
        Window("year", "Rest of the year", day(150), day(364), 1.0, day(10)),
    )
    evidence = (
        item("a", 3.0, date=20, reliability=None, source_type="principal"),
        item("b", 0.4, date=50, window="trip", reliability=0.7),
        item("c", 2.0, date=60, logged=90, window="trip", origin="x"),
        item("d", 5.0, date=61, logged=91, window="trip", origin="x", half_life=30.0),
        item("e", 1.8, date=70, window="year", reliability=None, source_type="official"),
    )
    q = Question("solo", "t", "c", D0, day(364), Prior(0.25, 12.0), (), windows, evidence)
    ev = dataclasses.replace(as_event(q), id="ev", standalone=False)
    q_on = Question("solo", "t", "c", D0, day(364), None, event="ev")
    days = span(-1, 370)
    a = trajectory(q, days)
    b = trajectory(q_on, days, event=ev)
    np.testing.assert_array_equal(a.probability, b.probability)
    np.testing.assert_array_equal(a.low, b.low)
    np.testing.assert_array_equal(a.high, b.high)
    assert a.status == b.status
    for t in (day(0), day(95), day(101), day(200)):
        fa, fb = forecast(q, t, day(180)), forecast(q_on, t, day(180), event=ev)
        assert (fa.probability, fa.low, fa.high) == (fb.probability, fb.low, fb.high)
        assert fa.contributions == fb.contributions


# --------------------------------------------------------------------------------- quiet windows


@st.composite
def quiet_window_cases(draw: st.DrawFn) -> tuple[Event, int, int]:
    """An event whose window W is announced, and all its news logged, before W starts; nothing decays."""
    n = draw(st.integers(40, 200))
    a = draw(st.integers(1, n - 10))
    b = min(n - 1, a + draw(st.integers(0, 30)))
    hazard = math.exp(draw(st.floats(-2.0, 5.0)))
    windows = [Window("w", "W", day(a), day(b), hazard, day(draw(st.integers(0, a - 1))))]
    if draw(st.booleans()):  # another window, overlapping or not, known from the start
        c = draw(st.integers(0, n - 1))
        windows.append(
            Window("o", "O", day(c), day(min(n - 1, c + draw(st.integers(0, 20)))), 7.0, None)
        )
    items = []
    for i in range(draw(st.integers(1, 4))):
        d = draw(st.integers(-10, a - 1))
        items.append(
            item(
                f"w{i}",
                math.exp(draw(st.floats(-4.0, 4.0))),
                date=d,
                logged=draw(st.integers(max(d, 0), a - 1)),
                window="w",
                reliability=draw(st.one_of(st.none(), st.floats(0.0, 1.0))),
                source_type=draw(st.sampled_from(SOURCE_TYPES)),
            )
        )
    for i in range(draw(st.integers(0, 2))):
        items.append(
            item(
                f"g{i}",
                math.exp(draw(st.floats(-3.0, 3.0))),
                date=draw(st.integers(0, a - 1)),
                window=draw(st.sampled_from([None, "o"])) if len(windows) > 1 else None,
            )
        )
    p = draw(st.floats(0.01, 0.99))
    weight = draw(st.sampled_from([0.3, 2.0, 20.0, 1000.0]))
    return make_event(n, p, weight, tuple(windows), tuple(items)), a, b


@EXAMPLES
@given(case=quiet_window_cases())
def test_a_window_that_passes_quietly_never_raises_p(case: tuple[Event, int, int]) -> None:
    """From the day before W to any day through and past W, with no news, P(t, by) never rises, for every by."""
    event, a, b = case
    n = event.n_days
    t0 = day(a - 1)
    later = span(a, min(n - 1, b + 5))
    bys = span(a, n - 1)
    arrays = compute_event(event, [t0, *later], bys, with_interval=False)
    before = arrays.point[0]
    for i, t in enumerate(later, start=1):
        still_ahead = np.array([by > t for by in bys])
        assert np.all(arrays.point[i][still_ahead] <= before[still_ahead] + 1e-12)
    # once W is over, the items scoped to it move nothing in the rest of the horizon
    w_items = [k for k, e in enumerate(event.evidence) if e.window == "w"]
    end_row = 1 + later.index(day(b))
    assert np.allclose(arrays.contribution[end_row, w_items], 0.0, atol=1e-12)


def test_quiet_window_by_hand() -> None:
    """A strong 'for' item on a trip: P rises on the news, then falls below its pre-news level once the trip is over."""
    trip = Window("trip", "Trip", day(200), day(201), 50.0, day(150))
    base = make_event(365, 0.3, 20.0, (trip,))
    news = dataclasses.replace(base, evidence=(item("yes", 10.0, date=180, window="trip"),))
    days = [day(179), day(180), day(199), day(201), day(250)]
    p0 = compute_event(base, days, [base.until], with_interval=False).point[:, 0]
    p1 = compute_event(news, days, [news.until], with_interval=False).point[:, 0]
    assert p1[0] == pytest.approx(p0[0], abs=1e-15)  # not logged yet
    assert p1[1] > p0[1] + 0.05  # the news raises it
    assert p1[3] < p1[1] and p1[4] < p1[3]  # the quiet trip and the time after lower it
    assert p1[3] < p0[1]  # below where it stood before the news: a quiet window never helps


def test_the_window_effect_vanishes_once_it_has_passed_with_a_fixed_prior(no_spread: None) -> None:
    """With p and ℓ exact, P after a quiet window is the same whatever the LR of the items scoped to it."""
    trip = Window("trip", "Trip", day(100), day(104), 30.0, day(50))
    days = span(104, 364)
    bys = [day(150), day(250), day(364)]
    ref = compute_event(make_event(365, 0.4, FIXED, (trip,)), days, bys, with_interval=False)
    for lr in (0.05, 0.5, 3.0, 40.0):
        ev = make_event(365, 0.4, FIXED, (trip,), (item("i", lr, date=60, window="trip"),))
        got = compute_event(ev, days, bys, with_interval=False)
        np.testing.assert_allclose(got.point, ref.point, rtol=0, atol=1e-7)  # p's sd is 5e-5
        assert np.allclose(got.contribution, 0.0, atol=1e-12)


# ---------------------------------------------------------------------------- s·L + 1 − s identity


def odds(p: float) -> float:
    """p / (1 − p)."""
    return p / (1.0 - p)


@settings(
    max_examples=30,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    p=st.floats(0.02, 0.95),
    log_lr=st.floats(-4.0, 4.0),
    r=st.sampled_from([1.0, 0.0, 0.3, 0.77]),
    start=st.integers(0, 300),
    length=st.integers(1, 60),
    hazard=st.floats(0.1, 200.0),
    other=st.booleans(),
)
def test_hand_conversion_identity_draw_by_draw(
    no_spread: None,
    p: float,
    log_lr: float,
    r: float,
    start: int,
    length: int,
    hazard: float,
    other: bool,
) -> None:
    """An item of LR L (reliability r) on a window holding share s moves the odds by exactly s·L^r + 1 − s.

    p is held fixed and ℓ exact, so the identity holds on every draw and hence for the forecast itself; it is
    checked on the posterior P(meeting within the span) and on P(t, until) the day before the span opens, with and
    without another window (overlap included) and a general item, against the hand conversion as an explicit LR.
    """
    n = 365
    end = min(n - 1, start + length - 1)
    w = Window("w", "W", day(start), day(end), hazard, day(-5))
    near = Window("o", "O", day(max(0, start - 3)), day(min(n - 1, end + 9)), 4.0, day(-5))
    windows = (w, near) if other else (w,)
    extra = (item("g", 2.5, date=-3),) if other else ()
    ev_base = make_event(n, p, FIXED, windows, extra)
    scoped = item("i", math.exp(log_lr), date=-2, window="w", reliability=r)
    ev_item = dataclasses.replace(ev_base, evidence=(*extra, scoped))
    t = [day(-1)]
    base = compute_event(ev_base, t, [ev_base.until], with_interval=False)
    with_item = compute_event(ev_item, t, [ev_item.until], with_interval=False)
    # s: the window's share of the hazard profile (the larger hazard where windows overlap), day by day
    h = np.ones(n)
    covered = np.zeros(n, dtype=bool)
    for win in windows:
        seg = slice((win.start - D0).days, (win.end - D0).days + 1)
        h[seg] = np.where(covered[seg], np.maximum(h[seg], win.hazard), win.hazard)
        covered[seg] = True
    s = h[(w.start - D0).days : (w.end - D0).days + 1].sum() / h.sum()
    factor = s * math.exp(r * log_lr) + 1.0 - s
    for got, ref in (
        (with_item.evidence_probability[0], base.evidence_probability[0]),
        (with_item.point[0, 0], base.point[0, 0]),
    ):
        assert odds(got) / odds(ref) == pytest.approx(factor, rel=1e-6)
    # the hand conversion: the same odds from an explicit general item of LR s·L^r + 1 − s
    hand = dataclasses.replace(ev_base, evidence=(*extra, item("hand", factor, date=-2)))
    p_hand = compute_event(hand, t, [hand.until], with_interval=False).evidence_probability[0]
    assert p_hand == pytest.approx(with_item.evidence_probability[0], rel=1e-6)


@pytest.mark.parametrize(
    ("lr", "r", "hazard", "length"),
    [(10.0, 1.0, 90.0, 2), (0.2, 1.0, 30.0, 10), (30.0, 0.6, 5.0, 30), (3.0, 0.35, 200.0, 1)],
)
def test_hand_conversion_identity_against_monte_carlo(
    lr: float, r: float, hazard: float, length: int
) -> None:
    """With the real spreads, P(meeting in the span) equals E[σ(logit p + ln(s·e^{rℓ} + 1 − s))] by simulation."""
    n = 365
    w = Window("w", "W", day(200), day(200 + length - 1), hazard, day(-5))
    ev = make_event(n, 0.3, 20.0, (w,), (item("i", lr, date=-2, window="w", reliability=r),))
    got = compute_event(ev, [day(-1)], [ev.until], with_interval=False).evidence_probability[0]
    s = hazard * length / (n - length + hazard * length)
    rng = np.random.default_rng(11)
    m = 400_000
    pdraw = rng.beta(ev.prior.alpha, ev.prior.beta, size=m)
    mu = math.log(lr)
    ell = rng.normal(mu, 0.1 + 0.25 * abs(mu), size=m)
    z = np.log(pdraw) - np.log1p(-pdraw) + np.log(s * np.exp(r * ell) + 1.0 - s)
    q = 1.0 / (1.0 + np.exp(-z))
    se = q.std() / math.sqrt(m)
    assert abs(got - q.mean()) < 4 * se + 1e-5, (got, q.mean(), se)


def test_year_question_with_a_trip_reproduces_the_hand_conversion(no_spread: None) -> None:
    """The v1 encoding (lr = s·L + 1 − s by hand, no window) and the v2 one (L on the trip) give the same P."""
    trip = Window("trip", "Trip", day(302), day(303), 90.0, day(295))
    n = 365
    s = 90.0 * 2 / (n - 2 + 90.0 * 2)
    v2 = make_event(n, 0.15, FIXED, (trip,), (item("trip-news", 4.0, date=298, window="trip"),))
    v1 = make_event(n, 0.15, FIXED, (trip,), (item("hand", s * 4.0 + 1 - s, date=298),))
    # at the moment the news is logged, with nothing of the trip elapsed, the odds of the year agree
    t = [day(298)]
    a = compute_event(v2, t, [v2.until], with_interval=False)
    b = compute_event(v1, t, [v1.until], with_interval=False)
    assert a.evidence_probability[0] == pytest.approx(b.evidence_probability[0], rel=1e-7)
    # ... and the meeting's day moves towards the trip: a deadline after the trip gains more than the year does
    by = [day(310)]
    assert (
        compute_event(v2, t, by, with_interval=False).point[0, 0]
        > compute_event(v1, t, by, with_interval=False).point[0, 0]
    )


# ------------------------------------------------------------------------- order and visibility


@EXAMPLES
@given(event=events(min_windows=2, max_items=7, max_days=100), data=st.data())
def test_file_order_is_irrelevant(event: Event, data: st.DataObject) -> None:
    """Permuting the windows and the evidence items of the file changes nothing: point, interval, contributions."""
    windows = data.draw(st.permutations(event.windows))
    evidence = data.draw(st.permutations(event.evidence))
    shuffled = dataclasses.replace(event, windows=tuple(windows), evidence=tuple(evidence))
    days = [day(k) for k in range(-1, event.n_days, 7)]
    bys = [day(event.n_days // 2), event.until]
    a = compute_event(event, days, bys)
    b = compute_event(shuffled, days, bys)
    for x, y in ((a.point, b.point), (a.low, b.low), (a.high, b.high)):
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-9)
    ids_a = [e.id for e in event.evidence]
    ids_b = [e.id for e in shuffled.evidence]
    order = [ids_b.index(i) for i in ids_a]
    np.testing.assert_allclose(a.contribution, b.contribution[:, order], rtol=0, atol=1e-9)


def test_file_order_of_two_evidence_windows_by_hand() -> None:
    """The two-window event written in the other order gives the same forecast and the same interval, exactly."""
    ev = two_window_event()
    flipped = dataclasses.replace(
        ev, windows=ev.windows[::-1], evidence=tuple(reversed(ev.evidence))
    )
    days = [day(k) for k in (170, 290, 301, 320)]
    bys = [day(330), day(500), ev.until]
    a, b = compute_event(ev, days, bys), compute_event(flipped, days, bys)
    np.testing.assert_allclose(a.point, b.point, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.low, b.low, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.high, b.high, rtol=0, atol=1e-12)


def _visible_part(event: Event, t: dt.date) -> Event:
    """The event as it could have been written on day ``t``: later windows, and items logged later, left out."""
    windows = tuple(w for w in event.windows if (w.announced or event.opens) <= t)
    known = {w.id for w in windows}
    evidence = tuple(
        e for e in event.evidence if e.logged <= t and (e.window is None or e.window in known)
    )
    return dataclasses.replace(event, windows=windows, evidence=evidence)


@EXAMPLES
@given(event=events(min_windows=1, max_items=7, max_days=120), t=st.integers(-1, 119))
def test_items_logged_later_and_windows_announced_later_are_invisible(event: Event, t: int) -> None:
    """The forecast as of t equals the one from the file as it stood on t (with every deadline, interval included)."""
    as_of = day(min(t, event.n_days - 1))
    past = _visible_part(event, as_of)
    bys = [day(k) for k in range(0, event.n_days, 9)] + [event.until]
    a = compute_event(event, [as_of], bys)
    b = compute_event(past, [as_of], bys)
    for x, y in ((a.point, b.point), (a.low, b.low), (a.high, b.high)):
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.evidence_probability, b.evidence_probability, rtol=0, atol=1e-12)
    q = Question("q", "t", "c", event.opens, event.until, None, event="ev")
    fa = forecast(q, as_of, event=event)
    fb = forecast(q, as_of, event=past)
    assert fa.evidence_used == fb.evidence_used == len(past.evidence)
    assert set(fa.contributions) == {e.id for e in past.evidence}
    for k, v in fb.contributions.items():
        assert fa.contributions[k] == pytest.approx(v, abs=1e-12)


def test_a_later_window_on_another_trip_does_not_move_todays_interval() -> None:
    """Adding a window (with an item) announced tomorrow leaves today's forecast and interval as they were."""
    trip = Window("trip", "Trip", day(100), day(101), 60.0, day(10))
    today = (item("a", 4.0, date=20, window="trip"), item("g", 0.5, date=21))
    ev = make_event(365, 0.3, 20.0, (trip,), today)
    later = Window("summit", "Summit", day(200), day(202), 80.0, day(41))
    ev2 = dataclasses.replace(
        ev, windows=(later, trip), evidence=(item("b", 9.0, date=41, window="summit"), *today)
    )
    a = compute_event(ev, span(30, 40), [day(150), ev.until])
    b = compute_event(ev2, span(30, 40), [day(150), ev.until])
    np.testing.assert_array_equal(a.point, b.point)
    np.testing.assert_array_equal(a.low, b.low)
    np.testing.assert_array_equal(a.high, b.high)
    after = compute_event(ev2, [day(41)], [ev.until]).point[0, 0]
    assert after > b.point[-1, 1]  # and it does move the forecast the day it is announced


# ---------------------------------------------------------------------------------- closed forms


@EXAMPLES
@given(
    p=st.floats(0.01, 0.99),
    weight=st.sampled_from([0.2, 1.0, 20.0, 500.0]),
    n=st.integers(1, 400),
    t=st.integers(-3, 405),
    extra=st.integers(0, 405),
)
def test_closed_form_without_evidence_or_windows(
    p: float, weight: float, n: int, t: int, extra: int
) -> None:
    """P(t, by) = p̄(F(by) − F(t)) / (1 − p̄F(t)) with F linear in days, for any weight of the prior."""
    ev = make_event(n, p, weight)
    as_of, by = day(t), day(t + extra)
    got = compute_event(ev, [as_of], [by], with_interval=False).point[0, 0]
    expected = closed_form(p, linear_share(ev, as_of), linear_share(ev, by))
    assert got == pytest.approx(expected, abs=1e-12)


@EXAMPLES
@given(event=events(max_items=0), t=st.integers(-1, 170), extra=st.integers(0, 170))
def test_closed_form_with_windows_and_no_evidence(event: Event, t: int, extra: int) -> None:
    """With windows and no evidence the same closed form holds with F from the hazard profile known on t."""
    as_of, by = day(t), day(t + extra)
    got = compute_event(event, [as_of], [by], with_interval=False).point[0, 0]
    f_t = profile_share(event, as_of, as_of)
    f_by = profile_share(event, by, as_of)
    assert got == pytest.approx(closed_form(event.prior.probability, f_t, f_by), abs=1e-12)


def test_closed_form_by_hand() -> None:
    """Ten ordinary days, p̄ = 0.5: on day 5, P(by day 10) = 0.5·0.5 / (1 − 0.25) = 1/3; by day 7: 0.5·0.2 / 0.75."""
    ev = make_event(10, 0.5)
    got = compute_event(ev, [day(4)], [day(9), day(6), day(4), day(2)], with_interval=False).point
    np.testing.assert_allclose(got[0], [1 / 3, 0.1 / 0.75, 0.0, 0.0], rtol=0, atol=1e-14)


# --------------------------------------------------------------------------- brute-force Monte Carlo


def two_window_event() -> Event:
    """An event with two windows (one announced late), items scoped to each, and general items."""
    windows = (
        Window("apec", "APEC trip", day(300), day(302), 60.0, day(280)),
        Window("spring", "Spring summit", day(430), day(440), 8.0, day(150)),
    )
    evidence = (
        item("g1", 3.0, date=20, reliability=None, source_type="principal"),
        item("g2", 0.3, date=120, reliability=0.8),
        item("g3", 10.0, date=290, reliability=0.4, source_type="analyst"),
        item("a1", 4.0, date=285, window="apec", reliability=0.9),
        item("a2", 0.5, date=295, window="apec", reliability=None, source_type="official"),
        item("s1", 6.0, date=160, window="spring", reliability=0.7),
        item("s2", 2.0, date=200, window="spring", reliability=None, source_type="market"),
    )
    return make_event(730, 0.35, 15.0, windows, evidence)


@pytest.mark.parametrize("t", [100, 170, 290, 301, 320, 435])
def test_point_forecast_against_brute_force_monte_carlo(t: int) -> None:
    """The point forecast (quadrature) agrees with a 4e5-draw simulation of the model within 0.002."""
    ev = two_window_event()
    as_of = day(t)
    bys = [day(k) for k in (301, 330, 440, 500, 729) if k > t]
    got = compute_event(ev, [as_of], bys, with_interval=False).point[0]
    est, se = brute_force(ev, as_of, bys)
    assert np.all(
        se < 0.0006
    )  # the reference is precise enough for the tolerance to mean something
    np.testing.assert_allclose(got, est, rtol=0, atol=0.002)


def test_brute_force_reference_agrees_with_the_closed_form() -> None:
    """The reference simulation itself reproduces the closed form where one exists (it is not just a copy)."""
    ev = make_event(200, 0.4, 20.0, (Window("w", "W", day(50), day(60), 10.0),))
    as_of = day(30)
    bys = [day(55), day(199)]
    est, se = brute_force(ev, as_of, bys)
    f_t = profile_share(ev, as_of, as_of)
    expected = [closed_form(0.4, f_t, profile_share(ev, b, as_of)) for b in bys]
    np.testing.assert_allclose(est, expected, rtol=0, atol=4 * se.max() + 1e-4)


def test_history_and_show_agree_bit_for_bit_on_every_day() -> None:
    """A question's trajectory (history) equals its forecast day by day (show), interval included, exactly: also
    on days before window evidence becomes visible, computed together with days after it."""
    ev = two_window_event()
    q = Question("q", "t", "c", D0, day(500), None, event="ev")
    days = [day(k) for k in range(-2, 520, 3)]
    tr = trajectory(q, days, event=ev)
    for i, d in enumerate(days):
        fc = forecast(q, d, event=ev)
        got = (tr.probability[i], tr.low[i], tr.high[i])
        if fc.probability is None:
            assert all(math.isnan(x) for x in got)
        else:
            assert got == (fc.probability, fc.low, fc.high), d
