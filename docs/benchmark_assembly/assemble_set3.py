"""Benchmark v2 (issue 20 item 3): the events of the third collection, from blind encodings (set3a, set3b).

    python docs/benchmark_assembly/assemble_set3.py

Reads /work/staging/set3/collector-{a,b,c,d}/ (index.csv, <event>.csv, <event>.md) and the packets
/work/staging/packets/set3{a,b}/ (batch*.csv, enc_batch*.csv, KEY_DO_NOT_READ/key.csv), applies config_set3.py and
writes bench/events/events/<event>.toml, bench/events/<event>-{90,180,365}.toml and encoding_log_v3.csv. Every
encoder value (strength, direction, lr, source_type, reliability, half_life_days) is copied unchanged; announcement
packets with lr = 1 become windows, not items (docs/encoding.md 4.2); see NOTES_v3.md.
"""
import csv, datetime as dt, json, os, pathlib, re, sys

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import assemble_v3 as A  # noqa: E402
import config_set3 as C  # noqa: E402

STAGING = pathlib.Path(os.environ.get("SET3_STAGING", "/work/staging"))
COLLECTORS = "abcd"
PACKS = {"set3a": (1, 2, 3), "set3b": (1,)}
MARGIN_KINDS = ("visit", "summit", "nearby")
q = A.q


def slug(s):
    s = re.split(r"[;(]", s)[0].strip().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return "-".join(s.split("-")[:4]) or "statement"


def load_packets():
    enc, key = {}, {}
    for s, bs in PACKS.items():
        kf = STAGING / "packets" / s / "KEY_DO_NOT_READ" / "key.csv"
        for r in csv.DictReader(open(kf, encoding="utf-8")):
            key[(r["event"], int(r["row"]))] = r["pid"]
        for b in bs:
            pk = {p["pid"]: p for p in csv.DictReader(open(STAGING / "packets" / s / f"batch{b}.csv", encoding="utf-8"))}
            rows = list(csv.DictReader(open(STAGING / "packets" / s / f"enc_batch{b}.csv", encoding="utf-8")))
            assert sorted(r["pid"] for r in rows) == sorted(pk), (s, b, "every pid of the batch exactly once")
            for e in rows:
                assert (e["strength"].strip() and e["direction"].strip()) != bool(e["lr"].strip()), e["pid"]
                enc[e["pid"]] = dict(e, encoder=C.ENCODERS[(s, b)], packet=pk[e["pid"]], pack=s)
    return enc, key


