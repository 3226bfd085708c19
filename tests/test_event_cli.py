"""The command line of events (CONTRACT sections 3 and 6): new-event, new --event, add/window through a question,
show EVENT, list's event column, check's span and resolution rules; every error's exit status and exact message,
and files byte-identical after a refusal.

Numbers are checked against the closed form, against one another (coherence, show Q = show EVENT) or against the
library, never against values copied from a run.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from click.testing import Result

from summitcast.store.ledger import parse_event, parse_question

TODAY = dt.date(2025, 10, 27)  # pinned by the forecasts_dir fixture
OPENS, UNTIL = dt.date(2025, 1, 20), dt.date(2029, 1, 20)
QUESTIONS = {  # id: (deadline, opens or None)
    "tk-oct": ("2025-10-31", None),
    "tk-2025": ("2025-12-31", None),
    "tk-2026": ("2026-12-31", "2026-01-01"),
    "tk-2028": ("2028-12-31", None),
}


@pytest.fixture
def ok_json(ok):
    def ok_json(*args: str) -> dict:
        return json.loads(ok(*args, "--json").stdout)

    return ok_json


def snapshot(d: Path) -> dict[str, bytes]:
    """Every ledger and log file under ``d`` (the lock folder aside), by relative path."""
    return {
        str(p.relative_to(d)): p.read_bytes()
        for p in sorted(d.rglob("*"))
        if p.is_file() and ".summitcast" not in p.parts
    }


@pytest.fixture
def refused(run):
    def refused(d: Path, args: list[str], message: str, status: int = 1) -> None:
        """The command fails with ``status`` and exactly ``message`` on stderr, and changes no file."""
        before = snapshot(d)
        result = run(*args)
        assert result.exit_code == status, (result.stdout, result.stderr, result.exception)
        if status == 1:
            assert result.stderr == message + "\n"
            assert result.stdout == ""
        else:
            assert message in result.stderr
        assert snapshot(d) == before

    return refused


def log_commands(d: Path, qid: str) -> list[str]:
    with (d / f"{qid}.forecasts.csv").open(newline="") as fh:
        return [row["command"] for row in csv.DictReader(fh)]


@pytest.fixture
def new_event(ok):
    def new_event(*extra: str) -> Result:
        return ok(
            "new-event",
            "tk",
            "--title",
            "Trump and Kim meet in person",
            "--opens",
            OPENS.isoformat(),
            "--until",
            UNTIL.isoformat(),
            "--prior",
            "0.3",
            *extra,
        )

    return new_event


@pytest.fixture
def new_questions(ok):
    def new_questions() -> None:
        for qid, (deadline, opens) in QUESTIONS.items():
            args = [
                "new",
                qid,
                "--event",
                "tk",
                "--title",
                f"Meet by {deadline}?",
                "--deadline",
                deadline,
            ]
            ok(*args, *(["--opens", opens] if opens else []))

    return new_questions


TRIP = ["--id", "trip", "--name", "Korea trip", "--start", "2025-10-29", "--end", "2025-10-30"]


@pytest.fixture
def event_dir(new_event, new_questions, ok, forecasts_dir: Path) -> Path:
    """Event tk with four questions, a trip window and items added through different questions."""
    new_event()
    new_questions()
    ok(
        "window",
        "tk-2025",
        *TRIP,
        "--kind",
        "period",
        "--hazard",
        "90",
        "--announced",
        "2025-10-23",
    )
    ok(
        "window",
        "tk-2028",
        "--kind",
        "period",
        "--id",
        "rest-of-2025",
        "--name",
        "The rest of 2025",
        "--start",
        "2025-10-01",
        "--end",
        "2025-12-31",
        "--announced",
        "2025-10-01",
    )
    ok(
        "add",
        "tk-oct",
        "--source",
        "Lee Jae-myung",
        "--says",
        "Trump could meet Kim at Panmunjom",
        "--strength",
        "weak",
        "--for",
        "--window",
        "trip",
        "--date",
        "2025-10-14",
        "--id",
        "lee-panmunjom",
    )
    ok(
        "add",
        "tk-2026",
        "--source",
        "Kim Yo Jong",
        "--source-type",
        "principal",
        "--says",
        "No interest in talks",
        "--strength",
        "moderate",
        "--against",
        "--date",
        "2025-07-28",
        "--id",
        "kyj-no",
    )
    ok(
        "add",
        "tk-2028",
        "--source",
        "Donald Trump",
        "--source-type",
        "principal",
        "--says",
        "I'd like to meet him this year",
        "--lr",
        "2",
        "--window",
        "rest-of-2025",
        "--id",
        "trump-this-year",
    )
    return forecasts_dir


def closed_form(p: float, t: dt.date, by: dt.date) -> float:
    """p̄(F(by) − F(t)) / (1 − p̄F(t)) over the event's horizon, no windows or evidence."""
    n = (UNTIL - OPENS).days + 1

    def share(d: dt.date) -> float:
        return min(max((d - OPENS).days + 1, 0), n) / n

    return p * (share(by) - share(t)) / (1 - p * share(t))


