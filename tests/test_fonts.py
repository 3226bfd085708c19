"""The ledger's text as written in every figure: no mathtext, real glyphs for Hangul, Chinese and Japanese."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import matplotlib
import numpy as np
import pypdf
import pytest
from fontTools.ttLib import TTFont
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import text_to_path

from summitcast.render import fonts
from summitcast.render.plotting import draw_table, fit_text, plot_reliability, plot_waterfall
from summitcast.render.report import build_report
from summitcast.store.workspace import Workspace

#: A today after the reported week (the report of a past week does not depend on it).
LATER = dt.date(2025, 11, 30)

TITLE = "Offered $5 billion and $10 billion: a_b, x^2 and back\\slash?"
WINDOW = "Summit a_b $1 $2"
MATH_SOURCE = "a_b $x$ back\\slash"
MATH_SAYS = "offered $5 billion and $10 billion, x^2"
KOREAN_SOURCE = "김여정"
CJK_SAYS = "金正恩 and 习近平; こんにちは"


def _toml(s: str) -> str:
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


LEDGER = f"""\
title = {_toml(TITLE)}
resolution_criteria = "A meeting."
opens = 2025-09-01
deadline = 2025-12-31

[prior]
probability = 0.2

[[windows]]
id = "summit"
name = {_toml(WINDOW)}
start = 2025-10-27
end = 2025-10-31
kind = "period"
hazard = 8

[[evidence]]
id = "kim"
date = 2025-10-28
source = {_toml(KOREAN_SOURCE)}
source_type = "official"
says = {_toml(CJK_SAYS)}
strength = "strong"
direction = "against"

