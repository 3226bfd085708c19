"""Benchmark v2 (issue 20): rule-set horizons and questions, `floated` priors and rubric v3 windows.

    python docs/benchmark_assembly/assemble_v3.py old     # the 27 events of set1/set2, from their v2 files
    python docs/benchmark_assembly/assemble_v3.py set3    # the new events of the third collection

`old` reads each v2 event file from git (config_v3.V2_COMMIT, forecasts/events/<ev>.toml) and writes
bench/events/events/<ev>.toml and bench/events/<ev>-{90,180,365}.toml. Every [[evidence]] block is copied verbatim
(the encoder's comment and values unchanged); only its `window` line may change (config_v3.MERGE / RESCOPE), or the
whole block is commented out (config_v3.REMOVE, or dated after the new `until`). Decisions are in config_v3.py and
NOTES_v3.md. `set3` is in assemble_set3.py (same helpers).
"""
import csv, datetime as dt, json, math, os, pathlib, re, subprocess, sys, tomllib

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
import config_v3 as C  # noqa: E402

OUT = pathlib.Path(os.environ.get("ASSEMBLE_OUT", REPO / "bench" / "events"))
SET1 = pathlib.Path(os.environ.get("SET1_DATA", "/work/shared/data/meetings"))
SET2 = HERE / "meetings_set2"
HORIZON_DAYS = 364          # until = opens + 364 (a year, both ends included)
QUESTION_OFFSETS = (89, 179, 364)   # <event>-90, -180, -365


def q(s):
    return json.dumps(s, ensure_ascii=False)


def horizon(ev, opens):
    until = opens + dt.timedelta(days=HORIZON_DAYS)
    term = C.TERM_END.get(ev)
    if term and term[0] < until:
        return term[0], f"the end of {term[1]}'s term of office ({term[0].isoformat()}), earlier than opens + {HORIZON_DAYS}"
    return until, f"opens + {HORIZON_DAYS} days"


def prior_block(opens, until, how):
    n = (until - opens).days + 1
    Y = n / 365.25
    p = 1 - math.exp(-math.log(2) * Y)
    rationale = (
        "docs/encoding.md section 8 (one rule for every benchmark event, never from the outcome): an in-person meeting "
        "of two heads of state or government that one side has publicly floated on opens, with no date agreed by both, "
        "comes about by the ordinary route at a rate lambda per year (default ln 2: half within a year; `fit` learns "
        "it). rule = floated: the reader computes 1 - exp(-lambda * Y). "
        f"Horizon {opens.isoformat()} to {until.isoformat()} ({how}) = {n} days; Y = {n} / 365.25 = {Y:.4f} years; "
        f"with the default lambda, 1 - 0.5^Y = {p:.4f}. Weight 10 (a judgement worth ten comparable cases: wide). "
        "Anything known on opens beyond 'a meeting was floated' enters as windows and evidence.")
    return ["[prior]", 'rule = "floated"', "weight = 10", f"rationale = {q(rationale)}"], p


def fmt_day(d):
    return f"{d.day} {d:%b %Y}"


def read_index():
    rows = {}
    for data in (SET1, SET2):
        for r in csv.DictReader(open(data / "index.csv", encoding="utf-8")):
            rows[r["event_id"]] = dict(r, _data=data)
    return rows


def outcome_row(data, ev):
    rows = list(csv.DictReader(open(data / f"{ev}.csv", encoding="utf-8")))
    assert rows[-1]["speaker"].strip().upper() == "OUTCOME", ev
    return rows[-1], rows[:-1]


def question_files(ev, phrase, opens, until, met_day, out_row, cover, tag_note=""):
    """Write <ev>-90/-180/-365 (those within the horizon); return [(qid, deadline, outcome, date, unsure)]."""
    made = []
    src = out_row["quote_or_paraphrase"].strip() + " Source: " + out_row["url"].strip()
    for k, off in zip((90, 180, 365), QUESTION_OFFSETS):
        deadline = opens + dt.timedelta(days=off)
        if deadline > until:
            continue
        qid = f"{ev}-{k}"
        unsure = False
        L = [f"# {qid}: benchmark question on event {ev} (events/{ev}.toml), deadline = opens + {off} days by rule",
             "# (issue 20, docs/encoding.md section 8); resolved from the meeting's day in the episode's OUTCOME row" + tag_note + "."]
        if met_day is not None and met_day <= deadline:
            outcome, rdate, note = "yes", met_day, src
        elif met_day is not None:
            outcome, rdate = "no", deadline
            note = (f"No meeting by {fmt_day(deadline)}: the episode's meeting came on {fmt_day(met_day)}, after this deadline, "
                    f"and none before it since opens (the episode's statements). Meeting: {src}")
        else:
            outcome, rdate = "no", deadline
            last, why = cover[0], cover[1]
            note = f"No meeting by {fmt_day(deadline)}. {src}"
            if deadline > last and cover[2:] == ("ended",):
                note += f" {why}."
            elif deadline > last:
                unsure = True
                note += (f" The sources cover the time up to {fmt_day(last)} ({why}); no meeting is known to the assembler up to "
                         f"this deadline, but the gathered sources do not reach it (NOTES_v3.md section 3).")
                L.append(f"# UNSURE: the sources reach {last.isoformat()}, the deadline is {deadline.isoformat()} (NOTES_v3.md section 3).")
        L += [f"event = {q(ev)}", f"title = {q(f'Will {phrase} by {fmt_day(deadline)}?')}", f"deadline = {deadline.isoformat()}",
              'tags = ["benchmark"]', "", "[resolution]", f"outcome = {q(outcome)}", f"date = {rdate.isoformat()}", f"note = {q(note)}"]
        (OUT / f"{qid}.toml").write_text("\n".join(L) + "\n", encoding="utf-8")
        made.append((qid, deadline, outcome, rdate, unsure))
    return made