# ---------------------------------------------------------------------------------------- new-event


def test_new_event_writes_the_event_file(new_event, forecasts_dir: Path) -> None:
    result = new_event("--weight", "12", "--rationale", "three meetings in 2018-19")
    path = forecasts_dir / "events" / "tk.toml"
    assert result.stdout.startswith(f"created event: tk ({path})\n")
    assert "horizon 2025-01-20 to 2029-01-20, prior 30.0%" in result.stdout
    ev = parse_event(path.read_text(encoding="utf-8"), path)
    assert (ev.opens, ev.until, ev.prior.probability, ev.prior.weight) == (OPENS, UNTIL, 0.3, 12.0)
    assert ev.prior.rationale == "three meetings in 2018-19"
    assert ev.windows == () and ev.evidence == ()
    assert not list(forecasts_dir.glob("*.toml"))  # an event is not a question


def test_new_event_json_gives_the_closed_form(new_event, forecasts_dir: Path) -> None:
    doc = json.loads(new_event("--json").stdout)
    assert doc["id"] == "tk" and doc["kind"] == "event"
    assert (doc["opens"], doc["until"]) == ("2025-01-20", "2029-01-20")
    assert doc["probability"] == pytest.approx(closed_form(0.3, TODAY, UNTIL), abs=1e-12)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--until", "2024-01-20"],
            "Error: --until: must not be before opens (2024-01-20 < 2025-01-20)",
        ),
        (["--weight", "0"], "Error: --weight: must be > 0 (got 0.0)"),
        (["--title", " "], "Error: --title: must not be empty"),
    ],
)
def test_new_event_refusals(refused, forecasts_dir: Path, args: list[str], message: str) -> None:
    base = {
        "--title": "T and K meet",
        "--opens": "2025-01-20",
        "--until": "2029-01-20",
        "--prior": "0.3",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [x for kv in base.items() for x in kv]
    refused(forecasts_dir, ["new-event", "tk", *flat], message)
    assert not (forecasts_dir / "events" / "tk.toml").exists()


def test_new_event_refusals_with_an_existing_event(new_event, refused, forecasts_dir: Path) -> None:
    new_event()
    path = forecasts_dir / "events" / "tk.toml"
    args = ["--title", "x", "--opens", "2025-01-20", "--until", "2026-01-20", "--prior", "0.3"]
    refused(forecasts_dir, ["new-event", "tk", *args], f"Error: event 'tk' already exists: {path}")
    refused(
        forecasts_dir,
        ["new-event", "Bad_Id", *args],
        "Error: invalid event id 'Bad_Id': use lowercase letters, digits and hyphens (e.g. trump-kim-2026); "
        "ids name files inside the forecasts folder, never paths",
    )
    refused(forecasts_dir, ["new-event", "tk2", *args[:-2]], "--prior", status=2)
    refused(
        forecasts_dir,
        ["new-event", "tk2", *args[:4], "--until", "2026-13-01", "--prior", "0.3"],
        "Error: Invalid value for '--until': expected a date as YYYY-MM-DD (got '2026-13-01')",
        status=2,
    )


# ----------------------------------------------------------------------------------- new --event


def test_new_question_on_an_event(new_event, ok_json, forecasts_dir: Path) -> None:
    new_event()
    doc = ok_json(
        "new", "tk-2025", "--event", "tk", "--title", "Meet in 2025?", "--deadline", "2025-12-31"
    )
    path = forecasts_dir / "tk-2025.toml"
    q = parse_question(path.read_text(encoding="utf-8"), path)
    assert (q.event, q.prior, q.deadline, q.windows, q.evidence) == (
        "tk",
        None,
        dt.date(2025, 12, 31),
        (),
        (),
    )
    text = path.read_text(encoding="utf-8")
    assert "[prior]" not in text and "probability" not in text  # the prior lives in the event
    assert doc["id"] == "tk-2025"
    after = doc["questions"][0]["after"]
    assert after["event"] == "tk" and after["status"] == "open"
    expected = closed_form(0.3, TODAY, dt.date(2025, 12, 31))
    assert after["probability"] == pytest.approx(expected, abs=1e-12)
    assert log_commands(forecasts_dir, "tk-2025") == ["new"]


def test_new_question_on_an_event_refusals(new_event, ok, refused, forecasts_dir: Path) -> None:
    new_event()
    ok("new", "tk-2025", "--event", "tk", "--title", "x", "--deadline", "2025-12-31")
    d = forecasts_dir
    base = ["--title", "x", "--deadline", "2025-12-31"]
    cases = [
        (
            ["new", "q", "--event", "tk", "--title", "x", "--deadline", "2030-12-31"],
            "Error: --deadline: must not be after the event's until (2030-12-31 > 2029-01-20)",
        ),
        (
            ["new", "q", "--event", "tk", *base, "--opens", "2024-01-01"],
            "Error: --opens: must not be before the event's opens (2024-01-01 < 2025-01-20)",
        ),
        (
            [
                "new",
                "q",
                "--event",
                "tk",
                "--title",
                "x",
                "--deadline",
                "2025-03-01",
                "--opens",
                "2025-06-01",
            ],
            "Error: --deadline: must not be before opens (2025-03-01 < 2025-06-01)",
        ),
        (
            ["new", "q", "--event", "tk", *base, "--prior", "0.2"],
            "Error: --prior: a question on an event takes its prior from the event",
        ),
        (
            ["new", "q", "--event", "tk", *base, "--weight", "3"],
            "Error: --weight: a question on an event takes its prior from the event",
        ),
        (
            ["new", "q", "--event", "tk", *base, "--rationale", "r"],
            "Error: --rationale: a question on an event takes its prior from the event",
        ),
        (
            ["new", "q", "--event", "tkk", *base],
            f"Error: no event 'tkk' in {d / 'events'}; did you mean 'tk'?",
        ),
        (["new", "q", "--event", "nothing", *base], f"Error: no event 'nothing' in {d / 'events'}"),
        (
            ["new", "q", "--event", "Bad", *base],
            "Error: --event: invalid event id 'Bad': use lowercase letters, digits and hyphens "
            "(e.g. trump-kim-2026); ids name files inside the forecasts folder, never paths",
        ),
        (
            ["new", "tk-2025", "--event", "tk", *base],
            f"Error: question 'tk-2025' already exists: {d / 'tk-2025.toml'}",
        ),
    ]
    for args, message in cases:
        refused(d, args, message)
    assert not (d / "q.toml").exists()


# ------------------------------------------------------------------------ add / window via a question


def test_add_through_a_question_writes_once_to_the_event_and_reports_every_question(
    ok,
    ok_json,
    event_dir: Path,
) -> None:
    d = event_dir
    questions_before = {q: (d / f"{q}.toml").read_bytes() for q in QUESTIONS}
    result = ok(
        "add",
        "tk-2026",
        "--source",
        "KCNA",
        "--says",
        "Talks possible if sanctions go",
        "--strength",
        "moderate",
        "--for",
        "--id",
        "kcna-maybe",
    )
    path = d / "events" / "tk.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count('id = "kcna-maybe"') == 1
    assert [e.id for e in parse_event(text, path).evidence][-1] == "kcna-maybe"
    assert {
        q: (d / f"{q}.toml").read_bytes() for q in QUESTIONS
    } == questions_before  # only the event changed
    lines = result.stdout.splitlines()
    assert lines[0] == f"added kcna-maybe to tk ({path})"
    assert lines[1] == "  event tk: every question, before -> after"
    listed = [line.split()[0] for line in lines[2 : 2 + len(QUESTIONS)]]
    assert listed[0] == "tk-2026" and sorted(listed) == sorted(QUESTIONS)  # the one named first
    assert lines[2 + len(QUESTIONS)].startswith("  this item: +")
    for q in QUESTIONS:
        assert log_commands(d, q)[-1] == "add kcna-maybe"
    # --json: every question's before is what show said, its after what show says now
    shown = {q: ok_json("show", q) for q in QUESTIONS}
    doc = ok_json(
        "add",
        "tk-oct",
        "--source",
        "Yonhap",
        "--says",
        "Preparations at Panmunjom",
        "--lr",
        "1.5",
        "--window",
        "trip",
        "--id",
        "yonhap-prep",
    )
    assert doc["id"] == "tk" and doc["kind"] == "event" and doc["item_id"] == "yonhap-prep"
    assert doc["path"] == str(path)
    assert sorted(x["id"] for x in doc["questions"]) == sorted(QUESTIONS)
    for x in doc["questions"]:
        assert x["before"]["probability"] == shown[x["id"]]["probability"]
        assert x["before"]["interval"] == shown[x["id"]]["interval"]
        now = ok_json("show", x["id"])
        assert x["after"]["probability"] == now["probability"]
        assert x["after"]["interval"] == now["interval"]
    # and a strong 'for' item on the trip moves every open question up (none down)
    for x in doc["questions"]:
        if x["after"]["status"] == "open":
            assert x["after"]["probability"] > x["before"]["probability"]
    assert [x["after"]["status"] for x in doc["questions"]].count(
        "open"
    ) == 3  # tk-2026 opens in 2026


def test_window_through_a_question_writes_once_to_the_event(ok_json, event_dir: Path) -> None:
    d = event_dir
    doc = ok_json(
        "window",
        "tk-oct",
        "--id",
        "apec",
        "--name",
        "APEC",
        "--start",
        "2025-10-31",
        "--end",
        "2025-11-01",
        "--kind",
        "period",
        "--hazard",
        "30",
        "--announced",
        "2025-10-20",
    )
    path = d / "events" / "tk.toml"
    ev = parse_event(path.read_text(encoding="utf-8"), path)
    apec = ev.window("apec")
    assert (apec.start, apec.end, apec.hazard, apec.announced) == (
        dt.date(2025, 10, 31),
        dt.date(2025, 11, 1),
        30.0,
        dt.date(2025, 10, 20),
    )
    assert sorted(x["id"] for x in doc["questions"]) == sorted(QUESTIONS)
    for q in QUESTIONS:
        assert log_commands(d, q)[-1] == "window apec"
        assert "apec" not in (d / f"{q}.toml").read_text(encoding="utf-8")
    # a window with the default hazard (a named period) moves no forecast by itself
    doc = ok_json(
        "window",
        "tk-2026",
        "--kind",
        "period",
        "--id",
        "year-2026",
        "--name",
        "2026",
        "--start",
        "2026-01-01",
        "--end",
        "2026-12-31",
        "--announced",
        "2025-10-27",
    )
    for x in doc["questions"]:
        assert x["after"]["probability"] == pytest.approx(x["before"]["probability"], abs=1e-12)


def test_add_and_window_refusals_leave_every_file_as_it_was(refused, event_dir: Path) -> None:
    d = event_dir
    path = d / "events" / "tk.toml"
    item = ["--source", "Kim", "--says", "hi"]
    cases = [
        (
            ["window", "tk-2026", "--kind", "period", *TRIP],
            f"Error: --id: window 'trip' already exists in {path}",
        ),
        (
            [
                "window",
                "tk-2026",
                "--kind",
                "period",
                "--id",
                "far",
                "--name",
                "Far",
                "--start",
                "2029-01-01",
                "--end",
                "2029-02-01",
                "--announced",
                "2025-10-01",
            ],
            "Error: --end: the window 2029-01-01..2029-02-01 must lie within the event's horizon "
            "2025-01-20..2029-01-20",
        ),
        (
            [
                "window",
                "tk-2026",
                "--kind",
                "period",
                "--id",
                "pre",
                "--name",
                "Pre",
                "--start",
                "2024-12-01",
                "--end",
                "2025-02-01",
                "--announced",
                "2024-11-01",
            ],
            "Error: --start: the window 2024-12-01..2025-02-01 must lie within the event's horizon "
            "2025-01-20..2029-01-20",
        ),
        (
            [
                "window",
                "tk-2026",
                "--kind",
                "period",
                "--id",
                "fut",
                "--name",
                "Fut",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-03",
                "--announced",
                "2025-10-28",
            ],
            "Error: --announced: 2025-10-28 is after today (2025-10-27)",
        ),
        (
            [
                "window",
                "tk-2026",
                "--id",
                "neg",
                "--name",
                "Neg",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-03",
                "--kind",
                "period",
                "--hazard",
                "-1",
            ],
            "Error: --hazard: must be >= 0 (got -1.0)",
        ),
        (
            [
                "window",
                "tk-2026",
                "--kind",
                "period",
                "--id",
                "back",
                "--name",
                "Back",
                "--start",
                "2025-11-05",
                "--end",
                "2025-11-03",
            ],
            "Error: --end: must not be before start (2025-11-03 < 2025-11-05)",
        ),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--window", "trp"],
            f"Error: --window: unknown window 'trp' in {path}; did you mean 'trip'?",
        ),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--window", "nothing"],
            f"Error: --window: unknown window 'nothing' in {path} (windows: trip, rest-of-2025)",
        ),
        (["add", "tk-2026", *item, "--lr", "-2"], "Error: --lr: must be > 0 (got -2.0)"),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--date", "2025-10-28"],
            "Error: --date: 2025-10-28 is after today (2025-10-27)",
        ),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--id", "kyj-no"],
            f"Error: --id: evidence id 'kyj-no' already exists in {path}",
        ),
        (
            ["add", "tk-2026", *item, "--strength", "huge", "--for"],
            "Error: --strength: unknown strength 'huge' (one of weak, moderate, strong, very-strong)",
        ),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--reliability", "1.5"],
            "Error: --reliability: must be between 0 and 1 (got 1.5)",
        ),
        (
            ["add", "tk-2026", *item, "--lr", "2", "--source-type", "tv"],
            "Error: --source-type: unknown source type 'tv' (one of principal, official, analyst, media, market)",
        ),
        (["add", "nope", *item, "--lr", "2"], f"Error: no question or event 'nope' in {d}"),
        (
            ["add", "tk-octt", *item, "--lr", "2"],
            f"Error: no question or event 'tk-octt' in {d}; did you mean 'tk-oct'?",
        ),
    ]
    for args, message in cases:
        refused(d, args, message)
    refused(
        d,
        ["add", "tk-2026", *item],
        "give --lr X, or --strength S with --for or --against",
        status=2,
    )


