"""Tests of summitcast.scoring.rules: spot scores, exact time averages, calibration, bootstrap."""

from __future__ import annotations

import doctest
import math
import subprocess
import sys

import numpy as np
import properscoring
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from reference_scoring import ref_peer, ref_scores
from summitcast.scoring import rules as scoring
from summitcast.scoring import series
from summitcast.scoring.rules import (
    baseline_score,
    bootstrap_mean_ci,
    brier_score,
    calibration_bins,
    log_score,
    peer_score,
)
from summitcast.scoring.series import (
    Series,
    grouped_peer_scores,
    grouped_series_scores,
    series_peer_score,
    series_scores,
)

DAY = 86400.0


def _series(points):
    return Series.from_points([t for t, _ in points], [p for _, p in points])


def _close(a, b, tol=1e-6):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


# ------------------------------------------------------------------------------------------------
# spot scores


def test_metaculus_faq_daily_baseline_scores():
    daily = baseline_score(1, [0.4, 0.7, 0.7, 0.8])
    assert np.round(daily, 2).tolist() == [-32.19, 48.54, 48.54, 67.81]


def test_baseline_of_0_001_is_minus_896_58():
    assert round(baseline_score(1, 0.001), 2) == -896.58
    assert round(baseline_score(0, 0.999), 2) == -896.58
    # clipping: 0 scores like 0.001, 1 like 0.999
    assert baseline_score(1, 0.0) == baseline_score(1, 0.001)
    assert round(baseline_score(1, 1.0), 2) == 99.86


def test_brier_matches_properscoring_on_random_inputs():
    rng = np.random.default_rng(42)
    obs = rng.integers(0, 2, 500)
    fct = rng.random(500)
    np.testing.assert_allclose(brier_score(obs, fct), properscoring.brier_score(obs, fct))


def test_log_score_matches_bernoulli_logpmf_on_random_inputs():
    rng = np.random.default_rng(7)
    obs = rng.integers(0, 2, 500)
    fct = rng.uniform(0.001, 0.999, 500)
    np.testing.assert_allclose(log_score(obs, fct), stats.bernoulli.logpmf(obs, fct))


def test_log_score_clips_only_inside_log():
    assert log_score(1, 0.0) == pytest.approx(math.log(0.001))
    assert log_score(0, 1.0) == pytest.approx(math.log(0.001))
    assert brier_score(1, 0.0) == 1.0  # Brier takes the stored value as is


def test_peer_score_spot():
    assert peer_score(1, 0.8, 0.4) == pytest.approx(100 * math.log(2))
    assert peer_score(0, 0.8, 0.4) == pytest.approx(100 * math.log(0.2 / 0.6))
    assert peer_score(1, 0.0, 1.0) == pytest.approx(100 * math.log(0.001 / 0.999))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: brier_score(2, 0.5), "obs must contain only 0 and 1 (outcome no/yes), got 2.0"),
        (lambda: brier_score(1, 1.5), "fct must be probabilities in [0, 1], got 1.5"),
        (lambda: log_score(1, float("nan")), "fct must be probabilities in [0, 1], got nan"),
        (lambda: baseline_score("x", 0.5), "obs must contain only 0 and 1 (outcome no/yes)"),
        (lambda: peer_score(1, 0.5, -0.1), "ref must be probabilities in [0, 1], got -0.1"),
        (lambda: brier_score(1, "a"), "fct must be numeric probabilities"),
    ],
)
def test_spot_score_errors(call, message):
    with pytest.raises(ValueError) as exc:
        call()
    assert str(exc.value) == message


# ------------------------------------------------------------------------------------------------
# time averages


def test_metaculus_faq_example_time_average():
    s = _series([(1 * DAY, 0.4), (2 * DAY, 0.7), (3 * DAY, 0.7), (4 * DAY, 0.8)])
    r = series_scores(1, s, opens=0.0, closes=5 * DAY)
    expected = (0 - 32.19 + 48.54 + 48.54 + 67.81) / 5
    assert round(r["baseline"], 2) == 26.54 == round(expected, 2)
    assert r["baseline"] == pytest.approx(
        float(np.mean([0, *baseline_score(1, [0.4, 0.7, 0.7, 0.8])]))
    )
    assert r["coverage"] == pytest.approx(0.8)
    # the same question resolved no, forecasts given as P(yes)
    s0 = _series([(1 * DAY, 0.6), (2 * DAY, 0.3), (4 * DAY, 0.2)])
    assert series_scores(0, s0, opens=0.0, closes=5 * DAY)["baseline"] == pytest.approx(
        r["baseline"]
    )