def window_lines(w, comment):
    L = ["", f"# {comment}", "[[windows]]", f"id = {q(w['id'])}", f"name = {q(w['name'])}", f"kind = {q(w['kind'])}",
         f"start = {w['start'].isoformat()}", f"end = {w['end'].isoformat()}"]
    if w["kind"] == "period":
        L.append(f"hazard = {w.get('hazard', 1)}")
    L.append(f"announced = {w['announced'].isoformat()}")
    if w.get("cancelled"):
        L.append(f"cancelled = {w['cancelled'].isoformat()}")
    return L


def comment_out(block, header):
    return header + ["# " + b if not b.startswith("#") else "#" + b for b in block]


def build_old(ev, idx, log):
    text = subprocess.run(["git", "-C", str(REPO), "show", f"{C.V2_COMMIT}:forecasts/events/{ev}.toml"],
                          capture_output=True, text=True, check=True).stdout
    v2 = tomllib.loads(text)
    assert "benchmark" in v2["tags"], ev
    opens = v2["opens"]
    until, how = horizon(ev, opens)
    phrase = re.match(r"Resolves yes if (.*) on a day from ", v2["resolution_criteria"]).group(1)
    wcomments = dict((m.group(2), m.group(1)) for m in re.finditer(r"# (.*)\n\[\[windows\]\]\nid = \"([^\"]+)\"", text))
    r = idx[ev]
    out_row, _ = outcome_row(r["_data"], ev)
    met_day = dt.date.fromisoformat(r["meeting_date"]) if r["outcome"] == "yes" else None
    if met_day:
        assert opens <= met_day <= until, (ev, met_day, until)

    L = [f"# {ev}: benchmark event (bench/events), rewritten for issue 20 by docs/benchmark_assembly/assemble_v3.py from its",
         f"# v2 file (forecasts/events/{ev}.toml at {C.V2_COMMIT}). Statements: {r['_data']}/{ev}.csv; the blind encoders'",
         "# values are unchanged (encoding_log.csv). Horizon and questions by rule (docs/encoding.md section 8); windows by",
         "# rubric v3 (docs/encoding.md section 4): kinds, cancellations and re-scoped items are listed in config_v3.py and",
         "# NOTES_v3.md; items commented out below say why.", "",
         f"title = {q(v2['title'])}",
         f"resolution_criteria = {q(f'Resolves yes if {phrase} on a day from {opens:%d %B %Y} to {until:%d %B %Y} inclusive (the meeting' + chr(39) + 's local calendar date); otherwise no. The horizon is set by rule (docs/encoding.md section 8: opens, the first public floating, + 364 days); the questions ask the same by opens + 89, + 179 and + 364 days.')}",
         f"opens = {opens.isoformat()}", f"until = {until.isoformat()}", f"tags = [\"benchmark\", \"{until.year}\"]", ""]
    pl, p = prior_block(opens, until, how)
    L += pl

    # windows
    wins = {}
    for w in v2.get("windows", []):
        key = (ev, w["id"])
        if key in C.MERGE:
            log["merged"].append((ev, w["id"], C.MERGE[key][0], C.MERGE[key][1]))
            continue
        kind, why = C.KIND[key]
        nw = dict(id=w["id"], name=w["name"], kind=kind, start=w["start"], end=w["end"], announced=w["announced"])
        if kind == "period":
            nw["hazard"] = w.get("hazard", 1)
            assert nw["hazard"] == 1, key
        notes = [f"v3 kind {kind}: {why}."]
        if key in C.CANCEL:
            nw["cancelled"], cwhy = C.CANCEL[key]
            notes.append(f"Cancelled {nw['cancelled'].isoformat()}: {cwhy}.")
        if nw["start"] > until:
            log["window_dropped"].append((ev, w["id"], "starts after until"))
            continue
        if nw["end"] > until:
            notes.append(f"End clipped from {nw['end'].isoformat()} to until ({until.isoformat()}).")
            nw["end"] = until
        nw["why"] = " ".join(notes) + " v2: " + wcomments.get(w["id"], "").strip()
        wins[w["id"]] = nw
        log["windows"].append((ev, w["id"], w.get("hazard"), kind, nw.get("cancelled"), why, C.CANCEL.get(key, (None, ""))[1]))
    for w in C.NEW_WINDOWS.get(ev, []):
        nw = dict(w)
        wins[w["id"]] = nw
        log["windows"].append((ev, w["id"], None, w["kind"], None, "new: " + w["why"], ""))
    for key in C.KIND:
        if key[0] == ev:
            assert key[1] in wins or key[1] in [x["id"] for x in v2.get("windows", [])], key
    for w in wins.values():
        assert w["start"] <= w["end"] and w["announced"] <= w["end"] and w["end"] <= until, (ev, w["id"])
        L += window_lines(w, w["why"])

    # evidence: blocks separated by blank lines after the last window / prior
    body = text.split("\n\n")
    blocks = [b for b in body if "\n[[evidence]]\n" in "\n" + b + "\n" or b.startswith("# DROPPED")]
    nitems = 0
    seen = set()
    for b in blocks:
        lines = b.rstrip("\n").split("\n")
        if lines[0].startswith("# DROPPED"):
            L += [""] + lines
            continue
        iid = re.search(r'^id = "([^"]+)"$', b, re.M).group(1)
        seen.add(iid)
        date = dt.date.fromisoformat(re.search(r"^date = (\S+)$", b, re.M).group(1))
        wm = re.search(r'^window = "([^"]+)"$', b, re.M)
        old = wm.group(1) if wm else None
        if (ev, iid) in C.REMOVE:
            why = C.REMOVE[(ev, iid)]
            L += [""] + comment_out(lines, [f"# REMOVED by the v3 assembler: {why}; kept here commented out (NOTES_v3.md):"])
            log["removed"].append((ev, iid, why))
            continue
        if date > until:
            L += [""] + comment_out(lines, [f"# DROPPED by the v3 assembler: dated {date.isoformat()}, after until ({until.isoformat()}); kept here",
                                            "# commented out (NOTES_v3.md):"])
            log["dropped"].append((ev, iid, date))
            continue
        new, why = old, None
        if (ev, iid) in C.RESCOPE:
            new, why = C.RESCOPE[(ev, iid)]
        elif old and (ev, old) in C.MERGE:
            new, why = C.MERGE[(ev, old)]
        if new != old:
            lines = [x for x in lines if not x.startswith("window = ")]
            if new:
                pos = next((i for i, x in enumerate(lines) if x.startswith("half_life_days = ")), len(lines))
                lines.insert(pos, f"window = {q(new)}")
            lines.insert(0, f"# v3: window {old or '(none)'} -> {new or '(none)'}: {why}")
            log["rescoped"].append((ev, iid, old, new, why))
        if new:
            w = wins[new]
            assert w["announced"] <= date, (ev, iid, new)
            if w.get("cancelled") and w["cancelled"] <= date:
                log["after_cancel"].append((ev, iid, new, date, w["cancelled"]))
        L += [""] + lines
        nitems += 1
    for key in list(C.REMOVE) + list(C.RESCOPE):
        if key[0] == ev:
            assert key[1] in seen, key
    (OUT / "events" / f"{ev}.toml").write_text("\n".join(L) + "\n", encoding="utf-8")
    for old in OUT.glob(f"{ev}-by-*.toml"):
        old.unlink()
    made = question_files(ev, phrase, opens, until, met_day, out_row, C.COVERAGE.get(ev))
    log["events"].append(dict(event=ev, opens=opens, until=until, how=how, prior=p, items=nitems, windows=len(wins),
                              met=met_day, questions=made, old_until=v2["until"]))


def main_old():
    idx = read_index()
    (OUT / "events").mkdir(parents=True, exist_ok=True)
    log = {k: [] for k in ("events", "windows", "merged", "removed", "dropped", "rescoped", "after_cancel", "window_dropped")}
    evs = sorted(e for e in idx)
    assert len(evs) == 27
    for ev in evs:
        build_old(ev, idx, log)
    json.dump(log, open(HERE / "v3_old_log.json", "w"), indent=1, default=str)
    for e in log["events"]:
        print(e["event"], e["opens"], e["until"], f"{e['prior']:.3f}", e["items"], e["windows"], e["met"],
              [(x[0], x[2]) for x in e["questions"]])
    print("after-cancel items:", log["after_cancel"])


if __name__ == "__main__":
    if sys.argv[1:] == ["old"]:
        main_old()
    else:
        raise SystemExit(__doc__)
