"""Tests of summitcast.evaluation.comparison (score_files, read_community, compare_question) and plotting."""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pytest

from reference_scoring import ref_peer, ref_scores
from summitcast.cli.base import FLAGS
from summitcast.domain.question import Prior, Question, Resolution
from summitcast.errors import ValidationError
from summitcast.evaluation.comparison import (
    ScoreReport,
    compare_question,
    question_span,
    read_community,
    read_series_csv,
    score_files,
    series_from_log,
)
from summitcast.render.scores import render_compare_text, render_score_report
from summitcast.scoring.series import Series
from summitcast.store.forecastlog import LoggedForecast

DAY = 86400.0
T0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC).timestamp()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def assert_close(got, want, tol=1e-6):
    if want is None:
        assert got is None
    else:
        assert got is not None
        assert abs(got - want) <= tol * max(1.0, abs(want)), (got, want)


# ------------------------------------------------------------------------------------------------
# score_files on small hand-made files


@pytest.fixture
def small(tmp_path: Path) -> dict[str, Path]:
    q = write(
        tmp_path / "q.csv",
        "id,opens,closes,outcome,resolved,extra\n"
        "faq,2025-01-01,2025-01-06,yes,,x\n"
        "early,2025-01-01,2025-01-11,no,2025-01-05,y\n"
        "empty,2025-01-01T00:00:00Z,2025-01-02T00:00:00+00:00,1,,z\n",
    )
    ours = write(
        tmp_path / "ours.csv",
        "id,timestamp,probability\n"
        "faq,2025-01-02,0.4\n"
        "faq,2025-01-03,0.7\n"
        "faq,2025-01-05,0.8\n"
        "early,2024-12-20,0.3\n"
        "early,2025-01-08,0.9\n"
        "stranger,2025-01-01,0.5\n"
        "stranger,2025-01-02,0.5\n",
    )
    comm = write(
        tmp_path / "comm.csv",
        "timestamp,probability,id\n"
        "2025-01-01T12:00:00,0.5,faq\n"
        "2025-01-03,0.5,early\n"
        "2025-01-01,0.5,empty\n",
    )
    return {"q": q, "ours": ours, "comm": comm}


def test_score_files_values_and_json_shape(small):
    report = score_files(small["q"], small["ours"], small["comm"])
    assert isinstance(report, ScoreReport)
    js = report.to_json()
    assert list(js) == ["questions", "summary"]
    assert [q["id"] for q in js["questions"]] == ["faq", "early", "empty"]
    for q in js["questions"]:
        assert list(q) == ["id", "ours", "community", "peer"]
        assert list(q["ours"]) == ["brier", "log", "baseline", "coverage"]
        assert list(q["community"]) == ["brier", "log", "baseline", "coverage"]
    faq, early, empty = js["questions"]
    assert round(faq["ours"]["baseline"], 2) == 26.54
    assert faq["ours"]["coverage"] == pytest.approx(0.8)
    # early: span 10 days, resolved after 4; 0.3 stands from before opens; the 0.9 is after resolved
    assert early["ours"]["coverage"] == pytest.approx(0.4)
    assert early["ours"]["baseline"] == pytest.approx(0.4 * 100 * math.log2(1.4))
    assert early["ours"]["brier"] == pytest.approx(0.09)
    assert early["community"]["coverage"] == pytest.approx(0.2)
    assert early["peer"] == pytest.approx(0.2 * 100 * math.log(0.7 / 0.5))
    # no forecast of ours in the span: coverage 0, brier/log null, baseline and peer 0
    assert empty["ours"] == {"brier": None, "log": None, "baseline": 0.0, "coverage": 0.0}
    assert empty["peer"] == 0.0
    assert empty["community"]["baseline"] == 0.0
    s = js["summary"]
    assert s["n_questions"] == 3
    assert s["ours"]["baseline"] == pytest.approx(
        (faq["ours"]["baseline"] + early["ours"]["baseline"] + 0.0) / 3
    )
    assert s["ours"]["brier"] == pytest.approx((faq["ours"]["brier"] + 0.09) / 2)  # nulls skipped
    assert s["peer"] == pytest.approx((faq["peer"] + early["peer"]) / 3)
    diff = [q["ours"]["baseline"] - q["community"]["baseline"] for q in js["questions"]]
    assert s["ours_minus_community"]["baseline"] == pytest.approx(np.mean(diff))
    lo, hi = s["ours_minus_community"]["baseline_ci95"]
    assert min(diff) <= lo <= np.mean(diff) <= hi <= max(diff)
    assert s["peer_ci95"][0] <= s["peer"] <= s["peer_ci95"][1]
    assert s["warnings"] == [
        f"{small['ours']}: ignored 2 forecasts for 1 id not in {small['q']}: stranger"
    ]
    json.dumps(js, allow_nan=False)  # strict JSON: no NaN anywhere


