"""The fit pipeline with an injected sampler: data → draws → diagnostics, summaries, storage, CLI.

A stub sampler returns chosen draws without MCMC, so these tests check what the pipeline does with
the draws (summaries, warnings, the stored file, ``fit --json``) in milliseconds. The slow tests
at the end check the real PyMC sampler's reuse of its compiled model and the padding.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from summitcast import fit
from summitcast.cli import cli
from summitcast.domain.question import Evidence, Prior, Question, Resolution
from summitcast.errors import FitError
from summitcast.fit import sample as fit_sample

D = dt.date


class StubSampler:
    """Draws from fixed Beta distributions per type and source, without MCMC; records its calls."""

    name = "stub"

    def __init__(
        self, *, chain_shift: float = 0.0, divergent: int = 0, seed: int = 0, rubric: bool = False
    ) -> None:
        self.chain_shift = chain_shift
        self.divergent = divergent
        self.seed = seed
        self.rubric = rubric  # also chances per kind and the rate
        self.calls: list[tuple[fit.FitData, fit.SampleSettings]] = []

    def __call__(self, data: fit.FitData, settings: fit.SampleSettings) -> fit.Draws:
        self.calls.append((data, settings))
        rng = np.random.default_rng(self.seed)
        c, n = settings.chains, settings.draws
        t, s = len(data.type_names), len(data.source_names)
        shift = self.chain_shift * np.arange(c)[:, None]
        r_type = rng.beta(6, 4, size=(c, n, t))
        r_source = rng.beta(2, 6, size=(c, n, s))
        diverging = np.zeros((c, n), dtype=bool)
        diverging.flat[: self.divergent] = True
        post = {
            "calibration": rng.normal(size=(c, n)) + shift,
            "tau": np.abs(rng.normal(size=(c, n))),
            "z_type": rng.normal(size=(c, n, t)),
            "z_source": rng.normal(size=(c, n, s)),
            "r_type": r_type,
            "r_source": r_source,
        }
        if self.rubric:
            post["chance"] = rng.beta(8, 4, size=(c, n, len(data.kind_names)))
            post["log_rate"] = rng.normal(-0.5, 0.2, size=(c, n))
            post["rate"] = np.exp(post["log_rate"])
        return fit.Draws(post, diverging, {"compile": 0.0, "sample": 0.0})


def _ev(id_: str, source: str, source_type: str, direction: str = "for") -> Evidence:
    return Evidence(
        id=id_,
        date=D(2025, 2, 1),
        logged=D(2025, 2, 1),
        source=source,
        says="...",
        source_type=source_type,
        strength="moderate",
        direction=direction,
    )


def _questions() -> list[Question]:
    out = []
    for k in range(6):
        yes = k % 2 == 0
        ev = (_ev("a", f"Analyst {k % 2}", "analyst", "for" if yes else "against"),)
        ev += (_ev("m", "Paper", "media"),)
        out.append(
            Question(
                f"q{k}",
                "t",
                "c",
                D(2025, 1, 1),
                D(2025, 12, 31),
                Prior(0.3, 10),
                evidence=ev,
                resolution=Resolution("yes" if yes else "no", D(2025, 6, 1)),
            )
        )
    return out


def test_the_pipeline_summarises_the_samplers_draws() -> None:
    stub = StubSampler()
    res = fit.fit_questions(_questions(), draws=300, chains=2, seed=4, sampler=stub)
    ((data, settings),) = stub.calls
    assert settings == fit.SampleSettings(300, 500, 2, 4, True, 0.9)
    assert data.source_names == ("analyst 0", "analyst 1", "paper")
    # the stored arrays are the stub's draws, chains stacked
    expected = stub(data, settings)
    np.testing.assert_array_equal(res.type_draws, expected.posterior["r_type"].reshape(600, 5))
    np.testing.assert_array_equal(res.source_draws, expected.posterior["r_source"].reshape(600, 3))
    types = {t.name: t for t in res.types}
    col = list(data.type_names).index("analyst")
    assert types["analyst"].mean == pytest.approx(res.type_draws[:, col].mean())
    assert types["analyst"].n_items == 6 and types["media"].n_items == 6
    assert types["principal"].n_items == 0
    assert res.sampler == "stub" and res.divergences == 0 and res.warnings == []
    names = [row["name"] for row in res.summary]
    assert names[:2] == ["calibration", "tau"]
    assert "r_type[analyst]" in names and "r_source[paper]" in names
    row = next(r for r in res.summary if r["name"] == "r_type[analyst]")
    assert row["low"] < row["mean"] < row["high"] and row["r_hat"] < 1.01
    json.dumps(res.to_json())


def test_disagreeing_chains_and_divergences_are_warned_about() -> None:
    res = fit.fit_questions(
        _questions(), draws=200, chains=2, sampler=StubSampler(chain_shift=3.0, divergent=7)
    )
    assert res.divergences == 7
    assert any(
        w.startswith("r_hat > 1.01 for 1 parameter(s) (worst calibration") for w in res.warnings
    )
    assert any("7 divergent transition(s)" in w for w in res.warnings)
    assert "WARNING: 7 divergent" in res.render_text()


def test_one_chain_cannot_check_r_hat() -> None:
    res = fit.fit_questions(_questions(), draws=200, chains=1, sampler=StubSampler())
    assert any("at least 2 chains" in w for w in res.warnings)


def test_fit_reliability_stores_the_stub_draws(tmp_path: Path) -> None:
    from test_reliability import write_ledger

    write_ledger(tmp_path, _questions())
    res = fit.fit_reliability(
        tmp_path, draws=100, chains=2, sampler=StubSampler(seed=3), apply=True
    )
    assert res.applied and not res.guard["passes"]  # six events: applied only because asked
    learned = fit.load_learned(tmp_path)
    assert learned is not None and not learned.stale
    np.testing.assert_array_equal(learned.by_type["analyst"], res.type_draws[:, 2])
    assert set(learned.by_source) == {"analyst 0", "analyst 1", "paper"}
    info = fit.fit_info(tmp_path)
    assert info["sampler"] == "stub" and info["n_draws"] == 200 and info["tune"] == 500
    assert info["applied"] is True and info["events"] == [f"q{k}" for k in range(6)]
    assert learned.fitted_on == info["created"][:10]


def test_a_fit_on_thin_data_is_saved_but_not_applied(tmp_path: Path) -> None:
    """Issue 16.5: six resolved events are fewer than MIN_EVENTS; forecasts keep the defaults."""
    from test_reliability import write_ledger

    write_ledger(tmp_path, _questions())
    res = fit.fit_reliability(tmp_path, draws=100, chains=2, sampler=StubSampler(seed=3))
    assert not res.applied and not res.guard["passes"]
    assert res.guard["reasons"][0] == f"only 6 resolved events (at least {fit.MIN_EVENTS} needed)"
    assert fit.fit_path(tmp_path).exists()  # saved all the same
    assert fit.load_learned(tmp_path) is None
    info = fit.fit_info(tmp_path)
    assert info["applied"] is False and info["guard"]["n_events"] == 6
    assert "NOT APPLIED: only 6 resolved events" in res.render_text()
    assert "summitcast fit --apply" in res.render_text()


def test_sampler_names_and_bad_samplers() -> None:
    assert fit_sample.sampler_name("nutpie") == "nutpie"
    assert fit_sample.sampler_name(StubSampler()) == "stub"
    assert fit_sample.resolve_sampler("pymc") is fit_sample.resolve_sampler("pymc")
    with pytest.raises(FitError, match="unknown sampler 'stan'"):
        fit.fit_questions(_questions(), sampler="stan")
    with pytest.raises(FitError, match="must be 'pymc', 'nutpie' or a callable"):
        fit.fit_questions(_questions(), sampler=42)  # type: ignore[arg-type]


def test_cli_fit_runs_the_injected_sampler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``summitcast fit --json`` end to end, with the process-wide 'pymc' sampler replaced."""
    from test_reliability import write_ledger

    write_ledger(tmp_path, _questions())
    stub = StubSampler()
    monkeypatch.setitem(fit_sample._INSTANCES, "pymc", stub)
    result = CliRunner().invoke(cli, ["--dir", str(tmp_path), "fit", "--draws", "50", "--json"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["n_questions"] == 6 and doc["draws"] == 50 and doc["sampler"] == "pymc"
    assert doc["n_events"] == 6 and doc["applied"] is False
    assert doc["guard"]["message"].startswith("NOT APPLIED: only 6 resolved events")
    assert len(stub.calls) == 1 and stub.calls[0][1].progressbar is False
    assert (tmp_path / ".summitcast" / "reliability.npz").exists()


def test_cli_fit_refuses_thin_data_until_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not applied: exit 0 and the reason; show ignores the fit. ``--apply``: show uses it, dated."""
    from test_reliability import write_ledger

    qs = _questions()
    open_q = Question(
        "open", "t", "c", D(2025, 1, 1), D(2025, 12, 31), Prior(0.3, 10), evidence=qs[0].evidence
    )
    write_ledger(tmp_path, [*qs, open_q])
    monkeypatch.setitem(fit_sample._INSTANCES, "pymc", StubSampler())
    show = ["--dir", str(tmp_path), "show", "open", "--as-of", "2025-03-01", "--json"]
    before = json.loads(CliRunner().invoke(cli, show).stdout)

    result = CliRunner().invoke(cli, ["--dir", str(tmp_path), "fit", "--draws", "50"])
    assert result.exit_code == 0, result.stderr
    assert "NOT APPLIED: only 6 resolved events (at least 10 needed)" in result.stdout
    after = json.loads(CliRunner().invoke(cli, show).stdout)
    assert after["reliability_fit"] is None and after["probability"] == before["probability"]

    result = CliRunner().invoke(cli, ["--dir", str(tmp_path), "fit", "--draws", "50", "--apply"])
    assert result.exit_code == 0, result.stderr
    assert "Applied because --apply was given, although only 6 resolved events" in result.stdout
    applied = json.loads(CliRunner().invoke(cli, show).stdout)
    assert applied["reliability_fit"] == "current"
    assert applied["probability"] != before["probability"]
    text = CliRunner().invoke(cli, show[:-1]).stdout
    day = fit.fit_info(tmp_path)["created"][:10]
    assert f"reliability: learned by the fit of {day} from resolved events (current)" in text
    no_fit = json.loads(CliRunner().invoke(cli, [*show, "--no-fit"]).stdout)
    assert no_fit["probability"] == before["probability"]


def test_padding_keeps_the_data_and_zero_fills_the_rest() -> None:
    from summitcast.fit.pymc_model import model_inputs, source_capacity

    data = fit.fit_data(_questions())
    assert source_capacity(3) == 16
    box = model_inputs(data, 16)
    assert box["mu_sum"].shape == (6, 16)
    np.testing.assert_array_equal(box["mu_sum"][:, :3], data.mu_sum)
    assert not box["mu_sum"][:, 3:].any() and not box["var_sum"][:, 3:].any()
    with pytest.raises(ValueError, match="capacity"):
        model_inputs(data, 2)


# ------------------------------------------------------------------------------ real PyMC (slow)


def test_learned_chances_and_rate_are_stored_and_used_where_informed(tmp_path: Path) -> None:
    """Chance draws of every kind and the rate's are stored; forecasts get the kinds some occasion
    informed (none here: no occasions) and the rate only when an event named the rule."""
    from test_reliability import write_ledger

    write_ledger(tmp_path, _questions())
    res = fit.fit_reliability(
        tmp_path, draws=50, chains=2, sampler=StubSampler(seed=1, rubric=True), apply=True
    )
    assert res.chance_draws.shape == (100, 4) and res.rate_draws.shape == (100,)
    assert [c.name for c in res.chances] == list(fit.KIND_NAMES)
    assert all(c.n_items == 0 for c in res.chances) and res.rate.n_items == 0
    names = [row["name"] for row in res.summary]
    assert "chance[summit]" in names and "rate" in names
    assert "Chance of a meeting during an occasion" in res.render_text()
    doc = res.to_json()
    assert doc["rate"]["n_rule_events"] == 0 and len(doc["chances"]) == 4
    with np.load(fit.fit_path(tmp_path), allow_pickle=False) as z:
        assert z["chance_draws"].shape == (100, 4) and z["rate_draws"].shape == (100,)
        assert z["chance_kinds"].tolist() == list(fit.KIND_NAMES)
    learned = fit.load_learned(tmp_path)
    assert learned.chance_by_kind == {} and learned.rate is None  # nothing informed them
    # with the metadata saying summit and the rate were informed, forecasts get those
    from summitcast.fit import storage

    raw = storage._read_npz(tmp_path)
    meta = dict(raw["meta"], learned_kinds=["summit"], rate_learned=True)
    args = [raw[k] for k in ("type_names", "type_draws", "source_names", "source_types")]
    storage._save_draws(
        tmp_path,
        *args,
        raw["source_draws"],
        meta,
        raw["chance_kinds"],
        raw["chance_draws"],
        raw["rate_draws"],
    )
    learned = fit.load_learned(tmp_path)
    assert set(learned.chance_by_kind) == {"summit"}
    np.testing.assert_array_equal(learned.chance_by_kind["summit"], res.chance_draws[:, 2])
    np.testing.assert_array_equal(learned.rate, res.rate_draws)
    # a fit applied because its guard passed (no --apply) gives forecasts its reliabilities only: the learned
    # chances and rate lost out of sample on the benchmark and wait for --apply (storage.rubric_applied)
    passed = dict(meta, guard={**meta["guard"], "passes": True, "applied": True, "forced": False})
    storage._save_draws(
        tmp_path,
        *args,
        raw["source_draws"],
        passed,
        raw["chance_kinds"],
        raw["chance_draws"],
        raw["rate_draws"],
    )
    learned = fit.load_learned(tmp_path)
    assert learned.by_type and learned.chance_by_kind == {} and learned.rate is None


@pytest.mark.slow
def test_padding_leaves_the_log_density_of_the_real_parameters_unchanged() -> None:
    """Padded sources add only their own N(0, 1) prior terms: same density, same gradient."""
    qs = fit.simulate_questions(20, 6, seed=5)
    data = fit.fit_data(qs)
    n = len(data.source_names)
    exact = fit.CompiledFitModel(data, capacity=n)
    padded = fit.CompiledFitModel(data, capacity=n + 16)
    rng = np.random.default_rng(0)
    head = 1 + 5 + 1 + n  # raveled: calibration, z_type, tau (log), z_source; then chance, log_rate
    for _ in range(3):
        x = rng.normal(size=head + 4 + 1)
        pad = rng.normal(size=16)
        lp, grad = exact.logp_dlogp(x)
        lp2, grad2 = padded.logp_dlogp(np.concatenate([x[:head], pad, x[head:]]))
        pad_prior = float(np.sum(-0.5 * pad**2 - 0.5 * math.log(2 * math.pi)))
        assert lp2 == pytest.approx(lp + pad_prior, rel=1e-12, abs=1e-9)
        real = np.concatenate([grad2[:head], grad2[head + 16 :]])
        np.testing.assert_allclose(real, grad, rtol=1e-10, atol=1e-10)
        np.testing.assert_allclose(grad2[head : head + 16], -pad, rtol=1e-12)


@pytest.mark.slow
def test_refits_reuse_the_compiled_model() -> None:
    """A backtest's folds: fewer questions and sources, no recompilation, real draws each time."""
    qs = fit.simulate_questions(40, 6, seed=8, sources_per_type=3)
    sampler = fit.PyMCSampler(capacity=32)  # room to spare: every fold is padded
    kw = {"draws": 150, "tune": 150, "chains": 1, "progressbar": False, "sampler": sampler}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first = fit.fit_questions(qs, **kw)
        compiled = sampler.compiled
        fold = fit.fit_questions(qs[:12], **kw)
    assert first.timings["compile"] > 0 and fold.timings["compile"] == 0.0
    assert sampler.compiled is compiled
    assert len(fold.question_ids) == 12 and len(fold.sources) <= len(first.sources)
    assert fold.source_draws.shape == (150, len(fold.sources))
    assert np.all((fold.type_draws > 0) & (fold.type_draws < 1))
    # the fold's fit is the fit of the fold, not of the whole ledger: same as a fresh model's
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fresh = fit.fit_questions(qs[:12], **(kw | {"sampler": fit.PyMCSampler()}))
    np.testing.assert_allclose(
        fold.type_draws.mean(axis=0), fresh.type_draws.mean(axis=0), atol=0.08
    )


@pytest.mark.slow
def test_the_pymc_likelihood_is_the_numpy_likelihood() -> None:
    """The model's ``events`` potential equals ``fit.event_log_likelihood`` (period slots, hazard
    groups, occasions of every kind with scoped items and a set chance, floated priors, meetings
    on and off the trips, none up to a deadline), at random parameter values."""
    qs = fit.simulate_questions(30, 8, seed=4, window_share=0.4, sources_per_type=3)
    events = fit.simulate_events(20, seed=3, n_items=4)
    data = fit.fit_data([*qs, *events])
    assert data.n_window_items > 10 and len(data.group_event) > len(data.event_ids)
    assert data.n_rule_events == 20 and data.n_occasion_items > 5
    assert (data.occ_kind == -1).any() and len(set(data.occ_kind.tolist())) == 5
    assert 0 < data.y.sum() < len(data.y)
    model = fit.build_fit_model(data, capacity=len(data.source_names) + 5)
    (potential,) = model.potentials
    f = model.compile_fn(
        [potential, model["r_source"], model["chance"], model["rate"]],
        inputs=model.value_vars,
        on_unused_input="ignore",
    )
    rng = np.random.default_rng(2)
    for _ in range(3):
        point = {
            v.name: rng.normal(size=model.initial_point()[v.name].shape) for v in model.value_vars
        }
        value, r_source, chance, rate = f(point)
        expected = fit.event_log_likelihood(
            data, r_source[: len(data.source_names)], chance, float(rate)
        ).sum()
        assert float(value) == pytest.approx(expected, rel=1e-10)
