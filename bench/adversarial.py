"""An adversarial pass over the command line: hostile inputs, no traceback, no file changed by a refusal.

    .venv/bin/python bench/adversarial.py [--json]

Builds a scratch folder (an event with a question, a self-contained question, a window, an item), then runs each
hostile command of :data:`CASES` as a new process, as a user would. For every command it checks that

* no traceback reaches the terminal (stdout or stderr),
* the exit status is 0, 1 or 2, and a refusal (1 or 2) prints one ``Error: ...`` or usage line,
* a refused command leaves every file of the folder as it was, byte for byte,
* no file appears outside the folder.

It prints one line per failing case and a summary (``N cases: T tracebacks, C files changed by a refused
command``), and exits 1 when anything failed. docs/format.md ("Hostile inputs") names it; the same cases, with
exact messages, are specified in tests/test_hostile_inputs.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
TODAY = "2025-10-27"

SETUP = [
    ["new-event", "tk", "--title", "T", "--opens", "2025-01-20", "--until", "2029-01-20", "--prior", "0.5"],
    ["new", "tk-2025", "--event", "tk", "--title", "By 2026?", "--deadline", "2025-12-31"],
    ["new", "solo", "--title", "S", "--opens", "2025-01-01", "--deadline", "2025-12-31", "--prior", "0.2"],
    [
        "window", "tk-2025", "--id", "korea", "--name", "Korea", "--kind", "nearby",
        "--start", "2025-10-29", "--end", "2025-10-30", "--announced", "2025-09-06",
    ],
    ["add", "tk-2025", "--source", "S", "--says", "maybe", "--strength", "weak", "--for", "--id", "e1"],
]  # fmt: skip

WIN = ["--name", "W", "--start", "2025-11-01", "--end", "2025-11-02"]
ITEM = ["--source", "S", "--says", "x"]

#: Hostile commands (each run in the scratch folder after SETUP).
CASES: list[list[str]] = [
    # numbers at the ends of the float range and outside their ranges
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "period", "--hazard", "1e308"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "period", "--hazard", "-1"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "summit", "--chance", "1"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "summit", "--chance", "nan"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "summit", "--chance", "-0.0001"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "summit", "--chance", "inf"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "summit", "--hazard", "3"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "period", "--chance", "0.5"],
    ["window", "tk-2025", "--id", "w", *WIN, "--kind", "sumit"],
    ["window", "tk-2025", "--id", "w", *WIN],
    ["window", "tk-2025", "--cancel", "nope"],
    ["window", "tk-2025", "--cancel", "korea", "--date", "2099-01-01"],
    ["window", "tk-2025", "--cancel", "korea", "--date", "2025-01-01"],
    ["window", "tk-2025", "--cancel", "korea", "--kind", "summit"],
    ["add", "tk-2025", *ITEM, "--lr", "1e308"],
    ["add", "tk-2025", *ITEM, "--lr", "1e-320"],
    ["add", "tk-2025", *ITEM, "--lr", "0"],
    ["add", "tk-2025", *ITEM, "--lr", "nan"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--reliability", "1.5"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--half-life", "0"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--window", "nowhere"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--date", "2099-01-01"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--id", "../../x"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--id", "e1"],
    ["add", "tk-2025", *ITEM, "--lr", "2", "--origin", "e2", "--id", "e3"],
    ["add", "tk-2025", "--source", "S", "--says", "", "--lr", "2"],
    ["add", "tk-2025", *ITEM, "--strength", "huge", "--for"],
    [
        "new-event",
        "big",
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--until",
        "2025-12-31",
        "--prior",
        "0.5",
        "--weight",
        "1e300",
    ],
    [
        "new-event",
        "big",
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--until",
        "2025-12-31",
        "--prior",
        "1",
    ],
    [
        "new",
        "b",
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--deadline",
        "2025-12-31",
        "--base-rate",
        "1e308/1e-308",
    ],
    [
        "new",
        "x" * 300,
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--deadline",
        "2025-12-31",
        "--prior",
        "0.1",
    ],
    [
        "new",
        "../out",
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--deadline",
        "2025-12-31",
        "--prior",
        "0.1",
    ],
    [
        "new",
        "tk",
        "--title",
        "T",
        "--opens",
        "2025-01-01",
        "--deadline",
        "2025-12-31",
        "--prior",
        "0.1",
    ],
    ["new", "q2", "--event", "nope", "--title", "T", "--deadline", "2025-12-31"],
    ["new", "q3", "--event", "tk", "--title", "T", "--deadline", "2030-01-01"],
    ["resolve", "tk-2025", "yes", "--date", "2099-01-01"],
    ["resolve", "tk-2025", "maybe"],
    ["resolve", "nope", "yes"],
    ["show", "../etc/passwd"],
    ["show", "nope"],
    ["show", "tk-2025", "--as-of", "2025-13-45"],
    ["show", "tk-2025", "--by", "yesterday"],
    ["history", "tk-2025", "--every", "0"],
    ["history", "tk-2025", "--start", "2025-12-01", "--end", "2025-01-01"],
    ["report", "--week", "2025-W99"],
    ["report", "--week", "nonsense"],
    ["due", "--moved", "nan"],
    ["compare", "tk-2025", "--community", "/nonexistent.csv"],
    ["score", "--questions", "/nonexistent.csv", "--ours", "/nonexistent.csv"],
    ["edit", "tk-2025", "e1", "--lr", "-3"],
    ["remove", "tk-2025", "korea"],
    ["remove", "tk-2025", "nope"],
    ["reopen", "solo"],
    [
        "add",
        "tk-2025",
        "--source",
        "\x1b]0;owned\x07",
        "--says",
        "\ufeffhello\u202e",
        "--lr",
        "2",
        "--id",
        "ctl",
    ],
    ["show", "tk-2025"],
    ["pull", "tk-2025", "--metaculus", "abc"],
]


def snapshot(d: Path) -> dict[str, bytes]:
    """Every file under ``d`` but the caches and locks, by relative path."""
    return {
        str(p.relative_to(d)): p.read_bytes()
        for p in sorted(d.rglob("*"))
        if p.is_file() and "locks" not in p.parts and "cache" not in p.parts
    }


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """One command as a new process (no network: pull's base address points at a closed local port)."""
    return subprocess.run(
        [PY, "-m", "summitcast", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def main(argv: list[str] | None = None) -> int:
    """Run every case; print the failures and the summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    failures: list[dict[str, object]] = []
    tracebacks = changed = 0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder, outside = root / "forecasts", root / "outside"
        folder.mkdir()
        outside.mkdir()
        env = {
            **os.environ,
            "SUMMITCAST_DIR": str(folder),
            "SUMMITCAST_TODAY": TODAY,
            "SUMMITCAST_METACULUS_URL": "http://127.0.0.1:9",
            "SUMMITCAST_PULL_TIMEOUT": "5",
            "METACULUS_TOKEN": "x",
            "NO_COLOR": "1",
        }
        for cmd in SETUP:
            done = run(cmd, outside, env)
            if done.returncode:
                print(f"setup failed: {cmd}: {done.stderr}", file=sys.stderr)
                return 1
        for cmd in CASES:
            before = snapshot(folder)
            done = run(cmd, outside, env)
            text = done.stdout + done.stderr
            problems = []
            if "Traceback" in text:
                tracebacks += 1
                problems.append("traceback")
            if done.returncode not in (0, 1, 2):
                problems.append(f"exit {done.returncode}")
            if done.returncode in (1, 2):
                if snapshot(folder) != before:
                    changed += 1
                    problems.append("files changed by a refused command")
                if not any(
                    line.startswith(("Error:", "Usage:")) for line in done.stderr.splitlines()
                ):
                    problems.append("no Error: line")
            if any(outside.iterdir()):
                problems.append("a file appeared outside the folder")
            if problems:
                failures.append({"args": cmd, "problems": problems, "stderr": done.stderr[-300:]})
    summary = {
        "cases": len(CASES),
        "tracebacks": tracebacks,
        "changed_by_refusal": changed,
        "failures": failures,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for f in failures:
            print(f"FAIL {f['args']}: {', '.join(f['problems'])}\n  {f['stderr']}")
        print(
            f"{len(CASES)} cases: {tracebacks} tracebacks, {changed} files changed by a refused command, "
            f"{len(failures)} failing"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