def test_score_files_without_community(small):
    js = score_files(small["q"], small["ours"]).to_json()
    assert all(q["community"] is None and q["peer"] is None for q in js["questions"])
    s = js["summary"]
    assert s["community"] is None and s["peer"] is None and s["ours_minus_community"] is None


def test_render_text(small):
    text = render_score_report(score_files(small["q"], small["ours"], small["comm"]))
    head, lines = text.splitlines()[:3], text.splitlines()[3:]
    # what is scored, named before the table (one score story across score, compare and the report)
    assert head[0] == f"scoring the series in {small['ours']}"
    assert head[1] == f"against the series in {small['comm']}"
    assert head[2].startswith(f"over each question's span from {small['q']}")
    assert "time without a forecast counts 0" in head[2]
    assert "difference of baseline scores also counts each series' uncovered time as 0" in text
    assert lines[0].split() == [
        "question",
        "series",
        "baseline",
        "brier",
        "log",
        "coverage",
        "peer",
    ]
    assert lines[1].split()[:3] == ["faq", "ours", "+26.54"]
    empty = next(line for line in lines if line.startswith("empty "))
    assert empty.split() == ["empty", "ours", "+0.00", "n/a", "n/a", "0.0%", "+0.00"]
    assert "Summary over 3 questions" in text
    assert "ours - community, baseline score: " in text
    assert "95% bootstrap interval" in text
    assert "warning: " in lines[-1]


def test_header_only_questions_file(tmp_path):
    q = write(tmp_path / "q.csv", "id,opens,closes,outcome\n")
    f = write(tmp_path / "f.csv", "id,timestamp,probability\nx,2025-01-01,0.5\n")
    js = score_files(q, f, f).to_json()
    assert js["questions"] == []
    assert js["summary"]["ours"]["baseline"] is None
    assert len(js["summary"]["warnings"]) == 2


# ------------------------------------------------------------------------------------------------
# error paths (exact messages)

