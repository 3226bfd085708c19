"""The weekly PDF report: pages, metadata, extracted text, determinism, continuation of long tables."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from dataclasses import replace
from pathlib import Path

import numpy as np
import pypdf
import pytest

from reference_scoring import ref_peer, ref_scores
from summitcast.errors import ValidationError
from summitcast.model import forecast
from summitcast.render.plotting import format_percent
from summitcast.render.report import build_report, layout, parse_week, week_of
from summitcast.render.report.layout import Progress
from summitcast.store.workspace import Workspace

SUNDAY = dt.date(2025, 11, 2)
#: A today after every week these tests report on (the report of a past week does not depend on it).
LATER = dt.date(2025, 11, 30)

OPEN_Q = """\
title = "Will A and B meet in person before 1 January 2026?"
resolution_criteria = "An in-person meeting reported by two major outlets."
opens = 2025-09-01
deadline = 2025-12-31

[prior]
probability = 0.2
rationale = "Base rate."

[[windows]]
id = "trip"
name = "Asia trip"
start = 2025-10-27
end = 2025-10-31
hazard = 8

[[evidence]]
id = "e1"
date = 2025-09-10
source = "Donald Trump"
source_type = "principal"
says = "I would love to meet him."
strength = "moderate"
direction = "for"

[[evidence]]
id = "e2"
date = 2025-10-28
source = "KCNA"
source_type = "official"
says = "No interest in talks under current conditions."
strength = "strong"
direction = "against"
window = "trip"

[[evidence]]
id = "e3"
date = 2025-10-30
source = "Yonhap"
says = "Officials say no meeting is planned during the trip."
lr = 0.5
"""

RESOLVED_IN_WEEK = """\
title = "Will C and D meet before 30 November 2025?"
resolution_criteria = "A meeting."
opens = 2025-09-15
deadline = 2025-11-30

[prior]
probability = 0.5
rationale = "Coin flip."

[[evidence]]
id = "x1"
date = 2025-10-01
source = "White House"
source_type = "official"
says = "A meeting is being arranged."
strength = "strong"
direction = "for"

[resolution]
outcome = "yes"
date = 2025-10-30
"""

RESOLVED_EARLIER = """\
title = "Will E and F meet before 1 September 2025?"
resolution_criteria = "A meeting."
opens = 2025-06-01
deadline = 2025-08-31

[prior]
probability = 0.3
rationale = "Reference class."

[resolution]
outcome = "no"
date = 2025-08-31
"""

FUTURE = """\
title = "Will G and H meet in 2026?"
resolution_criteria = "A meeting."
opens = 2026-01-01
deadline = 2026-12-31