# ------------------------------------------------------------------------------------- show EVENT


def test_show_event_json(ok_json, event_dir: Path) -> None:
    doc = ok_json("show", "tk")
    assert doc["id"] == "tk" and doc["kind"] == "event"
    assert (doc["as_of"], doc["until"], doc["status"]) == ("2025-10-27", "2029-01-20", "open")
    assert [q["id"] for q in doc["questions"]] == sorted(QUESTIONS)
    by_id = {q["id"]: q for q in doc["questions"]}
    for qid, (deadline, _) in QUESTIONS.items():
        alone = ok_json("show", qid)
        assert by_id[qid]["by"] == deadline
        for key in ("status", "probability", "interval", "evidence_used", "contributions", "event"):
            assert by_id[qid][key] == alone[key], key  # exactly show Q
    # the meeting-date distribution: every month end of the horizon, non-decreasing, ending at P(by until)
    cdf = doc["cdf"]
    ends = [dt.date.fromisoformat(c["by"]) for c in cdf]
    assert ends[0] == dt.date(2025, 1, 31) and ends[-1] == UNTIL and len(ends) == 49
    assert all((b + dt.timedelta(days=1)).day == 1 for b in ends[:-1])
    probs = [c["probability"] for c in cdf]
    assert all(b >= a for a, b in itertools.pairwise(probs))
    assert probs[-1] == doc["probability"]
    assert all(p == 0.0 for e, p in zip(ends, probs, strict=True) if e <= TODAY)
    lo, hi = doc["interval"]
    assert lo < doc["probability"] < hi
    # a question whose deadline is a month end sits on the curve
    at = {c["by"]: c["probability"] for c in cdf}
    assert by_id["tk-2025"]["probability"] == at["2025-12-31"]
    assert by_id["tk-oct"]["probability"] == at["2025-10-31"]
    assert by_id["tk-2026"]["status"] == "not-open" and by_id["tk-2026"]["probability"] is None


