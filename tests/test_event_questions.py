"""An event's questions through the command line: the meeting reaches every question whose span holds it, an
event id is named as an event where a question is needed, a question not yet open, a broken event file's line."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from summitcast.cli import cli


def run(d: Path, today: str, *args: str):
    return CliRunner().invoke(cli, ["--dir", str(d), *args], env={"SUMMITCAST_TODAY": today})


def _event(d: Path) -> None:
    t0 = "2025-10-15"
    assert (
        run(
            d,
            t0,
            "new-event",
            "tk",
            "--title",
            "T",
            "--opens",
            "2025-10-01",
            "--until",
            "2028-12-31",
            "--prior",
            "0.3",
        ).exit_code
        == 0
    )
    assert (
        run(
            d, t0, "new", "q1", "--event", "tk", "--title", "a", "--deadline", "2025-11-30"
        ).exit_code
        == 0
    )
    assert (
        run(
            d, t0, "new", "q2", "--event", "tk", "--title", "b", "--deadline", "2026-12-31"
        ).exit_code
        == 0
    )


def test_a_yes_on_one_question_resolves_the_meeting_for_every_question_whose_span_holds_it(
    tmp_path: Path,
) -> None:
    d = tmp_path / "f"
    _event(d)
    r = run(d, "2025-11-15", "resolve", "q2", "yes", "--date", "2025-11-10")
    assert r.exit_code == 0, r.output
    assert (  # issue 22: the implied sibling is resolved in the same change, and the output says so
        "also: 'q1' resolved yes on 2025-11-10 too: the meeting lies in its span (2025-10-01..2025-11-30)"
    ) in r.output
    show = json.loads(run(d, "2025-11-15", "show", "q1", "--json").stdout)
    assert (show["status"], show["probability"]) == ("resolved-yes", 1.0)
    before = json.loads(
        run(d, "2025-11-15", "show", "q1", "--as-of", "2025-11-09", "--json").stdout
    )
    assert before["status"] == "open" and before["probability"] < 1
    rows = {
        q["id"]: q for q in json.loads(run(d, "2025-11-15", "list", "--json").stdout)["questions"]
    }
    assert rows["q1"]["status"] == "resolved-yes" and rows["q1"]["probability"] == 1.0
    hist = json.loads(
        run(
            d,
            "2025-11-15",
            "history",
            "q1",
            "--start",
            "2025-11-08",
            "--end",
            "2025-11-12",
            "--json",
        ).stdout
    )
    assert [p["status"] for p in hist["points"]] == ["open", "open"] + ["resolved-yes"] * 3
    event = json.loads(run(d, "2025-11-15", "show", "tk", "--json").stdout)
    assert event["status"] == "met"
    assert {q["id"]: q["probability"] for q in event["questions"]} == {"q1": 1.0, "q2": 1.0}


def test_an_event_id_where_a_question_is_needed_is_named_as_an_event(tmp_path: Path) -> None:
    d = tmp_path / "f"
    _event(d)
    before = {p.name: p.read_bytes() for p in d.rglob("*.toml")}
    r = run(d, "2025-11-15", "resolve", "tk", "yes")
    assert r.exit_code == 1
    assert "Error: 'tk' is an event, not a question: resolve its questions" in r.output
    h = run(d, "2025-11-15", "history", "tk")
    assert h.exit_code == 1 and "'tk' is an event, not a question" in h.output
    assert {p.name: p.read_bytes() for p in d.rglob("*.toml")} == before


def test_history_of_a_question_not_yet_open_says_so(tmp_path: Path) -> None:
    d = tmp_path / "f"
    _event(d)
    assert (
        run(
            d,
            "2025-10-20",
            "new",
            "q3",
            "--event",
            "tk",
            "--title",
            "c",
            "--opens",
            "2026-01-01",
            "--deadline",
            "2026-06-30",
        ).exit_code
        == 0
    )
    r = run(d, "2025-10-20", "history", "q3")
    assert r.exit_code == 1
    assert (
        "Error: 'q3' opens on 2026-01-01, after today (2025-10-20): no forecast to show yet"
        in r.output
    )


def test_a_broken_event_file_names_its_line(tmp_path: Path) -> None:
    d = tmp_path / "f"
    _event(d)
    ev = d / "events" / "tk.toml"
    ev.write_text(ev.read_text() + "broken =\n")
    r = run(d, "2025-10-20", "check")
    assert r.exit_code == 1
    n = len(ev.read_text().splitlines())
    assert f"{ev}: line {n}: invalid TOML" in r.output