def build(ev, ix, data, enc, key, log):
    cfg = C.EPISODES[ev]
    opens = dt.date.fromisoformat(ix["opens"])
    until, how = A.horizon(ev, opens)
    rows = list(csv.DictReader(open(data / f"{ev}.csv", encoding="utf-8")))
    assert rows[-1]["speaker"].strip().upper() == "OUTCOME", ev
    out_row, stm = rows[-1], rows[:-1]
    met = dt.date.fromisoformat(ix["meeting_date"]) if ix["outcome"] == "yes" else None
    if met:
        assert opens <= met <= until, (ev, met, until)
    crit_phrase = re.match(r"Will (.*?) by \d+ \w+ \d{4}\?$", ix["question"]).group(1)

    # windows
    wins, wlines, accounted = {}, [], set()
    for w in cfg["windows"]:
        w = dict(w)
        accounted.add(w["row"])
        notes = [f"{w['why']}."]
        if w["kind"] in MARGIN_KINDS:
            w["start"] -= dt.timedelta(days=1)
            w["end"] += dt.timedelta(days=1)
            notes.append("Days widened by one on each side (4.2, a trip's or summit's margins).")
        if w["start"] > until:
            log["window_dropped"].append((ev, w["id"], f"starts {w['start']} after until {until}"))
            continue
        if w["start"] < opens:
            w["start"] = opens
        if w["end"] > until:
            notes.append(f"End clipped from {w['end'].isoformat()} to until ({until.isoformat()}).")
            w["end"] = until
        if w.get("cancelled"):
            cday, cwhy = w["cancelled"]
            accounted.update(int(x) for x in re.findall(r"rows? (\d+)", cwhy))
            notes.append(f"Cancelled {cday.isoformat()}: {cwhy}.")
            w["cancelled"] = cday
        assert w["start"] <= w["end"] and w["announced"] <= w["end"], (ev, w["id"])
        pid = key[(ev, w["row"])]
        e = enc[pid]
        assert e["kind"].strip() in (w["kind"], "summit", "visit", "bilateral", "nearby", "period") or w["kind"] == "period", (ev, w["id"])
        notes.append(f"Packet {pid} ({e['encoder']}: kind '{e['kind']}', days '{e['days']}')." if e["kind"].strip() else
                     f"Named by the item of packet {pid} ({e['encoder']}: occasion '{e['occasion']}').")
        assert dt.date.fromisoformat(stm[w["row"]]["date"]) == w["announced"], (ev, w["id"], "announced = the packet's date")
        wins[w["id"]] = w
        wlines += A.window_lines(w, " ".join(notes))
        log["windows"].append((ev, w["id"], w["kind"], w["announced"], w.get("cancelled"), w["why"]))
    accounted |= set(cfg["repeat"]) | set(cfg["void_cancel"])

    L = [f"# {ev}: benchmark event (bench/events) from the third collection (collector {ix['_collector']}), assembled by",
         "# docs/benchmark_assembly/assemble_set3.py from blind encodings (docs/encoding.md section 9; encoding_log_v3.csv).",
         f"# Statements: {data}/{ev}.csv (one [[evidence]] per statement row that is not a bare announcement; the OUTCOME",
         "# row is the resolution only). Windows from the encoders' announcement packets (config_set3.py, NOTES_v3.md);",
         "# every likelihood value below is the blind encoder's, unchanged.", "",
         f"title = {q(ix['leader_a'] + ' and ' + ix['leader_b'] + ' meet in person')}",
         f"resolution_criteria = {q(f'Resolves yes if {crit_phrase} on a day from {opens:%d %B %Y} to {until:%d %B %Y} inclusive (the meeting' + chr(39) + 's local calendar date); otherwise no. The horizon is set by rule (docs/encoding.md section 8: opens, the first public floating, + 364 days); the questions ask the same by opens + 89, + 179 and + 364 days.')}",
         f"opens = {opens.isoformat()}", f"until = {until.isoformat()}", f'tags = ["benchmark", "{until.year}", "set3"]', ""]
    pl, p = A.prior_block(opens, until, how)
    L += pl + wlines

    ids, nitems = set(), 0
    for i, x in enumerate(stm):
        pid = key[(ev, i)]
        e = enc[pid]
        pk = e["packet"]
        assert pk["date"] == x["date"] and pk["says"] == x["quote_or_paraphrase"], (ev, i)
        date = dt.date.fromisoformat(x["date"])
        kind = e["kind"].strip()
        occ = e["occasion"].strip()
        is_ann = x["speaker"].strip().lower() == "announcement"
        base = dict(pid=pid, encoder=e["encoder"], event=ev, recognised=e["recognised"], reason=e["reason"].strip())
        if kind:
            assert i in accounted, (ev, i, kind, "announcement/cancel packet not accounted for in config_set3")
        if kind and e["lr"].strip() == "1":
            use = "window" if any(w["row"] == i for w in cfg["windows"]) else ("repeat" if i in cfg["repeat"] else "cancel")
            if use == "cancel" and i in cfg["void_cancel"]:
                use = "void cancel"
            log["enc"].append(dict(base, item_id="-", assembler=f"{use} (kind {kind}): no item (4.2)"))
            continue
        win = cfg["map"].get(i)
        if win is not None and win not in wins:
            log["unmapped_dropped_window"].append((ev, i, win))
            win = None
        if win is not None:
            assert wins[win]["announced"] <= date, (ev, i, win, "window announced after the item")
        if occ and win is None and i not in cfg["nomap"] and opens <= date <= until:
            raise SystemExit(f"{ev} row {i}: occasion '{occ}' has neither a window nor a reason")
        iid = f"{slug(x['speaker_role'] if is_ann else x['speaker'])}-{x['date']}"
        k = 2
        while iid in ids:
            iid = f"{slug(x['speaker_role'] if is_ann else x['speaker'])}-{x['date']}-{k}"
            k += 1
        ids.add(iid)
        block = [f"# encoded blind by {e['encoder']} (pid {pid}): {e['reason'].strip()}",
                 f"# {ev}.csv row {i}" + (" (announcement row: source is its role column)" if is_ann else "")
                 + (f"; encoder's occasion: {occ}" if occ else "")]
        if occ and win is None and i in cfg["nomap"]:
            block.append(f"# no window: {cfg['nomap'][i]}")
        block += ["[[evidence]]", f"id = {q(iid)}", f"date = {date.isoformat()}", f"logged = {date.isoformat()}",
                  f"source = {q(x['speaker_role'] if is_ann else x['speaker'])}", f"source_type = {q(e['source_type'].strip())}",
                  f"says = {q(x['quote_or_paraphrase'])}"]
        if x["url"].strip():
            block.append(f"url = {q(x['url'])}")
        if e["lr"].strip():
            float(e["lr"])
            block.append(f"lr = {e['lr'].strip()}")
        else:
            block += [f"strength = {q(e['strength'].strip())}", f"direction = {q(e['direction'].strip())}"]
        if e["reliability"].strip():
            assert 0 <= float(e["reliability"]) <= 1, pid
            block.append(f"reliability = {e['reliability'].strip()}")
        if win is not None:
            block.append(f"window = {q(win)}")
        if e["half_life_days"].strip():
            block.append(f"half_life_days = {e['half_life_days'].strip()}")
        if date < opens or date > until:
            why = "before opens" if date < opens else "after until"
            L += ["", f"# DROPPED by the assembler: dated {date.isoformat()}, {why} ({opens.isoformat()}..{until.isoformat()}); kept here",
                  "# commented out (NOTES_v3.md):"] + ["# " + b if not b.startswith("#") else "#" + b for b in block]
            log["enc"].append(dict(base, item_id="-", assembler=f"dropped ({why})"))
            log["dropped"].append((ev, iid, date, why))
            continue
        if win and wins[win].get("cancelled") and wins[win]["cancelled"] <= date:
            log["after_cancel"].append((ev, iid, win))
        L += [""] + block
        nitems += 1
        log["enc"].append(dict(base, item_id=iid, assembler=("item, window " + win) if win else ("item, unscoped" + (" (occasion never announced)" if occ and i in cfg["nomap"] else ""))))
    (A.OUT / "events" / f"{ev}.toml").write_text("\n".join(L) + "\n", encoding="utf-8")
    cover = (until, "the collector's OUTCOME row: no meeting by " + ix["deadline"])
    made = A.question_files(ev, crit_phrase, opens, until, met, out_row, cover)
    log["events"].append(dict(event=ev, collector=ix["_collector"], opens=opens, until=until, items=nitems, windows=len(wins),
                              met=met, questions=made, statements=len(stm)))