def test_truncation_before_first_forecast_and_after_resolved():
    # span 0..10, forecast 0.8 from t=2, resolved at t=6: covered 2..6
    s = _series([(2.0, 0.8)])
    r = series_scores(1, s, opens=0.0, closes=10.0, resolved=6.0)
    assert r["coverage"] == pytest.approx(0.4)
    assert r["baseline"] == pytest.approx(0.4 * 100 * math.log2(1.6))
    assert r["brier"] == pytest.approx(0.04)  # over covered time only
    assert r["log"] == pytest.approx(math.log(0.8))
    # a resolved time after closes changes nothing
    assert series_scores(1, s, opens=0.0, closes=10.0, resolved=12.0) == series_scores(
        1, s, opens=0.0, closes=10.0
    )


def test_forecast_before_opens_stands_at_opens_and_after_end_is_ignored():
    s = _series([(-5.0, 0.1), (-2.0, 0.9), (4.0, 0.5), (10.0, 0.0), (11.0, 0.0)])
    r = series_scores(1, s, opens=0.0, closes=10.0)
    assert r["coverage"] == 1.0
    assert r["brier"] == pytest.approx((4 * 0.01 + 6 * 0.25) / 10)
    assert r["baseline"] == pytest.approx((4 * 100 * math.log2(1.8) + 0) / 10)


def test_equal_timestamps_later_one_wins():
    s = _series([(0.0, 0.2), (0.0, 0.9)])
    assert series_scores(1, s, opens=0.0, closes=1.0)["brier"] == pytest.approx(0.01)


def test_no_forecast_in_span_gives_coverage_zero_and_null_brier_log():
    for s in (Series.empty(), _series([(20.0, 0.5)])):
        r = series_scores(1, s, opens=0.0, closes=10.0)
        assert r == {"brier": None, "log": None, "baseline": 0.0, "coverage": 0.0}


def test_withdrawal_nan_counts_as_no_forecast():
    s = _series([(0.0, 0.8), (5.0, math.nan)])
    r = series_scores(1, s, opens=0.0, closes=10.0)
    assert r["coverage"] == pytest.approx(0.5)
    assert r["baseline"] == pytest.approx(0.5 * 100 * math.log2(1.6))


def test_clipping_inside_time_average():
    s = _series([(0.0, 0.0)])
    r = series_scores(1, s, opens=0.0, closes=1.0)
    assert r["baseline"] == pytest.approx(-896.578428466)
    assert r["log"] == pytest.approx(math.log(0.001))
    assert r["brier"] == 1.0


def test_peer_with_gaps_counts_zero_where_either_is_missing():
    ours = _series([(0.0, 0.8), (6.0, math.nan)])  # 0..6
    comm = _series([(2.0, 0.4)])  # 2..
    peer = series_peer_score(1, ours, comm, opens=0.0, closes=10.0)
    assert peer == pytest.approx(4 / 10 * 100 * math.log(2))
    # after resolved counts 0 too
    peer_r = series_peer_score(1, ours, comm, opens=0.0, closes=10.0, resolved=4.0)
    assert peer_r == pytest.approx(2 / 10 * 100 * math.log(2))
    assert series_peer_score(1, ours, Series.empty(), opens=0.0, closes=10.0) == 0.0


def test_peer_merges_breakpoints_exactly():
    ours = _series([(0.0, 0.5), (3.0, 0.9)])
    comm = _series([(0.0, 0.5), (1.0, 0.2), (7.0, 0.6)])
    expected = ref_peer(1, [(0.0, 0.5), (3.0, 0.9)], [(0.0, 0.5), (1.0, 0.2), (7.0, 0.6)], 0, 10)
    manual = (
        2 * 100 * math.log(0.5 / 0.2)
        + 4 * 100 * math.log(0.9 / 0.2)
        + 3 * 100 * math.log(0.9 / 0.6)
    ) / 10
    assert expected == pytest.approx(manual)
    assert series_peer_score(1, ours, comm, opens=0.0, closes=10.0) == pytest.approx(manual)


