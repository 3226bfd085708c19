"""Concurrent writers in real processes: the per-question lock and atomic writes never lose an item."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from summitcast.store.ledger import parse_event, parse_question

N = 12
NEW = ["--title", "Will A and B meet?", "--opens", "2025-10-01", "--deadline", "2025-12-31"]


def cli(d: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "SUMMITCAST_DIR": str(d), "SUMMITCAST_TODAY": "2025-10-27"}
    return subprocess.Popen(
        [sys.executable, "-m", "summitcast", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        _out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err


def log_commands(d: Path, qid: str) -> list[str]:
    with (d / f"{qid}.forecasts.csv").open(newline="") as fh:
        return [row["command"] for row in csv.DictReader(fh)]


def test_twelve_processes_adding_to_one_question(tmp_path: Path) -> None:
    d = tmp_path / "forecasts"
    finish([cli(d, "new", "q", *NEW, "--prior", "0.2")])
    procs = [
        cli(d, "add", "q", "--source", f"Source {i}", "--says", "Same words", "--lr", "1.5")
        for i in range(N)
    ]
    finish(procs)
    path = d / "q.toml"
    q = parse_question(path.read_text(encoding="utf-8"), path)
    assert sorted(e.source for e in q.evidence) == sorted(f"Source {i}" for i in range(N))
    assert len({e.id for e in q.evidence}) == N
    commands = log_commands(d, "q")
    assert commands[0] == "new" and len(commands) == N + 1
    assert sorted(c.removeprefix("add ") for c in commands[1:]) == sorted(e.id for e in q.evidence)
    # each logged forecast saw one more item than the one before: the writes were serialised
    with (d / "q.forecasts.csv").open(newline="") as fh:
        used = [int(row["evidence_used"]) for row in csv.DictReader(fh)]
    assert used == list(range(N + 1))
    assert not list(d.glob(".*.tmp"))  # no temporary file left behind


def test_twelve_processes_with_the_same_slug_get_unique_ids(tmp_path: Path) -> None:
    d = tmp_path / "forecasts"
    finish([cli(d, "new", "q", *NEW, "--prior", "0.3")])
    finish([cli(d, "add", "q", "--source", "Kim", "--says", "No", "--lr", "0.5") for _ in range(N)])
    q = parse_question((d / "q.toml").read_text(encoding="utf-8"), d / "q.toml")
    assert sorted(e.id for e in q.evidence) == sorted(
        ["kim-no"] + [f"kim-no-{k}" for k in range(2, N + 1)]
    )


def test_concurrent_adds_to_two_questions_do_not_interfere(tmp_path: Path) -> None:
    d = tmp_path / "forecasts"
    finish([cli(d, "new", "a", *NEW, "--prior", "0.2"), cli(d, "new", "b", *NEW, "--prior", "0.6")])
    procs = []
    for i in range(N // 2):
        procs.append(
            cli(d, "add", "a", "--source", "A", "--says", f"a{i}", "--lr", "2", "--id", f"a{i}")
        )
        procs.append(
            cli(d, "add", "b", "--source", "B", "--says", f"b{i}", "--lr", "0.5", "--id", f"b{i}")
        )
    finish(procs)
    for qid, p in (("a", 0.2), ("b", 0.6)):
        q = parse_question((d / f"{qid}.toml").read_text(encoding="utf-8"), d / f"{qid}.toml")
        assert sorted(e.id for e in q.evidence) == sorted(f"{qid}{i}" for i in range(N // 2))
        assert q.prior.probability == p
        assert len(log_commands(d, qid)) == N // 2 + 1
        assert all(c == "new" or c.startswith(f"add {qid}") for c in log_commands(d, qid))


def test_adds_through_the_questions_of_one_event_serialise_on_the_event(tmp_path: Path) -> None:
    # v2: an item added through any question of an event is written to the event file, under the event's lock
    d = tmp_path / "forecasts"
    finish(
        [
            cli(
                *(d, "new-event", "tk", "--title", "T and K meet", "--opens", "2025-01-20"),
                *("--until", "2029-01-20", "--prior", "0.3"),
            )
        ]
    )
    qids = ("tk-2025", "tk-2026")
    finish(
        [
            cli(d, "new", qid, "--event", "tk", "--title", qid, "--deadline", f"{qid[3:]}-12-31")
            for qid in qids
        ]
    )
    procs = [
        cli(d, "add", qids[i % 2], "--source", f"S{i}", "--says", "x", "--lr", "2", "--id", f"e{i}")
        for i in range(N)
    ]
    finish(procs)
    event = d / "events" / "tk.toml"
    ev = parse_event(event.read_text(encoding="utf-8"), event)
    assert sorted(e.id for e in ev.evidence) == sorted(f"e{i}" for i in range(N))
    for qid in qids:  # every add reported, and logged, every question of the event
        with (d / f"{qid}.forecasts.csv").open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert rows[0]["command"] == "new" and len(rows) == N + 1
        assert [int(r["evidence_used"]) for r in rows] == list(range(N + 1))  # serialised
    assert not list(d.rglob(".*.tmp"))
