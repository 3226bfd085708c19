"""``summitcast export``: resolved questions and recorded forecasts in the shape ``score`` reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitcast.cli import cli


def run(d: Path, today: str, *args: str):
    return CliRunner().invoke(cli, ["--dir", str(d), *args], env={"SUMMITCAST_TODAY": today})


def test_export_round_trips_through_score(tmp_path: Path) -> None:
    d = tmp_path / "f"
    assert (
        run(
            d,
            "2025-03-01",
            "new",
            "q",
            "--title",
            "t",
            "--opens",
            "2025-01-01",
            "--deadline",
            "2025-06-30",
            "--prior",
            "0.2",
        ).exit_code
        == 0
    )
    assert (
        run(
            d,
            "2025-03-02",
            "add",
            "q",
            "--source",
            "S",
            "--says",
            "x",
            "--strength",
            "moderate",
            "--against",
        ).exit_code
        == 0
    )
    assert run(d, "2025-07-02", "resolve", "q", "no").exit_code == 0
    assert (
        run(
            d,
            "2025-03-01",
            "new",
            "open",
            "--title",
            "t",
            "--opens",
            "2025-01-01",
            "--deadline",
            "2025-12-31",
            "--prior",
            "0.2",
        ).exit_code
        == 0
    )
    r = run(d, "2025-07-02", "export", "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert (
        r.output.splitlines()[0]
        == f"wrote {tmp_path / 'out' / 'questions.csv'} (1 resolved questions)"
    )
    rows = list(csv.DictReader((tmp_path / "out" / "questions.csv").open()))
    assert rows == [
        {
            "id": "q",
            "opens": "2025-01-01",
            "closes": "2025-07-01",
            "outcome": "no",
            "resolved": "2025-07-01",
        }
    ]
    forecasts = list(csv.DictReader((tmp_path / "out" / "forecasts.csv").open()))
    assert [f["command"] for f in forecasts if f["id"] == "q"] == ["new", "add x", "resolve no"]
    assert {f["id"] for f in forecasts} == {"q", "open"}
    # the exported files are what score reads: it scores the one resolved question from them
    s = run(
        d,
        "2025-07-02",
        "score",
        "--questions",
        str(tmp_path / "out" / "questions.csv"),
        "--ours",
        str(tmp_path / "out" / "forecasts.csv"),
        "--json",
    )
    assert s.exit_code == 0, s.output
    doc = json.loads(s.stdout)
    assert [q["id"] for q in doc["questions"]] == ["q"]
    assert doc["questions"][0]["ours"]["coverage"] > 0.3


def test_export_json_lists_unresolved_and_needs_out_or_json(tmp_path: Path) -> None:
    d = tmp_path / "f"
    assert (
        run(
            d,
            "2025-03-01",
            "new",
            "open",
            "--title",
            "t",
            "--opens",
            "2025-01-01",
            "--deadline",
            "2025-12-31",
            "--prior",
            "0.2",
        ).exit_code
        == 0
    )
    doc = json.loads(run(d, "2025-03-01", "export", "--json").stdout)
    assert doc["questions"] == [] and doc["unresolved"][0]["id"] == "open"
    r = run(d, "2025-03-01", "export")
    assert r.exit_code == 2 and "give --out DIR" in r.output
    assert run(tmp_path / "missing", "2025-03-01", "export", "--json").exit_code == 1


def test_score_picks_up_the_series_pull_saved_beside_a_question(tmp_path: Path) -> None:
    d = tmp_path / "f"
    assert (
        run(
            d,
            "2025-03-01",
            "new",
            "q",
            "--title",
            "t",
            "--opens",
            "2025-01-01",
            "--deadline",
            "2025-06-30",
            "--prior",
            "0.2",
        ).exit_code
        == 0
    )
    assert run(d, "2025-07-02", "resolve", "q", "no").exit_code == 0
    (d / "q.community.csv").write_text(
        "timestamp,probability\n2025-01-01T00:00:00Z,0.5\n2025-04-01T00:00:00Z,0.1\n"
    )
    out = tmp_path / "out"
    assert run(d, "2025-07-02", "export", "--out", str(out)).exit_code == 0
    args = [
        "score",
        "--questions",
        str(out / "questions.csv"),
        "--ours",
        str(out / "forecasts.csv"),
    ]
    picked = run(d, "2025-07-02", *args)
    assert picked.exit_code == 0, picked.output
    assert f"against the series pulled beside 1 of the questions in {d}" in picked.output
    doc = json.loads(run(d, "2025-07-02", *args, "--json").stdout)
    q = doc["questions"][0]
    # the community series covers the whole span: 0.5 for 90 days, then 0.1 (outcome no), from 1 January
    assert q["community"]["coverage"] == 1.0
    assert q["community"]["brier"] == pytest.approx((90 * 0.25 + 91 * 0.01) / 181, abs=1e-9)
    assert q["peer"] is not None
    # with --community given, or without pulled files, nothing is picked up
    (d / "q.community.csv").unlink()
    assert (
        json.loads(run(d, "2025-07-02", *args, "--json").stdout)["questions"][0]["community"]
        is None
    )