Q_HEAD = "id,opens,closes,outcome,resolved\n"
F_HEAD = "id,timestamp,probability\n"


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ("", "q.csv: empty file (expected a header row with id, opens, closes, outcome)"),
        (
            "id,opens,outcome\n",
            "q.csv: missing column 'closes' (found: id, opens, outcome)",
        ),
        (
            "ID,Start\n",
            "q.csv: missing columns 'opens', 'closes', 'outcome' (found: ID, Start)",
        ),
        (
            Q_HEAD + "a,2025-01-01,2025-01-02,yes,\na,2025-01-01,2025-01-03,no,\n",
            "q.csv: line 3: id: duplicate question id 'a' (first on line 2)",
        ),
        (Q_HEAD + ",2025-01-01,2025-01-02,yes,\n", "q.csv: line 2: id: missing value"),
        (
            Q_HEAD + "a,01/02/2025,2025-01-02,yes,\n",
            "q.csv: line 2: opens: must be an ISO 8601 date or datetime (got '01/02/2025')",
        ),
        (
            Q_HEAD + "a,2025-01-02,2025-01-02,yes,\n",
            "q.csv: line 2: closes: must be after opens (2025-01-02 <= 2025-01-02)",
        ),
        (
            Q_HEAD + "a,2025-01-01,2025-01-02,maybe,\n",
            "q.csv: line 2: outcome: must be yes, no, 1 or 0 (got 'maybe')",
        ),
        (
            Q_HEAD + "a,2025-01-05,2025-01-09,no,2025-01-01\n",
            "q.csv: line 2: resolved: must not be before opens (2025-01-01 < 2025-01-05)",
        ),
        (
            Q_HEAD + "a,2025-01-05,2025-01-09,no,soon\n",
            "q.csv: line 2: resolved: must be an ISO 8601 date or datetime (got 'soon')",
        ),
        (Q_HEAD + "a,2025-01-05\n", "q.csv: line 2: closes: missing value"),
    ],
)
def test_question_file_errors(tmp_path, monkeypatch, questions, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "q.csv", questions)
    write(tmp_path / "f.csv", F_HEAD)
    with pytest.raises(ValidationError) as exc:
        score_files(Path("q.csv"), Path("f.csv"))
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("a,2025-01-01,1.3\n", "f.csv: line 7: probability: must be in [0, 1] (got 1.3)"),
        ("a,2025-01-01,nan\n", "f.csv: line 7: probability: must be in [0, 1] (got nan)"),
        ("a,2025-01-01,high\n", "f.csv: line 7: probability: must be a number (got 'high')"),
        ("a,2025-01-01,\n", "f.csv: line 7: probability: missing value"),
        (
            "a,yesterday,0.5\n",
            "f.csv: line 7: timestamp: must be an ISO 8601 date or datetime (got 'yesterday')",
        ),
        ("a\n", "f.csv: line 7: timestamp: missing value"),
    ],
)
def test_forecast_file_errors(tmp_path, monkeypatch, rows, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "q.csv", Q_HEAD + "a,2025-01-01,2025-02-01,yes,\n")
    good = "a,2025-01-01,0.5\n" * 4
    write(tmp_path / "f.csv", F_HEAD + good + "\n" + rows)  # a blank line is skipped, still counted
    with pytest.raises(ValidationError) as exc:
        score_files(Path("q.csv"), Path("f.csv"))
    assert str(exc.value) == message


def test_forecast_file_missing_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "q.csv", Q_HEAD)
    write(tmp_path / "f.csv", "id,date,p\n")
    with pytest.raises(ValidationError) as exc:
        score_files(Path("q.csv"), Path("f.csv"))
    assert (
        str(exc.value) == "f.csv: missing columns 'timestamp', 'probability' (found: id, date, p)"
    )


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        score_files(tmp_path / "nope.csv", tmp_path / "nope2.csv")


# ------------------------------------------------------------------------------------------------
# the real ForecastBench files, mapped into the score CSV format in tmp_path