[[evidence]]
id = "math"
date = 2025-10-29
source = {_toml(MATH_SOURCE)}
source_type = "media"
says = {_toml(MATH_SAYS)}
strength = "moderate"
direction = "for"
"""


@pytest.fixture
def report_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1762041600")
    d = tmp_path / "forecasts"
    d.mkdir()
    (d / "lit-q.toml").write_text(LEDGER, encoding="utf-8")
    return build_report(
        Workspace(d), "2025-W44", tmp_path / "r.pdf", today=LATER, progress=False
    ).path


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(path).pages]


def _lines(path: Path) -> list[str]:
    return [line for page in _pages(path) for line in page.splitlines()]


def test_report_text_is_the_ledgers_text_not_mathtext(report_pdf: Path) -> None:
    lines = _lines(report_pdf)
    # the question page's title line is the title exactly
    assert TITLE in lines
    # the week's evidence table: source and what was said, side by side, as written
    summary = _pages(report_pdf)[0]
    assert f"{MATH_SOURCE} {MATH_SAYS} " in summary
    assert f"lit-q {TITLE} " in summary
    # the window's name on the plot, and the item's label in the waterfall
    text = "\n".join(lines)
    assert f"{WINDOW} (×8)" in text
    assert f"29 Oct {MATH_SOURCE}" in lines
    for mangled in ("5billionand10", "5 billion and 10 billion", "ab,", "x2 "):
        assert mangled not in text


def test_report_draws_hangul_chinese_and_japanese_with_the_cjk_font(report_pdf: Path) -> None:
    assert f"{KOREAN_SOURCE} {CJK_SAYS} " in _pages(report_pdf)[0]
    assert f"28 Oct {KOREAN_SOURCE}" in _lines(report_pdf)
    embedded = {}
    for page in pypdf.PdfReader(report_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            embedded[str(font["/BaseFont"]).split("+")[-1]] = desc
    assert "WenQuanYiMicroHei" in embedded
    assert any(name.startswith("DejaVuSans") for name in embedded)
    # the CJK subset is a TrueType program (Type 42) holding real outlines for every character
    program = embedded["WenQuanYiMicroHei"]["/FontFile2"].get_object().get_data()
    subset = TTFont(io.BytesIO(program))
    assert "glyf" in subset
    cmap = subset.getBestCmap()
    for ch in set(KOREAN_SOURCE + CJK_SAYS) - set(" ;and"):
        assert ord(ch) in cmap, ch
        assert subset["glyf"][cmap[ord(ch)]].numberOfContours != 0, ch  # outlines or components


def test_cjk_report_is_byte_identical_across_builds(
    report_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    again = build_report(
        Workspace(tmp_path / "forecasts"),
        "2025-W44",
        tmp_path / "b.pdf",
        today=LATER,
        progress=False,
    )
    assert again.path.read_bytes() == report_pdf.read_bytes()


def test_font_families_put_dejavu_first_then_the_packaged_cjk_font() -> None:
    path = fonts.cjk_font_path()
    assert path is not None and path.is_file()  # installed with the package (a dependency)
    assert fonts.font_families() == ("DejaVu Sans", "WenQuanYi Micro Hei")
    from matplotlib.font_manager import fontManager

    for weight in ("normal", "bold"):  # bold CJK text finds the (one-weight) font without a warning
        prop = FontProperties(family="WenQuanYi Micro Hei", weight=weight)
        assert Path(fontManager.findfont(prop, fallback_to_default=False)) == path


def _fresh_ax():
    fig = Figure(figsize=(6, 3))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.grid(True)  # creates a tick (and its label) before the plot function runs
    return fig, ax


def test_plot_functions_draw_literal_text_and_leave_rcparams_alone() -> None:
    before = {k: matplotlib.rcParams[k] for k in ("text.parse_math", "font.family")}
    fig, ax = _fresh_ax()
    drawn = plot_waterfall(ax, 0.2, [(MATH_SOURCE, 0.5), ("x^2", -0.3)], note=MATH_SAYS)
    assert {k: matplotlib.rcParams[k] for k in before} == before
    assert (
        before["text.parse_math"] is True
    )  # matplotlib's default: the test would mean nothing otherwise
    texts = [*ax.get_yticklabels(), *drawn["values"], drawn["note"]]
    assert [t.get_text() for t in ax.get_yticklabels()][1:3] == [MATH_SOURCE, "x^2"]
    assert all(not t.get_parse_math() for t in texts)
    assert drawn["note"].get_fontfamily() == list(fonts.font_families())
    fig.canvas.draw()  # mathtext would fail or rewrite; literal text draws as is
    _, ax2 = _fresh_ax()
    plot_reliability(ax2, ["a_b", "$x$"], np.array([0.5, 0.6]), np.zeros(2), np.ones(2))
    assert [(t.get_text(), t.get_parse_math()) for t in ax2.get_yticklabels()] == [
        ("a_b", False),
        ("$x$", False),
    ]


def test_table_cells_measured_and_drawn_with_the_cjk_font() -> None:
    fig, ax = _fresh_ax()
    drawn = draw_table(ax, ["source", "says"], [[KOREAN_SOURCE, CJK_SAYS * 10]], [1, 2])
    assert drawn["texts"][0][0] == KOREAN_SOURCE
    cell = drawn["cells"][0][1]
    assert cell.get_text().endswith("…") and not cell.get_parse_math()
    # the shortened cell fits its column in the PDF's (unhinted) widths, CJK glyphs included
    prop = FontProperties(family=list(fonts.font_families()), size=7.5)
    width, _, _ = text_to_path.get_text_width_height_descent(cell.get_text(), prop, ismath=False)
    column = ax.get_window_extent().width / fig.dpi * 72 * 2 / 3
    assert width <= column
    # a Hangul syllable is a full em wide (8 pt at 8 pt): at most 12 of them and the ellipsis fit in 100 pt
    # (measured with DejaVu Sans alone, whose box glyph is narrower, more would have been kept)
    short = fit_text("김" * 200, 100, 8)
    assert short.endswith("…") and 8 <= len(short) <= 13


def test_the_cjk_font_is_the_apache_licensed_font_whose_licence_the_repository_ships() -> None:
    """LICENSES/ carries the font's own licence: the installed file must still be that font under that licence."""
    from fontTools.ttLib import TTCollection

    path = fonts.cjk_font_path()
    assert path is not None
    names = TTCollection(str(path)).fonts[0]["name"]
    assert names.getDebugName(1) == "WenQuanYi Micro Hei"
    assert names.getDebugName(13) == "Licensed under the Apache License, Version 2.0"
    licences = Path(__file__).resolve().parents[1] / "LICENSES"
    note = (licences / "README.md").read_text(encoding="utf-8")
    assert "paperang-p2-fonts-cjk" in note and "Apache-2.0" in note
    text = (licences / "WenQuanYi-Micro-Hei-Apache-2.0.txt").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION" in text
