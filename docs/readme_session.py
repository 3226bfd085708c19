"""Regenerate the example session shown in README.md: real commands, real output.

Usage (from the repository root, after ``make demo``)::

    .venv/bin/python docs/readme_session.py
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent
COMMANDS = [
    [
        "new-event",
        "trump-kim",
        "--title",
        "Donald Trump and Kim Jong Un meet in person",
        "--opens",
        "2025-01-20",
        "--until",
        "2029-01-20",
        "--prior",
        "0.5",
        "--weight",
        "10",
        "--rationale",
        "3 meetings in 2018-19, none since; about even odds within a four-year term",
    ],
    [
        "new",
        "trump-kim-oct",
        "--event",
        "trump-kim",
        "--title",
        "Will Trump and Kim Jong Un meet in person by 1 November 2025?",
        "--deadline",
        "2025-10-31",
    ],
    [
        "new",
        "trump-kim-2025",
        "--event",
        "trump-kim",
        "--title",
        "Will Trump and Kim Jong Un meet in person before 1 January 2026?",
        "--deadline",
        "2025-12-31",
    ],
    [
        "window",
        "trump-kim-oct",
        "--id",
        "korea-visit",
        "--name",
        "Trump in South Korea (APEC, Gyeongju)",
        "--start",
        "2025-10-29",
        "--end",
        "2025-10-30",
        "--kind",
        "nearby",
        "--announced",
        "2025-09-06",
    ],
    [
        "add",
        "trump-kim-oct",
        "--source",
        "Chung Dong-young",
        "--source-type",
        "official",
        "--says",
        "Possible for Trump and Kim to meet at Panmunjom when Trump visits",
        "--strength",
        "weak",
        "--for",
        "--date",
        "2025-10-14",
        "--window",
        "korea-visit",
    ],
    [
        "add",
        "trump-kim-2025",
        "--source",
        "Kim Jong Un",
        "--source-type",
        "principal",
        "--says",
        "Talks only if the US drops its delusional obsession with denuclearization",
        "--strength",
        "moderate",
        "--against",
        "--date",
        "2025-09-21",
        "--logged",
        "2025-09-22",
    ],
    ["show", "trump-kim-oct"],
    ["show", "trump-kim"],
    ["list"],
    ["due", "--as-of", "2025-10-22"],
    ["history", "trump-kim-oct", "--start", "2025-10-20", "--end", "2025-11-01", "--every", "3"],
    ["add", "trump-kim-oct", "--source", "Kim Jong Un", "--says", "maybe", "--lr", "-2"],
    ["show", "../elsewhere/q"],
    ["check"],
]


def main() -> None:
    """Run the session in a scratch directory and print it as it would appear in a terminal."""
    env = dict(
        os.environ, SUMMITCAST_TODAY="2025-10-20", PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}"
    )
    env.pop("SUMMITCAST_DIR", None)
    with tempfile.TemporaryDirectory() as work:
        print(
            "$ export SUMMITCAST_TODAY=2025-10-20   # pin 'today' so that this session is reproducible"
        )
        for args in COMMANDS:
            print("$ " + shlex.join(["summitcast", *args]))
            proc = subprocess.run(
                ["summitcast", *args], cwd=work, env=env, capture_output=True, text=True
            )
            sys.stdout.write(proc.stdout + proc.stderr)
            if proc.returncode:
                print(f"$ echo $?\n{proc.returncode}")
            print()


if __name__ == "__main__":
    main()