def main():
    enc, key = load_packets()
    log = {k: [] for k in ("events", "windows", "window_dropped", "dropped", "after_cancel", "enc", "unmapped_dropped_window")}
    seen = set()
    for c in COLLECTORS:
        data = STAGING / "set3" / f"collector-{c}"
        for ix in csv.DictReader(open(data / "index.csv", encoding="utf-8")):
            ev = ix["event_id"]
            assert ev not in C.NOT_ASSEMBLED, ev
            build(ev, dict(ix, _collector=c), data, enc, key, log)
            seen.add(ev)
    assert seen == set(C.EPISODES), set(C.EPISODES) ^ seen
    for (ev, row), pid in sorted(key.items()):
        if ev not in seen:
            e = enc[pid]
            log["enc"].append(dict(pid=pid, encoder=e["encoder"], event=ev, item_id="-", recognised=e["recognised"],
                                   reason=e["reason"].strip(), assembler="episode not assembled: " + C.NOT_ASSEMBLED[ev]))
    with open(HERE / "encoding_log_v3.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["pid", "encoder", "event", "item_id", "recognised", "reason", "assembler"])
        w.writeheader()
        w.writerows(sorted(log["enc"], key=lambda r: (r["event"], r["pid"])))
    log.pop("enc")
    json.dump(log, open(HERE / "v3_set3_log.json", "w"), indent=1, default=str)
    for e in log["events"]:
        print(e["event"], e["collector"], e["opens"], e["until"], e["statements"], e["items"], e["windows"], e["met"],
              [(x[0].rsplit("-", 1)[1], x[2]) for x in e["questions"]])
    for k in ("window_dropped", "dropped", "after_cancel", "unmapped_dropped_window"):
        print(k, log[k])


if __name__ == "__main__":
    main()