def _forecastbench_to_score_csv(src: Path, dst: Path) -> tuple[Path, Path]:
    """Map ForecastBench's columns to ``id, opens, closes, outcome, resolved`` and
    ``id, timestamp, probability``. The id is ``source:id``; eight Polymarket questions have no
    open time (``N/A``): their first crowd forecast date is used as ``opens``."""
    q_out, f_out = dst / "questions.csv", dst / "crowd.csv"
    with (src / "questions.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with q_out.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "opens", "closes", "outcome", "resolved"])
        for r in rows:
            opens = r["market_info_open_datetime"]
            if opens == "N/A":
                opens = r["first_forecast_date"]
            w.writerow(
                [
                    f"{r['source']}:{r['id']}",
                    opens,
                    r["market_info_close_datetime"],
                    r["outcome"],
                    r["resolution_date"],
                ]
            )
    with (
        (src / "crowd_forecasts.csv").open(encoding="utf-8", newline="") as fh,
        f_out.open("w", newline="") as out,
    ):
        w = csv.writer(out)
        w.writerow(["id", "timestamp", "probability"])
        for r in csv.DictReader(fh):
            w.writerow([f"{r['source']}:{r['id']}", r["date"], r["crowd_prob"]])
    return q_out, f_out


def _load(q_csv: Path, f_csv: Path):
    def ts(text):
        d = dt.datetime.fromisoformat(text)
        return (d if d.tzinfo else d.replace(tzinfo=dt.UTC)).timestamp()

    with q_csv.open() as fh:
        qs = [
            (r["id"], ts(r["opens"]), ts(r["closes"]), int(r["outcome"]), ts(r["resolved"]))
            for r in csv.DictReader(fh)
        ]
    pts: dict[str, list] = {}
    with f_csv.open() as fh:
        for r in csv.DictReader(fh):
            pts.setdefault(r["id"], []).append((ts(r["timestamp"]), float(r["probability"])))
    return qs, pts


def test_forecastbench_all_200_questions_against_reference(shared_data, tmp_path):
    q_csv, f_csv = _forecastbench_to_score_csv(shared_data / "forecastbench", tmp_path)
    # "ours": the crowd shifted one day later and shrunk towards 0.5, to get a non-trivial peer score
    qs, pts = _load(q_csv, f_csv)
    ours = {k: [(t + DAY, 0.5 + 0.8 * (p - 0.5)) for t, p in v] for k, v in pts.items()}
    o_csv = tmp_path / "ours.csv"
    with o_csv.open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "timestamp", "probability"])
        for k, v in ours.items():
            for t, p in v:
                stamp = dt.datetime.fromtimestamp(t, dt.UTC).isoformat()
                w.writerow([k, stamp, repr(p)])
    report = score_files(q_csv, o_csv, f_csv)
    js = report.to_json()
    assert len(js["questions"]) == 200
    assert report.warnings == []
    for (qid, opens, closes, outcome, resolved), got in zip(qs, js["questions"], strict=True):
        assert got["id"] == qid
        want_c = ref_scores(outcome, pts.get(qid, []), opens, closes, resolved)
        want_o = ref_scores(outcome, ours.get(qid, []), opens, closes, resolved)
        for f in ("brier", "log", "baseline", "coverage"):
            assert_close(got["community"][f], want_c[f])
            assert_close(got["ours"][f], want_o[f])
        want_p = ref_peer(outcome, ours.get(qid, []), pts.get(qid, []), opens, closes, resolved)
        assert_close(got["peer"], want_p)
    s = js["summary"]
    assert s["community"]["coverage"] == pytest.approx(
        np.mean([q["community"]["coverage"] for q in js["questions"]])
    )
    assert 0 < s["community"]["coverage"] < 1
    assert s["community"]["baseline"] > 0  # the crowd beats a coin on real questions
    json.dumps(js, allow_nan=False)


def test_forecastbench_scored_against_itself(shared_data, tmp_path):
    q_csv, f_csv = _forecastbench_to_score_csv(shared_data / "forecastbench", tmp_path)
    js = score_files(q_csv, f_csv, f_csv).to_json()
    assert all(q["peer"] == 0.0 for q in js["questions"])
    assert all(q["ours"] == q["community"] for q in js["questions"])
    assert js["summary"]["ours_minus_community"] == {"baseline": 0.0, "baseline_ci95": [0.0, 0.0]}


# ------------------------------------------------------------------------------------------------
# reading community series