def test_grouped_equals_one_by_one_and_reference_on_random_cases():
    rng = np.random.default_rng(2025)
    n = 60
    obs = rng.integers(0, 2, n)
    opens = rng.uniform(0, 1000, n)
    closes = opens + rng.uniform(1, 1000, n)
    resolved = np.where(rng.random(n) < 0.5, opens + rng.uniform(-10, 1100, n), np.nan)
    resolved = np.where(resolved < opens, np.nan, resolved)
    sizes = rng.integers(0, 12, n)
    group = np.repeat(np.arange(n), sizes)
    times = rng.uniform(-100, 2200, group.size).round(1)  # rounding makes ties likely
    probs = np.where(
        rng.random(group.size) < 0.1, rng.integers(0, 2, group.size), rng.random(group.size)
    )
    probs = np.where(rng.random(group.size) < 0.05, np.nan, probs)
    perm = rng.permutation(group.size)
    csizes = rng.integers(0, 8, n)
    cgroup = np.repeat(np.arange(n), csizes)
    ctimes = rng.uniform(-100, 2200, cgroup.size).round(1)
    cprobs = rng.random(cgroup.size)
    out = grouped_series_scores(
        obs, group[perm], times[perm], probs[perm], opens=opens, closes=closes, resolved=resolved
    )
    peer = grouped_peer_scores(
        obs,
        group,
        times,
        probs,
        cgroup,
        ctimes,
        cprobs,
        opens=opens,
        closes=closes,
        resolved=resolved,
    )
    for k in range(n):
        pts = [
            (float(t), float(p)) for t, p in zip(times[group == k], probs[group == k], strict=True)
        ]
        cpts = [
            (float(t), float(p))
            for t, p in zip(ctimes[cgroup == k], cprobs[cgroup == k], strict=True)
        ]
        r = None if np.isnan(resolved[k]) else float(resolved[k])
        ref = ref_scores(int(obs[k]), pts, float(opens[k]), float(closes[k]), r)
        for f in ("brier", "log", "baseline", "coverage"):
            got = None if np.isnan(out[f][k]) else float(out[f][k])
            assert _close(got, ref[f]), (k, f, got, ref[f])
        refp = ref_peer(int(obs[k]), pts, cpts, float(opens[k]), float(closes[k]), r)
        assert _close(float(peer[k]), refp), (k, peer[k], refp)


def test_time_average_errors():
    with pytest.raises(ValueError, match=r"^closes must be after opens$"):
        series_scores(1, Series.empty(), opens=5.0, closes=5.0)
    with pytest.raises(ValueError, match=r"^group must index the questions \(0 <= group < 1\)$"):
        grouped_series_scores([1], [1], [0.0], [0.5], opens=0.0, closes=1.0)
    with pytest.raises(ValueError, match=r"^times and probs must have the same length \(2 != 1\)$"):
        Series.from_points([0.0, 1.0], [0.5])
    with pytest.raises(ValueError, match=r"^probs must be probabilities in \[0, 1\], got 2.0$"):
        Series.from_points([0.0], [2.0])
    with pytest.raises(ValueError, match=r"^times must be finite$"):
        Series.from_points([math.inf], [0.5])


# ------------------------------------------------------------------------------------------------
# properties

prob = st.floats(0.0, 1.0)
time = st.floats(-50.0, 150.0, allow_nan=False)
points = st.lists(st.tuples(time, prob), max_size=10)


@settings(max_examples=200)
@given(o=st.integers(0, 1), p=prob, t0=st.floats(-100, 0), length=st.floats(1, 1e6))
def test_constant_series_gives_the_spot_scores(o, p, t0, length):
    s = _series([(t0, p)])
    r = series_scores(o, s, opens=0.0, closes=length)
    assert r["coverage"] == pytest.approx(1.0)
    assert r["brier"] == pytest.approx(brier_score(o, p), abs=1e-12)
    assert r["log"] == pytest.approx(log_score(o, p))
    assert r["baseline"] == pytest.approx(baseline_score(o, p))