def test_show_event_text(ok, ok_json, event_dir: Path) -> None:
    out = ok("show", "tk").stdout
    doc = ok_json("show", "tk")
    assert out.startswith("tk (event): Trump and Kim meet in person\n")
    assert "horizon 2025-01-20 to 2029-01-20" in out
    assert f"P(meeting by 2029-01-20) = {100 * doc['probability']:.1f}%" in out
    for qid, (deadline, _) in QUESTIONS.items():
        assert any(line.split()[:3] == [qid, "by", deadline] for line in out.splitlines())
    assert "2025-12-31" in out and "P(meeting by the end of each month)" in out
    for eid in ("lee-panmunjom", "kyj-no", "trump-this-year"):
        assert eid in out


def test_a_question_equals_the_event_on_every_day_and_earlier_deadlines_are_never_higher(
    ok_json,
    event_dir: Path,
) -> None:
    """history of every question, day by day: coherent across deadlines, and equal to show EVENT on sample days."""
    start, end = "2025-09-01", "2025-12-31"
    hist = {q: ok_json("history", q, "--start", start, "--end", end)["points"] for q in QUESTIONS}
    order = sorted(QUESTIONS, key=lambda q: QUESTIONS[q][0])
    days = [p["date"] for p in hist[order[0]]]
    for i, day in enumerate(days):
        values = [hist[q][i]["probability"] for q in order if hist[q][i]["status"] == "open"]
        assert all(b >= a for a, b in itertools.pairwise(values)), (day, values)
    for day in ("2025-09-01", "2025-10-23", "2025-10-27", "2025-10-29", "2025-10-31"):
        doc = ok_json("show", "tk", "--as-of", day)
        i = days.index(day)
        for q in doc["questions"]:
            assert q["probability"] == hist[q["id"]][i]["probability"]
            assert q["probability"] == ok_json("show", q["id"], "--as-of", day)["probability"]