def test_read_all_22_metaculus_posts(shared_data):
    files = sorted((shared_data / "metaculus").glob("post_*.json"))
    assert len(files) == 22
    lengths = {}
    for f in files:
        s = read_community(f)
        data = json.loads(f.read_text())
        hist = data["question"]["aggregations"]["recency_weighted"]["history"]
        lengths[f.stem] = len(s)
        assert len(s) == len(hist)  # every real last step is open-ended (end_time null)
        if hist:
            assert s.probs.tolist() == [h["centers"][0] for h in hist]
            assert s.times[0] == hist[0]["start_time"]
            assert np.all(np.diff(s.times) >= 0)
    assert sum(1 for n in lengths.values() if n == 0) == 6
    assert (lengths["post_34277"], lengths["post_34282"], lengths["post_34666"]) == (74, 76, 80)


def test_compare_a_real_metaculus_post(shared_data):
    f = shared_data / "metaculus" / "post_34277.json"
    comm = read_community(f)
    q = _question(opens=dt.date(2025, 1, 30), deadline=dt.date(2025, 1, 31))
    ours = Series.from_points([_ts(2025, 1, 30)], [0.3])
    r = compare_question(q, ours, comm, outcome="no")
    opens, closes, _ = question_span(q)
    hist = json.loads(f.read_text())["question"]["aggregations"]["recency_weighted"]["history"]
    cpts = [(h["start_time"], h["centers"][0]) for h in hist]
    assert_close(r["community"]["baseline"], ref_scores(0, cpts, opens, closes)["baseline"])
    assert_close(r["peer"], ref_peer(0, [(opens, 0.3)], cpts, opens, closes))
    assert r["ours"]["coverage"] == 1.0
    assert 0 < r["community"]["coverage"] < 1


def test_current_format_end_time_and_top_level_question(tmp_path):
    post = {
        "question": {
            "type": "binary",
            "aggregations": {
                "recency_weighted": {
                    "history": [
                        {"start_time": 200.0, "end_time": 300.0, "centers": [0.6]},
                        {"start_time": 100.0, "end_time": 200.0, "centers": [0.2]},
                    ]
                }
            },
        }
    }
    s = read_community(write(tmp_path / "p.json", json.dumps(post)))
    assert s.times.tolist() == [100.0, 200.0, 300.0]
    assert s.probs[:2].tolist() == [0.2, 0.6] and math.isnan(s.probs[2])
    bare = read_community(write(tmp_path / "q.json", json.dumps(post["question"])))
    assert bare.times.tolist() == s.times.tolist()


def test_legacy_api2_format(tmp_path):
    hist = [{"t": 1000.0, "x1": {"q1": 0.1, "q2": 0.25, "q3": 0.4}}, {"t": 500, "x1": {"q2": 0.5}}]
    s = read_community(
        write(tmp_path / "a.json", json.dumps({"community_prediction": {"history": hist}}))
    )
    assert s.times.tolist() == [500.0, 1000.0]
    assert s.probs.tolist() == [0.5, 0.25]
    nested = {"question": {"community_prediction": {"history": hist}}}
    assert len(read_community(write(tmp_path / "b.json", json.dumps(nested)))) == 2


