"""The shipped questions in forecasts/: valid, complete, and behaving as the contract says."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from summitcast.ledger import load_all, load_question
from summitcast.model import forecast, trajectory
from summitcast.tracker import check

FORECASTS = Path(__file__).resolve().parents[1] / "forecasts"
D = dt.date


def test_every_shipped_file_is_valid() -> None:
    result = check(FORECASTS)
    assert result.problems == []
    assert result.files >= 4


def test_the_questions_the_issue_names_exist_with_their_outcomes() -> None:
    qs = {q.id: q for q in load_all(FORECASTS)}
    assert qs["trump-kim-apec-2025"].resolution.outcome == "no"
    assert qs["trump-kim-2025"].resolution.outcome == "no"
    assert qs["trump-kim-2025"].opens == D(2025, 1, 20)
    assert qs["trump-kim-2025"].deadline == D(2025, 12, 31)
    assert qs["trump-kim-2026"].resolution is None
    assert any(q.resolution and q.resolution.outcome == "yes" for q in qs.values())
    window = qs["trump-kim-apec-2025"].window("korea-visit")
    assert (window.start, window.end) == (D(2025, 10, 29), D(2025, 10, 30))
    for q in qs.values():
        assert q.prior.rationale.strip(), q.id


#: A phrase of each statement of the seed article, as it must appear in some item's `says`.
SEED_PHRASES = [
    "speculation is rife",
    "prospects for another impromptu meeting",
    "quick resumption of diplomacy",
    "re-engage",
    "smart guy",
    "good personal memories",
    "delusional obsession with denuclearization",
    "Panmunjom",
    "greater leverage",
    "something substantial to give",
]


@pytest.mark.parametrize("phrase", SEED_PHRASES)
def test_every_seed_statement_is_recorded(phrase: str) -> None:
    says = [e.says.lower() for q in load_all(FORECASTS) for e in q.evidence]
    assert any(phrase.lower() in s for s in says), phrase


def test_every_timeline_row_is_recorded(shared_data: Path) -> None:
    rows = list(csv.DictReader((shared_data / "trump_kim_timeline.csv").open(encoding="utf-8")))
    assert len(rows) == 38
    items = [e for q in load_all(FORECASTS) for e in q.evidence]
    missing = []
    for row in rows:
        first_url = row["url"].split(" ; ")[0].strip()
        if not any(e.url and first_url in e.url for e in items):
            missing.append((row["date"], row["speaker"]))
    assert missing == []


def test_the_forecast_falls_when_the_trip_passes_without_a_meeting() -> None:
    q = load_question(FORECASTS, "trump-kim-2025")
    days = [D(2025, 10, 27), D(2025, 10, 28), D(2025, 10, 31)]
    p = trajectory(q, days).probability
    assert p[2] < p[1] / 2  # the two window days carried most of the remaining hazard
    apec = load_question(FORECASTS, "trump-kim-apec-2025")
    assert forecast(apec, D(2025, 10, 31)).probability == 0.0  # deadline day: nothing left
    assert forecast(apec, D(2025, 11, 1)).status == "resolved-no"


def test_the_yes_question_ends_at_one() -> None:
    q = next(q for q in load_all(FORECASTS) if q.resolution and q.resolution.outcome == "yes")
    f = forecast(q, q.resolution.date)
    assert (f.status, f.probability) == ("resolved-yes", 1.0)
