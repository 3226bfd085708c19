"""The command line through click's CliRunner: every command, every error path, exit codes and exact messages."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summitcast import __version__
from summitcast.domain.event import Event
from summitcast.domain.question import Resolution, Window
from summitcast.errors import LedgerError, UnknownQuestionError
from summitcast.render.text import pct, points
from summitcast.store.ledger import parse_event, parse_question

FIXTURES = Path(__file__).parent / "fixtures" / "broken"
NEW = [
    "new",
    "tk",
    "--title",
    "Will T and K meet?",
    "--opens",
    "2025-10-01",
    "--deadline",
    "2025-12-31",
    "--prior",
    "0.2",
]


def log_rows(d: Path, qid: str = "tk") -> list[dict[str, str]]:
    path = d / f"{qid}.forecasts.csv"
    if not path.exists():
        return []
    with path.open(newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture
def tk(ok, forecasts_dir: Path) -> Path:
    ok(*NEW)
    ok(
        "window",
        "tk",
        "--id",
        "korea",
        "--name",
        "Korea trip",
        "--start",
        "2025-10-29",
        "--end",
        "2025-10-30",
        "--kind",
        "period",
        "--hazard",
        "60",
    )
    ok(
        "add",
        "tk",
        "--source",
        "Donald Trump",
        "--says",
        "I'd love to meet Kim",
        "--strength",
        "moderate",
        "--for",
        "--id",
        "trump-1",
        "--date",
        "2025-10-20",
    )
    return forecasts_dir / "tk.toml"


# ----------------------------------------------------------------------------------------------- new


def test_new_creates_the_file_with_default_criteria_and_logs_once(ok, forecasts_dir: Path) -> None:
    result = ok(*NEW)
    path = forecasts_dir / "tk.toml"
    lines = result.stdout.splitlines()
    assert lines[0] == f"created: tk ({path})"
    assert lines[1].startswith("  as of 2025-10-27: 15.0%  (80% interval ")
    q = parse_question(path.read_text(), path)
    assert (q.title, q.prior.probability, q.prior.weight, q.prior.rationale) == (
        "Will T and K meet?",
        0.2,
        20.0,
        "",
    )
    assert q.resolution_criteria.startswith(
        "Resolves yes if the people named in the title meet in person"
    )
    rows = log_rows(forecasts_dir)
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["as_of"], row["command"], row["version"], row["evidence_used"]) == (
        "tk",
        "2025-10-27",
        "new",
        __version__,
        "0",
    )
    # 26 of 92 days gone, no evidence: p̄ΔF / (1 − p̄F)
    f = 27 / 92
    assert float(row["probability"]) == pytest.approx(0.2 * (1 - f) / (1 - 0.2 * f), abs=1e-6)
    assert row["timestamp"].startswith("2025-10-27T") and row["timestamp"].endswith("Z")


def test_new_with_criteria_rationale_and_weight(ok, forecasts_dir: Path) -> None:
    ok(*NEW, "--criteria", "Same room.", "--rationale", "3 in 8 years", "--weight", "5")
    q = parse_question((forecasts_dir / "tk.toml").read_text(), forecasts_dir / "tk.toml")
    assert (q.resolution_criteria, q.prior.rationale, q.prior.weight) == (
        "Same room.",
        "3 in 8 years",
        5.0,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"tk": "TK"},
            "invalid question id 'TK': use lowercase letters, digits and hyphens (e.g. trump-kim-2026); "
            "ids name files inside the forecasts folder, never paths",
        ),
        (
            {"tk": "t_k"},
            "invalid question id 't_k': use lowercase letters, digits and hyphens (e.g. trump-kim-2026); "
            "ids name files inside the forecasts folder, never paths",
        ),
        (
            {"tk": "../tk"},
            "invalid question id '../tk': use lowercase letters, digits and hyphens (e.g. trump-kim-2026); "
            "ids name files inside the forecasts folder, never paths",
        ),
        # v2: --prior is read as text (0.2, 20%, 1:4, 1/5), and the message shows what was typed and its value
        ({"0.2": "1.5"}, "--prior: must be between 0 and 1, exclusive (got '1.5' = 1.5)"),
        ({"0.2": "0"}, "--prior: must be between 0 and 1, exclusive (got '0' = 0)"),
        ({"0.2": "1"}, "--prior: must be between 0 and 1, exclusive (got '1' = 1)"),
        ({"0.2": "120%"}, "--prior: must be between 0 and 1, exclusive (got '120%' = 1.2)"),
        (
            {"2025-12-31": "2025-09-30"},
            "--deadline: must not be before opens (2025-09-30 < 2025-10-01)",
        ),
        ({"Will T and K meet?": " "}, "--title: must not be empty"),
    ],
)
def test_new_rejects_bad_values(
    run, forecasts_dir: Path, change: dict[str, str], message: str
) -> None:
    args = [change.get(a, a) for a in NEW]
    result = run(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (1, f"Error: {message}\n", "")
    assert list(forecasts_dir.glob("*.toml")) == [] and list(forecasts_dir.glob("*.csv")) == []
    assert not (forecasts_dir.parent / "tk.toml").exists()


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("0", "--weight: must be > 0 (got 0.0)"),
        ("inf", "--weight: must be a finite number (got inf)"),
    ],
)
def test_new_rejects_bad_weight(run, forecasts_dir: Path, weight: str, message: str) -> None:
    result = run(*NEW, "--weight", weight)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")


def test_new_refuses_an_existing_question(run, tk: Path) -> None:
    before, log = tk.read_bytes(), log_rows(tk.parent)
    result = run(*NEW)
    assert (result.exit_code, result.stderr) == (1, f"Error: question 'tk' already exists: {tk}\n")
    assert tk.read_bytes() == before and log_rows(tk.parent) == log


@pytest.mark.parametrize(
    "bad", ["2025/10/01", "2025-10-1", "01-10-2025", "yesterday", "2025-13-01"]
)
def test_bad_date_format_is_a_usage_error(run, forecasts_dir: Path, bad: str) -> None:
    result = run(*[bad if a == "2025-10-01" else a for a in NEW])
    assert result.exit_code == 2
    assert (
        f"Error: Invalid value for '--opens': expected a date as YYYY-MM-DD (got '{bad}')"
        in result.stderr
    )
    assert list(forecasts_dir.iterdir()) == []


def test_missing_required_option_is_a_usage_error(run, forecasts_dir: Path) -> None:
    result = run("new", "tk", "--title", "x", "--opens", "2025-10-01", "--deadline", "2025-12-31")
    assert result.exit_code == 2
    # v2: a question on an event (--event) takes no prior, so --prior is required only without one
    assert result.stderr.splitlines()[-1] == "Error: give --prior P or --base-rate K/YEARS"
    assert list(forecasts_dir.iterdir()) == []
    result = run("new", "tk", "--opens", "2025-10-01", "--deadline", "2025-12-31", "--prior", "0.2")
    assert result.exit_code == 2
    assert "Missing option '--title'" in result.stderr


# ----------------------------------------------------------------------------------------------- add


def test_add_defaults_date_and_logged_to_today_and_builds_unique_slugs(ok, tk: Path) -> None:
    d = tk.parent
    r1 = ok(
        "add",
        "tk",
        "--source",
        "Kim Yo Jong",
        "--says",
        "No interest in talks with the US",
        "--strength",
        "strong",
        "--against",
        "--source-type",
        "principal",
    )
    r2 = ok(
        "add",
        "tk",
        "--source",
        "Kim Yo Jong",
        "--says",
        "No interest in talks with the US",
        "--lr",
        "0.5",
    )
    assert r1.stdout.splitlines()[0] == f"added kim-yo-jong-no-interest-talks-us to tk ({tk})"
    assert r2.stdout.splitlines()[0] == f"added kim-yo-jong-no-interest-talks-us-2 to tk ({tk})"
    q = parse_question(tk.read_text(), tk)
    a, b = q.evidence[-2:]
    assert (a.id, a.date, a.logged, a.source_type, a.strength, a.direction) == (
        "kim-yo-jong-no-interest-talks-us",
        q.opens.replace(month=10, day=27),
        q.opens.replace(month=10, day=27),
        "principal",
        "strong",
        "against",
    )
    assert (b.id, b.lr, b.source_type) == ("kim-yo-jong-no-interest-talks-us-2", 0.5, "media")
    # principal default reliability 0.5: the item moves the log-odds by 0.5·ln(1/10)
    assert r1.stdout.splitlines()[3] == (
        f"  this item: {0.5 * math.log(0.1):+.2f} log-odds on the routes it bears on, as of 2025-10-27 "
        "(as `show` reports it)"
    )
    rows = log_rows(d)
    assert [r["command"] for r in rows] == [
        "new",
        "window korea",
        "add trump-1",
        "add kim-yo-jong-no-interest-talks-us",
        "add kim-yo-jong-no-interest-talks-us-2",
    ]


def test_add_prints_before_and_after_and_the_after_is_logged(ok, tk: Path) -> None:
    result = ok(
        "add",
        "tk",
        "--source",
        "Yonhap",
        "--says",
        "Preparations seen at Panmunjom",
        "--lr",
        "4",
        "--reliability",
        "1",
        "--window",
        "korea",
        "--url",
        "https://example.org/x",
        "--origin",
        "pmj",
        "--half-life",
        "10",
        "--id",
        "pmj-1",
        "--json",
    )
    doc = json.loads(result.stdout)
    assert set(doc) == {
        "id",
        "kind",
        "action",
        "path",
        "questions",
        "warnings",
        "forecast",
        "before",
        "after",
        "evidence_id",
        "item_id",
        "contribution",
    }
    assert (doc["id"], doc["kind"], doc["action"], doc["path"]) == (
        "tk",
        "question",
        "add pmj-1",
        str(tk),
    )
    assert doc["evidence_id"] == doc["item_id"] == "pmj-1" and doc["warnings"] == []
    assert [c["id"] for c in doc["questions"]] == ["tk"]
    assert doc["questions"][0]["after"] == doc["after"] == doc["forecast"]
    assert doc["questions"][0]["before"] == doc["before"]
    # v2: an item about a window moves the log-odds of a meeting in the rest of the span by ln(s'·L + 1 − s'),
    # s' the window's share of what remains: days 28-31 Oct are 2 days of hazard 60 among 65 ordinary days
    share = 120 / (120 + 63)
    assert doc["contribution"] == pytest.approx(math.log(share * 4 + 1 - share), abs=1e-12)
    assert doc["after"]["probability"] > doc["before"]["probability"]
    last = log_rows(tk.parent)[-1]
    assert last["command"] == "add pmj-1"
    assert float(last["probability"]) == pytest.approx(doc["after"]["probability"], abs=1e-6)
    e = parse_question(tk.read_text(), tk).evidence[-1]
    assert (e.url, e.origin, e.half_life_days, e.window, e.reliability) == (
        "https://example.org/x",
        "pmj",
        10.0,
        "korea",
        1.0,
    )


ADD = ["add", "tk", "--source", "S", "--says", "Said"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--lr", "-1"], "--lr: must be > 0 (got -1.0)"),
        (["--lr", "0"], "--lr: must be > 0 (got 0.0)"),
        (["--lr", "inf"], "--lr: must be a finite number (got inf)"),
        (["--lr", "2", "--reliability", "1.5"], "--reliability: must be between 0 and 1 (got 1.5)"),
        (
            ["--lr", "2", "--reliability", "-0.1"],
            "--reliability: must be between 0 and 1 (got -0.1)",
        ),
        (["--lr", "2", "--half-life", "0"], "--half-life: must be > 0 (got 0.0)"),
        (
            ["--lr", "2", "--window", "koera"],
            "--window: unknown window 'koera' in {path}; did you mean 'korea'?",
        ),
        (
            ["--lr", "2", "--window", "summit"],
            "--window: unknown window 'summit' in {path} (windows: korea)",
        ),
        (["--lr", "2", "--id", "trump-1"], "--id: evidence id 'trump-1' already exists in {path}"),
        (
            ["--strength", "strnog", "--for"],
            "--strength: unknown strength 'strnog'; did you mean 'strong'?",
        ),
        (
            ["--strength", "huge", "--for"],
            "--strength: unknown strength 'huge' (one of weak, moderate, strong, very-strong)",
        ),
        (
            ["--lr", "2", "--source-type", "offical"],
            "--source-type: unknown source type 'offical'; did you mean 'official'?",
        ),
        (
            ["--lr", "2", "--date", "2025-10-20", "--logged", "2025-10-19"],
            "--date: must not be after the day it is logged (2025-10-20 > 2025-10-19)"
            "; a statement is recorded once it has been made",
        ),
        (["--lr", "2", "--date", "2025-10-28"], "--date: 2025-10-28 is after today (2025-10-27)"),
        (
            ["--lr", "2", "--date", "2025-10-20", "--logged", "2025-10-28"],
            "--logged: 2025-10-28 is after today (2025-10-27)",
        ),
    ],
)
def test_add_rejects_bad_values_and_leaves_file_and_log_alone(
    run, tk: Path, extra: list[str], message: str
) -> None:
    before, log = tk.read_bytes(), log_rows(tk.parent)
    result = run(*ADD, *extra)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {message.format(path=tk)}\n",
    )
    assert tk.read_bytes() == before
    assert log_rows(tk.parent) == log


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--lr", "2", "--strength", "weak", "--for"],
            "give either --lr or --strength with --for/--against, not both",
        ),
        (
            ["--lr", "2", "--strength", "weak"],
            "give either --lr or --strength with --for/--against, not both",
        ),
        (
            ["--lr", "2", "--against"],
            "give either --lr or --strength with --for/--against, not both",
        ),
        (["--strength", "weak"], "--strength needs exactly one of --for and --against"),
        (["--strength", "weak", "--for", "--against"], "give one of --for and --against"),
        ([], "give --lr X, or --strength S with --for or --against"),
        (["--lr", "two"], "Invalid value for '--lr': 'two' is not a valid float."),
        (
            ["--lr", "2", "--date", "20251020"],
            "Invalid value for '--date': expected a date as YYYY-MM-DD (got '20251020')",
        ),
    ],
)
def test_add_usage_errors_exit_2(run, tk: Path, extra: list[str], message: str) -> None:
    before, log = tk.read_bytes(), log_rows(tk.parent)
    result = run(*ADD, *extra)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert tk.read_bytes() == before and log_rows(tk.parent) == log


def test_unknown_question_with_and_without_hint(ok, run, forecasts_dir: Path) -> None:
    # v2: show, add and window take a question or an event id; history and resolve only a question's
    result = run("show", "tk")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no question or event 'tk' in {forecasts_dir} (the directory has no questions or events)\n",
    )
    result = run("history", "tk")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no question 'tk' in {forecasts_dir} (the directory has no questions)\n",
    )
    ok(*[("tk-2026" if a == "tk" else a) for a in NEW])
    for cmd, what in (
        (["show", "tk-2025"], "question or event"),
        (["history", "tk-2025"], "question"),
        ([*ADD[:1], "tk-2025", *ADD[2:], "--lr", "2"], "question or event"),
        (["resolve", "tk-2025", "no"], "question"),
    ):
        result = run(*cmd)
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: no {what} 'tk-2025' in {forecasts_dir}; did you mean 'tk-2026'?\n",
        )
    result = run(
        "window",
        "zzz",
        "--id",
        "w",
        "--name",
        "n",
        "--start",
        "2025-10-02",
        "--end",
        "2025-10-03",
        "--kind",
        "period",
        "--hazard",
        "2",
    )
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no question or event 'zzz' in {forecasts_dir}\n",
    )
    assert [p.name for p in forecasts_dir.glob("*.toml")] == ["tk-2026.toml"]
    assert not (forecasts_dir / "events").exists()


def test_a_hand_commented_file_keeps_every_byte_through_add(ok, forecasts_dir: Path) -> None:
    path = forecasts_dir / "hand.toml"
    text = (
        "# my notes\ntitle = 'Will they meet?'   # as posed\nresolution_criteria = \"In person\"\n\n"
        "opens = 2025-10-01\ndeadline = 2025-12-31\n\n# the prior, argued\n[prior]\nprobability = 0.1 # low\n"
        'rationale = """\nthree meetings\nin eight years\n"""\n# end'
    )
    path.write_text(text)
    ok("add", "hand", "--source", "S", "--says", "x", "--lr", "3")
    ok(
        "window",
        "hand",
        "--id",
        "w",
        "--name",
        "W",
        "--start",
        "2025-11-01",
        "--end",
        "2025-11-02",
        "--kind",
        "period",
        "--hazard",
        "5",
    )
    # v2: a "no" before the deadline needs the day it was settled, which may not be after today
    ok("resolve", "hand", "no", "--date", "2025-10-26", "--note", "did not meet")
    new = path.read_text()
    assert new.startswith(text + "\n")
    q = parse_question(new, path)
    assert (len(q.evidence), len(q.windows), q.resolution) == (
        1,
        1,
        Resolution("no", dt.date(2025, 10, 26), "did not meet"),
    )
    assert q.windows[0].announced == dt.date(2025, 10, 27)  # announced defaults to today
    assert len(log_rows(forecasts_dir, "hand")) == 3


# -------------------------------------------------------------------------------------------- window


def test_window_adds_and_logs(ok, tk: Path) -> None:
    result = ok(
        "window",
        "tk",
        "--id",
        "dmz",
        "--name",
        "DMZ",
        "--start",
        "2025-11-03",
        "--end",
        "2025-11-03",
        "--kind",
        "period",
        "--hazard",
        "0",
        "--json",
    )
    doc = json.loads(result.stdout)
    assert (doc["id"], doc["action"], doc["path"]) == ("tk", "window dmz", str(tk))
    assert [w.id for w in parse_question(tk.read_text(), tk).windows] == ["korea", "dmz"]
    assert log_rows(tk.parent)[-1]["command"] == "window dmz"
    assert len(log_rows(tk.parent)) == 4


def test_window_defaults_and_a_past_window_with_its_announced_day(ok, tk: Path) -> None:
    # v2: --hazard defaults to 1 (a named period), --announced to today; a past window needs --announced
    ok(
        "window",
        "tk",
        "--kind",
        "period",
        "--id",
        "nov",
        "--name",
        "November",
        "--start",
        "2025-11-01",
        "--end",
        "2025-11-30",
    )
    ok(
        "window",
        "tk",
        *("--id", "unga", "--name", "UN week", "--start", "2025-10-10", "--end", "2025-10-12"),
        *("--kind", "period", "--hazard", "5", "--announced", "2025-09-01"),
    )
    assert parse_question(tk.read_text(), tk).windows[1:] == (
        Window(
            "nov",
            "November",
            dt.date(2025, 11, 1),
            dt.date(2025, 11, 30),
            1.0,
            dt.date(2025, 10, 27),
        ),
        Window(
            "unga",
            "UN week",
            dt.date(2025, 10, 10),
            dt.date(2025, 10, 12),
            5.0,
            dt.date(2025, 9, 1),
        ),
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "--id",
                "korea",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-02",
                "--kind",
                "period",
                "--hazard",
                "2",
            ],
            "--id: window 'korea' already exists in {path}",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-09-29",
                "--end",
                "2025-10-02",
                "--kind",
                "period",
                "--hazard",
                "2",
            ],
            "--start: the window 2025-09-29..2025-10-02 must lie within the question's span 2025-10-01..2025-12-31",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-12-31",
                "--end",
                "2026-01-01",
                "--kind",
                "period",
                "--hazard",
                "2",
            ],
            "--end: the window 2025-12-31..2026-01-01 must lie within the question's span 2025-10-01..2025-12-31",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-11-02",
                "--end",
                "2025-11-01",
                "--kind",
                "period",
                "--hazard",
                "2",
            ],
            "--end: must not be before start (2025-11-01 < 2025-11-02)",
        ),
        (
            ["--id", "w", "--start", "2025-10-10", "--end", "2025-10-12", "--kind", "period"],
            "--announced: is required for a window that ended before today (2025-10-12 < 2025-10-27): "
            "give the day it became public, so that no replay of a past day knows it earlier than it was known",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-10-10",
                "--end",
                "2025-10-12",
                "--kind",
                "summit",
                "--announced",
                "2025-10-13",
            ],
            "--announced: must not be after the window's end (2025-10-13 > 2025-10-12)",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-11-10",
                "--end",
                "2025-11-12",
                "--kind",
                "summit",
                "--announced",
                "2025-10-28",
            ],
            "--announced: 2025-10-28 is after today (2025-10-27)",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-02",
                "--kind",
                "period",
                "--hazard",
                "-1",
            ],
            "--hazard: must be >= 0 (got -1.0)",
        ),
        (
            [
                "--id",
                "w",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-02",
                "--kind",
                "period",
                "--hazard",
                "nan",
            ],
            "--hazard: must be a finite number (got nan)",
        ),
        (
            [
                "--id",
                " ",
                "--start",
                "2025-11-01",
                "--end",
                "2025-11-02",
                "--kind",
                "period",
                "--hazard",
                "2",
            ],
            "--id: must not be empty",
        ),
    ],
)
def test_window_rejects_bad_values(run, tk: Path, args: list[str], message: str) -> None:
    before, log = tk.read_bytes(), log_rows(tk.parent)
    result = run("window", "tk", "--name", "W", *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message.format(path=tk)}\n")
    assert tk.read_bytes() == before and log_rows(tk.parent) == log


# ------------------------------------------------------------------------------------------- resolve


def test_resolve_then_resolve_again(ok, run, tk: Path) -> None:
    shown = json.loads(ok("show", "tk", "--json").stdout)
    p, low, high = shown["probability"], *shown["interval"]
    result = ok("resolve", "tk", "yes", "--date", "2025-10-27", "--note", "They met at Panmunjom")
    assert result.stdout.splitlines() == [
        f"resolved: tk ({tk})",
        f"  before: {pct(p)}  (80% interval {pct(low)} to {pct(high)})",
        f"  after:  100.0%  (80% interval 100.0% to 100.0%)  {points(1 - p)}",
    ]
    assert log_rows(tk.parent)[-1]["command"] == "resolve yes"
    assert parse_question(tk.read_text(), tk).resolution == Resolution(
        "yes", dt.date(2025, 10, 27), "They met at Panmunjom"
    )
    before, log = tk.read_bytes(), log_rows(tk.parent)
    again = run("resolve", "tk", "no")
    assert (again.exit_code, again.stderr) == (
        1,
        "Error: 'tk' is already resolved yes on 2025-10-27; `summitcast reopen` undoes it\n",
    )
    assert tk.read_bytes() == before and log_rows(tk.parent) == log


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["yes", "--date", "2025-10-28"],
            "--date: 2025-10-28 is after today (2025-10-27)",
        ),
        (
            ["yes", "--date", "2025-09-30"],
            "--date: a yes is resolved on the meeting's day, within the span 2025-10-01..2025-12-31 "
            "(got 2025-09-30)",
        ),
        (
            ["no"],
            "--date: the deadline (2025-12-31) has not passed; give the date it was settled if the "
            "criteria allow an early 'no'",
        ),
        (["no", "--date", "2025-10-28"], "--date: 2025-10-28 is after today (2025-10-27)"),
    ],
)
def test_resolve_date_rules(run, tk: Path, args: list[str], message: str) -> None:
    # v2 (CONTRACT section 2 and docs/format.md): yes within [opens, deadline] and not after today; a no before
    # the deadline needs the day it was settled
    before, log = tk.read_bytes(), log_rows(tk.parent)
    result = run("resolve", "tk", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert tk.read_bytes() == before and log_rows(tk.parent) == log


def test_resolve_no_after_the_deadline_takes_the_next_day(
    ok, tk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMITCAST_TODAY", "2026-01-05")
    ok("resolve", "tk", "no")
    assert parse_question(tk.read_text(), tk).resolution == Resolution(
        "no", dt.date(2026, 1, 1), ""
    )


def test_reopen_undoes_a_resolution_and_keeps_it_as_a_comment(ok, run, tk: Path) -> None:
    text = tk.read_text()
    ok("resolve", "tk", "no", "--date", "2025-10-26", "--note", "called off")
    result = ok("reopen", "tk", "--json")
    doc = json.loads(result.stdout)
    assert (doc["action"], doc["before"]["status"], doc["after"]["status"]) == (
        "reopen",
        "resolved-no",
        "open",
    )
    assert (
        tk.read_text()
        == text + "# reopened 2025-10-27: was resolved no on 2025-10-26 (called off)\n"
    )
    assert parse_question(tk.read_text(), tk).resolution is None
    assert [r["command"] for r in log_rows(tk.parent)][-2:] == ["resolve no", "reopen"]
    before = tk.read_bytes()
    again = run("reopen", "tk")
    assert (again.exit_code, again.stderr) == (1, "Error: 'tk' is not resolved\n")
    assert tk.read_bytes() == before


def test_resolve_errors(run, tk: Path) -> None:
    before = tk.read_bytes()
    result = run("resolve", "tk", "no", "--date", "2025-09-01")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --date: must not be before opens (2025-09-01 < 2025-10-01)\n",
    )
    result = run("resolve", "tk", "maybe")
    assert result.exit_code == 2
    assert "'maybe' is not one of 'yes', 'no', 'annulled'" in result.stderr
    assert tk.read_bytes() == before


def test_resolve_defaults_to_today_and_annulled_has_no_forecast(ok, tk: Path) -> None:
    ok("resolve", "tk", "annulled")
    q = parse_question(tk.read_text(), tk)
    assert (q.resolution.outcome, str(q.resolution.date)) == ("annulled", "2025-10-27")
    assert log_rows(tk.parent)[-1]["probability"] == ""
    doc = json.loads(ok("show", "tk", "--json").stdout)
    assert (doc["status"], doc["probability"], doc["interval"]) == ("annulled", None, None)


# ---------------------------------------------------------------------------------------------- show

SHOW_KEYS = {
    "id",
    "as_of",
    "by",
    "status",
    "probability",
    "interval",
    "evidence_used",
    "contributions",
}


def test_show_json_shape(ok, tk: Path) -> None:
    doc = json.loads(
        ok("show", "tk", "--json", "--as-of", "2025-10-27", "--by", "2025-11-30").stdout
    )
    assert set(doc) >= SHOW_KEYS
    assert (doc["id"], doc["as_of"], doc["by"], doc["status"], doc["evidence_used"]) == (
        "tk",
        "2025-10-27",
        "2025-11-30",
        "open",
        1,
    )
    low, high = doc["interval"]
    assert 0 < low < doc["probability"] < high < 1
    assert doc["contributions"] == [{"id": "trump-1", "log_odds": pytest.approx(0.5 * math.log(3))}]
    assert all(set(c) == {"id", "log_odds"} for c in doc["contributions"])


def test_show_human_output(ok, tk: Path) -> None:
    out = ok("show", "tk").stdout.splitlines()
    assert out[0] == "tk: Will T and K meet?"
    assert out[1] == "as of 2025-10-27, by 2025-12-31 [open]"
    assert out[2].startswith("  P = ") and "(80% interval " in out[2]
    assert "  evidence logged by then: 1 of 1 items" in out
    assert (
        "  what moves it (each item's log-odds on the routes it bears on, as of 2025-10-27):" in out
    )
    assert "  +0.55  trump-1  Donald Trump: I'd love to meet Kim" in out


@pytest.mark.parametrize(
    ("as_of", "status", "p"),
    [("2025-10-20", "open", None), ("2026-01-01", "closed", 0.0)],
)
def test_show_status_by_date(ok, tk: Path, as_of: str, status: str, p: float | None) -> None:
    doc = json.loads(ok("show", "tk", "--json", "--as-of", as_of).stdout)
    assert doc["status"] == status
    if p is not None:
        assert doc["probability"] == p and doc["interval"] == [p, p]


def test_show_on_a_broken_file_names_file_and_line(run, tk: Path) -> None:
    tk.write_text(tk.read_text().replace("probability = 0.2", "probability = 1.5"))
    result = run("show", "tk")
    line = next(
        i for i, s in enumerate(tk.read_text().splitlines(), 1) if s.startswith("probability")
    )
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        f"Error: {tk}: line {line}: prior.probability: must be in (0, 1) (got 1.5)\n",
    )
    # a write on a broken file is refused and leaves it alone
    before = tk.read_bytes()
    assert run(*ADD, "--lr", "2").exit_code == 1
    assert tk.read_bytes() == before


def test_traceback_reraises(run, tk: Path) -> None:
    result = run("--traceback", "show", "nope")
    assert result.exit_code == 1
    assert isinstance(result.exception, UnknownQuestionError)
    assert "Error:" not in result.stderr
    tk.write_text("title = \n")
    result = run("--traceback", "show", "tk")
    assert isinstance(result.exception, LedgerError)


# ---------------------------------------------------------------------------------------------- list


def test_list_table_and_json(ok, tk: Path) -> None:
    ok(*[("aa" if a == "tk" else a) for a in NEW])
    ok("resolve", "aa", "no", "--date", "2025-10-20")
    out = ok("list").stdout.splitlines()
    assert out[0] == "as of 2025-10-27"
    # v2: an event column ("-" for a self-contained question)
    assert out[1].split() == [
        "id",
        "event",
        "status",
        "P",
        "80%",
        "interval",
        "7",
        "days",
        "deadline",
    ]
    assert out[3].split()[:4] == ["aa", "-", "resolved-no", "0.0%"]
    assert out[4].split()[:3] == ["tk", "-", "open"]
    doc = json.loads(ok("list", "--json", "--as-of", "2025-10-27").stdout)
    assert [(r["id"], r["event"], r["status"]) for r in doc["questions"]] == [
        ("aa", None, "resolved-no"),
        ("tk", None, "open"),
    ]
    show = json.loads(ok("show", "tk", "--json").stdout)
    week = json.loads(ok("show", "tk", "--json", "--as-of", "2025-10-20").stdout)
    assert doc["questions"][1]["probability"] == pytest.approx(show["probability"], abs=1e-12)
    assert doc["questions"][1]["change_7d"] == pytest.approx(
        show["probability"] - week["probability"], abs=1e-12
    )


def test_list_empty_dir(ok, forecasts_dir: Path) -> None:
    assert ok("list").stdout == "no questions (as of 2025-10-27)\n"


def test_list_and_check_on_a_missing_dir(run, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for command in ("list", "check"):
        result = run("--dir", str(missing), command)
        assert (result.exit_code, result.stderr) == (
            1,
            f"Error: {missing}: no such directory (set --dir or $SUMMITCAST_DIR)\n",
        )


# ------------------------------------------------------------------------------------------- history


def test_history_json_shape_and_days(ok, tk: Path) -> None:
    doc = json.loads(
        ok(
            "history",
            "tk",
            "--start",
            "2025-10-20",
            "--end",
            "2025-10-27",
            "--every",
            "3",
            "--json",
        ).stdout
    )
    assert set(doc) == {"id", "points"} and doc["id"] == "tk"
    assert [p["date"] for p in doc["points"]] == ["2025-10-20", "2025-10-23", "2025-10-26"]
    for p in doc["points"]:
        assert set(p) == {"date", "probability", "low", "high", "status"} and p["status"] == "open"
        assert p["low"] <= p["probability"] <= p["high"]
        single = json.loads(ok("show", "tk", "--json", "--as-of", p["date"]).stdout)
        assert p["probability"] == pytest.approx(single["probability"], abs=1e-12)


def test_history_defaults_from_opens_to_today(ok, tk: Path) -> None:
    doc = json.loads(ok("history", "tk", "--json").stdout)
    assert (doc["points"][0]["date"], doc["points"][-1]["date"], len(doc["points"])) == (
        "2025-10-01",
        "2025-10-27",
        27,
    )
    out = ok("history", "tk", "--start", "2025-10-26").stdout.splitlines()
    assert out[0] == "tk" and out[2].startswith("2025-10-26") and out[3].startswith("2025-10-27")


def test_history_errors(run, tk: Path) -> None:
    result = run("history", "tk", "--start", "2025-10-20", "--end", "2025-10-10")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --end: must not be before the start (2025-10-10 < 2025-10-20)\n",
    )
    # a value of the right type out of its domain is a domain error (exit 1), like --prior 1.5
    result = run("history", "tk", "--every", "0")
    assert (result.exit_code, result.stderr) == (1, "Error: --every: must be at least 1 (got 0)\n")
    # a value that is not even of the right type is a usage error (exit 2)
    assert run("history", "tk", "--every", "two").exit_code == 2


# --------------------------------------------------------------------------------------------- check


def test_check_good_dir(ok, tk: Path) -> None:
    assert ok("check").stdout == f"ok: 1 question file in {tk.parent} valid\n"


def test_check_two_broken_files(ok, run, forecasts_dir: Path) -> None:
    for name in ("several-problems", "negative-lr"):
        shutil.copy(FIXTURES / f"{name}.toml", forecasts_dir / f"{name}.toml")
    ok(*NEW)
    result = run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 8  # seven problems in one file, one in the other
    assert all(line.startswith("Error: ") for line in lines)
    assert (
        lines[0]
        == f"Error: {forecasts_dir / 'negative-lr.toml'}: line 14: evidence[0] (id 'e1').lr: must be > 0 (got -3)"
    )
    assert sum(str(forecasts_dir / "several-problems.toml") in line for line in lines) == 7
    assert result.stdout == ""


def test_check_on_the_whole_fixture_dir_reports_every_problem(run) -> None:
    result = run("--dir", str(FIXTURES), "check")
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 13 + 7
    assert (
        len({line.split(": line")[0].split(": ")[1] for line in result.stderr.splitlines()}) == 14
    )


# ------------------------------------------------------------------------------------ dir, version, help


def test_dir_option_and_environment(
    ok, run, forecasts_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other"
    ok("--dir", str(other), *NEW)
    assert (other / "tk.toml").exists() and not (forecasts_dir / "tk.toml").exists()
    assert run("show", "tk").exit_code == 1  # $SUMMITCAST_DIR points elsewhere
    assert ok("--dir", str(other), "show", "tk").stdout.startswith("tk: ")
    monkeypatch.setenv("SUMMITCAST_DIR", str(other))
    assert ok("show", "tk").stdout.startswith("tk: ")
    monkeypatch.delenv("SUMMITCAST_DIR")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forecasts").rmdir()
    shutil.copytree(other, tmp_path / "forecasts")
    assert ok("show", "tk").stdout.startswith("tk: ")


def version_line() -> str:
    """v2: the version names the libraries the numbers depend on (read from the installed metadata)."""
    from importlib import metadata

    libs = ", ".join(f"{name} {metadata.version(name)}" for name in ("numpy", "pymc", "matplotlib"))
    return f"summitcast {__version__} ({libs})\n"


def test_version(ok) -> None:
    assert ok("--version").stdout == version_line()


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "summitcast", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout == version_line()


@pytest.mark.parametrize(
    "command", ["new", "add", "window", "resolve", "show", "list", "history", "check"]
)
def test_every_command_has_help_with_an_example(ok, command: str) -> None:
    out = ok(command, "--help").stdout
    assert "Example" in out
    assert f"summitcast {command}" in out or (
        command == "check" and "summitcast --dir forecasts check" in out
    )


def test_group_help_lists_the_commands(ok) -> None:
    out = ok("--help").stdout
    for command in ("new", "add", "window", "resolve", "show", "list", "history", "check"):
        assert f"  {command} " in out


def test_add_slug_drops_apostrophes(ok, tk: Path) -> None:
    ok("add", "tk", "--source", "Donald Trump", "--says", "I'd love to meet him", "--lr", "2")
    assert 'id = "donald-trump-id-love-meet-him"' in tk.read_text()


def test_empty_criteria_names_the_option_and_empty_note_is_left_out(
    ok, run, forecasts_dir: Path, tk: Path
) -> None:
    args = ["new", "q2", "--title", "T", "--opens", "2025-01-01", "--deadline", "2025-12-31"]
    result = run(*args, "--prior", "0.2", "--criteria", "  ")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --criteria: must not be empty (leave it out for the default rule)\n",
    )
    assert not (forecasts_dir / "q2.toml").exists()
    ok("resolve", "tk", "no", "--date", "2025-10-26", "--note", "")
    assert "note" not in tk.read_text().split("[resolution]")[1]


def test_a_crlf_file_stays_crlf_and_byte_identical_before_the_new_item(ok, tk: Path) -> None:
    crlf = tk.read_bytes().replace(b"\n", b"\r\n")
    tk.write_bytes(crlf)
    ok("add", "tk", "--source", "KCNA", "--says", "No talks", "--strength", "weak", "--against")
    after = tk.read_bytes()
    assert after.startswith(crlf)
    assert b"\n" not in after.replace(b"\r\n", b"")  # no bare LF was introduced
    assert ok("show", "tk", "--json").stdout.count('"id"') >= 3


def test_a_utf8_bom_is_accepted(ok, tk: Path) -> None:
    tk.write_bytes(b"\xef\xbb\xbf" + tk.read_bytes())
    assert json.loads(ok("show", "tk", "--json").stdout)["id"] == "tk"


def test_a_file_that_is_not_utf8_names_file_and_line(run, tk: Path) -> None:
    tk.write_bytes(tk.read_bytes() + b"\n# caf\xe9\n")
    line = tk.read_bytes().count(b"\n")
    result = run("show", "tk")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tk}: line {line}: not UTF-8 text (")
    check = run("check")
    assert check.exit_code == 1 and f"{tk}: line {line}: not UTF-8 text" in check.stderr


def test_score_and_compare_name_a_missing_file_with_exit_1(run, tk: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    result = run("score", "--questions", str(missing), "--ours", str(missing))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {missing}: No such file or directory\n",
    )
    result = run("compare", "tk", "--community", str(missing), "--outcome", "no")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {missing}: No such file or directory\n",
    )


# ------------------------------------------------------------------------------- events (CONTRACT section 6)


def parse_event_file(path: Path) -> Event:
    return parse_event(path.read_text(), path)


@pytest.fixture
def event(ok, forecasts_dir: Path) -> Path:
    """An event with two questions on it (by the end of 2025 and of 2026) and one window."""
    ok(
        *("new-event", "tk", "--title", "T and K meet", "--opens", "2025-01-20"),
        *("--until", "2029-01-20", "--prior", "0.3"),
    )
    for qid, deadline in (("tk-2025", "2025-12-31"), ("tk-2026", "2026-12-31")):
        ok("new", qid, "--event", "tk", "--title", f"By {deadline}?", "--deadline", deadline)
    ok(
        *("window", "tk-2025", "--kind", "period", "--id", "korea", "--name", "Korea trip"),
        *(
            "--start",
            "2025-10-29",
            "--end",
            "2025-10-30",
            "--kind",
            "period",
            "--hazard",
            "90",
            "--announced",
            "2025-10-23",
        ),
    )
    return forecasts_dir / "events" / "tk.toml"


def test_a_question_on_an_event_holds_no_evidence_and_add_writes_the_event_once(
    ok,
    event: Path,
) -> None:
    d = event.parent.parent
    question_text = (d / "tk-2025.toml").read_text()
    result = ok(
        *("add", "tk-2026", "--source", "KCNA", "--says", "No interest", "--lr", "0.5"),
        *("--reliability", "1", "--id", "kcna", "--date", "2025-10-20", "--json"),
    )
    doc = json.loads(result.stdout)
    assert (doc["id"], doc["kind"], doc["path"]) == ("tk", "event", str(event))
    # every question of the event, the named one first, before and after
    assert [c["id"] for c in doc["questions"]] == ["tk-2026", "tk-2025"]
    for c in doc["questions"]:
        assert c["after"]["probability"] < c["before"]["probability"]
    assert (d / "tk-2025.toml").read_text() == question_text  # the questions' files are not touched
    assert event.read_text().count("[[evidence]]") == 1
    for qid in ("tk-2025", "tk-2026"):
        assert log_rows(d, qid)[-1]["command"] == "add kcna"
    # the item acts on every question of the event, and an earlier deadline never has a higher forecast
    shown = json.loads(ok("show", "tk", "--json").stdout)
    assert (shown["kind"], shown["until"], shown["status"]) == ("event", "2029-01-20", "open")
    by_id = {f["id"]: f for f in shown["questions"]}
    assert (
        by_id["tk-2025"]["probability"] <= by_id["tk-2026"]["probability"] <= shown["probability"]
    )
    for qid in ("tk-2025", "tk-2026"):
        single = json.loads(ok("show", qid, "--json").stdout)
        assert single["probability"] == pytest.approx(by_id[qid]["probability"], abs=1e-12)
        assert single["contributions"] == [{"id": "kcna", "log_odds": pytest.approx(math.log(0.5))}]
    cdf = [(c["by"], c["probability"]) for c in shown["cdf"]]
    assert cdf[-1] == ("2029-01-20", shown["probability"])
    assert [p for _, p in cdf] == sorted(p for _, p in cdf)
    assert dict(cdf)["2025-12-31"] == pytest.approx(by_id["tk-2025"]["probability"], abs=1e-12)


def test_list_shows_the_event_of_each_question(ok, event: Path) -> None:
    ok(*NEW)
    doc = json.loads(ok("list", "--json").stdout)
    assert [(r["id"], r["event"]) for r in doc["questions"]] == [
        ("tk", None),
        ("tk-2025", "tk"),
        ("tk-2026", "tk"),
    ]
    out = ok("list").stdout.splitlines()
    assert [line.split()[:2] for line in out[3:]] == [
        ["tk", "-"],
        ["tk-2025", "tk"],
        ["tk-2026", "tk"],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--deadline", "2030-01-01"],
            "--deadline: must not be after the event's until (2030-01-01 > 2029-01-20)",
        ),
        (
            ["--deadline", "2025-12-31", "--opens", "2025-01-01"],
            "--opens: must not be before the event's opens (2025-01-01 < 2025-01-20)",
        ),
        (
            ["--deadline", "2025-12-31", "--prior", "0.2"],
            "--prior: a question on an event takes its prior from the event",
        ),
    ],
)
def test_new_on_an_event_rejects_what_the_event_holds(
    run, event: Path, args: list[str], message: str
) -> None:
    before = event.read_bytes()
    result = run("new", "x", "--event", "tk", "--title", "T", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"Error: {message}\n")
    assert not (event.parent.parent / "x.toml").exists() and event.read_bytes() == before


def test_resolve_refuses_what_contradicts_the_event_and_check_agrees(ok, run, event: Path) -> None:
    d = event.parent.parent
    q = d / "tk-2026.toml"  # by hand: resolve would resolve tk-2025 with it (issue 22)
    q.write_text(
        q.read_text(encoding="utf-8") + '\n[resolution]\noutcome = "yes"\ndate = 2025-10-26\n',
        encoding="utf-8",
    )
    # the meeting on 26 Oct lies in tk-2025's span: check says so until it is resolved yes
    result = run("check")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {d / 'tk-2025.toml'}: resolution: the event's meeting on 2025-10-26 lies in this "
        "question's span (2025-01-20..2025-12-31), so it must be yes on 2025-10-26 (it is unresolved)\n",
    )
    before = (d / "tk-2025.toml").read_bytes()
    for args, message in (
        (
            ["no", "--date", "2025-10-27"],
            "'tk-2026' of the same event is resolved yes on 2025-10-26, within this question's span "
            "(2025-01-20..2025-12-31): the meeting makes it a yes on 2025-10-26",
        ),
        (
            ["yes", "--date", "2025-10-25"],
            "'tk-2026' of the same event is resolved yes on 2025-10-26: the event is one meeting, "
            "so a yes here is on 2025-10-26 too (got 2025-10-25)",
        ),
    ):
        result = run("resolve", "tk-2025", *args)
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
        assert (d / "tk-2025.toml").read_bytes() == before
    ok("resolve", "tk-2025", "yes", "--date", "2025-10-26")
    assert ok("check").stdout == f"ok: 2 question files and 1 event file in {d} valid\n"
    shown = json.loads(ok("show", "tk", "--json").stdout)
    assert (shown["status"], shown["probability"]) == ("met", 1.0)


def test_resolve_yes_within_a_no_questions_span_is_refused(ok, run, event: Path) -> None:
    d = event.parent.parent
    ok("resolve", "tk-2025", "no", "--date", "2025-10-20")
    before = (d / "tk-2026.toml").read_bytes()
    result = run("resolve", "tk-2026", "yes", "--date", "2025-10-21")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: 'tk-2025' of the same event is resolved no, and 2025-10-21 lies within its span "
        "(2025-01-20..2025-12-31); `summitcast reopen tk-2025` first if they met\n",
    )
    assert (d / "tk-2026.toml").read_bytes() == before
    ok("resolve", "tk-2026", "annulled")  # an annulment contradicts nothing


def test_edit_changes_one_item_and_keeps_defaults_implicit(ok, run, event: Path) -> None:
    ok(
        *(
            "add",
            "tk",
            "--source",
            "Chung",
            "--says",
            "Possible at Panmunjom",
            "--strength",
            "weak",
        ),
        *(
            "--for",
            "--window",
            "korea",
            "--id",
            "chung",
            "--date",
            "2025-10-20",
            "--logged",
            "2025-10-20",
        ),
    )
    # a hand-written item without logged or source_type: both stay implicit through an edit
    event.write_text(
        event.read_text()
        + '\n[[evidence]]\nid = "kim"\ndate = 2025-10-21\nsource = "Kim"\nsays = "x"\nlr = 0.5\n'
    )
    result = ok("edit", "tk", "kim", "--date", "2025-10-22", "--json")
    assert json.loads(result.stdout)["item_id"] == "kim"
    text = event.read_text()
    kim = text[text.index('id = "kim"') :]
    assert kim == 'id = "kim"\ndate = 2025-10-22\nsource = "Kim"\nsays = "x"\nlr = 0.5\n'
    ok("edit", "tk", "chung", "--strength", "strong")  # the direction stays "for"
    chung = next(e for e in parse_event_file(event).evidence if e.id == "chung")
    assert (chung.strength, chung.direction, chung.window, chung.lr) == (
        "strong",
        "for",
        "korea",
        None,
    )
    ok("edit", "tk", "chung", "--lr", "4")  # an lr replaces strength and direction
    chung = next(e for e in parse_event_file(event).evidence if e.id == "chung")
    assert (chung.strength, chung.direction, chung.lr) == (None, None, 4.0)
    before = event.read_bytes()
    for args, code, message in (
        (["nope", "--lr", "2"], 1, "Error: no evidence item 'nope' in {path}"),
        (["chung"], 1, "Error: nothing to change: give at least one field"),
        (["chung", "--lr", "-1"], 1, "Error: --lr: must be > 0 (got -1.0)"),
        (
            ["chung", "--window", "kroea"],
            1,
            "Error: --window: unknown window 'kroea' in {path}; did you mean 'korea'?",
        ),
    ):
        result = run("edit", "tk", *args)
        assert (result.exit_code, result.stderr) == (code, message.format(path=event) + "\n")
        assert event.read_bytes() == before


def test_remove_an_item_or_an_unused_window(ok, run, event: Path) -> None:
    ok(
        "add",
        "tk",
        "--source",
        "Chung",
        "--says",
        "Possible",
        "--lr",
        "2",
        "--window",
        "korea",
        "--id",
        "chung",
    )
    before = event.read_bytes()
    result = run("remove", "tk-2025", "korea")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: window 'korea' is named by 1 item(s) (chung); remove or edit them first\n",
    )
    result = run("remove", "tk", "chnug")
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: no evidence item or window 'chnug' in {event}; did you mean 'chung'?\n",
    )
    assert event.read_bytes() == before
    doc = json.loads(ok("remove", "tk", "chung", "--json").stdout)
    assert [c["id"] for c in doc["questions"]] == ["tk-2025", "tk-2026"]
    ok("remove", "tk", "korea")
    ev = parse_event_file(event)
    assert (ev.evidence, ev.windows) == ((), ())
    assert [r["command"] for r in log_rows(event.parent.parent, "tk-2025")][-2:] == [
        "remove chung",
        "remove korea",
    ]


def test_dir_after_the_command_and_check_json(ok, run, tk: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    ok(*NEW[:1], "--dir", str(other), *NEW[1:])  # v2: --dir is accepted after the command too
    assert (other / "tk.toml").is_file()
    assert ok("show", "tk", "--dir", str(other), "--json").stdout.count('"id": "tk"') == 1
    doc = json.loads(ok("check", "--json").stdout)
    assert doc == {
        "directory": str(tk.parent),
        "ok": True,
        "questions": 1,
        "events": 0,
        "problems": [],
        "notes": [],
    }
    shutil.copy(FIXTURES / "negative-lr.toml", tk.parent / "negative-lr.toml")
    result = run("check", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert (doc["ok"], doc["questions"]) == (False, 2)
    assert doc["problems"] == [
        f"{tk.parent / 'negative-lr.toml'}: line 14: evidence[0] (id 'e1').lr: must be > 0 (got -3)"
    ]


def test_an_argument_that_is_not_utf8_is_a_usage_error(tk: Path) -> None:
    before = tk.read_bytes()
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "summitcast",
            *ADD,
            "--lr",
            "2",
            "--url",
            b"http://x/\xff".decode("utf-8", "surrogateescape"),
        ],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert out.stderr.splitlines()[-1] == (
        "Error: --url: is not valid UTF-8 text (a stray byte in the argument; re-type it or fix the "
        "terminal's encoding)"
    )
    assert tk.read_bytes() == before