def test_csv_community(tmp_path):
    s = read_community(
        write(tmp_path / "c.csv", "id,timestamp,probability\nx,2025-01-02,0.4\ny,2025-01-01,0.3\n")
    )
    assert s.times.tolist() == [_ts(2025, 1, 1), _ts(2025, 1, 2)]
    assert s.probs.tolist() == [0.3, 0.4]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{\n  'a': 1}",
            "c.json: line 2: not valid JSON (Expecting property name enclosed in double quotes)",
        ),
        (
            '{"question": {"title": "x"}}',
            "c.json: not a recognised community series: expected a Metaculus post JSON "
            "(question.aggregations.recency_weighted.history), a legacy api2 JSON "
            "(community_prediction.history) or a CSV with columns timestamp, probability",
        ),
        (
            '{"question": {"type": "numeric", "aggregations": {"recency_weighted": {"history": []}}}}',
            "c.json: only binary questions can be scored (question type is 'numeric')",
        ),
        (
            '{"question": {"aggregations": {"recency_weighted": {"history": '
            '[{"start_time": 1, "end_time": null, "centers": [1.5]}]}}}}',
            "c.json: question.aggregations.recency_weighted.history[0].centers: must be a list "
            "whose first item is a probability in [0, 1] (got [1.5])",
        ),
        (
            '{"question": {"aggregations": {"recency_weighted": {"history": '
            '[{"start_time": "x", "centers": [0.5]}]}}}}',
            "c.json: question.aggregations.recency_weighted.history[0].start_time: must be a "
            "number (got 'x')",
        ),
        (
            '{"community_prediction": {"history": [{"t": 1, "x1": {"q1": 0.2}}]}}',
            "c.json: community_prediction.history[0].x1.q2: must be a probability in [0, 1] "
            "(got None)",
        ),
    ],
)
def test_read_community_errors(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c.json", content)
    with pytest.raises(ValidationError) as exc:
        read_community(Path("c.json"))
    assert str(exc.value) == message


def test_read_series_csv_filters_by_id(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "o.csv", "id,timestamp,probability\na,2025-01-01,0.2\nb,2025-01-01,0.9\n")
    assert read_series_csv(Path("o.csv"), "a").probs.tolist() == [0.2]
    assert len(read_series_csv(Path("o.csv"))) == 2
    with pytest.raises(ValidationError) as exc:
        read_series_csv(Path("o.csv"), "c")
    assert str(exc.value) == "o.csv: no rows with id 'c' (ids found: a, b)"


# ------------------------------------------------------------------------------------------------
# compare_question


def _ts(y, m, d):
    return dt.datetime(y, m, d, tzinfo=dt.UTC).timestamp()


def _question(opens=dt.date(2025, 1, 1), deadline=dt.date(2025, 1, 10), resolution=None):
    return Question(
        id="trump-kim",
        title="Will they meet?",
        resolution_criteria="in person",
        opens=opens,
        deadline=deadline,
        prior=Prior(0.2),
        resolution=resolution,
    )


def test_question_span_rules():
    q = _question()
    assert question_span(q) == (_ts(2025, 1, 1), _ts(2025, 1, 11), None)
    yes = _question(resolution=Resolution("yes", dt.date(2025, 1, 5)))
    assert question_span(yes)[2] == _ts(2025, 1, 5)
    late = _question(resolution=Resolution("no", dt.date(2025, 1, 20)))
    assert question_span(late)[2] is None
    annulled = _question(resolution=Resolution("annulled", dt.date(2025, 1, 5)))
    assert question_span(annulled)[2] is None


def test_compare_question_uses_ledger_outcome_and_truncates_at_resolution():
    q = _question(resolution=Resolution("yes", dt.date(2025, 1, 5)))
    ours = Series.from_points(
        [_ts(2024, 12, 30), _ts(2025, 1, 3), _ts(2025, 1, 5)], [0.2, 0.6, 1.0]
    )
    comm = Series.from_points([_ts(2025, 1, 2)], [0.4])
    r = compare_question(q, ours, comm)
    assert list(r) == ["id", "ours", "community", "peer"]
    assert r["id"] == "trump-kim"
    # span 10 days; scored up to 00:00 of Jan 5 (the P = 1 logged that day is not scored)
    want = (2 * 100 * math.log2(0.4) + 2 * 100 * math.log2(1.2)) / 10
    assert r["ours"]["baseline"] == pytest.approx(want)
    assert r["ours"]["coverage"] == pytest.approx(0.4)
    assert r["community"]["coverage"] == pytest.approx(0.3)
    assert r["peer"] == pytest.approx(
        (100 * math.log(0.2 / 0.4) + 2 * 100 * math.log(0.6 / 0.4)) / 10
    )
    # --outcome overrides the ledger
    r_no = compare_question(q, ours, comm, outcome="no")
    assert r_no["ours"]["brier"] == pytest.approx((2 * 0.04 + 2 * 0.36) / 4)


@pytest.mark.parametrize(
    ("resolution", "outcome", "message"),
    [
        (
            None,
            None,
            "trump-kim: the question is not resolved; give the outcome (--outcome yes|no)",
        ),
        (
            Resolution("annulled", dt.date(2025, 1, 5)),
            None,
            "trump-kim: the question was annulled; annulled questions are not scored",
        ),
        (None, "maybe", "outcome must be yes or no (got 'maybe')"),
    ],
)
def test_compare_question_errors(resolution, outcome, message):
    with pytest.raises(ValidationError) as exc:
        compare_question(_question(resolution=resolution), Series.empty(), Series.empty(), outcome)
    assert exc.value.naming(FLAGS) == message  # as the command line says it


def test_series_from_log_and_compare_text():
    def entry(ts, p):
        return LoggedForecast("trump-kim", ts, ts.date(), p, None, None, 0, "0.1.0", "add")

    log = [
        entry(dt.datetime(2025, 1, 1, 9, tzinfo=dt.UTC), 0.2),
        entry(dt.datetime(2025, 1, 4, tzinfo=dt.UTC), 0.5),
        entry(dt.datetime(2025, 1, 8, tzinfo=dt.UTC), None),
    ]
    s = series_from_log(log)
    assert s.times.tolist() == [_ts(2025, 1, 1) + 9 * 3600, _ts(2025, 1, 4), _ts(2025, 1, 8)]
    assert s.probs[:2].tolist() == [0.2, 0.5] and math.isnan(s.probs[2])
    assert len(series_from_log([])) == 0
    r = compare_question(_question(), s, Series.from_points([0.0], [0.5]), outcome="no")
    assert r["ours"]["coverage"] == pytest.approx((7 * DAY - 9 * 3600) / (10 * DAY))
    text = render_compare_text(r, outcome="no")
    lines = text.splitlines()
    assert lines[0] == "trump-kim (outcome: no)"
    assert lines[2].split()[0] == "ours"
    assert lines[3].split()[0] == "community"
    assert lines[4] == f"peer score, ours vs community: {r['peer']:+.2f} (ours better)"


# ------------------------------------------------------------------------------------------------
# the comparison plot


def test_plot_comparison_draws_both_series_with_scores():
    pytest.importorskip("matplotlib")
    from matplotlib.figure import Figure

    from summitcast.render.plotting import plot_comparison

    q = _question()
    ours = Series.from_points([_ts(2024, 12, 1), _ts(2025, 1, 4)], [0.2, 0.7])
    comm = Series.from_points([_ts(2025, 1, 2)], [0.4])
    result = compare_question(q, ours, comm, outcome="yes")
    ax = Figure().subplots()
    opens, closes, _ = question_span(q)
    drawn = plot_comparison(ours, comm, outcome="yes", scores=result, ax=ax, span=(opens, closes))
    texts = [t.get_text() for t in drawn["legend"].get_texts()]
    assert texts[0].startswith(f"ours (baseline {result['ours']['baseline']:+.1f}, Brier ")
    assert texts[1].startswith("community (baseline ")
    assert texts[2] == "outcome: yes"
    assert (
        drawn["legend"].get_title().get_text()
        == f"peer score (ours vs community) {result['peer']:+.1f}"
    )
    y = drawn["lines"]["ours"].get_ydata()
    assert list(y) == [0.2, 0.7, 0.7]  # the forecast from before opens stands at opens
    assert list(drawn["lines"]["outcome"].get_ydata()) == [1.0, 1.0]
    assert drawn["lines"]["community"].get_xdata()[0] == np.datetime64("2025-01-02T00:00:00")
    empty = plot_comparison(Series.empty(), comm, outcome="no", scores={}, ax=Figure().subplots())
    assert empty["lines"]["ours"] is None
