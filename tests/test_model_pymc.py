"""The numpy forecast (quadrature) and the same model stated in PyMC agree within Monte Carlo error.

This is the evidence that ``model.forecast`` computes the Bayesian model of docs/model.md and not an
imitation of it: ``reliability.forecast_model`` states that model in PyMC (Beta prior, normal
log-LRs, "no meeting so far" as a likelihood term) and NUTS samples its posterior. The posterior
mean of ``P`` must match the quadrature value to within ``MCSE_MULTIPLE`` Monte Carlo standard
errors (from ArviZ) plus ``ABS_TOL``.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pytest

from summitcast import model
from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Prior, Question, Window
from summitcast.fit import forecast_model

pytestmark = pytest.mark.slow

#: Allowed distance in Monte Carlo standard errors; 4 MCSE fails by chance about once in 16,000 runs (and the
#: runs are seeded, so a pass is stable).
MCSE_MULTIPLE = 4.0
#: Slack for the MCSE estimate's own error; the quadrature itself is exact to ~1e-8.
ABS_TOL = 1e-3
SEED = 20251030
D = dt.date


def _item(id_: str, date: dt.date, **kw) -> Evidence:
    kw.setdefault("source", "someone")
    kw.setdefault("says", "...")
    return Evidence(id=id_, date=date, logged=kw.pop("logged", date), **kw)


def _no_evidence_with_window() -> tuple[Question, dt.date, dt.date | None]:
    q = Question(
        "window-only",
        "t",
        "c",
        D(2025, 1, 1),
        D(2025, 12, 31),
        Prior(0.3, 20),
        windows=(Window("apec", "APEC", D(2025, 10, 29), D(2025, 11, 1), 40.0),),
    )
    return q, D(2025, 6, 30), D(2025, 11, 15)


def _mixed_evidence() -> tuple[Question, dt.date, dt.date | None]:
    ev = (
        _item("e1", D(2025, 2, 1), source_type="principal", strength="moderate", direction="for"),
        # two reprints of one remark: only the strongest acts
        _item(
            "e2",
            D(2025, 2, 2),
            source_type="media",
            strength="moderate",
            direction="for",
            origin="remark",
        ),
        _item(
            "e3",
            D(2025, 2, 3),
            source_type="media",
            strength="strong",
            direction="for",
            origin="remark",
        ),
        _item(
            "e4",
            D(2025, 3, 10),
            source_type="official",
            strength="strong",
            direction="against",
            half_life_days=60,
        ),
        _item("e5", D(2025, 4, 1), source_type="analyst", lr=2.5, reliability=0.9),
        _item(
            "e6",
            D(2025, 5, 1),
            source_type="market",
            strength="weak",
            direction="for",
            window="trip",
        ),
        # logged after the as-of date: invisible
        _item(
            "e7",
            D(2025, 5, 1),
            logged=D(2025, 8, 1),
            source_type="principal",
            strength="very-strong",
            direction="for",
        ),
    )
    q = Question(
        "mixed",
        "t",
        "c",
        D(2025, 1, 1),
        D(2025, 12, 31),
        Prior(0.2, 10),
        windows=(Window("trip", "Trip", D(2025, 9, 1), D(2025, 9, 5), 10.0),),
        evidence=ev,
    )
    return q, D(2025, 6, 1), None


def _strong_late_evidence() -> tuple[Question, dt.date, dt.date | None]:
    ev = (
        _item(
            "a",
            D(2025, 11, 20),
            source_type="principal",
            strength="very-strong",
            direction="for",
            reliability=1.0,
        ),
        _item("b", D(2025, 11, 25), source_type="official", strength="strong", direction="for"),
    )
    q = Question("late", "t", "c", D(2025, 1, 1), D(2025, 12, 31), Prior(0.4, 20), evidence=ev)
    return q, D(2025, 12, 1), None  # F(t) ≈ 0.92: the survival term matters a lot


def _trip_event() -> Event:
    """An event with two trips, items scoped to each (for and against), and general items."""
    ev = (
        _item("g1", D(2025, 2, 1), source_type="official", strength="moderate", direction="for"),
        _item("t1", D(2025, 3, 1), source_type="principal", strength="strong", window="spring"),
        _item(
            "t2",
            D(2025, 3, 5),
            source_type="media",
            strength="moderate",
            direction="against",
            window="spring",
        ),
        _item("t3", D(2025, 8, 1), source_type="analyst", strength="moderate", window="autumn"),
        _item("t4", D(2025, 8, 2), source_type="market", lr=4.0, reliability=0.7, window="autumn"),
    )
    windows = (
        Window("spring", "Spring trip", D(2025, 4, 10), D(2025, 4, 14), 15.0, D(2025, 2, 20)),
        Window("autumn", "Autumn summit", D(2025, 10, 1), D(2025, 10, 3), 30.0, D(2025, 7, 15)),
    )
    return Event(
        "trips",
        "A and B meet",
        "c",
        D(2025, 1, 1),
        D(2026, 6, 30),
        Prior(0.35, 12),
        windows=windows,
        evidence=ev,
    )


def _on_event(qid: str, deadline: dt.date) -> Question:
    return Question(qid, qid, "c", D(2025, 1, 1), deadline, None, event="trips")


def _window_scoped_before() -> tuple[Question, dt.date, dt.date | None, Event]:
    """Both trips ahead, their items acting on their hazards; a question by the end of 2025."""
    return _on_event("by-2025", D(2025, 12, 31)), D(2025, 8, 10), None, _trip_event()


def _window_scoped_after_quiet_trip() -> tuple[Question, dt.date, dt.date | None, Event]:
    """The spring trip has passed without a meeting: its promise now lowers P; by 20 October."""
    return _on_event("by-2026", D(2026, 6, 30)), D(2025, 8, 10), D(2025, 10, 20), _trip_event()


LEDGERS = {
    "no-evidence-window": _no_evidence_with_window,
    "mixed-reprints": _mixed_evidence,
    "strong-late": _strong_late_evidence,
    "window-scoped": _window_scoped_before,
    "window-passed-quietly": _window_scoped_after_quiet_trip,
}


def _sample(question: Question, as_of: dt.date, by: dt.date | None, event: Event | None):
    import pymc as pm

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with forecast_model(question, as_of, by, event=event):
            return pm.sample(
                draws=1000,
                tune=1000,
                chains=2,
                cores=1,
                random_seed=SEED,
                progressbar=False,
                compute_convergence_checks=False,
                target_accept=0.9,
            )


def _agrees(idata, expected: model.Forecast, name: str) -> None:
    import arviz as az

    p = idata.posterior["P"].values
    mean = float(p.mean())
    mcse = float(az.mcse(idata, var_names=["P"])["P"].values)
    assert int(idata.sample_stats["diverging"].values.sum()) == 0
    assert float(az.rhat(idata, var_names=["P"])["P"].values) < 1.01
    assert abs(mean - expected.probability) < MCSE_MULTIPLE * mcse + ABS_TOL, (
        name,
        mean,
        expected.probability,
        mcse,
    )


@pytest.mark.parametrize("name", list(LEDGERS))
def test_pymc_posterior_mean_matches_quadrature(name: str) -> None:
    import arviz as az
    import pymc as pm

    question, as_of, by, *rest = LEDGERS[name]()
    event = rest[0] if rest else None
    expected = model.forecast(question, as_of, by, event=event)
    assert expected.status == "open"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with forecast_model(question, as_of, by, event=event):
            idata = pm.sample(
                draws=1000,
                tune=1000,
                chains=2,
                cores=1,
                random_seed=SEED,
                progressbar=False,
                compute_convergence_checks=False,
                target_accept=0.9,
            )
    p = idata.posterior["P"].values
    mean = float(p.mean())
    mcse = float(az.mcse(idata, var_names=["P"])["P"].values)
    assert int(idata.sample_stats["diverging"].values.sum()) == 0
    assert float(az.rhat(idata, var_names=["P"])["P"].values) < 1.01
    assert abs(mean - expected.probability) < MCSE_MULTIPLE * mcse + ABS_TOL, (
        name,
        mean,
        expected.probability,
        mcse,
    )
    # the interval agrees too, more loosely (the numpy interval comes from 4000 seeded draws)
    lo, hi = np.quantile(p, [0.1, 0.9])
    assert abs(lo - expected.low) < 0.03 + 0.1 * expected.low
    assert abs(hi - expected.high) < 0.03 + 0.1 * expected.high


def test_survival_term_matters_in_the_late_ledger() -> None:
    """Guard against a vacuous agreement: without the survival term the answer would be far off."""
    question, as_of, by = _strong_late_evidence()
    f_t = float(model.elapsed_share(question, [as_of])[0])
    assert f_t > 0.9
    fc = model.forecast(question, as_of, by)
    q = fc.evidence_probability
    naive = q * (1 - f_t)  # E[q]·ΔF, ignoring "no meeting so far"
    assert fc.probability > naive + 0.1


def test_two_questions_of_one_event_agree_with_the_model_and_with_each_other() -> None:
    """One event, two deadlines: each question's PyMC posterior mean matches its numpy forecast,
    and the earlier deadline's is the smaller (both rest on the same evidence)."""
    event = _trip_event()
    as_of = D(2025, 3, 10)  # the spring trip ahead, its items visible; the autumn one unknown
    means = []
    for question in (_on_event("by-may", D(2025, 5, 31)), _on_event("by-2026", D(2026, 6, 30))):
        expected = model.forecast(question, as_of, event=event)
        idata = _sample(question, as_of, None, event)
        _agrees(idata, expected, question.id)
        means.append(float(idata.posterior["P"].values.mean()))
    assert means[0] < means[1]


def test_window_items_matter_in_the_window_ledgers() -> None:
    """Guard against a vacuous agreement: treated as general evidence, the window items would
    give a clearly different forecast (the v1 rule), so agreeing with numpy tests the v2 rule."""
    import dataclasses

    for make in (_window_scoped_before, _window_scoped_after_quiet_trip):
        question, as_of, by, event = make()
        v2 = model.forecast(question, as_of, by, event=event).probability
        flat = dataclasses.replace(
            event, evidence=tuple(dataclasses.replace(e, window=None) for e in event.evidence)
        )
        v1 = model.forecast(question, as_of, by, event=flat).probability
        assert abs(v2 - v1) > 0.03, (question.id, v1, v2)
