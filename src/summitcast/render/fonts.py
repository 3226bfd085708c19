"""How every figure draws the ledger's text: literally (no mathtext) and with real glyphs for Hangul, Chinese and Japanese.

Matplotlib reads a pair of dollar signs as mathtext (``"offered $5 billion and $10 billion"`` would be drawn as
``5billionand10 billion``) and draws characters its font lacks as empty boxes. Every plot function of
:mod:`summitcast.render.plotting` and every page of :mod:`summitcast.render.report` therefore creates its text inside
:func:`literal_text`, a :func:`matplotlib.rc_context` (nothing is set globally) with

- ``text.parse_math`` off: ``$``, ``_``, ``^`` and ``\\`` are drawn as written;
- ``font.family`` a fallback list: DejaVu Sans (matplotlib's own font) for Latin, Greek, Cyrillic and symbols,
  then WenQuanYi Micro Hei for what DejaVu Sans lacks: Hangul (all 11,172 syllables), the 20,902 CJK unified
  ideographs (simplified and traditional Chinese, kanji, hanja) and kana;
- ``pdf.fonttype`` 42: fonts are embedded as TrueType subsets, so the PDF's text can be searched and extracted.

The CJK font comes from the PyPI package ``paperang-p2-fonts-cjk`` (a dependency, so ``pip install`` brings it on
any machine; the font is Apache-2.0 whatever the wheel's MIT label: LICENSES/README.md in the repository); it is a TrueType collection (glyf outlines), which matplotlib embeds correctly as Type 42, unlike
the CFF-flavoured Noto Sans CJK / Source Han OpenType files. It is registered with matplotlib's font manager
the first time a figure needs it. When the package is missing the list is DejaVu Sans alone (CJK text then
shows as boxes, as before).

Text pasted from elsewhere can hold characters that no font draws: a byte-order mark (U+FEFF), zero-width spaces
and joiners, bidirectional controls, control characters (a bell, an escape), private-use code points.
:func:`drawable` removes exactly those (what is left is the text as written), and every figure's text passes
through it (:func:`drawable_figure` before a page is saved): matplotlib's PDF writer fails with an IndexError on
U+FEFF and warns "Glyph ... missing" for the others.

Only this module, :mod:`summitcast.render.plotting` and :mod:`summitcast.render.report` import matplotlib.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.resources
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

__all__ = [
    "BASE_FAMILY",
    "CJK_FAMILY",
    "cjk_font_path",
    "drawable",
    "drawable_figure",
    "font_families",
    "literal_text",
    "literal_text_rc",
    "with_literal_text",
]

#: The first font of every figure (matplotlib's bundled DejaVu Sans).
BASE_FAMILY = "DejaVu Sans"
#: The fallback for Hangul, CJK ideographs and kana.
CJK_FAMILY = "WenQuanYi Micro Hei"
_CJK_PACKAGE = "paperang_p2_fonts_cjk"
_CJK_FILE = "fonts/wqy-microhei.ttc"

P = ParamSpec("P")
R = TypeVar("R")


def cjk_font_path() -> Path | None:
    """The CJK font file shipped by the ``paperang-p2-fonts-cjk`` package, or None when it is not installed.

    Returns
    -------
    pathlib.Path or None
        The path of ``wqy-microhei.ttc``.
    """
    try:
        path = importlib.resources.files(_CJK_PACKAGE).joinpath(_CJK_FILE)
    except ModuleNotFoundError:
        return None
    return Path(str(path)) if path.is_file() else None


@functools.cache
def font_families() -> tuple[str, ...]:
    """The font fallback list of every figure, registering the CJK font with matplotlib on the first call.

    Returns
    -------
    tuple of str
        ``("DejaVu Sans", "WenQuanYi Micro Hei")``, or ``("DejaVu Sans",)`` when the CJK font is not installed.

    Examples
    --------
    >>> font_families()[0]
    'DejaVu Sans'
    """
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is None:
        return (BASE_FAMILY,)
    manager = font_manager.fontManager
    if path.resolve() not in {Path(f.fname).resolve() for f in manager.ttflist}:
        manager.addfont(path)
        # The font has one weight. Without a bold entry every bold text (headings, table headers) would log
        # "findfont: Failed to find font weight bold" while looking down the fallback list: a bold entry for
        # the same file says that bold CJK text is drawn in the regular weight, quietly.
        regular = [f for f in manager.ttflist if f.name == CJK_FAMILY and Path(f.fname) == path]
        manager.ttflist.extend(dataclasses.replace(f, weight=700) for f in regular)
        manager._findfont_cached.cache_clear()
    return (BASE_FAMILY, CJK_FAMILY)


def literal_text_rc() -> dict[str, Any]:
    """The matplotlib settings under which text is drawn as written, with CJK fallback and TrueType embedding.

    Returns
    -------
    dict
        ``text.parse_math``, ``font.family``, ``pdf.fonttype`` and ``ps.fonttype``.
    """
    return {
        "text.parse_math": False,
        "font.family": list(font_families()),
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
    }


@contextmanager
def literal_text(extra: dict[str, Any] | None = None) -> Iterator[None]:
    """A :func:`matplotlib.rc_context` of :func:`literal_text_rc` (and ``extra``), restored on exit.

    Text objects keep the settings they were created with, so a figure built inside the context can be
    saved after it.

    Parameters
    ----------
    extra
        Further rc settings (applied after, so they win).

    Examples
    --------
    >>> import matplotlib
    >>> from matplotlib.figure import Figure
    >>> with literal_text():
    ...     t = Figure().text(0, 0, "$5 and $10")
    >>> t.get_parse_math(), matplotlib.rcParams["text.parse_math"]
    (False, True)
    """
    import matplotlib

    with matplotlib.rc_context({**literal_text_rc(), **(extra or {})}):
        yield


def with_literal_text(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a plot function so that all the text it creates is drawn under :func:`literal_text`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with literal_text():
            return func(*args, **kwargs)

    return wrapper


#: Unicode categories never drawn: controls, formats (U+FEFF, zero-width spaces and joiners, bidi controls, the
#: soft hyphen), private use, surrogates and unassigned code points.
_NEVER_DRAWN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
#: Characters drawn as a plain space (tab, line and paragraph separators); a newline stays a newline.
_AS_SPACE = frozenset(
    {"\t", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"}
)


@functools.cache
def _glyph_fonts() -> tuple[Any, ...]:
    """One FT2Font per family of the fallback list, to ask which characters have a glyph."""
    from matplotlib.font_manager import FontProperties, findfont
    from matplotlib.ft2font import FT2Font

    return tuple(
        FT2Font(findfont(FontProperties(family=family), fallback_to_default=False))
        for family in font_families()
    )


@functools.cache
def _char(ch: str) -> str:
    """What one character becomes when drawn: itself, a space, or nothing."""
    if ch == "\n":
        return ch
    if ch in _AS_SPACE:
        return " "
    if unicodedata.category(ch) in _NEVER_DRAWN:
        return ""
    if any(font.get_char_index(ord(ch)) for font in _glyph_fonts()):
        return ch
    return ""


def drawable(text: str) -> str:
    """``text`` without the characters no font of the figures draws (tabs and line separators as spaces).

    Removed: control characters other than the newline, format characters (U+FEFF, U+200B to U+200F, U+2060,
    bidirectional controls, the soft hyphen), private-use, surrogate and unassigned code points, and any
    character that neither DejaVu Sans nor the CJK font has a glyph for. Everything else is kept as written.

    Parameters
    ----------
    text
        Any text (from the ledger, a file name, ...).

    Returns
    -------
    str
        The text a figure can draw; ``text`` itself (the same object) when it has nothing to remove.

    Examples
    --------
    >>> drawable("\\ufeffNo\\u200b interest\\u0007 in\\ttalks")
    'No interest in talks'
    >>> drawable("김여정 and 习近平")
    '김여정 and 习近平'
    """
    if text.isascii() and text.isprintable():
        return text
    out = "".join(_char(ch) for ch in text)
    return text if out == text else out


def drawable_figure(fig: Any) -> None:
    """Pass the text of every Text artist of ``fig`` (titles, tick labels, annotations, tables) through
    :func:`drawable`, in place: call it just before saving.

    Parameters
    ----------
    fig
        A :class:`matplotlib.figure.Figure`.
    """
    from matplotlib.text import Text

    for artist in fig.findobj(Text):
        text = artist.get_text()
        if text:
            clean = drawable(text)
            if clean is not text:
                artist.set_text(clean)