def test_show_event_by_a_deadline_equals_the_question(ok_json, event_dir: Path) -> None:
    doc = ok_json("show", "tk", "--by", "2025-12-31")
    assert doc["probability"] == ok_json("show", "tk-2025")["probability"]


def test_self_contained_question_equals_the_same_event_with_one_question(
    ok,
    ok_json,
    forecasts_dir: Path,
) -> None:
    spec = ["--opens", "2025-01-01"]
    ok(
        "new",
        "solo",
        "--title",
        "Meet in 2025?",
        *spec,
        "--deadline",
        "2025-12-31",
        "--prior",
        "0.25",
        "--weight",
        "12",
    )
    ok(
        "new-event",
        "ev",
        "--title",
        "Meet",
        *spec,
        "--until",
        "2025-12-31",
        "--prior",
        "0.25",
        "--weight",
        "12",
    )
    ok("new", "on-ev", "--event", "ev", "--title", "Meet in 2025?", "--deadline", "2025-12-31")
    for target in ("solo", "on-ev"):
        ok(
            "window",
            target,
            *TRIP,
            "--kind",
            "period",
            "--hazard",
            "60",
            "--announced",
            "2025-10-20",
        )
        ok(
            "add",
            target,
            "--source",
            "A",
            "--says",
            "maybe",
            "--lr",
            "3",
            "--window",
            "trip",
            "--date",
            "2025-10-21",
            "--id",
            "a",
        )
        ok(
            "add",
            target,
            "--source",
            "B",
            "--says",
            "no",
            "--strength",
            "moderate",
            "--against",
            "--date",
            "2025-06-01",
            "--id",
            "b",
            "--source-type",
            "principal",
        )
    for day in ("2025-05-01", "2025-10-22", "2025-10-30", "2025-11-15"):
        a = ok_json("show", "solo", "--as-of", day)
        b = ok_json("show", "on-ev", "--as-of", day)
        for key in ("status", "probability", "interval", "evidence_used", "contributions"):
            assert a[key] == b[key], (day, key)
    ha = ok_json("history", "solo", "--start", "2025-01-01", "--end", "2025-12-31")["points"]
    hb = ok_json("history", "on-ev", "--start", "2025-01-01", "--end", "2025-12-31")["points"]
    assert ha == hb