[prior]
probability = 0.3
rationale = "Reference class."
"""


def _ledger(tmp_path: Path, extra: dict[str, str] | None = None) -> Path:
    d = tmp_path / "forecasts"
    d.mkdir()
    files = {
        "alpha-beta": OPEN_Q,
        "done-yes": RESOLVED_IN_WEEK,
        "done-early": RESOLVED_EARLIER,
        "future-q": FUTURE,
        **(extra or {}),
    }
    for qid, text in files.items():
        (d / f"{qid}.toml").write_text(text, encoding="utf-8")
    return d


def _texts(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return _ledger(tmp_path)


# ----------------------------------------------------------------------------------------- weeks


def test_parse_week_gives_monday_and_sunday() -> None:
    assert parse_week("2025-W44") == (dt.date(2025, 10, 27), SUNDAY)
    assert parse_week("2026-W01") == (dt.date(2025, 12, 29), dt.date(2026, 1, 4))
    assert week_of(SUNDAY) == "2025-W44"
    assert week_of(dt.date(2025, 12, 29)) == "2026-W01"


@pytest.mark.parametrize("bad", ["2025-44", "2025W44", "25-W44", "2025-W4", "", "2025-w44x"])
def test_parse_week_rejects_malformed(bad: str) -> None:
    with pytest.raises(ValidationError, match=r"^expected YYYY-Www, e.g. 2025-W44") as exc:
        parse_week(bad)
    assert exc.value.field == "week"  # the command line names it: "--week: expected ..."


def test_parse_week_rejects_a_week_the_year_lacks() -> None:
    with pytest.raises(ValidationError, match="not a week of 2025"):
        parse_week("2025-W53")
    assert parse_week("2026-W53")[1] == dt.date(2027, 1, 3)  # 2026 has 53 ISO weeks


# ------------------------------------------------------------------------------------------ build


def test_pages_metadata_and_text(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = build_report(Workspace(ledger), "2025-W44", out, today=LATER, progress=False)
    reader = pypdf.PdfReader(out)
    # summary + one page per question in the week (the future one and the one resolved in August are left out)
    # + the track record and the scores table (two resolved questions); no reliability fit
    assert result.questions == ("alpha-beta", "done-yes")
    assert result.pages == len(reader.pages) == 5  # the track record and the per-question scores
    assert result.calibration and not result.reliability
    assert (result.start, result.as_of, result.week) == (dt.date(2025, 10, 27), SUNDAY, "2025-W44")
    assert reader.metadata is not None
    assert reader.metadata.title == "summitcast weekly report 2025-W44"
    texts = [_norm(t) for t in _texts(out)]
    summary = texts[0]
    assert "summitcast weekly report: 2025-W44" in summary
    assert "done-early" not in summary
    assert "Not open yet (no page): future-q (opens 2026-01-01)" in summary
    assert "future-q" not in " ".join(texts[1:])
    titles = {
        "alpha-beta": "Will A and B meet in person before 1 January 2026?",
        "done-yes": "Will C and D meet before 30 November 2025?",
    }
    for (qid, page), other in zip(
        (("alpha-beta", texts[1]), ("done-yes", texts[2])), ("done-yes", "alpha-beta"), strict=True
    ):
        f = forecast(Workspace(ledger).load_question(qid), SUNDAY)
        pct = format_percent(f.probability)
        interval = f"{format_percent(f.low)}–{format_percent(f.high)}"
        row = summary[summary.index(f"{qid} {titles[qid]}") :]
        assert row.split()[len(titles[qid].split()) + 1 : len(titles[qid].split()) + 3] == [
            pct,
            interval,
        ]
        # the page is this question's: its title and its numbers, not the other question's
        assert titles[qid] in page and titles[other] not in page
        assert f"Forecast at the end of 2025-11-02: {pct} (80% interval {interval})" in page
    # the week's evidence is listed with its contributions; the item logged in September is not
    assert "Officials say no meeting is planned during the trip." in summary
    assert "I would love to meet him." not in summary
    yon = forecast(Workspace(ledger).load_question("alpha-beta"), SUNDAY).contributions["e3"]
    assert f"{yon:+.2f}".replace("-", "−") in texts[1]
    # track record: what it scores, the calibration, then each resolved question's scores
    assert "Track record: the model's daily trajectory" in texts[3]
    assert "What is scored: the model's daily trajectory" in texts[3] and "n=" in texts[3]
    assert "done-yes" in texts[4] and "done-early" in texts[4]


def test_change_over_the_week_matches_the_model(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build_report(Workspace(ledger), "2025-W44", out, today=LATER, progress=False)
    q = Workspace(ledger).load_question("alpha-beta")
    change = forecast(q, SUNDAY).probability - forecast(q, dt.date(2025, 10, 26)).probability
    expected = f"{100 * change:+.1f}".replace("-", "−")
    assert f"change this week {expected} pts" in _norm(_texts(out)[1])


def test_byte_identical_with_source_date_epoch(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762041600")  # 2025-11-02 00:00 UTC
    a = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "a.pdf", today=LATER, progress=False
    ).path
    b = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "b.pdf", today=LATER, progress=False
    ).path
    assert a.read_bytes() == b.read_bytes()
    meta = pypdf.PdfReader(a).metadata
    assert meta is not None and meta.creation_date == dt.datetime(2025, 11, 2, tzinfo=dt.UTC)


def test_deterministic_without_source_date_epoch(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "a.pdf", today=LATER, progress=False
    ).path
    b = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "b.pdf", today=LATER, progress=False
    ).path
    assert a.read_bytes() == b.read_bytes()


def test_fonts_are_embedded_truetype(ledger: Path, tmp_path: Path) -> None:
    out = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
    ).path
    for page in pypdf.PdfReader(out).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "DejaVuSans" in str(font["/BaseFont"])
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in desc  # the TrueType program is in the file


def test_long_evidence_table_continues_on_further_pages(tmp_path: Path) -> None:
    items = "".join(
        f"""
