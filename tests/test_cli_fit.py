"""``summitcast fit`` through the command line: a real (small) PyMC run, its stored draws, and staleness."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

QUESTION = """\
title = "Will A and B meet before {deadline}?"
resolution_criteria = "An in-person meeting."
opens = 2025-01-01
deadline = {deadline}

[prior]
probability = 0.3
weight = 10

[[evidence]]
id = "a"
date = 2025-02-01
source = "Analyst {k}"
source_type = "analyst"
says = "They will meet."
strength = "moderate"
direction = "{direction}"

[[evidence]]
id = "m"
date = 2025-02-02
source = "A newspaper"
source_type = "media"
says = "They will not meet."
strength = "weak"
direction = "against"

[resolution]
outcome = "{outcome}"
date = {resolved}
"""


def write_ledger(d: Path, n: int = 8) -> None:
    """``n`` resolved questions in which the analysts point the right way."""
    for k in range(n):
        yes = k % 2 == 0
        (d / f"q{k}.toml").write_text(
            QUESTION.format(
                deadline="2025-12-31",
                k=k % 3,
                direction="for" if yes else "against",
                outcome="yes" if yes else "no",
                resolved="2025-06-01" if yes else "2026-01-01",
            )
        )
    (d / "open.toml").write_text(
        QUESTION.format(
            deadline="2026-12-31", k=0, direction="for", outcome="no", resolved="2027-01-01"
        ).split("[resolution]")[0]
    )


@pytest.mark.slow
def test_fit_stores_draws_that_show_uses_and_marks_stale(run, tmp_path: Path) -> None:
    write_ledger(tmp_path)
    args = ["--dir", str(tmp_path), "fit", "--draws", "200", "--tune", "200", "--chains", "2"]
    # eight resolved events are too few to apply the fit (issue 16.5): saved, not used
    result = run(*args, "--seed", "3")
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "NOT APPLIED: only 8 resolved events (at least 10 needed)" in result.stdout
    shown = json.loads(
        run("--dir", str(tmp_path), "show", "open", "--as-of", "2025-03-01", "--json").stdout
    )
    assert shown["reliability_fit"] is None
    result = run(*args, "--seed", "3", "--json", "--apply")
    assert result.exit_code == 0, (result.stderr, result.exception)
    doc = json.loads(result.stdout)
    assert doc["n_questions"] == 8 and doc["n_events"] == 8 and doc["applied"] is True
    types = {t["name"]: t for t in doc["types"]}
    assert {"analyst", "media"} <= set(types)
    # the analysts pointed the right way in all 8 questions: their reliability is learned above its default
    assert types["analyst"]["mean"] > types["analyst"]["default"]
    store = tmp_path / ".summitcast" / "reliability.npz"
    assert store.exists()
    with np.load(store, allow_pickle=False) as npz:
        assert npz.files  # library-neutral arrays, loadable without pickle

    shown = json.loads(
        run("--dir", str(tmp_path), "show", "open", "--as-of", "2025-03-01", "--json").stdout
    )
    assert shown["reliability_fit"] == "current"

    # Changing a resolved question makes the fit stale; show says so.
    q0 = tmp_path / "q0.toml"
    q0.write_text(q0.read_text().replace("probability = 0.3", "probability = 0.31"))
    shown = run("--dir", str(tmp_path), "show", "open", "--as-of", "2025-03-01")
    assert shown.exit_code == 0
    assert "STALE" in shown.stdout


def test_fit_without_resolved_questions_is_a_domain_error(run, tmp_path: Path) -> None:
    (tmp_path / "open.toml").write_text(
        QUESTION.format(
            deadline="2026-12-31", k=0, direction="for", outcome="no", resolved="2027-01-01"
        ).split("[resolution]")[0]
    )
    result = run("--dir", str(tmp_path), "fit", "--draws", "10")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "resolved" in result.stderr
    assert not (tmp_path / ".summitcast" / "reliability.npz").exists()


def test_fit_settings_out_of_range_are_domain_errors(run, tmp_path: Path) -> None:
    write_ledger(tmp_path)
    for option, value, least in (("--draws", "0", 1), ("--chains", "0", 1), ("--tune", "-1", 0)):
        result = run("--dir", str(tmp_path), "fit", option, value)
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: {option}: must be at least {least} (got {value})\n",
        )
    assert not (tmp_path / ".summitcast" / "reliability.npz").exists()


def test_fit_usage_errors_exit_2(run, tmp_path: Path) -> None:
    assert run("--dir", str(tmp_path), "fit", "--draws", "many").exit_code == 2
    assert run("--dir", str(tmp_path), "fit", "--sampler", "stan").exit_code == 2