# -------------------------------------------------------------------------------------------- list


def test_list_has_an_event_column(ok, ok_json, event_dir: Path) -> None:
    ok(
        "new",
        "solo",
        "--title",
        "Solo?",
        "--opens",
        "2025-01-01",
        "--deadline",
        "2025-12-31",
        "--prior",
        "0.2",
    )
    out = ok("list").stdout.splitlines()
    header = next(line for line in out if line.startswith("id"))
    assert header.split()[:3] == ["id", "event", "status"]
    rows = {
        line.split()[0]: line.split()
        for line in out
        if line.split() and line.split()[0] in {*QUESTIONS, "solo"}
    }
    assert set(rows) == {*QUESTIONS, "solo"}
    assert all(rows[q][1] == "tk" for q in QUESTIONS) and rows["solo"][1] == "-"
    doc = ok_json("list")
    events = {q["id"]: q["event"] for q in doc["questions"]}
    assert events == {**dict.fromkeys(QUESTIONS, "tk"), "solo": None}
    shown = {q["id"]: q["probability"] for q in ok_json("show", "tk")["questions"]}
    for q in doc["questions"]:
        if q["event"] == "tk":
            assert q["probability"] == shown[q["id"]]


# ------------------------------------------------------------------------------------------- check


def resolve_file(d: Path, qid: str, outcome: str, date: str) -> None:
    """Write a resolution by hand (as a user editing the file would), bypassing the command's own rules."""
    path = d / f"{qid}.toml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[resolution]\noutcome = "{outcome}"\ndate = {date}\n',
        encoding="utf-8",
    )


