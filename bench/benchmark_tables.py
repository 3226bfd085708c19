"""Markdown tables for docs/benchmark.md from a ``bench/benchmark.py --json`` document.

    .venv/bin/python bench/benchmark.py --fit --json > bench/results/benchmark.json
    .venv/bin/python bench/benchmark_tables.py bench/results/benchmark.json > bench/results/tables.md

Prints: the summary (means over events and the differences with their bootstrap 95% intervals), the calibration by
horizon (ECE of each forecaster), one row per event (its questions averaged), and the ten worst events of the shipped
method against the base rate.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

FORECASTERS = ("summitcast", "v3_default", "v2", "prior", "base_rate")


def summary_table(s: dict) -> list[str]:
    """Means over events, and each difference with its 95% interval."""
    out = ["| forecaster | Brier | log | baseline |", "|---|---|---|---|"]
    for f in FORECASTERS:
        m = s["mean"][f]
        out.append(f"| {f} | {m['brier']:.4f} | {m['log']:+.4f} | {m['baseline']:+.1f} |")
    out += ["", "| difference (summitcast − ref) | mean | 95% interval |", "|---|---|---|"]
    for key, d in s["differences"].items():
        lo, hi = d["ci95"]
        out.append(f"| {key} | {d['mean']:+.4f} | {lo:+.4f} to {hi:+.4f} |")
    return out


def calibration_table(s: dict) -> list[str]:
    """The ECE of each forecaster by horizon."""
    cal = s.get("calibration", {})
    head = "| horizon | questions | question-days | " + " | ".join(FORECASTERS) + " |"
    out = [head, "|" + "---|" * (3 + len(FORECASTERS))]
    for h in ("90", "180", "365", "all"):
        if h not in cal:
            continue
        e = cal[h]
        eces = " | ".join(f"{e[f]['ece']:.3f}" for f in FORECASTERS)
        out.append(f"| {h} | {e['questions']} | {e['question_days']} | {eces} |")
    return out


def event_rows(doc: dict) -> dict[str, dict]:
    """Each event's mean scores over its questions, with its outcome."""
    acc: dict[str, dict] = defaultdict(lambda: {"n": 0, "met": False})
    for q in doc["questions"]:
        e = acc[q["event"]]
        e["n"] += 1
        e["met"] = e["met"] or q["outcome"] == "yes"
        for f in FORECASTERS:
            for k in ("log", "baseline"):
                e.setdefault(f, {}).setdefault(k, 0.0)
                e[f][k] += q[f][k]
    for e in acc.values():
        for f in FORECASTERS:
            for k in ("log", "baseline"):
                e[f][k] /= e["n"]
    return dict(acc)


def per_event_table(rows: dict[str, dict]) -> list[str]:
    """One row per event: baseline of each forecaster (its questions averaged)."""
    out = [
        "| event | met | " + " | ".join(f"baseline {f}" for f in FORECASTERS) + " |",
        "|" + "---|" * (2 + len(FORECASTERS)),
    ]
    for eid in sorted(rows):
        e = rows[eid]
        vals = " | ".join(f"{e[f]['baseline']:+.1f}" for f in FORECASTERS)
        out.append(f"| {eid} | {'yes' if e['met'] else 'no'} | {vals} |")
    return out


def worst_table(rows: dict[str, dict], n: int = 10) -> list[str]:
    """The events where the shipped method loses most to the base rate (baseline points)."""
    gap = sorted(
        rows, key=lambda k: rows[k]["summitcast"]["baseline"] - rows[k]["base_rate"]["baseline"]
    )
    out = [
        "| event | met | summitcast − base rate (baseline) | summitcast − v2 |",
        "|---|---|---|---|",
    ]
    for eid in gap[:n]:
        e = rows[eid]
        d = e["summitcast"]["baseline"] - e["base_rate"]["baseline"]
        d2 = e["summitcast"]["baseline"] - e["v2"]["baseline"]
        out.append(f"| {eid} | {'yes' if e['met'] else 'no'} | {d:+.1f} | {d2:+.1f} |")
    return out


def main(argv: list[str] | None = None) -> int:
    """Print the tables."""
    args = sys.argv[1:] if argv is None else argv
    doc = json.loads(Path(args[0]).read_text())
    s = doc["summary"]
    rows = event_rows(doc)
    met = sum(1 for e in rows.values() if e["met"])
    lines = [
        f"{s['events']} events ({met} met, {len(rows) - met} not), {s['questions']} questions "
        f"({s['yes']} yes, {s['no']} no). Learned numbers: {s.get('out_of_sample', '-')}.",
        f"Log score better than the base rate on {100 * s['log_better_than_base_rate_share']:.0f}% of events.",
        "",
        *summary_table(s),
        "",
        *calibration_table(s),
        "",
        *worst_table(rows),
        "",
        *per_event_table(rows),
    ]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
