"""Blind packets: every statement of every episode, shuffled across episodes, without outcome/notes/direction."""
import csv, random, sys, pathlib, json
src_dirs = [pathlib.Path(p) for p in sys.argv[1].split(",")]
out = pathlib.Path(sys.argv[2]); nbatch = int(sys.argv[3]); seed = int(sys.argv[4])
index = {}
rows = []
for d in src_dirs:
    for r in csv.DictReader(open(d / "index.csv", encoding="utf-8")):
        index[r["event_id"]] = r
        for i, s in enumerate(csv.DictReader(open(d / f"{r['event_id']}.csv", encoding="utf-8"))):
            if s["speaker"].strip().upper() == "OUTCOME":
                continue
            speaker = s["speaker"]
            role = s["speaker_role"]
            if speaker.strip().lower() == "announcement":
                speaker, role = role, "(announcement of an occasion)"
            rows.append({"event": r["event_id"], "row": i, "leaders": f"{r['leader_a']} and {r['leader_b']}",
                         "date": s["date"], "speaker": speaker, "role": role, "outlet": s["outlet"],
                         "says": s["quote_or_paraphrase"]})
rng = random.Random(seed)
rng.shuffle(rows)
key = []
batches = [[] for _ in range(nbatch)]
for k, r in enumerate(rows):
    pid = f"p{seed % 1000:03d}-{k:04d}"
    key.append({"pid": pid, "event": r["event"], "row": r["row"]})
    batches[k % nbatch].append({"pid": pid, **{f: r[f] for f in ("leaders", "date", "speaker", "role", "outlet", "says")}})
for b, items in enumerate(batches, 1):
    with open(out / f"batch{b}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(items[0]))
        w.writeheader(); w.writerows(items)
keydir = out / "KEY_DO_NOT_READ"; keydir.mkdir(exist_ok=True)
with open(keydir / "key.csv", "w", newline="") as fh:
    w = csv.DictWriter(fh, fieldnames=["pid", "event", "row"]); w.writeheader(); w.writerows(key)
print(len(rows), "packets in", nbatch, "batches")