@pytest.fixture
def check_fails_with(run):
    def check_fails_with(d: Path, lines: list[str]) -> None:
        before = snapshot(d)
        result = run("check")
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [f"Error: {line}" for line in lines]
        doc = json.loads(run("check", "--json").stdout)
        assert doc["ok"] is False and doc["problems"] == lines
        assert snapshot(d) == before

    return check_fails_with


def test_check_passes_on_a_consistent_event(ok, ok_json, event_dir: Path) -> None:
    d = event_dir
    ok(
        "resolve",
        "tk-oct",
        "no",
        "--date",
        "2025-10-27",
        "--note",
        "Trump left without meeting Kim",
    )
    out = ok("check").stdout
    assert out == f"ok: {len(QUESTIONS)} question files and 1 event file in {d} valid\n"
    doc = ok_json("check")
    assert doc == {
        "directory": str(d),
        "ok": True,
        "questions": 4,
        "events": 1,
        "problems": [],
        "notes": [],
    }


def test_check_a_yes_needs_every_question_whose_span_holds_the_day(
    check_fails_with, ok, event_dir: Path
) -> None:
    d = event_dir
    resolve_file(
        d, "tk-2025", "yes", "2025-10-20"
    )  # by hand: resolve would resolve the others with it
    check_fails_with(
        d,
        [
            f"{d / 'tk-2028.toml'}: resolution: the event's meeting on 2025-10-20 lies in this question's span "
            "(2025-01-20..2028-12-31), so it must be yes on 2025-10-20 (it is unresolved)",
            f"{d / 'tk-oct.toml'}: resolution: the event's meeting on 2025-10-20 lies in this question's span "
            "(2025-01-20..2025-10-31), so it must be yes on 2025-10-20 (it is unresolved)",
        ],
    )
    resolve_file(d, "tk-oct", "yes", "2025-10-20")
    resolve_file(d, "tk-2028", "no", "2025-10-25")
    check_fails_with(
        d,
        [
            f"{d / 'tk-2028.toml'}: resolution: the event's meeting on 2025-10-20 lies in this question's span "
            "(2025-01-20..2028-12-31), so it must be yes on 2025-10-20 (it is resolved no)",
        ],
    )
    # tk-2026 opens after the meeting: its span does not hold the day, so it is not bound by it
    (d / "tk-2028.toml").write_text(
        (d / "tk-2028.toml")
        .read_text(encoding="utf-8")
        .replace('"no"', '"yes"')
        .replace("2025-10-25", "2025-10-20"),
        encoding="utf-8",
    )
    ok("check")


