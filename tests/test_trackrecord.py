"""Tests of summitcast.scoring.trackrecord: Murphy decomposition, ROC AUC, discrimination, bootstrap, grouping."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
from collections import defaultdict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import brier_score_loss, roc_auc_score

from summitcast.errors import ValidationError, exit_status
from summitcast.scoring.grouping import group_by, quarter_of, source_type_signal
from summitcast.scoring.rules import calibration_bins
from summitcast.scoring.trackrecord import (
    BOOTSTRAP_FIELDS,
    bootstrap_interval,
    bootstrap_scores,
    discrimination,
    murphy_decomposition,
    roc_auc,
)


def _identity_gap(d):
    parts = (
        d.reliability
        - d.resolution
        + d.uncertainty
        + d.within_bin_variance
        - d.within_bin_covariance
    )
    return abs(parts - d.brier)


def _ref_murphy(obs, fct):
    """Murphy 1973 by hand: plain Python, one dictionary of groups by forecast value."""
    groups = defaultdict(list)
    for o, f in zip(obs, fct, strict=True):
        groups[f].append(o)
    n = len(obs)
    obar = sum(obs) / n
    rel = sum(len(os) * (f - sum(os) / len(os)) ** 2 for f, os in groups.items()) / n
    res = sum(len(os) * (sum(os) / len(os) - obar) ** 2 for os in groups.values()) / n
    brier = sum((f - o) ** 2 for o, f in zip(obs, fct, strict=True)) / n
    return brier, rel, res, obar * (1 - obar)


def _ref_auc(obs, fct):
    """Mann–Whitney by counting all pairs."""
    yes = [f for o, f in zip(obs, fct, strict=True) if o]
    no = [f for o, f in zip(obs, fct, strict=True) if not o]
    wins = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a in yes for b in no)
    return wins / (len(yes) * len(no))


# ------------------------------------------------------------------------------------------------
# Murphy decomposition


def test_murphy_hand_computed():
    # 0.8 twice (one yes): ō_k = 0.5; 0.4 twice (both yes): ō_k = 1; ō = 0.75
    d = murphy_decomposition([1, 0, 1, 1], [0.8, 0.8, 0.4, 0.4])
    assert d.reliability == pytest.approx((2 * 0.3**2 + 2 * 0.6**2) / 4)  # 0.225
    assert d.resolution == pytest.approx((2 * 0.25**2 + 2 * 0.25**2) / 4)  # 0.0625
    assert d.uncertainty == pytest.approx(0.75 * 0.25)
    assert d.brier == pytest.approx((0.04 + 0.64 + 0.36 + 0.36) / 4)  # 0.35
    assert (d.n, d.groups) == (4, 2)
    assert d.within_bin_variance == 0.0 and d.within_bin_covariance == 0.0
    assert _identity_gap(d) < 1e-12


def test_murphy_binned_hand_computed():
    # two bins of width 0.5: {0.1, 0.3} with outcomes {0, 1}; {0.6, 0.9, 0.9} with {1, 0, 1}
    obs = [0, 1, 1, 0, 1]
    fct = [0.1, 0.3, 0.6, 0.9, 0.9]
    d = murphy_decomposition(obs, fct, bins=2)
    f1, o1, f2, o2, obar = 0.2, 0.5, 0.8, 2 / 3, 0.6
    assert d.reliability == pytest.approx((2 * (f1 - o1) ** 2 + 3 * (f2 - o2) ** 2) / 5)
    assert d.resolution == pytest.approx((2 * (o1 - obar) ** 2 + 3 * (o2 - obar) ** 2) / 5)
    assert d.within_bin_variance == pytest.approx((0.01 + 0.01 + 0.04 + 0.01 + 0.01) / 5)
    cov = (-0.5 * -0.1 + 0.5 * 0.1) + (1 / 3 * -0.2 + -2 / 3 * 0.1 + 1 / 3 * 0.1)
    assert d.within_bin_covariance == pytest.approx(2 * cov / 5)
    assert d.groups == 2
    assert _identity_gap(d) < 1e-12


def test_murphy_binned_uses_the_calibration_table_bins():
    rng = np.random.default_rng(5)
    obs = rng.integers(0, 2, 400)
    fct = rng.random(400).round(2)  # many values on bin edges such as 0.3
    w = rng.uniform(0.1, 3.0, 400)
    d = murphy_decomposition(obs, fct, bins=10, weights=w)
    cb = calibration_bins(obs, fct, n_bins=10, weights=w)
    full = cb.weight > 0
    rel = np.sum(cb.weight[full] * (cb.mean_forecast[full] - cb.observed[full]) ** 2) / w.sum()
    assert d.reliability == pytest.approx(rel, abs=1e-12)
    assert d.groups == int(np.count_nonzero(cb.count))


def test_murphy_against_reference_and_sklearn():
    rng = np.random.default_rng(11)
    obs = rng.integers(0, 2, 300)
    fct = rng.choice([0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95], 300)
    d = murphy_decomposition(obs, fct)
    brier, rel, res, unc = _ref_murphy(obs.tolist(), fct.tolist())
    assert (d.brier, d.reliability, d.resolution, d.uncertainty) == pytest.approx(
        (brier, rel, res, unc), abs=1e-12
    )
    assert d.brier == pytest.approx(brier_score_loss(obs, fct), abs=1e-14)
    w = rng.uniform(0, 2, 300)
    dw = murphy_decomposition(obs, fct, weights=w)
    assert dw.brier == pytest.approx(brier_score_loss(obs, fct, sample_weight=w), abs=1e-14)


def test_murphy_integer_weights_equal_repeated_rows():
    obs = np.array([1, 0, 1, 0, 1])
    fct = np.array([0.9, 0.9, 0.2, 0.2, 0.55])
    w = np.array([3, 1, 2, 1, 4])
    a = murphy_decomposition(obs, fct, weights=w)
    b = murphy_decomposition(np.repeat(obs, w), np.repeat(fct, w))
    for f in ("brier", "reliability", "resolution", "uncertainty"):
        assert getattr(a, f) == pytest.approx(getattr(b, f), abs=1e-14), f
    ab = murphy_decomposition(obs, fct, weights=w, bins=3)
    bb = murphy_decomposition(np.repeat(obs, w), np.repeat(fct, w), bins=3)
    assert ab.within_bin_covariance == pytest.approx(bb.within_bin_covariance, abs=1e-14)
    # a zero weight removes the row
    z = murphy_decomposition([1, 0, 1], [0.7, 0.1, 0.3], weights=[1, 1, 0])
    assert z.brier == pytest.approx(murphy_decomposition([1, 0], [0.7, 0.1]).brier)
    assert _identity_gap(z) < 1e-12


def test_murphy_edge_cases():
    # all forecasts equal: no resolution; reliability is the squared miss of the base rate
    d = murphy_decomposition([1, 0, 0, 0], [0.5] * 4)
    assert d.resolution == 0.0
    assert d.reliability == pytest.approx(0.25**2)
    assert d.groups == 1
    # one class: no uncertainty, no resolution
    one = murphy_decomposition([1, 1, 1], [0.9, 0.6, 0.6])
    assert one.uncertainty == 0.0 and one.resolution == 0.0
    assert one.brier == pytest.approx(one.reliability)
    # perfect forecasts: resolution takes all the uncertainty
    p = murphy_decomposition([1, 0, 1], [1.0, 0.0, 1.0])
    assert p.brier == 0.0 and p.reliability == 0.0
    assert p.resolution == pytest.approx(p.uncertainty)
    # a single forecast; the last bin holds p = 1
    s = murphy_decomposition([1], [1.0], bins=4)
    assert (s.brier, s.reliability, s.n, s.groups) == (0.0, 0.0, 1, 1)


prob = st.floats(0.0, 1.0)
row = st.tuples(st.integers(0, 1), st.one_of(prob, st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0])))


@settings(max_examples=300)
@given(
    rows=st.lists(row, min_size=1, max_size=200),
    bins=st.none() | st.integers(1, 25),
    weighted=st.booleans(),
    seed=st.integers(0, 2**32 - 1),
)
def test_decomposition_identity_holds_to_1e_12(rows, bins, weighted, seed):
    obs = [o for o, _ in rows]
    fct = [f for _, f in rows]
    w = np.random.default_rng(seed).uniform(0.01, 10.0, len(rows)) if weighted else None
    d = murphy_decomposition(obs, fct, bins=bins, weights=w)
    assert _identity_gap(d) < 1e-12
    assert d.reliability >= 0.0 and d.resolution >= 0.0
    assert 0.0 <= d.uncertainty <= 0.25
    assert d.resolution <= d.uncertainty + 1e-12
    assert d.within_bin_variance >= 0.0
    if bins is None:
        assert d.groups == len(set(fct))
    assert d.brier == pytest.approx(
        np.average((np.asarray(fct) - np.asarray(obs)) ** 2, weights=w), abs=1e-12
    )


# ------------------------------------------------------------------------------------------------
# ROC AUC and discrimination


def test_roc_auc_hand_computed():
    # pairs (yes, no): (0.9, 0.4) win, (0.9, 0.2) win, (0.4, 0.4) tie, (0.4, 0.2) win
    assert roc_auc([1, 1, 0, 0], [0.9, 0.4, 0.4, 0.2]) == 0.875
    assert roc_auc([1, 0], [0.2, 0.8]) == 0.0
    assert roc_auc([1, 0, 1, 0], [0.3] * 4) == 0.5  # all ties
    assert roc_auc([True, False], [0.6, 0.1]) == 1.0


def test_roc_auc_matches_sklearn_and_pair_count():
    rng = np.random.default_rng(2025)
    for size in (2, 7, 50, 500):
        obs = rng.integers(0, 2, size)
        obs[:2] = [0, 1]
        fct = rng.random(size).round(1)  # ties
        expected = roc_auc_score(obs, fct)
        assert roc_auc(obs, fct) == pytest.approx(expected, abs=1e-12)
        assert roc_auc(obs, fct) == pytest.approx(_ref_auc(obs.tolist(), fct.tolist()), abs=1e-12)
        w = rng.uniform(0.0, 3.0, size)
        w[:2] = 1.0
        assert roc_auc(obs, fct, weights=w) == pytest.approx(
            roc_auc_score(obs, fct, sample_weight=w), abs=1e-12
        )


def test_roc_auc_is_nan_with_one_class():
    assert math.isnan(roc_auc([1, 1, 1], [0.2, 0.5, 0.9]))
    assert math.isnan(roc_auc([0], [0.2]))
    assert math.isnan(roc_auc([1, 0], [0.9, 0.1], weights=[1.0, 0.0]))  # no weight on "no"


def test_discrimination_hand_computed_and_weighted():
    d = discrimination([1, 1, 0, 0, 0], [0.9, 0.7, 0.4, 0.2, 0.3])
    assert d.mean_yes == pytest.approx(0.8)
    assert d.mean_no == pytest.approx(0.3)
    assert d.difference == pytest.approx(0.5)
    assert (d.n_yes, d.n_no) == (2, 3)
    dw = discrimination([1, 1, 0], [0.9, 0.6, 0.2], weights=[1.0, 2.0, 5.0])
    assert dw.mean_yes == pytest.approx((0.9 + 1.2) / 3)
    assert dw.mean_no == pytest.approx(0.2)
    one = discrimination([0, 0], [0.3, 0.5])
    assert math.isnan(one.mean_yes) and math.isnan(one.difference)
    assert one.mean_no == pytest.approx(0.4) and (one.n_yes, one.n_no) == (0, 2)


BAD_INPUTS = [
    (([], []), "obs and fct must not be empty"),
    (([1, 0], [0.5]), "obs and fct must have the same length (2 != 1)"),
    (([1, float("nan")], [0.5, 0.5]), "obs must contain only 0 and 1 (outcome no/yes), got nan"),
    (([1, 0], [0.5, float("nan")]), "fct must be probabilities in [0, 1], got nan"),
    (([1, 2], [0.5, 0.5]), "obs must contain only 0 and 1 (outcome no/yes), got 2.0"),
    (([1], [1.5]), "fct must be probabilities in [0, 1], got 1.5"),
]


@pytest.mark.parametrize("func", [murphy_decomposition, roc_auc, discrimination])
@pytest.mark.parametrize(("args", "message"), BAD_INPUTS)
def test_bad_input_raises_validation_error(func, args, message):
    with pytest.raises(ValidationError) as exc:
        func(*args)
    assert str(exc.value) == message
    assert exit_status(exc.value) == 1  # a domain error on the command line


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ([1.0], r"^weights must have one entry per forecast \(1 != 2\)$"),
        ([1.0, -1.0], r"^weights must be finite and non-negative$"),
        ([1.0, math.nan], r"^weights must be finite and non-negative$"),
        ([0.0, 0.0], r"^weights must not all be zero$"),
        (["a", "b"], r"^weights must be numbers$"),
    ],
)
def test_bad_weights(weights, message):
    for func in (murphy_decomposition, roc_auc, discrimination):
        with pytest.raises(ValidationError, match=message):
            func([1, 0], [0.5, 0.5], weights=weights)


@pytest.mark.parametrize("bins", [0, -3, 2.5, True, "10"])
def test_bad_bins(bins):
    with pytest.raises(ValidationError, match=r"^bins must be a positive integer, got "):
        murphy_decomposition([1, 0], [0.5, 0.5], bins=bins)


# ------------------------------------------------------------------------------------------------
# bootstrap over groups


def test_bootstrap_resamples_whole_groups():
    groups = np.array(["q1"] * 3 + ["q2"] * 5 + ["q3"] * 2)
    seen_sizes = set()

    def stat(idx):
        # the replicate is 3 drawn groups, each one whole block of its rows in their own order
        rest = list(idx)
        drawn = []
        while rest:
            block = np.flatnonzero(groups == groups[rest[0]]).tolist()
            assert rest[: len(block)] == block
            drawn.append(groups[rest[0]])
            rest = rest[len(block) :]
        assert len(drawn) == 3
        seen_sizes.add(len(idx))
        return float(len(idx))

    lo, hi = bootstrap_interval(stat, groups, n=300, seed=4)
    assert len(seen_sizes) > 3  # different draws really happened
    assert 6 <= lo <= hi <= 15


def test_bootstrap_is_seeded_and_deterministic():
    rng = np.random.default_rng(8)
    groups = np.repeat(np.arange(20), 4)
    x = rng.normal(size=groups.size)

    def mean(i):
        return float(x[i].mean())

    a = bootstrap_interval(mean, groups, n=500, seed=1)
    assert a == bootstrap_interval(mean, groups, n=500, seed=1)
    assert a != bootstrap_interval(mean, groups, n=500, seed=2)
    assert a[0] < x.mean() < a[1]


def test_bootstrap_over_groups_is_wider_than_over_rows_for_correlated_rows():
    # 12 questions, each a block of 40 identical daily values: only 12 independent values
    rng = np.random.default_rng(21)
    per_q = rng.normal(0.0, 1.0, 12)
    groups = np.repeat(np.arange(12), 40)
    x = per_q[groups]
    lo, hi = bootstrap_interval(lambda i: float(x[i].mean()), groups, n=4000, seed=3)
    half = 1.96 * per_q.std(ddof=0) / math.sqrt(12)  # the bootstrap's plug-in standard error
    assert (hi - lo) / 2 == pytest.approx(half, rel=0.15)
    rows_lo, rows_hi = bootstrap_interval(
        lambda i: float(x[i].mean()), np.arange(x.size), n=4000, seed=3
    )
    assert (rows_hi - rows_lo) < 0.35 * (hi - lo)  # resampling rows would be ~sqrt(40) too narrow


def test_bootstrap_drops_nan_replicates_and_degenerate_cases():
    obs = np.array([1, 1, 0, 0])
    fct = np.array([0.9, 0.8, 0.3, 0.1])
    groups = ["a", "a", "b", "b"]  # a draw of only "a" or only "b" has one class
    lo, hi = bootstrap_interval(lambda i: roc_auc(obs[i], fct[i]), groups, n=200, seed=0)
    assert (lo, hi) == (1.0, 1.0)
    assert all(
        math.isnan(v) for v in bootstrap_interval(lambda i: float("nan"), groups, n=10, seed=0)
    )
    assert bootstrap_interval(lambda i: float(len(i)), [7, 7, 7], n=5) == (3.0, 3.0)


def test_bootstrap_scores_equals_the_generic_bootstrap_of_each_statistic():
    rng = np.random.default_rng(17)
    sizes = rng.integers(1, 30, 9)
    labels = np.array([f"q{k}" for k in range(9)])[np.repeat(np.arange(9), sizes)]
    obs = np.repeat(rng.integers(0, 2, 9), sizes)  # one outcome per question
    fct = rng.random(labels.size).round(2)
    w = np.repeat(1.0 / sizes, sizes)  # every question counts once
    fast = bootstrap_scores(obs, fct, labels, weights=w, n=300, seed=5, level=0.9)
    assert list(fast) == list(BOOTSTRAP_FIELDS)

    def of(i):
        m = murphy_decomposition(obs[i], fct[i], weights=w[i])
        d = discrimination(obs[i], fct[i], weights=w[i])
        return {
            "brier": m.brier,
            "reliability": m.reliability,
            "resolution": m.resolution,
            "uncertainty": m.uncertainty,
            "roc_auc": roc_auc(obs[i], fct[i], weights=w[i]),
            "mean_yes": d.mean_yes,
            "mean_no": d.mean_no,
            "discrimination": d.difference,
        }

    for name in BOOTSTRAP_FIELDS:
        slow = bootstrap_interval(lambda i, f=name: of(i)[f], labels, n=300, seed=5, level=0.9)
        assert fast[name] == pytest.approx(slow, abs=1e-12), name
        assert fast[name][0] < fast[name][1], name  # nine questions give some spread


def test_bootstrap_scores_errors():
    with pytest.raises(
        ValidationError, match=r"^groups must have one entry per forecast \(1 != 2\)$"
    ):
        bootstrap_scores([1, 0], [0.5, 0.5], ["a"])
    with pytest.raises(ValidationError, match=r"^obs and fct must not be empty$"):
        bootstrap_scores([], [], [])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": []}, r"^groups must not be empty$"),
        ({"groups": [None, "a"]}, r"^groups must be comparable labels"),
        ({"groups": [1], "n": 0}, r"^n must be a positive integer, got 0$"),
        ({"groups": [1], "level": 1.0}, r"^level must be in \(0, 1\), got 1.0$"),
    ],
)
def test_bootstrap_errors(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        bootstrap_interval(lambda i: 0.0, **kwargs)


# ------------------------------------------------------------------------------------------------
# grouping


def test_group_by_tags_single_keys_and_order():
    g = group_by([["asia", "g20", "asia"], "asia", None, ["g20"], [], {"europe"}])
    assert {k: v.tolist() for k, v in g.items()} == {
        "asia": [0, 1],
        "g20": [0, 3],
        "europe": [5],
    }
    assert list(g) == ["asia", "europe", "g20"]
    assert all(v.dtype == np.intp for v in g.values())
    # a tuple is one key; numpy scalars become Python ones; mixed types still order
    t = group_by([("a", 2025), ("a", 2025), ("b", 2024)])
    assert list(t) == [("a", 2025), ("b", 2024)]
    n = group_by(np.array([2025, 2024, 2025]))
    assert list(n) == [2024, 2025] and type(next(iter(n))) is int
    mixed = group_by(["x", 3, "x"])
    assert {k: v.tolist() for k, v in mixed.items()} == {3: [1], "x": [0, 2]}
    assert group_by([]) == {}


def test_quarter_of():
    assert quarter_of("2025-01-01") == "2025-Q1"
    assert quarter_of("2025-03-31") == "2025-Q1"
    assert quarter_of("2025-04-01") == "2025-Q2"
    assert quarter_of("2025-09-30T23:59:59") == "2025-Q3"
    assert quarter_of(dt.date(2025, 12, 31)) == "2025-Q4"
    assert quarter_of(dt.datetime(2026, 7, 1, 0, 30)) == "2026-Q3"
    assert quarter_of(np.datetime64("2025-10-22")) == "2025-Q4"
    assert sorted(["2026-Q1", "2025-Q4", "2025-Q2"]) == ["2025-Q2", "2025-Q4", "2026-Q1"]
    for bad in ("2025-13-01", "next week", 20251022, None):
        with pytest.raises(ValidationError, match=r"^not a date"):
            quarter_of(bad)


# ------------------------------------------------------------------------------------------------
# source types


ITEMS = [
    ("q1", "official", 1.2),
    ("q1", "official", 0.4),
    ("q1", "press", -0.4),
    ("q2", "official", -0.8),
    ("q2", "press", 0.5),
    ("q2", "press", 0.1),
    ("q3", "official", 2.0),  # q3 unresolved
    ("q4", "leak", 0.7),  # q4 resolved None: unresolved too
]


def test_source_type_signal_hand_computed():
    s = source_type_signal(ITEMS, {"q1": 1, "q2": 0, "q4": None})
    assert list(s) == ["official", "press"]
    off = s["official"]
    assert off.mean_yes == pytest.approx(0.8)  # (1.2 + 0.4) / 2
    assert off.mean_no == pytest.approx(-0.8)
    assert off.toward_outcome == pytest.approx((1.2 + 0.4 + 0.8) / 3)
    assert (off.n_yes, off.n_no, off.questions_yes, off.questions_no) == (2, 1, 1, 1)
    press = s["press"]
    assert press.mean_yes == pytest.approx(-0.4)
    assert press.mean_no == pytest.approx(0.3)
    assert press.toward_outcome == pytest.approx((-0.4 - 0.5 - 0.1) / 3)
    assert (press.n_yes, press.n_no) == (1, 2)


def test_source_type_signal_weights_and_one_sided_types():
    w = [0.5, 0.5, 1.0, 1.0, 0.5, 0.5, 1.0, 1.0]  # each (question, type) pair counts once
    s = source_type_signal(ITEMS, {"q1": True, "q2": False, "q3": True}, weights=w)
    assert s["official"].mean_yes == pytest.approx((0.6 + 0.2 + 2.0) / 2)
    assert s["official"].questions_yes == 2
    assert s["press"].toward_outcome == pytest.approx((-0.4 - 0.25 - 0.05) / 2)
    only_yes = source_type_signal([("q", "official", 1.0)], {"q": 1})["official"]
    assert math.isnan(only_yes.mean_no) and only_yes.n_no == 0
    assert only_yes.toward_outcome == 1.0
    assert source_type_signal([], {}) == {}
    assert source_type_signal(ITEMS, {}) == {}


@pytest.mark.parametrize(
    ("items", "outcomes", "message"),
    [
        ([("q1", "official", math.nan)], {"q1": 1}, r"^contributions\[0\] must be a finite number"),
        ([("q1", "official")], {"q1": 1}, r"^contributions\[0\] must be \(question, source_type"),
        ([("q1", "official", "x")], {"q1": 1}, r"^contributions\[0\] must be \(question"),
        ([("q1", "official", 1.0)], {"q1": 2}, r"^outcomes must contain only 0 and 1"),
    ],
)
def test_source_type_signal_errors(items, outcomes, message):
    with pytest.raises(ValidationError, match=message):
        source_type_signal(items, outcomes)
    with pytest.raises(ValidationError, match=r"^weights must have one entry per forecast"):
        source_type_signal(ITEMS, {"q1": 1}, weights=[1.0])


def test_source_type_signal_integer_weights_equal_repeated_items():
    rng = np.random.default_rng(9)
    items = [
        (f"q{rng.integers(5)}", str(rng.choice(["official", "press", "leak"])), rng.normal())
        for _ in range(40)
    ]
    outcomes = {f"q{k}": int(rng.integers(2)) for k in range(5)}
    w = rng.integers(1, 4, 40)
    a = source_type_signal(items, outcomes, weights=w)
    b = source_type_signal([it for it, k in zip(items, w, strict=True) for _ in range(k)], outcomes)
    assert list(a) == list(b)
    for kind in a:
        for f in ("mean_yes", "mean_no", "toward_outcome"):
            x, y = getattr(a[kind], f), getattr(b[kind], f)
            assert (math.isnan(x) and math.isnan(y)) or x == pytest.approx(y), (kind, f)


# ------------------------------------------------------------------------------------------------
# module hygiene


def test_import_is_numpy_only():
    code = (
        "import sys; import summitcast.scoring.trackrecord, summitcast.scoring.grouping; "
        "print(sorted(m for m in ('scipy', 'matplotlib', 'pymc', 'sklearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
