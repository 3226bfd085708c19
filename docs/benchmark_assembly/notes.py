import json, csv, sys, importlib, datetime as dt
sys.path.insert(0, "/work/staging/assemble")
A = json.load(open("/work/staging/assemble/auto.json"))
HEAD = open("/work/staging/assemble/notes_head.md", encoding="utf-8").read()
out = [HEAD]
out.append("\n## 5. Counts per event\n")
out.append("| event | set | statements | [[evidence]] items | dropped | windows | items with a window | prior | outcome |")
out.append("|---|---|---|---|---|---|---|---|---|")
sets = {}
for name, data in (("set1", "/work/shared/data/meetings"), ("set2", "/work/staging/meetings")):
    for r in csv.DictReader(open(f"{data}/index.csv")):
        sets[r["event_id"]] = name
mapped = {}
for m in A["map"]:
    if m[5] not in ("-", "none"):
        mapped[m[0]] = mapped.get(m[0], 0) + 1
tot = [0, 0, 0, 0, 0]
for s in A["summary"]:
    ev = s["event"]
    out.append(f"| {ev} | {sets[ev]} | {s['statements']} | {s['items']} | {s['dropped']} | {s['windows']} | {mapped.get(ev, 0)} | {s['prior']:.2f} | {s['outcome']} |")
    tot = [tot[0] + s['statements'], tot[1] + s['items'], tot[2] + s['dropped'], tot[3] + s['windows'], tot[4] + mapped.get(ev, 0)]
out.append(f"| **total (27 events)** | | {tot[0]} | {tot[1]} | {tot[2]} | {tot[3]} | {tot[4]} | | |")
out.append("\n## 6. Windows and window mappings, event by event\n")
out.append("Each window's comment in the event file repeats its reason. 'Mapping' lists every item whose encoder named an "
           "occasion: the encoder's words, the window chosen (or none) and why. Items whose encoder named no occasion get no window.\n")
for s in A["summary"]:
    ev = s["event"]
    cfg = importlib.import_module("config_set1" if sets[ev] == "set1" else "config_set2")
    C = cfg.EPISODES[ev]
    out.append(f"### {ev}\n")
    if C["windows"]:
        out.append("| window | days | hazard | announced | why |")
        out.append("|---|---|---|---|---|")
        for w in C["windows"]:
            days = w["start"].isoformat() if w["start"] == w["end"] else f"{w['start']}..{w['end']}"
            out.append(f"| `{w['id']}` | {days} | {w['hazard']} | {w['announced']} | {w['why']} |")
    else:
        out.append("No windows: the note lists no occasion with days (see its 'Windows (occasions)' list).")
    E = cfg.EXTRA.get(ev) if hasattr(cfg, "EXTRA") else None
    if E:
        out.append("")
        out.append(E)
    ms = [m for m in A["map"] if m[0] == ev]
    out.append("")
    if ms:
        out.append("Mapping:\n")
        out.append("| pid | row | date | encoder's occasion | window | why |")
        out.append("|---|---|---|---|---|---|")
        for m in ms:
            out.append(f"| {m[1]} | {m[2]} | {m[3]} | {m[4]} | {m[5]} | {m[6]} |")
    else:
        out.append("Mapping: no encoder named an occasion for any item of this event.")
    out.append("")
open("/work/staging/bench_forecasts/NOTES.md", "w", encoding="utf-8").write("\n".join(out) + "\n")
print("ok")
