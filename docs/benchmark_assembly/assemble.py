"""Assemble benchmark event and question TOML files from blind encodings (assembler: see NOTES.md)."""
import csv, json, datetime as dt, pathlib, importlib, sys, tomllib

import os
OUT = pathlib.Path(os.environ.get("ASSEMBLE_OUT", "/work/staging/bench_forecasts"))
MARGIN = int(os.environ.get("ASSEMBLE_MARGIN", "0"))
SETS = {
    "set1": dict(data="/work/shared/data/meetings", batches={1: "encoder-1", 2: "encoder-2", 3: "encoder-3"}, config="config_set1"),
    "set2": dict(data="/work/staging/meetings", batches={1: "encoder-4", 2: "encoder-5"}, config="config_set2"),
}

def q(s):
    return json.dumps(s, ensure_ascii=False)

def num(s):
    s = s.strip()
    float(s)
    return s

def load_set(name):
    S = SETS[name]
    key = {k["pid"]: (k["event"], int(k["row"])) for k in csv.DictReader(open(f"/work/staging/keys/{name}_key.csv", encoding="utf-8"))}
    enc = {}
    for b, who in S["batches"].items():
        pk = {p["pid"]: p for p in csv.DictReader(open(f"/work/staging/packets/{name}/batch{b}.csv", encoding="utf-8"))}
        for e in csv.DictReader(open(f"/work/staging/packets/{name}/enc_batch{b}.csv", encoding="utf-8")):
            assert e["pid"] in pk, e["pid"]
            enc[e["pid"]] = dict(e, encoder=who, packet=pk[e["pid"]])
    return key, enc

def prior(opens, until):
    n = (until - opens).days + 1
    Y = n / 365.25
    raw = 1 - 0.5 ** Y
    p = round(raw, 2)
    clip = ""
    if p < 0.05:
        p, clip = 0.05, " (clipped up to the floor 0.05)"
    if p > 0.95:
        p, clip = 0.95, " (clipped down to the ceiling 0.95)"
    rationale = (
        "Rule 8 of docs/encoding.md, one rule for every benchmark event, judged without the evidence or the outcome. "
        "Reference class: an in-person meeting of two heads of state or government that one side has publicly floated on "
        "the event's opens day, with no date agreed by both; such meetings come about at about one every two years of "
        "horizon while the idea stays alive (half within a year). "
        f"Horizon {opens.isoformat()} to {until.isoformat()} inclusive = {n} days; Y = {n} / 365.25 = {Y:.4f} years; "
        f"1 - 0.5^Y = {raw:.4f}; rounded to two decimals = {round(raw, 2):.2f}{clip}; kept within [0.05, 0.95]. "
        "Weight 10 (a judgement worth ten comparable cases: wide). Anything the event knew on opens beyond 'a meeting was "
        "floated' enters as windows and evidence, not through the prior.")
    return p, rationale, n, Y, raw

