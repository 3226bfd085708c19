"""Speed of events: show/history/show EVENT on a 300-item event over a four-year horizon, and list over 1,000
question files, as ratios to the floor (``python -c "import numpy"``) measured in the same run.

    .venv/bin/python bench/bench_events.py [--repeats N] [--json]

Goals (issue 19): on a question of a 300-item, four-year event with 5 occasions and 2 periods, show at most 1.5x
the floor; history of a year at most 2x; show EVENT with 4 questions and the monthly distribution at most 2x; list
over 1,000 question files under 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import tempfile
from pathlib import Path

from common import FLOOR, SUMMITCAST, interleaved, machine

OPENS, UNTIL = dt.date(2025, 1, 20), dt.date(2029, 1, 20)
STRENGTHS = ("weak", "moderate", "strong", "very-strong")
TYPES = ("principal", "official", "analyst", "media", "market")


def write_event(d: Path, eid: str, n_items: int, n_questions: int, seed: int) -> None:
    """An event with windows (some announced late, some with scoped items) and ``n_items`` items."""
    rng = random.Random(seed)
    (d / "events").mkdir(parents=True, exist_ok=True)
    lines = [
        'title = "A and B meet in person"',
        'resolution_criteria = "In person."',
        f"opens = {OPENS}",
        f"until = {UNTIL}",
        "[prior]",
        "probability = 0.3",
        "weight = 10",
    ]
    windows = []
    # v3 (issue 19): five occasions of every kind and two periods, some announced late, some with scoped items
    kinds = ("bilateral", "visit", "summit", "nearby", "summit", "period", "period")
    for k, kind in enumerate(kinds):
        start = OPENS + dt.timedelta(days=100 + 200 * k)
        end = start + dt.timedelta(days=2 if kind != "period" else 60)
        ann = start - dt.timedelta(days=30)
        windows.append((f"w{k}", start, ann))
        lines += [
            "[[windows]]",
            f'id = "w{k}"',
            f'name = "Occasion {k}"',
            f'kind = "{kind}"',
            f"start = {start}",
            f"end = {end}",
            f"announced = {ann}",
        ]
        if kind == "period":
            lines.append(f"hazard = {rng.choice([1, 3])}")
    for i in range(n_items):
        date = OPENS + dt.timedelta(days=rng.randrange(0, 700))
        lines += [
            "[[evidence]]",
            f'id = "e{i}"',
            f"date = {date}",
            f'source = "S{rng.randrange(40)}"',
            f'source_type = "{rng.choice(TYPES)}"',
            f'says = "statement {i}"',
            f'strength = "{rng.choice(STRENGTHS)}"',
            f'direction = "{rng.choice(("for", "against"))}"',
        ]
        if rng.random() < 0.15:
            lines.append(f'origin = "o{rng.randrange(20)}"')
        if rng.random() < 0.1:
            lines.append(f"half_life_days = {rng.choice([30, 90, 180])}")
        if rng.random() < 0.2:
            wid, start, ann = rng.choice(windows)
            if ann <= date < start:
                lines.append(f'window = "{wid}"')
    (d / "events" / f"{eid}.toml").write_text("\n".join(lines) + "\n")
    for j in range(n_questions):
        deadline = OPENS + dt.timedelta(days=300 + 330 * j)
        (d / f"{eid}-q{j}.toml").write_text(
            f'event = "{eid}"\ntitle = "By {deadline}?"\ndeadline = {deadline}\n'
        )


def main() -> None:
    """Measure and print the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    env = {**os.environ, "SUMMITCAST_TODAY": "2026-06-30"}
    with tempfile.TemporaryDirectory() as tmp:
        big, many = Path(tmp) / "big", Path(tmp) / "many"
        write_event(big, "ev", 300, 4, 1)
        for k in range(250):
            write_event(many, f"ev{k}", 20, 4, 100 + k)
        cmds = {
            "floor": FLOOR,
            "show question": [*SUMMITCAST, "--dir", str(big), "show", "ev-q1"],
            "history of a year": [
                *SUMMITCAST,
                "--dir",
                str(big),
                "history",
                "ev-q3",
                "--start",
                "2025-06-01",
                "--end",
                "2026-05-31",
            ],
            "show EVENT": [*SUMMITCAST, "--dir", str(big), "show", "ev"],
            "list 1000 questions": [*SUMMITCAST, "--dir", str(many), "list"],
        }
        times = interleaved(cmds, args.repeats, env)
    floor = times["floor"]
    goals = {"show question": 1.5, "history of a year": 2.0, "show EVENT": 2.0}
    rows = []
    for name, t in times.items():
        ratio = t / floor
        goal = goals.get(name)
        verdict = ""
        if goal is not None:
            verdict = f"goal {goal:g}x: {'PASS' if ratio <= goal else 'MISS'}"
        elif name.startswith("list"):
            verdict = f"goal 1 s: {'PASS' if t <= 1.0 else 'MISS'}"
        rows.append({"name": name, "seconds": t, "ratio": ratio, "verdict": verdict})
    print(f"machine: {machine()}")
    for r in rows:
        print(
            f"{r['name']:<22} {r['seconds'] * 1000:8.1f} ms  {r['ratio']:5.2f}x floor  {r['verdict']}"
        )
    if args.json:
        print("RESULT " + json.dumps({"bench": "events", "rows": rows}))


if __name__ == "__main__":
    main()
