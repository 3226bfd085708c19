"""Write NOTES_v3.md: notes_v3_head.md (the judgements, by hand) + tables generated from the configs and the logs
that assemble_v3.py and assemble_set3.py wrote (v3_old_log.json, v3_set3_log.json) and from bench/events/."""
import csv, datetime as dt, json, pathlib, sys, tomllib, collections

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import config_v3 as C3  # noqa: E402
import config_set3 as S3  # noqa: E402
import assemble_v3 as A  # noqa: E402

OLD = json.load(open(HERE / "v3_old_log.json"))
NEW = json.load(open(HERE / "v3_set3_log.json"))
BENCH = REPO / "bench" / "events"
out = [open(HERE / "notes_v3_head.md", encoding="utf-8").read().rstrip("\n")]


def statements(ev):
    for d in [A.SET1, A.SET2] + [pathlib.Path(f"/work/staging/set3/collector-{c}") for c in "abcd"]:
        f = d / f"{ev}.csv"
        if f.exists():
            rows = list(csv.DictReader(open(f, encoding="utf-8")))[:-1]
            return min(r["date"] for r in rows), max(r["date"] for r in rows)
    return None, None


# ---- counts
out.append("\n## 9. Counts (generated)\n")
events = sorted(BENCH.glob("events/*.toml"))
K, Kc = collections.Counter(), collections.Counter()
rows = []
tot_items = 0
for f in events:
    d = tomllib.load(open(f, "rb"))
    ev = f.stem
    qs = {}
    for k in (90, 180, 365):
        qf = BENCH / f"{ev}-{k}.toml"
        if qf.exists():
            qd = tomllib.load(open(qf, "rb"))
            qs[k] = qd["resolution"]["outcome"]
    ws = d.get("windows", [])
    for w in ws:
        K[w["kind"]] += 1
        if "cancelled" in w:
            Kc[w["kind"]] += 1
    first, last = statements(ev)
    setname = "set3" if "set3" in d["tags"] else "set1/2"
    items = len(d.get("evidence", []))
    tot_items += items
    q365 = qs.get(365)
    beyond = "**yes**" if q365 == "no" and last and dt.date.fromisoformat(last) < d["until"] - dt.timedelta(days=30) else ""
    rows.append(f"| {ev} | {setname} | {d['opens']} | {d['until']} | {last} | {beyond} | {items} | {len(ws)} | "
                f"{qs.get(90, '-')} / {qs.get(180, '-')} / {qs.get(365, '-')} |")
met = sum(1 for f in events if (BENCH / f"{f.stem}-365.toml").exists() and
          tomllib.load(open(BENCH / f"{f.stem}-365.toml", "rb"))["resolution"]["outcome"] == "yes")
nq = len(list(BENCH.glob("*.toml")))
out.append(f"- **{len(events)} events**: {met} met within their horizon, {len(events) - met} not met; **{nq} questions** "
           f"(every event has its -90, -180 and -365: no horizon is cut short); **{tot_items} evidence items**; "
           f"**{sum(K.values())} windows**: " + ", ".join(f"{k} {K[k]} ({Kc[k]} cancelled)" if k != "period" else f"period {K[k]}"
                                                        for k in ("bilateral", "visit", "summit", "nearby", "period")) + ".")
out.append("- 'statements end' is the last statement date gathered; 'past the gathering' marks the events not met whose horizon "
           "runs more than 30 days beyond it (section 3: no statements were invented for those days; the forecast there rests on "
           "silence). For met events the statements naturally stop at the meeting.\n")
out.append("| event | set | opens | until | statements end | past the gathering | items | windows | -90 / -180 / -365 |")
out.append("|---|---|---|---|---|---|---|---|---|")
out += rows

# ---- the 27: decisions
out.append("\n## 10. The 27 events of set1/set2: every window decision (generated from config_v3.py)\n")
out.append("v2 hazard, v3 kind and the reason; a cancellation and its reason. Merged v2 windows (one side's dated bilateral at a "
           "summit both attend; the DMZ offer) follow.\n")