[[evidence]]
id = "n{i:02d}"
date = 2025-10-{27 + i % 5}
source = "Source {i:02d}"
says = "Statement number {i:02d} about the meeting."
lr = {1.2 if i % 2 else 0.8}
"""
        for i in range(70)
    )
    d = _ledger(tmp_path, {"busy-week": OPEN_Q.replace('id = "e', 'id = "b') + items})
    out = tmp_path / "r.pdf"
    result = build_report(Workspace(d), "2025-W44", out, today=LATER, progress=False)
    texts = [_norm(t) for t in _texts(out)]
    assert result.pages == len(texts) > 5
    busy = [t for t in texts if "busy-week: evidence logged this week" in t]
    assert len(busy) >= 2 and "now (continued)" in busy[1]
    joined = " ".join(busy)
    for i in range(70):  # no row is cut
        assert f"Statement number {i:02d} about the meeting." in joined
    # the summary lists the week's 15 largest items by |log-odds| (every one is on its question's pages)
    assert "the 15 largest of 74 by |log-odds| (the other 59 are on the question pages)" in texts[0]
    q = Workspace(d).load_question("busy-week")
    c = forecast(q, SUNDAY).contributions
    ranked = sorted((k for k in c if k.startswith("n")), key=lambda k: -abs(c[k]))
    says = {e.id: e.says for e in q.evidence}
    assert says[ranked[0]] in texts[0]


def test_png_pages_and_default_paths(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = build_report(
        Workspace(ledger), png_dir=tmp_path / "png", today=dt.date(2025, 10, 29), progress=False
    )
    assert result.week == "2025-W44"
    assert result.path == Path("reports/2025-W44.pdf") and (tmp_path / result.path).is_file()
    assert len(result.png) == result.pages
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in result.png)
    assert result.png[0].name == "2025-W44-01-summary.png"
    assert "Wrote reports/2025-W44.pdf (5 pages)" in result.summary()
    assert json.loads(json.dumps(result.to_json()))["questions"] == ["alpha-beta", "done-yes"]


def test_default_week_honours_summitcast_today(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from summitcast.cli import cli

    monkeypatch.setenv(
        "SUMMITCAST_TODAY", "2025-11-05"
    )  # read by the command line, passed as `today`
    args = ["--dir", str(ledger), "report", "--out", str(tmp_path / "r.pdf")]
    ran = CliRunner().invoke(cli, [*args, "--json"])
    assert ran.exit_code == 0, ran.output
    result = json.loads(ran.output)
    # the week so far: as of the end of today (Wednesday), not of the coming Sunday
    assert result["week"] == "2025-W45" and result["as_of"] == "2025-11-05"
    assert result["questions"] == ["alpha-beta"]  # done-yes resolved the week before
    summary = CliRunner().invoke(cli, args)
    assert summary.exit_code == 0, summary.output
    assert "2025-11-03 to 2025-11-05 (the week so far, as of today)" in summary.output


def test_report_of_the_current_week_gives_shows_numbers_of_today(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from summitcast.cli import cli

    monkeypatch.setenv("SUMMITCAST_TODAY", "2025-10-29")
    shown = CliRunner().invoke(cli, ["--dir", str(ledger), "show", "alpha-beta", "--json"])
    assert shown.exit_code == 0, shown.output
    today = json.loads(shown.output)
    assert today["as_of"] == "2025-10-29"
    out = tmp_path / "r.pdf"
    ran = CliRunner().invoke(cli, ["--dir", str(ledger), "report", "--out", str(out), "--json"])
    assert ran.exit_code == 0, ran.output
    assert json.loads(ran.output)["as_of"] == "2025-10-29"
    summary, page = (_norm(t) for t in _texts(out)[:2])
    assert "Week 2025-W44 so far: Monday 2025-10-27 to Wednesday 2025-10-29" in summary
    assert "Forecasts are as of the end of Wednesday 29 October 2025" in summary
    pct = format_percent(today["probability"])
    interval = f"{format_percent(today['interval'][0])}–{format_percent(today['interval'][1])}"
    assert f"Forecast at the end of 2025-10-29: {pct} (80% interval {interval})" in page
    helped = CliRunner().invoke(cli, ["report", "--help"])
    assert "as of today" in _norm(helped.output)


def test_a_week_not_begun_is_refused(ledger: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="after today"):
        build_report(
            Workspace(ledger),
            "2025-W46",
            tmp_path / "r.pdf",
            today=dt.date(2025, 11, 5),
            progress=False,
        )


def test_report_text_names_no_document_the_reader_does_not_have(
    ledger: Path, tmp_path: Path
) -> None:
    out = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
    ).path
    text = _norm(" ".join(_texts(out)))
    assert "CONTRACT" not in text and "section 5" not in text
    assert "0.25 is always saying 50%" in text  # the scores are said in words


def test_empty_week_still_gives_a_summary(tmp_path: Path) -> None:
    d = tmp_path / "forecasts"
    d.mkdir()
    (d / "future-q.toml").write_text(FUTURE, encoding="utf-8")
    result = build_report(Workspace(d), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False)
    assert result.pages == 1 and result.questions == ()
    assert "No question was open this week." in _texts(result.path)[0]


def test_bad_week_is_a_validation_error(ledger: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="got '2025-44'"):
        build_report(Workspace(ledger), "2025-44", tmp_path / "r.pdf", today=LATER, progress=False)
    assert not (tmp_path / "r.pdf").exists()


def test_reliability_page_when_a_fit_exists(ledger: Path, tmp_path: Path) -> None:
    reliability = pytest.importorskip("summitcast.fit.storage")
    rng = np.random.default_rng(0)
    types = ["principal", "official", "analyst", "media", "market"]
    draws = rng.uniform(0.2, 0.9, size=(200, len(types)))
    meta = {
        "format_version": reliability.FORMAT_VERSION,
        "input_hash": reliability.input_hash(ledger),
        "questions": ["done-early", "done-yes"],
        "items_by_type": {"official": 1},
        "diagnostics": {
            "divergences": 0,
            "max_r_hat": 1.004,
            "min_ess_bulk": 812.0,
            "min_ess_tail": 640.0,
            "warnings": [],
        },
        "sampler": "pymc",
        "chains": 2,
        "draws": 100,
        "tune": 100,
        "seed": 1,
        "created": "2025-11-01T00:00:00+00:00",
    }
    reliability._save_draws(ledger, types, draws, [], [], np.zeros((200, 0)), meta)
    out = tmp_path / "r.pdf"
    result = build_report(Workspace(ledger), "2025-W44", out, today=LATER, progress=False)
    assert result.reliability and result.pages == 6
    last = _norm(_texts(out)[-1])
    assert "Learned source reliability" in last
    assert "largest r_hat (want ≤ 1.01) 1.004" in last
    assert f"{draws[:, 1].mean():.2f}" in last
    # forecasts on the question pages use the fit, as `show` does
    q = Workspace(ledger).load_question("alpha-beta")
    learned = reliability.load_learned(ledger)
    pct = format_percent(forecast(q, SUNDAY, learned=learned).probability)
    assert f"Forecast at the end of 2025-11-02: {pct}" in _norm(_texts(out)[1])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Terminal()
    bar = Progress(3, True, stream)
    bar.step("quick")
    assert stream.getvalue() == ""
    monkeypatch.setattr(layout, "PROGRESS_AFTER", 0.0)
    bar.step("slow")
    bar.close()
    out = stream.getvalue()
    assert (
        "report" in out and "2/3" in out and "slow" in out
    )  # click's bar, caught up with the first step
    assert out.endswith("\n")
    for enabled, plain in (
        (True, io.StringIO()),
        (False, _Terminal()),
    ):  # not a terminal, or not asked for
        off = Progress(3, enabled, plain)
        off.step("x")
        off.close()
        assert plain.getvalue() == ""


def _midnight(d: dt.date) -> float:
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC).timestamp()


def test_scores_ours_against_a_recorded_community_series(tmp_path: Path) -> None:
    d = _ledger(tmp_path)
    (d / "done-yes.community.csv").write_text(
        "timestamp,probability\n2025-09-15,0.4\n2025-10-10,0.7\n", encoding="utf-8"
    )
    out = tmp_path / "r.pdf"
    result = build_report(Workspace(d), "2025-W44", out, today=LATER, progress=False)
    # the expectation by hand (CONTRACT section 5, tests/reference_scoring.py): the daily trajectory of done-yes
    # (opens 15 Sep, yes on 30 Oct): the forecast as of the end of day d stands from 00:00 of d + 1, the opening
    # day's from 00:00 of the opening day, up to 00:00 of the resolution day; the community series from its dates
    q = Workspace(d).load_question("done-yes")
    open_q = replace(q, resolution=None)
    days = [q.opens + dt.timedelta(days=k) for k in range((q.resolution.date - q.opens).days)]
    p = [forecast(open_q, day).probability for day in days]
    ours = [(_midnight(q.opens), p[0])] + [
        (_midnight(day) + 86400, pd) for day, pd in zip(days[:-1], p[:-1], strict=True)
    ]
    comm = [(_midnight(dt.date(2025, 9, 15)), 0.4), (_midnight(dt.date(2025, 10, 10)), 0.7)]
    span = (_midnight(q.opens), _midnight(q.deadline) + 86400, _midnight(q.resolution.date))
    peer = ref_peer(1, ours, comm, *span)
    comm_baseline = ref_scores(1, comm, *span)["baseline"]
    ours_baseline = ref_scores(1, ours, *span)["baseline"]
    page = _norm(_texts(out)[4])
    row = page[page.index("done-yes yes 2025-10-30") :].split()
    assert row[3] == str(len(days))  # days scored
    assert row[6] == f"{ours_baseline:+.1f}".replace("-", "−")
    assert row[8:10] == [
        f"{comm_baseline:+.1f}".replace("-", "−"),
        f"{peer:+.1f}".replace("-", "−"),
    ]
    assert not any("community" in n for n in result.notes)
    # without the file, the note says the comparison is omitted
    (d / "done-yes.community.csv").unlink()
    again = build_report(Workspace(d), "2025-W44", tmp_path / "s.pdf", today=LATER, progress=False)
    assert any("no community or market series is saved" in n for n in again.notes)


def test_track_record_scores_the_daily_trajectory_by_hand(ledger: Path, tmp_path: Path) -> None:
    out = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
    ).path
    page = _norm(_texts(out)[3])
    # by hand: each resolved question's days from opens to the day before the meeting (yes) or before the
    # deadline (no), each question weighing the same
    briers, pairs = [], {}
    for qid in ("done-yes", "done-early"):
        q = Workspace(ledger).load_question(qid)
        yes = q.resolution.outcome == "yes"
        last = (
            q.resolution.date - dt.timedelta(days=1) if yes else q.deadline - dt.timedelta(days=1)
        )
        days = [q.opens + dt.timedelta(days=k) for k in range((last - q.opens).days + 1)]
        p = [forecast(replace(q, resolution=None), day).probability for day in days]
        briers.append(sum((x - yes) ** 2 for x in p) / len(p))
        pairs[yes] = [(x, 1 / len(p)) for x in p]
    brier = sum(briers) / 2
    auc_num = sum(
        wy * wn * (1.0 if y > n else 0.5 if y == n else 0.0)
        for y, wy in pairs[True]
        for n, wn in pairs[False]
    )
    auc = auc_num / (sum(w for _, w in pairs[True]) * sum(w for _, w in pairs[False]))
    row = page[page.index("all 2 (1 yes)") :].split()
    assert row[5] == f"{brier:.3f}"  # all, 2, (1, yes), days, Brier
    assert row[13] == f"{auc:.2f}"  # ... Brier [lo, hi] REL RES UNC log baseline AUC
    assert "Source types: mean log-odds contribution of their items" in page


EVENT = """\
title = "A and B meet in person"
resolution_criteria = "An in-person meeting."
opens = 2025-09-01
until = 2026-12-31

