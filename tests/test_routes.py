"""The v3 model (CONTRACT section 2): occasions are routes with chances of their own.

Closed forms with an explicit chance, a brute-force Monte Carlo with default chances and evidence, the properties
the contract states (announcing raises P, a passed occasion never raises it, monotone in ``by``, coherent questions,
no occasions = v2), cancellation, and the CLI (``window --kind/--chance/--cancel``, ``show`` naming routes).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Prior, Window
from summitcast.model.forecast import compute_event
from summitcast.model.routes import CHANCE_PRIOR_WEIGHT, DEFAULT_CHANCE
from summitcast.store.ledger import parse_event
from summitcast.store.schema import kind_from_hazard

D = dt.date
OPENS, UNTIL = D(2025, 1, 1), D(2025, 12, 31)
#: Monte Carlo error allowed against a brute force of 2e6 draws (its standard error is below 4e-4 here).
MC_TOLERANCE = 2e-3
#: Float tolerance of closed forms computed by quadrature.
EXACT = 1e-10


def share(d: dt.date) -> float:
    n = (UNTIL - OPENS).days + 1
    return min(max((d - OPENS).days + 1, 0), n) / n


TRIP_START, TRIP_END, TRIP_ANNOUNCED = D(2025, 3, 10), D(2025, 3, 11), D(2025, 2, 1)


def occasion(
    start: dt.date = TRIP_START,
    end: dt.date = TRIP_END,
    *,
    kind: str = "visit",
    chance: float | None = 0.6,
    announced: dt.date = TRIP_ANNOUNCED,
    cancelled: dt.date | None = None,
    wid: str = "trip",
) -> Window:
    return Window(
        wid, "Trip", start, end, announced=announced, kind=kind, chance=chance, cancelled=cancelled
    )


def event(*windows: Window, evidence: tuple[Evidence, ...] = (), p: float = 0.3) -> Event:
    return Event("e", "t", "c", OPENS, UNTIL, Prior(p, 10.0), windows=windows, evidence=evidence)


def closed_form(p: float, ws: list[Window], t: dt.date, by: dt.date) -> float:
    """P(t, by) with explicit chances and no evidence: (S(t) − S(by)) / S(t), S a product over routes."""

    def s(x: dt.date) -> float:
        out = 1 - p * share(x)
        for w in ws:
            out *= 1 - w.chance * min(max(((x - w.start).days + 1) / w.n_days, 0), 1)
        return out

    return 0.0 if by <= t else (s(t) - s(by)) / s(t)


@pytest.mark.parametrize(
    "by", [D(2025, 3, 9), D(2025, 3, 10), D(2025, 3, 11), D(2025, 6, 30), UNTIL]
)
def test_an_explicit_chance_gives_the_closed_form(by: dt.date) -> None:
    w = occasion()
    t = D(2025, 2, 15)
    got = compute_event(event(w), [t], [by]).point[0, 0]
    assert got == pytest.approx(closed_form(0.3, [w], t, by), abs=EXACT)


def test_two_occasions_multiply_their_survivals() -> None:
    a = occasion(wid="a", chance=0.5)
    b = occasion(D(2025, 5, 1), D(2025, 5, 3), wid="b", kind="summit", chance=0.2)
    t = D(2025, 2, 15)
    bys = [D(2025, 3, 10), D(2025, 5, 2), UNTIL]
    got = compute_event(event(a, b), [t], bys).point[0]
    want = [closed_form(0.3, [a, b], t, by) for by in bys]
    np.testing.assert_allclose(got, want, atol=EXACT)


def test_before_it_is_announced_an_occasion_changes_nothing() -> None:
    t, by = D(2025, 1, 20), D(2025, 6, 30)
    with_w = compute_event(event(occasion()), [t], [by]).point[0, 0]
    without = compute_event(event(), [t], [by]).point[0, 0]
    assert with_w == without
    assert without == pytest.approx(closed_form(0.3, [], t, by), abs=EXACT)


def test_a_cancelled_occasion_is_no_route_from_the_cancel_day_but_earlier_days_see_it() -> None:
    w = occasion(cancelled=D(2025, 2, 10))
    by = D(2025, 6, 30)
    before, after = compute_event(event(w), [D(2025, 2, 5), D(2025, 2, 10)], [by]).point[:, 0]
    assert before == pytest.approx(
        closed_form(0.3, [replace(w, cancelled=None)], D(2025, 2, 5), by)
    )
    assert after == pytest.approx(closed_form(0.3, [], D(2025, 2, 10), by), abs=EXACT)


def test_default_chances_and_evidence_agree_with_a_brute_force_monte_carlo() -> None:
    general = Evidence("g", D(2025, 2, 1), "x", "s", D(2025, 2, 1), "principal", lr=3.0)
    scoped = Evidence(
        "s", D(2025, 2, 5), "x", "s", D(2025, 2, 5), "official", strength="strong",
        direction="against", window="trip",
    )  # fmt: skip
    w = occasion(kind="summit", chance=None)
    t, bys = D(2025, 2, 15), [D(2025, 3, 10), D(2025, 6, 30), UNTIL]
    got = compute_event(event(w, evidence=(general, scoped)), [t], bys).point[0]
    rng = np.random.default_rng(7)
    n = 2_000_000
    q0 = DEFAULT_CHANCE["summit"]
    p = rng.beta(3.0, 7.0, n)
    q = rng.beta(q0 * CHANCE_PRIOR_WEIGHT, (1 - q0) * CHANCE_PRIOR_WEIGHT, n)
    # effective log-LRs: reliability (principal 0.5, official 0.6) times ln LR, spread 0.1 + 0.25|ln LR|
    lg = 0.5 * (np.log(3) + (0.1 + 0.25 * np.log(3)) * rng.standard_normal(n))
    ls = 0.6 * (np.log(0.1) + (0.1 + 0.25 * np.log(10)) * rng.standard_normal(n))
    pe = 1 / (1 + (1 - p) / p * np.exp(-lg))
    qe = 1 / (1 + (1 - q) / q * np.exp(-lg - ls))

    def s(x: dt.date) -> np.ndarray:
        g = min(max(((x - w.start).days + 1) / w.n_days, 0), 1)
        return (1 - pe * share(x)) * (1 - qe * g)

    want = [(s(t) - s(by)).mean() / s(t).mean() for by in bys]
    np.testing.assert_allclose(got, want, atol=MC_TOLERANCE)


@given(
    chance=st.floats(0.0, 0.99),
    start=st.integers(40, 300),
    length=st.integers(1, 20),
    t=st.integers(0, 364),
)
def test_announcing_raises_p_for_every_by_from_its_first_day_and_p_is_monotone_in_by(
    chance: float, start: int, length: int, t: int
) -> None:
    s = OPENS + dt.timedelta(days=start)
    w = occasion(s, min(s + dt.timedelta(days=length - 1), UNTIL), chance=chance, announced=OPENS)
    day = OPENS + dt.timedelta(days=t)
    bys = [OPENS + dt.timedelta(days=k) for k in range(t + 1, 365, 7)] + [UNTIL]
    with_w = compute_event(event(w), [day], bys, with_interval=False).point[0]
    without = compute_event(event(), [day], bys, with_interval=False).point[0]
    assert np.all(np.diff(with_w) >= -1e-12)
    later = np.array([by >= w.start for by in bys])
    if day < w.start and chance > 0:
        assert np.all(with_w[later] > without[later] - 1e-12)


@given(chance=st.floats(0.0, 0.99), p=st.floats(0.05, 0.95), gap=st.integers(1, 100))
def test_an_occasion_that_passes_quietly_never_raises_p(chance: float, p: float, gap: int) -> None:
    w = occasion(
        chance=None, kind="summit"
    )  # a chance with spread: survival reweights the shared draws
    g = Evidence("g", D(2025, 2, 1), "x", "s", D(2025, 2, 1), "analyst", lr=2.0)
    ev = event(w, evidence=(g,), p=p)
    eve = D(2025, 3, 9)
    after = w.end + dt.timedelta(days=gap)
    pts = compute_event(ev, [eve, after], [UNTIL], with_interval=False).point[:, 0]
    assert pts[1] <= pts[0] + 1e-12


def test_questions_of_an_event_with_occasions_are_coherent_every_day() -> None:
    ev = event(
        occasion(), occasion(D(2025, 6, 1), D(2025, 6, 2), wid="b", kind="nearby", chance=None)
    )
    days = [OPENS + dt.timedelta(days=k) for k in range(0, 365, 5)]
    bys = [D(2025, 3, 31), D(2025, 6, 30), UNTIL]
    p = compute_event(ev, days, bys, with_interval=False).point
    assert np.all(p[:, 0] <= p[:, 1] + 1e-12) and np.all(p[:, 1] <= p[:, 2] + 1e-12)


def test_a_day_is_the_same_alone_or_in_a_history() -> None:
    ev = event(occasion(chance=None, kind="summit"))
    days = [OPENS + dt.timedelta(days=k) for k in range(30, 80)]
    many = compute_event(ev, days, [UNTIL])
    for i in (0, 17, 49):
        one = compute_event(ev, [days[i]], [UNTIL])
        assert (one.point[0, 0], one.low[0, 0], one.high[0, 0]) == (
            many.point[i, 0],
            many.low[i, 0],
            many.high[i, 0],
        )


def test_the_interval_holds_the_point_and_is_exact_for_an_explicit_chance_without_spread() -> None:
    ev = event(occasion(chance=0.6))
    arr = compute_event(ev, [D(2025, 2, 15)], [D(2025, 3, 11), UNTIL])
    assert np.all(arr.low[0] <= arr.point[0] + 1e-12) and np.all(
        arr.point[0] <= arr.high[0] + 1e-12
    )


def test_the_routes_shares_name_each_route() -> None:
    arr = compute_event(event(occasion(chance=0.6)), [D(2025, 2, 15)], [D(2025, 3, 11)])
    assert arr.routes["trip"][0, 0] == pytest.approx(0.6)
    assert 0 < arr.routes[""][0, 0] < arr.point[0, 0]


@pytest.mark.parametrize(
    ("hazard", "kind"),
    [(1000, "bilateral"), (300, "bilateral"), (100, "summit"), (20, "nearby"), (1, "period")],
)
def test_a_v2_window_is_read_by_its_hazard(hazard: float, kind: str) -> None:
    assert kind_from_hazard(hazard) == kind
    text = f"""title = "t"
