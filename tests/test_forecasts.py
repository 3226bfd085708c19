"""The shipped forecasts/: valid, complete, recorded once per statement, and behaving as the contract says."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from summitcast.app.checks import check
from summitcast.cli.base import read_today
from summitcast.domain.event import Event
from summitcast.domain.question import Evidence, Question
from summitcast.model import compute_event, forecast, trajectory
from summitcast.store.workspace import Workspace

FORECASTS = Path(__file__).resolve().parents[1] / "forecasts"
D = dt.date
TRIP_QUESTIONS = ("trump-kim-apec-2025", "trump-kim-2025", "trump-kim-2026")
#: The shipped questions this file is about, with their events (forecasts/ may hold others, e.g. the benchmark's).
MIGRATED = {**dict.fromkeys(TRIP_QUESTIONS, "trump-kim"), "trump-xi-apec-2025": "trump-xi"}


@pytest.fixture(scope="module")
def shipped() -> dict[str, tuple[Question, Event]]:
    ws = Workspace(FORECASTS)
    return {qid: ws.load(qid) for qid in MIGRATED}


@pytest.fixture(scope="module")
def kim(shipped: dict[str, tuple[Question, Event]]) -> Event:
    return shipped["trump-kim-2025"][1]


def test_every_shipped_file_is_valid() -> None:
    result = check(Workspace(FORECASTS), today=read_today())
    assert result.problems == []
    ws = Workspace(FORECASTS)
    assert set(MIGRATED) <= set(ws.question_ids())
    assert set(MIGRATED.values()) <= set(ws.event_ids())


def test_the_questions_are_on_their_events_with_their_outcomes(
    shipped: dict[str, tuple[Question, Event]],
) -> None:
    assert {q: ev.id for q, (_, ev) in shipped.items()} == MIGRATED
    q = {k: v[0] for k, v in shipped.items()}
    assert q["trump-kim-apec-2025"].resolution.outcome == "no"
    assert q["trump-kim-2025"].resolution.outcome == "no"
    year = q["trump-kim-2025"]
    assert (year.opens, year.deadline) == (D(2025, 1, 20), D(2025, 12, 31))
    assert q["trump-kim-2026"].resolution is None
    assert q["trump-xi-apec-2025"].resolution.outcome == "yes"
    for question, ev in shipped.values():
        # the event holds the prior, windows and evidence; its horizon is Trump's second term
        assert question.prior is None and not question.evidence, question.id
        assert not question.windows, question.id
        assert (ev.opens, ev.until) == (D(2025, 1, 20), D(2029, 1, 20)), ev.id
        assert ev.prior.rationale.strip(), ev.id


def test_the_trip_window_is_the_visit_announced_when_the_trip_was_reported(kim: Event) -> None:
    w = kim.window("korea-visit")
    assert (w.start, w.end, w.kind) == (D(2025, 10, 29), D(2025, 10, 30), "nearby")
    assert w.announced == D(2025, 9, 6)
    china = kim.window("china-state-visit")
    assert (china.start, china.end, china.announced) == (
        D(2026, 5, 13),
        D(2026, 5, 15),
        D(2026, 3, 25),
    )
    this_year = next(e for e in kim.evidence if e.id == "trump-like-to-meet-this-year")
    period = kim.window(this_year.window)
    # "this year": a named period of hazard 1
    assert (period.end, period.hazard) == (D(2025, 12, 31), 1.0)


def test_no_hand_converted_likelihood_ratio_is_left(
    shipped: dict[str, tuple[Question, Event]],
) -> None:
    # v1 entered trip items in year questions as lr = s*L + (1 - s); the model now applies that itself, so an
    # explicit lr is only ever the rubric's "says nothing" (lr = 1).
    for _, ev in shipped.values():
        explicit = {e.id: e.lr for e in ev.evidence if e.lr is not None}
        assert set(explicit.values()) <= {1.0}, (ev.id, explicit)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _urls(e: Evidence) -> set[str]:
    return {u.strip() for u in (e.url or "").split(" ; ") if u.strip()}


def _quotes(e: Evidence) -> set[str]:
    return {_norm(q) for q in re.findall(r'"([^"]{8,})"', e.says)}


def test_the_trump_kim_event_holds_each_statement_once(kim: Event) -> None:
    items = kim.evidence
    assert len(items) == 51
    says = [_norm(e.says) for e in items]
    assert len(set(says)) == len(says), "the same says text recorded twice"
    for a, b in itertools.combinations(items, 2):
        pair = (a.id, b.id)
        # one page on one day may report two remarks (Kim's speech: warmth and condition), but never one remark
        # twice: then the two items are different statements, with their own origins and no quote in common
        if a.date == b.date and _urls(a) & _urls(b):
            assert a.origin_key != b.origin_key, pair
            assert _quotes(a) and _quotes(b) and not _quotes(a) & _quotes(b), pair
        # items sharing an origin are reprints or restatements of one remark; the same remark by the same source
        # on the same day written twice is a copy
        if a.origin_key == b.origin_key:
            assert (a.date, _norm(a.source)) != (b.date, _norm(b.source)), pair


def test_the_detector_of_copies_would_see_one(kim: Event) -> None:
    # the check above must be able to fail: a v1-style copy of an item from another file, under another id and
    # with its says lightly edited, is caught by its page and day (or its origin, source and day)
    item = next(e for e in kim.evidence if e.id == "kim-condition-drop-denuclearization")
    for copy in (
        dataclasses.replace(item, id="copy-1", says="Kim: " + item.says),
        dataclasses.replace(item, id="copy-2", says="Kim: " + item.says, origin=""),
        dataclasses.replace(
            item, id="copy-3", says="Kim said talks need the US to change.", url=None
        ),
    ):
        doubled = dataclasses.replace(kim, evidence=(*kim.evidence[:-1], copy))
        with pytest.raises(AssertionError):
            test_the_trump_kim_event_holds_each_statement_once(doubled)


#: A phrase of each statement of the seed article, as it must appear in some item's `says`.
SEED_PHRASES = [
    "speculation is rife",
    "prospects for another impromptu meeting",
    "in coming months",
    "quick resumption of diplomacy",
    "re-engage",
    "smart guy",
    "good personal memories",
    "delusional obsession with denuclearization",
    "Panmunjom again",
    "greater leverage",
    "something substantial to give",
]


@pytest.mark.parametrize("phrase", SEED_PHRASES)
def test_every_seed_statement_is_recorded_once(kim: Event, phrase: str) -> None:
    hits = [e.id for e in kim.evidence if phrase.lower() in e.says.lower()]
    assert len(hits) >= 1, phrase
    seed = [i for i in hits if i.startswith("seed-")]
    assert len(seed) == 1, (phrase, hits)


def test_every_timeline_row_is_recorded(kim: Event, shared_data: Path) -> None:
    with (shared_data / "trump_kim_timeline.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 38
    missing = []
    for row in rows:
        first_url = row["url"].split(" ; ")[0].strip()
        if not any(first_url in _urls(e) for e in kim.evidence):
            missing.append((row["date"], row["speaker"]))
    assert missing == []


def _frozen(ev: Event, day: dt.date) -> Event:
    """The event with only the items logged by ``day``: what passing time alone does after it."""
    return dataclasses.replace(ev, evidence=tuple(e for e in ev.evidence if e.logged <= day))


def test_the_questions_fall_when_the_trip_passes_without_a_meeting(
    shipped: dict[str, tuple[Question, Event]], kim: Event
) -> None:
    eve, after = D(2025, 10, 28), D(2025, 10, 31)
    deadlines = [shipped[q][0].deadline for q in TRIP_QUESTIONS] + [kim.until]
    p = compute_event(_frozen(kim, eve), [eve, after], deadlines, with_interval=False).point
    assert all(p[1] < p[0]), p  # a quiet window never raises a forecast, for any deadline
    assert p[1, 1] < 0.75 * p[0, 1]  # the visit's two days held most of what was left of 2025
    q2025, event = shipped["trump-kim-2025"]
    days = [D(2025, 10, 27), after]
    series = trajectory(q2025, days, event=event, with_interval=False).probability
    assert series[1] < series[0]  # with the trip's own news too
    apec, event = shipped["trump-kim-apec-2025"]
    assert forecast(apec, after, event=event).probability == 0.0  # deadline day: nothing left
    assert forecast(apec, D(2025, 11, 1), event=event).status == "resolved-no"


def test_the_questions_of_the_event_are_coherent_every_day(
    shipped: dict[str, tuple[Question, Event]], kim: Event
) -> None:
    days = [D(2025, 9, 1) + dt.timedelta(days=k) for k in range(61)]
    deadlines = [shipped[q][0].deadline for q in TRIP_QUESTIONS]
    p = compute_event(kim, days, deadlines, with_interval=False).point
    assert (p[:, 0] <= p[:, 1] + 1e-12).all() and (p[:, 1] <= p[:, 2] + 1e-12).all()


def test_items_about_a_window_count_only_once_it_is_announced(kim: Event) -> None:
    # the China visit's days became public on 25 Mar 2026; the items about it, logged earlier, wait for that day
    days = [D(2026, 3, 24), D(2026, 3, 25)]
    about = [e.window == "china-state-visit" and e.logged < days[0] for e in kim.evidence]
    china = [i for i, flag in enumerate(about) if flag]
    assert len(china) == 2
    visible = compute_event(kim, days, [kim.until], with_interval=False).terms.visible[:, china]
    assert not visible[0].any() and visible[1].all()


def test_the_yes_question_ends_at_one(shipped: dict[str, tuple[Question, Event]]) -> None:
    q, ev = shipped["trump-xi-apec-2025"]
    f = forecast(q, q.resolution.date, event=ev)
    assert (f.status, f.probability) == ("resolved-yes", 1.0)
