"""The weekly PDF report: pages, metadata, extracted text, determinism, continuation of long tables."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import pypdf
import pytest

from summitcast import report
from summitcast.errors import ValidationError
from summitcast.ledger import load_question
from summitcast.model import forecast
from summitcast.plotting import format_percent
from summitcast.report import build_report, parse_week, week_of

SUNDAY = dt.date(2025, 11, 2)

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
    with pytest.raises(ValidationError, match=r"--week: expected YYYY-Www, e.g. 2025-W44"):
        parse_week(bad)


def test_parse_week_rejects_a_week_the_year_lacks() -> None:
    with pytest.raises(ValidationError, match="not a week of 2025"):
        parse_week("2025-W53")
    assert parse_week("2026-W53")[1] == dt.date(2027, 1, 3)  # 2026 has 53 ISO weeks


# ------------------------------------------------------------------------------------------ build


def test_pages_metadata_and_text(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = build_report(ledger, "2025-W44", out, progress=False)
    reader = pypdf.PdfReader(out)
    # summary + one page per question in the week (the future one and the one resolved in August are left out)
    # + calibration (two resolved questions); no reliability fit
    assert result.questions == ("alpha-beta", "done-yes")
    assert result.pages == len(reader.pages) == 4
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
    for qid, page in (("alpha-beta", texts[1]), ("done-yes", texts[2])):
        f = forecast(load_question(ledger, qid), SUNDAY)
        pct = format_percent(f.probability)
        interval = f"{format_percent(f.low)}–{format_percent(f.high)}"
        assert f"{qid} " in summary and pct in summary and interval in summary
        assert page.startswith(qid) or qid in page
        assert f"Forecast at the end of 2025-11-02: {pct} (80% interval {interval})" in page
    # the week's evidence is listed with its contributions; the item logged in September is not
    assert "Officials say no meeting is planned during the trip." in summary
    assert "I would love to meet him." not in summary
    yon = forecast(load_question(ledger, "alpha-beta"), SUNDAY).contributions["e3"]
    assert f"{yon:+.2f}".replace("-", "−") in texts[1]
    # calibration page: both resolved questions, scores drawn as text
    assert "Calibration and scores" in texts[3]
    assert "done-yes" in texts[3] and "done-early" in texts[3]
    assert "baseline" in texts[3] and "n=" in texts[3]


def test_change_over_the_week_matches_the_model(ledger: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    build_report(ledger, "2025-W44", out, progress=False)
    q = load_question(ledger, "alpha-beta")
    change = forecast(q, SUNDAY).probability - forecast(q, dt.date(2025, 10, 26)).probability
    expected = f"{100 * change:+.1f}".replace("-", "−")
    assert f"change this week {expected} pts" in _norm(_texts(out)[1])


def test_byte_identical_with_source_date_epoch(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762041600")  # 2025-11-02 00:00 UTC
    a = build_report(ledger, "2025-W44", tmp_path / "a.pdf", progress=False).path
    b = build_report(ledger, "2025-W44", tmp_path / "b.pdf", progress=False).path
    assert a.read_bytes() == b.read_bytes()
    meta = pypdf.PdfReader(a).metadata
    assert meta is not None and meta.creation_date == dt.datetime(2025, 11, 2, tzinfo=dt.UTC)


def test_deterministic_without_source_date_epoch(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = build_report(ledger, "2025-W44", tmp_path / "a.pdf", progress=False).path
    b = build_report(ledger, "2025-W44", tmp_path / "b.pdf", progress=False).path
    assert a.read_bytes() == b.read_bytes()


def test_fonts_are_embedded_truetype(ledger: Path, tmp_path: Path) -> None:
    out = build_report(ledger, "2025-W44", tmp_path / "r.pdf", progress=False).path
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
    result = build_report(d, "2025-W44", out, progress=False)
    texts = [_norm(t) for t in _texts(out)]
    assert result.pages == len(texts) > 5
    busy = [t for t in texts if "busy-week: evidence logged this week" in t]
    assert len(busy) >= 2 and "now (continued)" in busy[1]
    joined = " ".join(busy)
    for i in range(70):  # no row is cut
        assert f"Statement number {i:02d} about the meeting." in joined
    assert any("Evidence logged this week (74) (continued)" in t for t in texts)


def test_png_pages_and_default_paths(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = build_report(
        ledger, png_dir=tmp_path / "png", today=dt.date(2025, 10, 29), progress=False
    )
    assert result.week == "2025-W44"
    assert result.path == Path("reports/2025-W44.pdf") and (tmp_path / result.path).is_file()
    assert len(result.png) == result.pages
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in result.png)
    assert result.png[0].name == "2025-W44-01-summary.png"
    assert "Wrote reports/2025-W44.pdf (4 pages)" in result.summary()
    assert json.loads(json.dumps(result.to_json()))["questions"] == ["alpha-beta", "done-yes"]


def test_default_week_honours_summitcast_today(
    ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMITCAST_TODAY", "2025-11-05")
    result = build_report(ledger, out=tmp_path / "r.pdf", progress=False)
    assert result.week == "2025-W45" and result.as_of == dt.date(2025, 11, 9)
    assert result.questions == ("alpha-beta",)  # done-yes resolved the week before


def test_empty_week_still_gives_a_summary(tmp_path: Path) -> None:
    d = tmp_path / "forecasts"
    d.mkdir()
    (d / "future-q.toml").write_text(FUTURE, encoding="utf-8")
    result = build_report(d, "2025-W44", tmp_path / "r.pdf", progress=False)
    assert result.pages == 1 and result.questions == ()
    assert "No question was open this week." in _texts(result.path)[0]


def test_bad_week_is_a_validation_error(ledger: Path, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="got '2025-44'"):
        build_report(ledger, "2025-44", tmp_path / "r.pdf", progress=False)
    assert not (tmp_path / "r.pdf").exists()


def test_reliability_page_when_a_fit_exists(ledger: Path, tmp_path: Path) -> None:
    reliability = pytest.importorskip("summitcast.reliability")
    rng = np.random.default_rng(0)
    types = ["principal", "official", "analyst", "media", "market"]
    draws = rng.uniform(0.2, 0.9, size=(200, len(types)))
    meta = {
        "format_version": reliability.FORMAT_VERSION,
        "input_hash": reliability.input_hash(ledger),
        "questions": ["done-early", "done-yes"],
        "items_by_type": {"official": 1},
        "diagnostics": {"divergences": 0, "max_r_hat": 1.004, "min_ess_bulk": 812.0,
                        "min_ess_tail": 640.0, "warnings": []},
        "sampler": "pymc", "chains": 2, "draws": 100, "tune": 100, "seed": 1,
        "created": "2025-11-01T00:00:00+00:00",
    }  # fmt: skip
    reliability._save_draws(ledger, types, draws, [], [], np.zeros((200, 0)), meta)
    out = tmp_path / "r.pdf"
    result = build_report(ledger, "2025-W44", out, progress=False)
    assert result.reliability and result.pages == 5
    last = _norm(_texts(out)[-1])
    assert "Learned source reliability" in last
    assert "largest r_hat (want ≤ 1.01) 1.004" in last
    assert f"{draws[:, 1].mean():.2f}" in last
    # forecasts on the question pages use the fit, as `show` does
    q = load_question(ledger, "alpha-beta")
    learned = reliability.load_learned(ledger)
    pct = format_percent(forecast(q, SUNDAY, learned=learned).probability)
    assert f"Forecast at the end of 2025-11-02: {pct}" in _norm(_texts(out)[1])


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = _Terminal()
    bar = report._Progress(3, True, stream)
    bar.step("quick")
    assert stream.getvalue() == ""
    monkeypatch.setattr(report, "PROGRESS_AFTER", 0.0)
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
        off = report._Progress(3, enabled, plain)
        off.step("x")
        off.close()
        assert plain.getvalue() == ""


def test_calibration_page_scores_ours_against_a_recorded_community_series(tmp_path: Path) -> None:
    from summitcast.comparison import question_span, read_community, trajectory_series
    from summitcast.scoring import series_peer_score, series_scores

    d = _ledger(tmp_path)
    (d / "done-yes.community.csv").write_text(
        "timestamp,probability\n2025-09-15,0.4\n2025-10-10,0.7\n", encoding="utf-8"
    )
    out = tmp_path / "r.pdf"
    result = build_report(d, "2025-W44", out, progress=False)
    q = load_question(d, "done-yes")
    ours, _ = trajectory_series(q)
    comm = read_community(d / "done-yes.community.csv")
    span = dict(zip(("opens", "closes", "resolved"), question_span(q), strict=True))
    peer = series_peer_score(1, ours, comm, **span)
    comm_baseline = series_scores(1, comm, **span)["baseline"]
    page = _norm(_texts(out)[3])
    row = page[page.index("done-yes") :]
    assert f"{comm_baseline:+.1f}".replace("-", "−") in row
    assert f"{peer:+.1f}".replace("-", "−") in row
    assert not any("community" in n for n in result.notes)
    # without the file, the note says the comparison is omitted
    (d / "done-yes.community.csv").unlink()
    again = build_report(d, "2025-W44", tmp_path / "s.pdf", progress=False)
    assert any("no community series" in n for n in again.notes)