resolution_criteria = "c"
opens = 2025-01-01
until = 2025-12-31
[prior]
probability = 0.3
[[windows]]
id = "w"
name = "W"
start = 2025-03-01
end = 2025-03-02
hazard = {hazard}
"""
    (w,) = parse_event(text, "events/e.toml").windows
    assert (w.kind, w.legacy) == (kind, True)
    assert w.hazard == (float(hazard) if kind == "period" else 1.0)


def test_a_prior_naming_the_floated_rule_takes_its_probability_from_the_horizon() -> None:
    text = """title = "t"
resolution_criteria = "c"
opens = 2025-01-01
until = 2025-12-31
[prior]
rule = "floated"
weight = 10
"""
    prior = parse_event(text, "events/e.toml").prior
    assert prior.rule == "floated"
    assert prior.probability == pytest.approx(1 - 0.5 ** (365 / 365.25))


# ----------------------------------------------------------------------------------------------- CLI


@pytest.fixture
def tk(forecasts_dir: Path, ok) -> Path:
    ok(
        "new-event",
        "tk",
        "--title",
        "T",
        "--opens",
        "2025-01-20",
        "--until",
        "2029-01-20",
        "--prior",
        "0.5",
    )
    ok("new", "tk-oct", "--event", "tk", "--title", "by Nov", "--deadline", "2025-10-31")
    return forecasts_dir


def test_window_with_an_explicit_chance_gives_the_closed_form_through_show(tk: Path, ok) -> None:
    ok(
        "window", "tk-oct", "--id", "korea", "--name", "Korea", "--kind", "visit", "--chance", "0.4",
        "--start", "2025-10-29", "--end", "2025-10-30", "--announced", "2025-09-01",
    )  # fmt: skip
    doc = json.loads(ok("show", "tk-oct", "--json").stdout)
    n = (D(2029, 1, 20) - D(2025, 1, 20)).days + 1
    t = D(2025, 10, 27)  # the suite's today
    f = lambda x: ((x - D(2025, 1, 20)).days + 1) / n  # noqa: E731
    s_t = 1 - 0.5 * f(t)
    s_by = (1 - 0.5 * f(D(2025, 10, 31))) * (1 - 0.4)
    assert doc["probability"] == pytest.approx((s_t - s_by) / s_t, abs=1e-9)
    korea = next(r for r in doc["routes"] if r["id"] == "korea")
    assert (korea["kind"], korea["chance"], korea["chance_source"]) == ("visit", 0.4, "set")


def test_window_cancel_calls_an_occasion_off_and_show_says_so(tk: Path, ok, run) -> None:
    ok(
        "window", "tk-oct", "--id", "korea", "--name", "Korea", "--kind", "summit",
        "--start", "2025-10-29", "--end", "2025-10-30", "--announced", "2025-09-01",
    )  # fmt: skip
    ok(
        "window", "tk-oct", "--id", "korea-2", "--name", "Korea again", "--kind", "summit",
        "--start", "2025-11-20", "--end", "2025-11-21", "--announced", "2025-10-20",
    )  # fmt: skip
    ok("window", "tk-oct", "--cancel", "korea", "--date", "2025-10-20")
    out = ok("show", "tk-oct").stdout
    assert "[postponed on 2025-10-20 to 'korea-2' (2025-11-20 to 2025-11-21)]" in out
    again = run("window", "tk-oct", "--cancel", "korea")
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: --cancel: 'korea' was already called off on 2025-10-20\n",
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--kind", "summit", "--chance", "1"],
            1,
            "Error: --chance: must be in [0, 1) (got 1.0)\n",
        ),
        (
            ["--kind", "summit", "--chance", "nan"],
            1,
            "Error: --chance: must be a finite number (got nan)\n",
        ),
        (
            ["--kind", "period", "--chance", "0.3"],
            1,
            "Error: --chance: applies to an occasion (bilateral, visit, summit, nearby), not to a period\n",
        ),
        (
            ["--kind", "summit", "--hazard", "3"],
            1,
            "Error: --hazard: applies to a period only; an occasion (summit) has a chance instead\n",
        ),
    ],
)
def test_window_refuses_bad_kinds_and_chances_and_leaves_the_file(
    tk: Path, run, args: list[str], code: int, message: str
) -> None:
    path = tk / "events" / "tk.toml"
    before = path.read_bytes()
    res = run(
        "window", "tk-oct", "--id", "w", "--name", "W", "--start", "2025-10-29", "--end", "2025-10-30",
        "--announced", "2025-09-01", *args,
    )  # fmt: skip
    assert (res.exit_code, res.stderr) == (code, message)
    assert path.read_bytes() == before


def test_a_bad_kind_is_a_usage_error_naming_the_flag(tk: Path, run) -> None:
    res = run(
        "window", "tk-oct", "--id", "w", "--name", "W", "--start", "2025-10-29", "--end", "2025-10-30",
        "--kind", "sumit",
    )  # fmt: skip
    assert res.exit_code == 2 and "'--kind'" in res.stderr


def test_add_warns_when_the_window_is_announced_after_the_item(tk: Path, ok) -> None:
    ok(
        "window", "tk-oct", "--id", "korea", "--name", "Korea", "--kind", "nearby",
        "--start", "2025-10-29", "--end", "2025-10-30", "--announced", "2025-10-20",
    )  # fmt: skip
    out = ok(
        "add", "tk-oct", "--source", "S", "--says", "maybe at Panmunjom", "--strength", "weak", "--for",
        "--window", "korea", "--date", "2025-10-01", "--logged", "2025-10-01",
    ).stdout  # fmt: skip
    assert (
        "window 'korea' is announced only on 2025-10-20, after this item was logged (2025-10-01)"
        in out
    )