def test_check_two_yes_on_different_days(check_fails_with, run, event_dir: Path) -> None:
    d = event_dir
    resolve_file(d, "tk-oct", "yes", "2025-10-20")  # by hand: resolve would resolve tk-2025 with it
    # resolve itself refuses a second meeting day, naming the sibling, and changes nothing
    before = snapshot(d)
    result = run("resolve", "tk-2025", "yes", "--date", "2025-10-21")
    assert result.exit_code == 1 and "'tk-oct'" in result.stderr and "2025-10-20" in result.stderr
    assert snapshot(d) == before
    # written by hand, check finds it
    resolve_file(d, "tk-2025", "yes", "2025-10-21")
    resolve_file(d, "tk-2028", "yes", "2025-10-20")
    check_fails_with(
        d,
        [
            f"{d / 'events' / 'tk.toml'}: questions of event 'tk' are resolved yes on different days "
            "(tk-2025 on 2025-10-21, tk-2028 on 2025-10-20, tk-oct on 2025-10-20); the event is one meeting",
        ],
    )


def test_check_span_rules_name_the_file_line_and_key(
    check_fails_with, ok, refused, run, event_dir: Path
) -> None:
    d = event_dir
    q = d / "tk-2025.toml"
    original = q.read_bytes()
    text = original.decode()
    line = text.splitlines().index("deadline = 2025-12-31") + 1
    q.write_text(text.replace("deadline = 2025-12-31", "deadline = 2030-12-31"), encoding="utf-8")
    message = (
        f"{q}: line {line}: deadline: must not be after the event's until (2030-12-31 > 2029-01-20)"
    )
    check_fails_with(d, [message])
    refused(d, ["show", "tk-2025"], f"Error: {message}")
    # list still lists the others, then fails naming the file
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\nError: the other questions are listed above\n"
    assert "tk-2026" in result.stdout and "tk-2025" not in result.stdout
    q.write_bytes(original)
    q.write_text(text + "opens = 2024-01-01\n", encoding="utf-8")
    n = len(text.splitlines()) + 1
    check_fails_with(
        d, [f"{q}: line {n}: opens: must not be before the event's opens (2024-01-01 < 2025-01-20)"]
    )
    q.write_text(text + "\n[prior]\nprobability = 0.2\n", encoding="utf-8")
    check_fails_with(
        d,
        [
            f"{q}: prior: a question on an event has no [prior]: the event file holds it (CONTRACT section 6)"
        ],
    )
    q.write_bytes(original)
    ok("check")


def test_check_event_file_rules(check_lines, ok, event_dir: Path) -> None:
    d = event_dir
    path = d / "events" / "tk.toml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("until = 2029-01-20", "until = 2024-01-20"), encoding="utf-8")
    line = original.splitlines().index("until = 2029-01-20") + 1
    lines = check_lines(d)
    assert (
        lines[0]
        == f"{path}: line {line}: until: must not be before opens (2024-01-20 < 2025-01-20)"
    )
    path.write_text(
        original.replace("until = 2029-01-20", "until = 2029-01-20\ndeadline = 2026-01-01"),
        encoding="utf-8",
    )
    assert check_lines(d) == [
        f"{path}: line {line + 1}: deadline: an event has no deadline: its horizon ends on `until`; deadlines "
        "belong to its questions (DIR/<id>.toml with event = ...)"
    ]
    path.write_text(
        original.replace("until = 2029-01-20", "until = 2029-01-20\nuntill = 2029-01-20"),
        encoding="utf-8",
    )
    assert check_lines(d) == [
        f"{path}: line {line + 1}: untill: unknown key 'untill' in the top level; did you mean 'until'?"
    ]
    path.write_text(original, encoding="utf-8")
    ok("check")


@pytest.fixture
def check_lines(run):
    def check_lines(d: Path) -> list[str]:
        result = run("check")
        assert result.exit_code == 1
        return [line.removeprefix("Error: ") for line in result.stderr.splitlines()]

    return check_lines


def test_check_a_question_naming_a_missing_event_is_one_problem_among_others(
    check_lines,
    event_dir: Path,
) -> None:
    d = event_dir
    q = d / "tk-2025.toml"
    q.write_text(
        q.read_text(encoding="utf-8").replace('event = "tk"', 'event = "tq"'), encoding="utf-8"
    )
    other = d / "tk-oct.toml"
    other.write_text(other.read_text(encoding="utf-8") + "deadlin = 2025-10-31\n", encoding="utf-8")
    lines = check_lines(d)
    assert f"{q}: event: no event 'tq' in {d / 'events'} (named by this question)" in lines
    assert any(line.startswith(f"{other}: ") for line in lines)
