"""Reliability in real processes: 100 concurrent ``add``s through the questions of one event, and writers killed with
SIGKILL at random moments (CONTRACT section 6; issue 12, "Reliability").

Every writer is ``python -m summitcast`` in its own process, so the locks and the atomic writes are exercised as a
user's shell would exercise them.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summitcast.app.checks import check
from summitcast.store.forecastlog import read_log
from summitcast.store.ledger import parse_event, parse_question
from summitcast.store.workspace import Workspace

TODAY = "2025-10-27"
QUESTIONS = ("tk-2025", "tk-2026", "tk-2027", "tk-2028")


def env(d: Path) -> dict[str, str]:
    """The environment of a writer: the folder, a pinned today, unbuffered output (a printed line is a written one)."""
    return {
        **os.environ,
        "SUMMITCAST_DIR": str(d),
        "SUMMITCAST_TODAY": TODAY,
        "PYTHONUNBUFFERED": "1",
    }


def spawn(d: Path, *args: str) -> subprocess.Popen:
    """Start ``python -m summitcast ARGS`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "summitcast", *args],
        env=env(d),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run(d: Path, *args: str) -> str:
    """Run one command to the end; it must succeed."""
    p = spawn(d, *args)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, (args, out, err)
    return out


def make_event(d: Path) -> None:
    """An event with four questions (one per year) and a trip window."""
    run(
        d,
        "new-event",
        "tk",
        "--title",
        "Trump and Kim meet in person",
        "--opens",
        "2025-01-20",
        "--until",
        "2029-01-20",
        "--prior",
        "0.3",
    )
    for q in QUESTIONS:
        year = q.rsplit("-", 1)[1]
        run(d, "new", q, "--event", "tk", "--title", f"By {year}?", "--deadline", f"{year}-12-31")
    run(
        d,
        "window",
        "tk-2025",
        "--id",
        "trip",
        "--name",
        "Korea trip",
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
    )


def add_args(qid: str, k: int) -> list[str]:
    """``add`` through question ``qid`` of item ``item-k`` (every other one scoped to the trip)."""
    args = ["add", qid, "--source", f"Source {k}", "--says", f"Statement {k}", "--id", f"item-{k}"]
    args += ["--lr", str(0.5 + (k % 7) / 3)]
    if k % 2:
        args += ["--window", "trip"]
    return args


def event_items(d: Path) -> list[str]:
    """The evidence ids of the event file (which must parse)."""
    path = d / "events" / "tk.toml"
    return [e.id for e in parse_event(path.read_text(encoding="utf-8"), path).evidence]


def log_rows(d: Path, qid: str) -> list[dict[str, str]]:
    """A question's recorded forecasts as CSV rows (the file must also read as a log)."""
    path = d / f"{qid}.forecasts.csv"
    read_log(path)
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def assert_all_valid(d: Path) -> None:
    """Every file reads: ``check`` finds nothing, every question parses, every log is whole."""
    result = check(Workspace(d), today=dt.date.fromisoformat(TODAY))
    assert result.ok, result.problems
    assert result.events == 1 and result.files == len(QUESTIONS)
    for q in QUESTIONS:
        path = d / f"{q}.toml"
        assert parse_question(path.read_text(encoding="utf-8"), path).event == "tk"
        raw = (d / f"{q}.forecasts.csv").read_bytes()
        assert raw.endswith(b"\n")  # no half-written line
        for row in log_rows(d, q):
            assert row["id"] == q and None not in row.values() and None not in row


@pytest.mark.slow
def test_hundred_concurrent_adds_through_the_questions_of_one_event(tmp_path: Path) -> None:
    """100 processes adding at once through four questions: all 100 items land, once each, in the event file,
    and every question's log records every add, one after the other."""
    d = tmp_path / "forecasts"
    make_event(d)
    n = 100
    start = time.monotonic()
    procs = [spawn(d, *add_args(QUESTIONS[k % len(QUESTIONS)], k)) for k in range(n)]
    outputs = []
    for k, p in enumerate(procs):
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, (k, out, err)
        outputs.append(out)
    elapsed = time.monotonic() - start
    ids = event_items(d)
    assert sorted(ids) == sorted(f"item-{k}" for k in range(n))  # all landed, none twice
    for k, out in enumerate(outputs):
        assert out.startswith(f"added item-{k} to tk ("), out
        for q in QUESTIONS:  # every question of the event, before and after
            assert f"\n  {q}  " in out, out
    for q in QUESTIONS:
        rows = log_rows(d, q)
        adds = [r for r in rows if r["command"].startswith("add ")]
        assert sorted(r["command"] for r in adds) == sorted(f"add item-{k}" for k in range(n))
        # the writes were serialised: each add saw exactly one more item than the one before
        assert [int(r["evidence_used"]) for r in adds] == list(range(1, n + 1))
    assert_all_valid(d)
    assert not list(d.rglob("*.tmp"))  # no temporary file left behind
    print(f"100 concurrent adds: {elapsed:.1f} s")


@pytest.mark.slow
def test_concurrent_writers_of_every_kind_on_one_event(tmp_path: Path) -> None:
    """adds, windows, new questions and resolutions at the same time: nothing lost, the folder stays valid."""
    d = tmp_path / "forecasts"
    make_event(d)
    procs = [spawn(d, *add_args(QUESTIONS[k % len(QUESTIONS)], k)) for k in range(16)]
    for k in range(4):
        procs.append(
            spawn(
                d,
                "window",
                QUESTIONS[k],
                "--id",
                f"visit-{k}",
                "--name",
                f"Visit {k}",
                "--start",
                f"2026-0{k + 1}-10",
                "--end",
                f"2026-0{k + 1}-12",
                "--kind",
                "period",
                "--hazard",
                "20",
            )
        )
    procs.append(
        spawn(
            d,
            "new",
            "tk-mid",
            "--event",
            "tk",
            "--title",
            "By mid-2026?",
            "--deadline",
            "2026-06-30",
        )
    )
    procs.append(
        spawn(d, "resolve", "tk-2025", "no", "--date", "2025-10-27", "--note", "called off")
    )
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, (p.args, out, err)
    path = d / "events" / "tk.toml"
    ev = parse_event(path.read_text(encoding="utf-8"), path)
    assert sorted(e.id for e in ev.evidence) == sorted(f"item-{k}" for k in range(16))
    assert sorted(w.id for w in ev.windows) == sorted(["trip"] + [f"visit-{k}" for k in range(4)])
    res = check(Workspace(d), today=dt.date.fromisoformat(TODAY))
    assert res.ok, res.problems
    q = d / "tk-2025.toml"
    resolution = parse_question(q.read_text(encoding="utf-8"), q).resolution
    assert resolution is not None and resolution.outcome == "no"


@pytest.mark.slow
def test_a_writer_killed_at_any_moment_leaves_every_file_valid_and_loses_nothing_printed(
    tmp_path: Path,
) -> None:
    """SIGKILL a writer at a random moment, 30 times (with a second writer running beside it): every file stays
    valid, every item whose ``add`` printed ``added`` is in the event file, and the surviving writer finishes."""
    d = tmp_path / "forecasts"
    make_event(d)
    rng = random.Random(20251027)
    # calibrate: how long two writers side by side take here, so the kills spread over a whole writer's life
    t0 = time.monotonic()
    pair = [spawn(d, *add_args(QUESTIONS[0], 2000)), spawn(d, *add_args(QUESTIONS[1], 2001))]
    for p in pair:
        assert p.wait(timeout=120) == 0
    life = time.monotonic() - t0
    printed: set[str] = set()
    survivors: set[str] = {"item-2000", "item-2001"}
    killed_after_print = killed_before_print = 0
    for k in range(30):
        victim = spawn(d, *add_args(QUESTIONS[k % len(QUESTIONS)], k))
        other = spawn(d, *add_args(QUESTIONS[(k + 1) % len(QUESTIONS)], 1000 + k))
        time.sleep(rng.uniform(0.3, 1.1) * life)
        victim.send_signal(signal.SIGKILL)
        out, _ = victim.communicate(timeout=60)
        if f"added item-{k} " in out:
            printed.add(f"item-{k}")
            killed_after_print += victim.returncode == -signal.SIGKILL
        else:
            killed_before_print += 1
        out2, err2 = other.communicate(timeout=120)
        assert other.returncode == 0, (out2, err2)  # the victim's lock died with it
        survivors.add(f"item-{1000 + k}")
        assert_all_valid(d)
        ids = event_items(d)
        assert printed <= set(ids), printed - set(ids)
        assert survivors <= set(ids)
        assert len(ids) == len(set(ids))
    # the random moments did hit both sides of the write (else the loop tested little)
    assert killed_before_print >= 3
    victims = {f"item-{k}" for k in range(30)}
    landed_unprinted = len((set(event_items(d)) & victims) - printed)
    print(
        f"killed before printing: {killed_before_print} ({landed_unprinted} of them after the write), "
        f"killed after printing: {killed_after_print}"
    )
    # the folder is still usable: one more add goes through and lands
    run(d, *add_args("tk-2026", 9999))
    assert "item-9999" in event_items(d)
    assert_all_valid(d)