def build(name, out=OUT):
    S = SETS[name]
    cfg = importlib.import_module(S["config"])
    key, enc = load_set(name)
    bypos = {v: k for k, v in key.items()}
    index = list(csv.DictReader(open(f"{S['data']}/index.csv", encoding="utf-8")))
    (out / "events").mkdir(parents=True, exist_ok=True)
    logrows, maplog, summary, drops = [], [], [], []
    for r in index:
        ev = r["event_id"]
        C = cfg.EPISODES[ev]
        opens = dt.date.fromisoformat(r["opens"]); until = dt.date.fromisoformat(r["deadline"])
        rows = list(csv.DictReader(open(f"{S['data']}/{ev}.csv", encoding="utf-8")))
        assert rows[-1]["speaker"].strip().upper() == "OUTCOME"
        data = [(i, x) for i, x in enumerate(rows) if x["speaker"].strip().upper() != "OUTCOME"]
        assert len(C["slugs"]) == len(data), (ev, len(C["slugs"]), len(data))
        assert len(set(C["slugs"])) == len(C["slugs"]), ev
        wins = {w["id"]: w for w in C["windows"]}
        p, rationale, n, Y, raw = prior(opens, until)
        L = []
        L.append(f"# {ev}: benchmark event assembled from blind encodings (docs/encoding.md section 9).")
        L.append(f"# Statements: {S['data']}/{ev}.csv (one [[evidence]] per statement row; the OUTCOME row is the resolution only).")
        L.append(f"# Occasions: {S['data']}/{ev}.md and the 'announcement' rows. Windows, their hazards (docs/encoding.md section 4,")
        L.append("# by the kind of occasion as known on its announcement day) and the mapping of each encoder's occasion to a window")
        L.append("# are the assembler's; every likelihood value below is the blind encoder's, unchanged. See NOTES.md.")
        L.append("")
        L.append(f"title = {q(r['leader_a'] + ' and ' + r['leader_b'] + ' meet in person')}")
        L.append(f"resolution_criteria = {q(cfg.CRITERIA[ev](r, opens, until))}")
        L.append(f"opens = {opens.isoformat()}")
        L.append(f"until = {until.isoformat()}")
        L.append(f"tags = [\"benchmark\", \"{until.year}\"]")
        L.append("")
        L.append("[prior]")
        L.append(f"probability = {p:.2f}")
        L.append("weight = 10")
        L.append(f"rationale = {q(rationale)}")
        C = dict(C, windows=[dict(w) for w in C["windows"]])
        for w in C["windows"]:
            if MARGIN and w["hazard"] in (20, 100):
                # rubric v2 (docs/encoding.md section 4): a trip or summit window spans its days and one day on each side
                w["start"] = max(opens, w["start"] - dt.timedelta(days=MARGIN))
                w["end"] = min(until, w["end"] + dt.timedelta(days=MARGIN))
                w["why"] = w["why"] + f" Rubric v2: widened by {MARGIN} day on each side (a visit's or summit's margins)."
        wins = {w["id"]: w for w in C["windows"]}
        for w in C["windows"]:
            assert w["start"] >= opens and w["end"] <= until and w["start"] <= w["end"] and w["announced"] <= w["end"], (ev, w["id"])
            L.append("")
            L.append(f"# {w['why']}")
            L.append("[[windows]]")
            L.append(f"id = {q(w['id'])}")
            L.append(f"name = {q(w['name'])}")
            L.append(f"start = {w['start'].isoformat()}")
            L.append(f"end = {w['end'].isoformat()}")
            L.append(f"hazard = {w['hazard']}")
            L.append(f"announced = {w['announced'].isoformat()}")
        nitems = 0; dropped_here = []
        for (i, x), slug in zip(data, C["slugs"]):
            pid = bypos[(ev, i)]
            e = enc[pid]
            pk = e["packet"]
            assert pk["date"] == x["date"] and pk["says"] == x["quote_or_paraphrase"], (ev, i)
            date = dt.date.fromisoformat(x["date"])
            is_ann = x["speaker"].strip().lower() == "announcement"
            source = x["speaker_role"] if is_ann else x["speaker"]
            occ = e["occasion"].strip()
            win = C["map"].get(i)
            if win is not None:
                assert occ, (ev, i, "mapped without an encoder occasion")
                w = wins[win]
                assert w["announced"] <= date, (ev, i, win, "window announced after the statement")
            reason_nomap = C["nomap"].get(i)
            if occ and win is None and reason_nomap is None and opens <= date <= until:
                raise SystemExit(f"{ev} row {i}: occasion '{occ}' has neither a window nor a reason")
            block = []
            block.append(f"# encoded blind by {e['encoder']} (pid {pid}): {e['reason'].strip()}")
            block.append(f"# {ev}.csv row {i}" + (" (announcement row: source is its role column)" if is_ann else ""))
            block.append("[[evidence]]")
            block.append(f"id = {q(slug)}")
            block.append(f"date = {date.isoformat()}")
            block.append(f"logged = {date.isoformat()}")
            block.append(f"source = {q(source)}")
            block.append(f"source_type = {q(e['source_type'])}")
            block.append(f"says = {q(x['quote_or_paraphrase'])}")
            if x["url"].strip():
                block.append(f"url = {q(x['url'])}")
            if e["lr"].strip():
                block.append(f"lr = {num(e['lr'])}")
            if e["strength"].strip():
                block.append(f"strength = {q(e['strength'].strip())}")
                block.append(f"direction = {q(e['direction'].strip())}")
            if e["reliability"].strip():
                block.append(f"reliability = {num(e['reliability'])}")
            if win is not None:
                block.append(f"window = {q(win)}")
            if e["half_life_days"].strip():
                block.append(f"half_life_days = {num(e['half_life_days'])}")
            if date < opens or date > until:
                why = "before opens" if date < opens else "after until"
                L.append("")
                L.append(f"# DROPPED by the assembler: dated {date.isoformat()}, {why} ({opens.isoformat()}..{until.isoformat()}); kept here")
                L.append("# commented out so that it can be restored (see NOTES.md):")
                L.extend("# " + b if not b.startswith("#") else "#" + b for b in block)
                dropped_here.append((pid, i, slug, date, why))
                drops.append((ev, pid, i, slug, date.isoformat(), why, e["encoder"]))
                logrows.append(dict(event=ev, evidence_id="-", pid=pid, encoder=e["encoder"], recognised=e["recognised"],
                                    reason=e["reason"].strip()))
                if occ:
                    maplog.append((ev, pid, i, x["date"], occ, "-", f"dropped ({why})"))
                continue
            L.append("")
            L.extend(block)
            nitems += 1
            logrows.append(dict(event=ev, evidence_id=slug, pid=pid, encoder=e["encoder"], recognised=e["recognised"],
                                reason=e["reason"].strip()))
            if occ:
                if win:
                    maplog.append((ev, pid, i, x["date"], occ, win, f"announced {wins[win]['announced'].isoformat()} <= {x['date']}"))
                else:
                    maplog.append((ev, pid, i, x["date"], occ, "none", reason_nomap))
        text = "\n".join(L) + "\n"
        (out / "events" / f"{ev}.toml").write_text(text, encoding="utf-8")
        # question (id <event>-by-<deadline>, so that `show <event>` names the event)
        outcome_row = rows[-1]
        if r["outcome"] == "yes":
            res_date = dt.date.fromisoformat(r["meeting_date"])
        else:
            res_date = until + dt.timedelta(days=1)
        note = outcome_row["quote_or_paraphrase"].strip() + " Source: " + outcome_row["url"].strip()
        Q = []
        Q.append(f"# {ev}: benchmark question on event {ev} (events/{ev}.toml); resolution from the OUTCOME row of {ev}.csv.")
        Q.append(f"event = {q(ev)}")
        Q.append(f"title = {q(r['question'])}")
        Q.append(f"deadline = {until.isoformat()}")
        Q.append("tags = [\"benchmark\"]")
        Q.append("")
        Q.append("[resolution]")
        Q.append(f"outcome = {q(r['outcome'])}")
        Q.append(f"date = {res_date.isoformat()}")
        Q.append(f"note = {q(note)}")
        (out / f"{ev}-by-{until.isoformat()}.toml").write_text("\n".join(Q) + "\n", encoding="utf-8")
        summary.append(dict(event=ev, items=nitems, dropped=len(dropped_here), windows=len(C["windows"]),
                            mapped=sum(1 for i in C["map"]), prior=p, n=n, Y=Y, raw=raw, outcome=r["outcome"],
                            statements=len(data)))
    return logrows, maplog, summary, drops

if __name__ == "__main__":
    sys.path.insert(0, "/work/staging/assemble")
    allrows, allmap, allsum, alldrops = [], [], [], []
    for name in sys.argv[1:]:
        a, b, c, d = build(name)
        allrows += a; allmap += b; allsum += c; alldrops += d
    with open(OUT / "encoding_log.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["event", "evidence_id", "pid", "encoder", "recognised", "reason"])
        w.writeheader(); w.writerows(allrows)
    json.dump(dict(map=allmap, summary=allsum, drops=alldrops), open(OUT / "auto.json", "w"), indent=1, default=str)
    for s in allsum:
        print(s["event"], s["statements"], s["items"], s["dropped"], s["windows"], s["prior"])