[prior]
probability = 0.5
rationale = "Base rate over the horizon."

[[windows]]
id = "trip"
name = "Asia trip"
start = 2025-10-27
end = 2025-10-31
hazard = 8

[[evidence]]
id = "e1"
date = 2025-10-28
source = "KCNA"
source_type = "official"
says = "No talks."
strength = "moderate"
direction = "against"
"""


def _event_ledger(tmp_path: Path) -> Path:
    d = tmp_path / "forecasts"
    (d / "events").mkdir(parents=True)
    (d / "events" / "a-b.toml").write_text(EVENT, encoding="utf-8")
    for qid, deadline in (("a-b-2025", "2025-12-31"), ("a-b-2026", "2026-12-31")):
        (d / f"{qid}.toml").write_text(
            f'event = "a-b"\ntitle = "Will A and B meet by {deadline}?"\ndeadline = {deadline}\n',
            encoding="utf-8",
        )
    return d


def test_event_page_and_its_questions(tmp_path: Path) -> None:
    from summitcast.model import event_forecast
    from summitcast.store.workspace import Workspace

    d = _event_ledger(tmp_path)
    result = build_report(Workspace(d), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False)
    assert result.events == ("a-b",) and result.questions == ("a-b-2025", "a-b-2026")
    texts = [_norm(t) for t in _texts(result.path)]
    event = texts[1]
    loaded = {q.id: (q, ev) for q, ev in Workspace(d).load_all()[0]}
    ev = loaded["a-b-2025"][1]
    family = [loaded["a-b-2025"][0], loaded["a-b-2026"][0]]
    ef = event_forecast(ev, family, SUNDAY)
    assert "Event a-b" in event
    assert (
        f"P(meeting after 2025-11-02 and by 2026-12-31): {format_percent(ef.probability)}" in event
    )
    for q, f in zip(family, ef.questions, strict=True):
        assert f"{q.id} {q.deadline}" in event
        assert format_percent(f.probability) in event[event.index(f"{q.id} {q.deadline}") :]
        # each question page shows its forecast, equal to the event's curve at its deadline
        page = next(t for t in texts if q.title in t and "Forecast at the end" in t)
        assert f"Forecast at the end of 2025-11-02: {format_percent(f.probability)}" in page
        assert "Questions of the event a-b" in page
    # P by the end of each month: the cdf as of Sunday, December 2025 and the horizon's last month
    cdf = {day: p for day, p, _, _ in ef.cdf}
    assert f"Dec 2025 {format_percent(cdf[dt.date(2025, 12, 31)])}" in event
    assert f"Dec 2026 {format_percent(cdf[dt.date(2026, 12, 31)])}" in event
    assert cdf[dt.date(2025, 12, 31)] == pytest.approx(ef.questions[0].probability)
    # the question pages follow the event page; the summary shows the event's item once
    assert "a-b (2 questions)" in texts[0]


def test_summary_opens_with_what_needs_attention(ledger: Path, tmp_path: Path) -> None:
    late = RESOLVED_EARLIER.replace("[resolution]", "").replace('outcome = "no"', "")
    late = late.replace("date = 2025-08-31\n", "").replace(
        "deadline = 2025-08-31", "deadline = 2025-10-29"
    )
    (ledger / "late-q.toml").write_text(late, encoding="utf-8")
    out = build_report(
        Workspace(ledger), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
    ).path
    summary = _norm(_texts(out)[0])
    # opened 1 June, deadline 29 October, unresolved on Sunday 2 November: 4 days past the deadline
    head = summary[: summary.index("Questions")]
    assert "Needs attention as of 2025-11-02" in head
    assert (
        "deadline passed late-q: the deadline 2025-10-29 passed 4 day(s) ago and it is not resolved"
        in head
    )


def test_report_is_byte_identical_from_run_to_run_with_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762041600")
    d = _event_ledger(tmp_path)
    a = build_report(
        Workspace(d),
        "2025-W44",
        tmp_path / "a.pdf",
        today=LATER,
        progress=False,
        png_dir=tmp_path / "pa",
    )
    b = build_report(
        Workspace(d),
        "2025-W44",
        tmp_path / "b.pdf",
        today=LATER,
        progress=False,
        png_dir=tmp_path / "pb",
    )
    assert a.path.read_bytes() == b.path.read_bytes()
    assert [p.read_bytes() for p in a.png] == [p.read_bytes() for p in b.png]


# ----------------------------------------------------------------------------------------- pasted text

PASTED_SAYS = "\ufeffNo interest\u200b in\u2060 talks\u0007 under\u202e current\ue000 conditions, 김여정 said."
PASTED_SOURCE = "KCNA\ufeff\u200d"


def test_pasted_invisible_and_control_characters_do_not_break_the_report(
    tmp_path: Path,
) -> None:
    said = OPEN_Q.replace(
        'says = "No interest in talks under current conditions."',
        f"says = {json.dumps(PASTED_SAYS)}",
    ).replace('source = "KCNA"', f"source = {json.dumps(PASTED_SOURCE)}")
    assert said != OPEN_Q
    d = tmp_path / "forecasts"
    d.mkdir()
    (d / "alpha-beta.toml").write_text(said, encoding="utf-8")
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "Glyph ... missing" either
        result = build_report(
            Workspace(d), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
        )
    text = "\n".join(_texts(result.path))
    # the text as written, minus the characters that have no glyph
    assert "KCNA No interest in talks under current conditions, 김여정 said." in text
    for ch in "\ufeff\u200b\u2060\u0007\u202e\ue000":
        assert ch not in text


# ----------------------------------------------------------------------------------------- reading cleanly


class _Pages:
    """A stand-in for PdfPages: counts the pages saved."""

    def __init__(self) -> None:
        self.saved = 0

    def savefig(self, fig: object) -> None:
        self.saved += 1


@pytest.mark.parametrize(("used", "rows"), [(6.6, 9), (6.9, 5), (7.3, 12), (0.0, 60)])
def test_a_table_leaves_no_page_holding_a_few_rows(used: float, rows: int) -> None:
    """However far down the page a table starts, no page holds one or two of its rows (an orphan at the foot, or
    a continuation page that is otherwise blank); a long table still continues, every row drawn once."""
    pdf = _Pages()
    writer = layout.Writer(pdf, None, "w", "footer")  # type: ignore[arg-type]
    flow = layout.Flow(writer, "t", top=used or layout.MARGIN)
    per_page: list[int] = []
    real = layout.draw_table_in

    def counting(fig, rect, columns, chunk, widths, **kw):
        per_page.append(len(chunk))
        return real(fig, rect, columns, chunk, widths, **kw)

    layout.draw_table_in = counting
    try:
        flow.table("heading", ["a", "b"], [[str(i), "x"] for i in range(rows)], [1, 1])
        flow.finish()
    finally:
        layout.draw_table_in = real
    assert sum(per_page) == rows
    assert all(n >= layout.ORPHAN_ROWS for n in per_page), per_page
    if rows <= 12:  # a short table is never split
        assert len(per_page) == 1, per_page


def test_a_question_page_holds_its_weeks_nine_items(tmp_path: Path) -> None:
    # nine items logged this week on a question of an event with two questions: they stay on its page
    items = "".join(
        f"""