@settings(max_examples=200)
@given(o=st.integers(0, 1), a=points, b=points, closes=st.floats(1, 100), res=st.none() | time)
def test_properties_against_reference(o, a, b, closes, res):
    sa, sb = _series(a), _series(b)
    r = series_scores(o, sa, opens=0.0, closes=closes, resolved=res)
    assert 0.0 <= r["coverage"] <= 1.0 + 1e-12
    assert -896.6 * r["coverage"] - 1e-9 <= r["baseline"] <= 99.86 * r["coverage"] + 1e-9
    ref = ref_scores(o, a, 0.0, closes, res)
    for f in ("brier", "log", "baseline", "coverage"):
        assert _close(r[f], ref[f]), (f, r[f], ref[f])
    peer = series_peer_score(o, sa, sb, opens=0.0, closes=closes, resolved=res)
    assert peer == pytest.approx(
        -series_peer_score(o, sb, sa, opens=0.0, closes=closes, resolved=res)
    )
    assert series_peer_score(o, sa, sa, opens=0.0, closes=closes, resolved=res) == 0.0
    assert _close(peer, ref_peer(o, a, b, 0.0, closes, res))


# ------------------------------------------------------------------------------------------------
# calibration and bootstrap


def test_calibration_bins_are_equal_width_and_not_folded():
    cb = calibration_bins([1, 0, 0, 1, 1], [0.05, 0.15, 0.85, 0.95, 1.0], n_bins=10)
    assert cb.edges.tolist() == pytest.approx([i / 10 for i in range(11)])
    assert cb.count.tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 1, 2]
    assert cb.mean_forecast[9] == pytest.approx(0.975)
    assert cb.observed[9] == 1.0
    assert cb.observed[8] == 0.0  # 0.85 that failed is not folded onto 0.15
    assert np.isnan(cb.mean_forecast[4]) and np.isnan(cb.observed[4])


def test_calibration_weights():
    cb = calibration_bins([1, 0], [0.3, 0.35], n_bins=2, weights=[3.0, 1.0])
    assert cb.count.tolist() == [2, 0]
    assert cb.weight[0] == 4.0
    assert cb.mean_forecast[0] == pytest.approx((0.9 + 0.35) / 4)
    assert cb.observed[0] == pytest.approx(0.75)
    with pytest.raises(ValueError, match=r"^n_bins must be a positive integer, got 0$"):
        calibration_bins([1], [0.5], n_bins=0)
    with pytest.raises(ValueError, match=r"^weights must be finite and non-negative$"):
        calibration_bins([1], [0.5], weights=[-1.0])


def test_bootstrap_is_deterministic_and_brackets_the_mean():
    x = np.random.default_rng(3).normal(2.0, 1.0, 100)
    a = bootstrap_mean_ci(x, seed=11)
    assert a == bootstrap_mean_ci(x, seed=11)
    assert a != bootstrap_mean_ci(x, seed=12)
    assert a[0] < x.mean() < a[1]
    # the normal-theory interval is about mean ± 1.96 s/sqrt(n)
    half = 1.96 * x.std(ddof=1) / 10
    assert a[0] == pytest.approx(x.mean() - half, abs=0.05)
    assert a[1] == pytest.approx(x.mean() + half, abs=0.05)
    assert bootstrap_mean_ci([1.0, math.nan, 1.0]) == (1.0, 1.0)
    with pytest.raises(ValueError, match=r"^values must contain at least one number$"):
        bootstrap_mean_ci([math.nan])
    with pytest.raises(ValueError, match=r"^level must be in \(0, 1\), got 1.5$"):
        bootstrap_mean_ci([1.0], level=1.5)


# ------------------------------------------------------------------------------------------------
# module hygiene


def test_doctests():
    attempted = 0
    for module in (scoring, series):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.failed == 0
        attempted += result.attempted
    assert attempted >= 10


def test_import_is_numpy_only():
    code = (
        "import sys; import summitcast.scoring.rules, summitcast.scoring.series, summitcast.evaluation.comparison; "
        "print(sorted(m for m in ('scipy', 'matplotlib', 'pymc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