out.append("| event | window | v2 hazard | v3 kind | reason | cancelled | why cancelled |")
out.append("|---|---|---|---|---|---|---|")
for ev, wid, h, kind, canc, why, cwhy in OLD["windows"]:
    out.append(f"| {ev} | `{wid}` | {h if h is not None else 'new'} | {kind} | {why} | {canc or ''} | {cwhy} |")
out.append("\nMerged (not windows in v3; their items re-scoped):\n")
out.append("| event | v2 window | items now on | why |")
out.append("|---|---|---|---|")
for ev, wid, target, why in OLD["merged"]:
    out.append(f"| {ev} | `{wid}` | `{target}` | {why} |")
out.append("\nItems removed (commented out in the event file, values intact):\n")
out.append("| event | item | why |")
out.append("|---|---|---|")
for ev, iid, why in OLD["removed"]:
    out.append(f"| {ev} | `{iid}` | {why} |")
out.append("\nItems whose window changed:\n")
out.append("| event | item | v2 window | v3 window | why |")
out.append("|---|---|---|---|---|")
for ev, iid, old, new, why in OLD["rescoped"]:
    out.append(f"| {ev} | `{iid}` | {old or '-'} | {new or '(none)'} | {why} |")
out.append("\nItems dropped because they are dated after the new `until` (commented out, values intact):\n")
out.append("| event | item | date |")
out.append("|---|---|---|")
for ev, iid, date in OLD["dropped"]:
    out.append(f"| {ev} | `{iid}` | {date} |")
out.append("\nItems scoped to an occasion cancelled on or before their date (they never act; rubric 4.3: a called-off "
           "occasion's items stop counting): " + "; ".join(f"{a[0]} `{a[1]}` (window `{a[2]}`)" for a in OLD["after_cancel"]) + ".")

# ---- set3: decisions
out.append("\n## 11. The 30 events of set3: every window decision (generated from config_set3.py)\n")
out.append("| event | window | kind | days (before margins) | announced | from row | reason | cancelled |")
out.append("|---|---|---|---|---|---|---|---|")
dropped_w = {(a[0], a[1]) for a in NEW["window_dropped"]}
for ev, E in S3.EPISODES.items():
    for w in E["windows"]:
        c = w.get("cancelled")
        note = " (not made: after until)" if (ev, w["id"]) in dropped_w else ""
        out.append(f"| {ev} | `{w['id']}`{note} | {w['kind']} | {w['start']}..{w['end']} | {w['announced']} | {w['row']} | {w['why']} | "
                   f"{(str(c[0]) + ': ' + c[1]) if c else ''} |")
out.append("\nAnnouncement packets of an occasion that already had its window (no new window):\n")
out.append("| event | row | decision |")
out.append("|---|---|---|")
for ev, E in S3.EPISODES.items():
    for r, why in E["repeat"].items():
        out.append(f"| {ev} | {r} | {why} |")
out.append("\nCancel packets of occasions that never had a window (nothing to cancel; no item unless the encoder gave a strength):\n")
out.append("| event | row | decision |")
out.append("|---|---|---|")
for ev, E in S3.EPISODES.items():
    for r, why in E["void_cancel"].items():
        out.append(f"| {ev} | {r} | {why} |")
out.append("\nItems whose encoder named an occasion that has no window (unscoped):\n")
out.append("| event | row | why |")
out.append("|---|---|---|")
for ev, E in S3.EPISODES.items():
    for r, why in E["nomap"].items():
        out.append(f"| {ev} | {r} | {why} |")
out.append("\nItems dropped (dated after until): " + "; ".join(f"{a[0]} `{a[1]}` ({a[2]})" for a in NEW["dropped"]) + ".")
out.append("\nItems scoped to an occasion cancelled on or before their date (inert): " +
           "; ".join(f"{a[0]} `{a[1]}` (`{a[2]}`)" for a in NEW["after_cancel"]) + ".")
(HERE / "NOTES_v3.md").write_text("\n".join(out) + "\n", encoding="utf-8")
print("ok", len(out))