[[evidence]]
id = "w{i}"
date = 2025-10-{27 + i % 5}
source = "Speaker {i} (Agency, quoted by outlet {i})"
source_type = "official"
says = "Statement {i} about the meeting."
lr = {1.3 if i % 2 else 0.75}
"""
        for i in range(9)
    )
    d = _event_ledger(tmp_path)
    (d / "events" / "a-b.toml").write_text(EVENT + items, encoding="utf-8")
    result = build_report(Workspace(d), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False)
    texts = [_norm(t) for t in _texts(result.path)]
    assert not any("(continued)" in t for t in texts)
    page = next(t for t in texts if "a-b-2025: evidence logged this week" in t)
    for i in range(9):
        assert f"Statement {i} about the meeting." in page
    assert result.warnings == ()


def test_no_library_warning_reaches_the_terminal(tmp_path: Path) -> None:
    import subprocess
    import sys

    d = _event_ledger(tmp_path)
    env = {**dict(os.environ), "PYTHONWARNINGS": "default", "SUMMITCAST_TODAY": "2025-11-02"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "summitcast",
            "--dir",
            str(d),
            "report",
            "--out",
            str(tmp_path / "r.pdf"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stderr == ""
    # and a warning raised while drawing is kept in the result, not printed
    import warnings

    from summitcast.render.report import layout as lay

    real = lay.Writer.save

    def noisy(self, fig, name):
        warnings.warn("Attempting to set identical low and high ylims", UserWarning, stacklevel=1)
        return real(self, fig, name)

    lay.Writer.save = noisy
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = build_report(
                Workspace(d), "2025-W44", tmp_path / "s.pdf", today=LATER, progress=False
            )
    finally:
        lay.Writer.save = real
    assert result.warnings and "identical low and high ylims" in result.warnings[0]
