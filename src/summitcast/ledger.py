"""The question file format: reading with full validation, and editing that keeps the user's layout.

One TOML file per question, ``<DIR>/<id>.toml`` (CONTRACT section 1). Reading uses the standard library's
``tomllib`` (fast: ``show`` reads a file on every run) and validates everything, collecting every problem with the
line it is on. Editing (``add``, ``window``, ``resolve``) goes through ``tomlkit``, which keeps comments, order and
blank lines exactly as the user wrote them; every edited text is validated again before it is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitcast.errors import LedgerError, UnknownQuestionError
from summitcast.question import (
    DEFAULT_PRIOR_WEIGHT,
    DIRECTIONS,
    ID_PATTERN,
    OUTCOMES,
    SOURCE_TYPES,
    STRENGTH_LR,
    Evidence,
    Prior,
    Question,
    Resolution,
    Window,
)

__all__ = [
    "EVIDENCE_KEYS",
    "append_evidence",
    "append_window",
    "did_you_mean",
    "evidence_field_problems",
    "load_all",
    "load_question",
    "load_question_text",
    "parse_question",
    "question_ids",
    "question_path",
    "read_question_text",
    "render_new_question",
    "set_resolution",
]

Problem = tuple[int | None, str | None, str]

# ------------------------------------------------------------------------------------------- schema


@dataclass(frozen=True)
class _Field:
    kind: str  # "str", "date", "number", "strlist", "table", "tables"
    required: bool = False


TOP_KEYS = {
    "title": _Field("str", True),
    "resolution_criteria": _Field("str", True),
    "opens": _Field("date", True),
    "deadline": _Field("date", True),
    "tags": _Field("strlist"),
    "prior": _Field("table", True),
    "windows": _Field("tables"),
    "evidence": _Field("tables"),
    "resolution": _Field("table"),
}
PRIOR_KEYS = {
    "probability": _Field("number", True),
    "weight": _Field("number"),
    "rationale": _Field("str"),
}
WINDOW_KEYS = {
    "id": _Field("str", True),
    "name": _Field("str", True),
    "start": _Field("date", True),
    "end": _Field("date", True),
    "hazard": _Field("number", True),
}
EVIDENCE_KEYS = {
    "id": _Field("str", True),
    "date": _Field("date", True),
    "logged": _Field("date"),
    "source": _Field("str", True),
    "source_type": _Field("str"),
    "origin": _Field("str"),
    "says": _Field("str", True),
    "url": _Field("str"),
    "lr": _Field("number"),
    "strength": _Field("str"),
    "direction": _Field("str"),
    "reliability": _Field("number"),
    "window": _Field("str"),
    "half_life_days": _Field("number"),
}
RESOLUTION_KEYS = {
    "outcome": _Field("str", True),
    "date": _Field("date"),
    "note": _Field("str"),
}


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``"; did you mean 'x'?"`` hint for a misspelt word, or ``""`` when nothing is close.

    Examples
    --------
    >>> did_you_mean("proir", ["prior", "title"])
    "; did you mean 'prior'?"
    >>> did_you_mean("zzz", ["prior"])
    ''
    """
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


# ------------------------------------------------------------------------------------ line locator


_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
_KEYLINE = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*(?:\.\s*[A-Za-z0-9_-]+\s*)*=")


class _Lines:
    """Maps ``(table, index, key)`` to the 1-based line where it is written, from the raw text."""

    def __init__(self, text: str):
        self.keys: dict[tuple[str, int, str], int] = {}
        self.tables: dict[tuple[str, int], int] = {}
        table, index = "", 0
        counts: dict[str, int] = {}
        in_multiline: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            m = _HEADER.match(line)
            if m:
                table = m.group(2).strip().strip("\"'")
                if m.group(1) == "[[":
                    index = counts.get(table, -1) + 1
                    counts[table] = index
                else:
                    index = 0
                self.tables.setdefault((table, index), lineno)
                continue
            k = _KEYLINE.match(line)
            if k:
                key = k.group(1).strip("\"'")
                self.keys.setdefault((table, index, key), lineno)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2 == 1:
                        in_multiline = quote
                        break

    def key(self, table: str, index: int, key: str) -> int | None:
        found = self.keys.get((table, index, key))
        if found is None and table == "":
            # an inline or dotted table: ``prior = {...}`` or ``prior.probability = ...``
            return None
        return found

    def table(self, table: str, index: int = 0) -> int | None:
        return self.tables.get((table, index)) or self.keys.get(("", 0, table))


# --------------------------------------------------------------------------------------- validation


class _Checker:
    """Collects problems while converting a raw TOML mapping into domain values."""

    def __init__(self, text: str):
        self.lines = _Lines(text)
        self.problems: list[Problem] = []

    def add(self, table: str, index: int, key: str | None, label: str | None, msg: str) -> None:
        line = self.lines.key(table, index, key) if key else None
        if line is None:
            line = self.lines.table(table, index) if table else None
        self.problems.append((line, label, msg))

    def check_keys(
        self,
        raw: dict[str, Any],
        schema: dict[str, _Field],
        table: str,
        index: int,
        label: Callable[[str], str],
    ) -> dict[str, Any]:
        """Unknown and missing keys, and each value's type; returns the well-typed values."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in schema:
                hint = did_you_mean(key, schema) or f" (allowed: {', '.join(schema)})"
                where = f"[{table}]" if table else "the top level"
                self.add(table, index, key, label(key), f"unknown key '{key}' in {where}{hint}")
                continue
            ok, msg = _typecheck(value, schema[key].kind)
            if ok:
                out[key] = value
            else:
                self.add(table, index, key, label(key), msg)
        for key, spec in schema.items():
            if spec.required and key not in raw:
                self.add(table, index, None, label(key), "missing required key")
        return out


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"string {value!r}"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dt.datetime):
        return f"date-time {value.isoformat()}"
    if isinstance(value, dt.date | dt.time):
        return f"{type(value).__name__} {value.isoformat()}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return f"{type(value).__name__} {value!r}"


def _typecheck(value: Any, kind: str) -> tuple[bool, str]:
    if kind == "str":
        if isinstance(value, str):
            return (True, "") if value.strip() else (False, "must not be empty")
        return False, f"must be a string (got {_describe(value)})"
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, f"must be a number (got {_describe(value)})"
        if not math.isfinite(value):
            return False, f"must be a finite number (got {value})"
        return True, ""
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return True, ""
        if isinstance(value, str):
            return False, f"must be a TOML date like 2025-10-29, without quotes (got {value!r})"
        return False, f"must be a date like 2025-10-29 (got {_describe(value)})"
    if kind == "strlist":
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return True, ""
        return False, "must be a list of strings"
    if kind == "table":
        if isinstance(value, dict):
            return True, ""
        return False, f"must be a table (got {_describe(value)})"
    if kind == "tables":
        if isinstance(value, list) and all(isinstance(v, dict) for v in value):
            return True, ""
        return False, f"must be an array of tables, written [[...]] (got {_describe(value)})"
    raise AssertionError(kind)


def evidence_field_problems(item: dict[str, Any]) -> list[tuple[str, str]]:
    """Range and consistency problems of one evidence item's well-typed fields, as ``(key, message)``.

    Shared by the file reader and ``add``, so that a value is judged the same way wherever it comes from.
    Cross-item rules (unique ids, windows that exist) are checked by :func:`parse_question`.

    Parameters
    ----------
    item
        The item's keys and values (already of the right types).

    Returns
    -------
    list of (str, str)
        Each problem's key and message; empty when the item is valid.

    Examples
    --------
    >>> evidence_field_problems({"lr": -1.0})
    [('lr', 'must be > 0 (got -1.0)')]
    """
    problems: list[tuple[str, str]] = []
    has_lr = "lr" in item
    has_strength = "strength" in item
    if has_lr and not item["lr"] > 0:
        problems.append(("lr", f"must be > 0 (got {item['lr']})"))
    if has_lr and (has_strength or "direction" in item):
        other = "strength" if has_strength else "direction"
        problems.append((other, "give either lr or strength with direction, not both"))
    if has_strength:
        if item["strength"] not in STRENGTH_LR:
            hint = did_you_mean(item["strength"], STRENGTH_LR) or (
                f" (one of {', '.join(STRENGTH_LR)})"
            )
            problems.append(("strength", f"unknown strength '{item['strength']}'{hint}"))
        if "direction" not in item:
            problems.append(("direction", "strength needs a direction: 'for' or 'against'"))
    if "direction" in item and item["direction"] not in DIRECTIONS:
        hint = did_you_mean(item["direction"], DIRECTIONS) or " (one of for, against)"
        problems.append(("direction", f"unknown direction '{item['direction']}'{hint}"))
    if "direction" in item and not has_strength and not has_lr:
        problems.append(("strength", "direction needs a strength (weak ... very-strong)"))
    if not has_lr and not has_strength and "direction" not in item:
        problems.append(("lr", "give either lr or strength with direction"))
    st = item.get("source_type")
    if st is not None and st not in SOURCE_TYPES:
        hint = did_you_mean(st, SOURCE_TYPES) or f" (one of {', '.join(SOURCE_TYPES)})"
        problems.append(("source_type", f"unknown source type '{st}'{hint}"))
    r = item.get("reliability")
    if r is not None and not 0 <= r <= 1:
        problems.append(("reliability", f"must be between 0 and 1 (got {r})"))
    h = item.get("half_life_days")
    if h is not None and not h > 0:
        problems.append(("half_life_days", f"must be > 0 (got {h})"))
    if "date" in item and "logged" in item and item["logged"] < item["date"]:
        problems.append(("logged", f"must not be before date ({item['logged']} < {item['date']})"))
    return problems


def _no_day_possible(opens: dt.date, deadline: dt.date, windows: list[Window]) -> bool:
    """Whether windows of hazard 0 cover every day of the span (the hazard profile would be all zero)."""
    zero = [w for w in windows if w.hazard == 0]
    if not zero:
        return False
    positive = [w for w in windows if w.hazard > 0]
    day = opens
    while day <= deadline:
        in_zero = any(w.start <= day <= w.end for w in zero)
        if not in_zero or any(w.start <= day <= w.end for w in positive):
            return False
        day += dt.timedelta(days=1)
    return True


def parse_question(text: str, path: Path | str, question_id: str | None = None) -> Question:
    """Parse and validate a question file's text.

    Parameters
    ----------
    text
        The TOML text.
    path
        The file it came from (named in every error).
    question_id
        The question's id; default the file's stem.

    Returns
    -------
    Question
        The validated question.

    Raises
    ------
    LedgerError
        With every problem found, each naming the line and key.
    """
    path = Path(path)
    qid = question_id if question_id is not None else path.stem
    try:
        raw = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column \d+\)", msg)
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", msg)
        raise LedgerError(path, [(line, None, f"invalid TOML: {msg}")]) from None

    c = _Checker(text)
    if not ID_PATTERN.match(qid):
        c.problems.append(
            (
                None,
                None,
                f"file name '{qid}' is not a valid question id (lowercase letters, digits, -)",
            )
        )
    top = c.check_keys(raw, TOP_KEYS, "", 0, lambda k: k)

    # prior
    prior = None
    if "prior" in top:
        pr = c.check_keys(top["prior"], PRIOR_KEYS, "prior", 0, lambda k: f"prior.{k}")
        p = pr.get("probability")
        w = pr.get("weight", DEFAULT_PRIOR_WEIGHT)
        ok = True
        if p is not None and not 0 < p < 1:
            c.add("prior", 0, "probability", "prior.probability", f"must be in (0, 1) (got {p})")
            ok = False
        if not w > 0:
            c.add("prior", 0, "weight", "prior.weight", f"must be > 0 (got {w})")
            ok = False
        if p is not None and ok:
            prior = Prior(float(p), float(w), pr.get("rationale", ""))

    opens, deadline = top.get("opens"), top.get("deadline")
    if opens and deadline and deadline < opens:
        c.add("", 0, "deadline", "deadline", f"must not be before opens ({deadline} < {opens})")

    # windows
    windows: list[Window] = []
    seen_w: set[str] = set()
    for i, raw_w in enumerate(top.get("windows", [])):

        def wl(k: str, i: int = i) -> str:
            return f"windows[{i}].{k}"

        w = c.check_keys(raw_w, WINDOW_KEYS, "windows", i, wl)
        bad = len(w) < len(raw_w) or any(k not in w for k in WINDOW_KEYS)
        if "hazard" in w and w["hazard"] < 0:
            c.add("windows", i, "hazard", wl("hazard"), f"must be >= 0 (got {w['hazard']})")
            bad = True
        if "start" in w and "end" in w and w["end"] < w["start"]:
            c.add(
                "windows",
                i,
                "end",
                wl("end"),
                f"must not be before start ({w['end']} < {w['start']})",
            )
            bad = True
        if opens and deadline and "start" in w and "end" in w:  # noqa: SIM102 - reads as two rules
            if w["start"] < opens or w["end"] > deadline:
                c.add(
                    "windows",
                    i,
                    "start",
                    wl("start"),
                    f"window {w['start']}..{w['end']} must lie within the span {opens}..{deadline}",
                )
                bad = True
        if "id" in w:
            if w["id"] in seen_w:
                c.add("windows", i, "id", wl("id"), f"duplicate window id '{w['id']}'")
                bad = True
            seen_w.add(w["id"])
        if not bad:
            windows.append(Window(w["id"], w["name"], w["start"], w["end"], float(w["hazard"])))
    if opens and deadline and windows and _no_day_possible(opens, deadline, windows):
        c.add(
            "windows",
            0,
            "hazard",
            "windows",
            "every day of the span lies in a window of hazard 0, so no day is possible for a meeting",
        )

    # evidence
    evidence: list[Evidence] = []
    seen_e: set[str] = set()
    for i, raw_e in enumerate(top.get("evidence", [])):
        eid = raw_e.get("id") if isinstance(raw_e.get("id"), str) else None

        def el(k: str, i: int = i, eid: str | None = eid) -> str:
            return f"evidence[{i}]" + (f" (id '{eid}')" if eid else "") + f".{k}"

        e = c.check_keys(raw_e, EVIDENCE_KEYS, "evidence", i, el)
        bad = len(e) < len(raw_e) or any(k not in e for k, f in EVIDENCE_KEYS.items() if f.required)
        for key, msg in evidence_field_problems(e):
            if key in raw_e and key not in e:
                continue  # already reported as a wrong type: "give either lr or ..." would be noise
            c.add("evidence", i, key if key in raw_e else None, el(key), msg)
            bad = True
        if "window" in e and e["window"] not in seen_w:
            known = [w.id for w in windows]
            hint = did_you_mean(e["window"], known) or (
                f" (windows: {', '.join(known)})" if known else " (the file has no [[windows]])"
            )
            c.add("evidence", i, "window", el("window"), f"unknown window '{e['window']}'{hint}")
            bad = True
        if "id" in e:
            if e["id"] in seen_e:
                c.add("evidence", i, "id", el("id"), f"duplicate evidence id '{e['id']}'")
                bad = True
            seen_e.add(e["id"])
        if not bad:
            evidence.append(
                Evidence(
                    id=e["id"],
                    date=e["date"],
                    source=e["source"],
                    says=e["says"],
                    logged=e.get("logged", e["date"]),
                    source_type=e.get("source_type", "media"),
                    origin=e.get("origin", ""),
                    url=e.get("url"),
                    lr=float(e["lr"]) if "lr" in e else None,
                    strength=e.get("strength"),
                    direction=e.get("direction"),
                    reliability=float(e["reliability"]) if "reliability" in e else None,
                    window=e.get("window"),
                    half_life_days=float(e["half_life_days"]) if "half_life_days" in e else None,
                )
            )

    # resolution
    resolution = None
    if "resolution" in top:
        r = c.check_keys(
            top["resolution"], RESOLUTION_KEYS, "resolution", 0, lambda k: f"resolution.{k}"
        )
        out = r.get("outcome")
        if out is not None and out not in OUTCOMES:
            hint = did_you_mean(out, OUTCOMES) or " (one of yes, no, annulled)"
            c.add(
                "resolution", 0, "outcome", "resolution.outcome", f"unknown outcome '{out}'{hint}"
            )
            out = None
        date = r.get("date")
        if date is not None and opens and date < opens:
            c.add(
                "resolution",
                0,
                "date",
                "resolution.date",
                f"must not be before opens ({date} < {opens})",
            )
        if out is not None and deadline is not None:
            if date is None:
                # No date written: a "no" counts from the day after the deadline, a "yes" from the deadline.
                date = deadline + dt.timedelta(days=1) if out != "yes" else deadline
            resolution = Resolution(out, date, r.get("note", ""))

    if c.problems:
        raise LedgerError(path, c.problems)
    assert prior is not None and opens is not None and deadline is not None
    return Question(
        id=qid,
        title=top["title"],
        resolution_criteria=top["resolution_criteria"],
        opens=opens,
        deadline=deadline,
        prior=prior,
        tags=tuple(top.get("tags", ())),
        windows=tuple(windows),
        evidence=tuple(evidence),
        resolution=resolution,
        path=str(path),
    )


# ------------------------------------------------------------------------------------------ loading


def question_path(directory: Path, question_id: str) -> Path:
    """The file of ``question_id`` in ``directory``."""
    return Path(directory) / f"{question_id}.toml"


def question_ids(directory: Path) -> list[str]:
    """Ids of the question files in ``directory``, sorted (an empty list when it does not exist)."""
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p.stem for p in d.glob("*.toml") if p.is_file())


def read_question_text(path: Path) -> str:
    """A question file's text exactly as stored (no newline translation), decoded as UTF-8.

    Raises
    ------
    LedgerError
        When the file is not UTF-8 text.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LedgerError(path, [(line, None, f"not UTF-8 text ({exc.reason})")]) from None


def load_question_text(directory: Path, question_id: str) -> tuple[str, Question]:
    """Read one question file once: its text exactly as stored, and the validated question.

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question's id.

    Returns
    -------
    (str, Question)
        The text (for editing) and the question.

    Raises
    ------
    UnknownQuestionError
        When there is no such file (with a "did you mean" hint).
    LedgerError
        When the file is invalid.
    """
    path = question_path(directory, question_id)
    try:
        text = read_question_text(path)
    except FileNotFoundError:
        ids = question_ids(directory)
        hint = did_you_mean(question_id, ids)
        raise UnknownQuestionError(
            f"no question '{question_id}' in {directory}{hint or ''}"
            + ("" if hint or ids else " (the directory has no questions)")
        ) from None
    return text, parse_question(text, path)


def load_question(directory: Path, question_id: str) -> Question:
    """Read and validate one question (see :func:`load_question_text`).

    Parameters
    ----------
    directory
        The forecasts directory.
    question_id
        The question's id.

    Returns
    -------
    Question
        The validated question.
    """
    return load_question_text(directory, question_id)[1]


def load_all(directory: Path) -> list[Question]:
    """Read and validate every question in ``directory``, sorted by id.

    Raises
    ------
    LedgerError
        For the first invalid file (``summitcast check`` lists them all).
    """
    return [load_question(directory, qid) for qid in question_ids(directory)]


# ------------------------------------------------------------------------------------------ editing


def _tomlkit():
    import tomlkit  # imported lazily: only commands that write pay for it

    return tomlkit


def render_new_question(
    *,
    title: str,
    opens: dt.date,
    deadline: dt.date,
    probability: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
) -> str:
    """The text of a new question file, with comments that show where each kind of entry goes.

    Parameters
    ----------
    title, opens, deadline, probability, weight, criteria, rationale
        As for ``summitcast new``; ``criteria`` defaults to a standard in-person-meeting rule.

    Returns
    -------
    str
        The TOML text (not yet validated; :func:`parse_question` does that).
    """
    tk = _tomlkit()
    if criteria is None:
        criteria = (
            "Resolves yes if the people named in the title meet in person (in the same physical place, "
            "for a bilateral meeting, a summit session or a pull-aside) on or after the opening date and on "
            "or before the deadline, as reported by at least two major news organisations or an official "
            "statement of either side. Phone or video calls, letters and meetings of envoys do not count."
        )
    doc = tk.document()
    doc.add(
        tk.comment("summitcast question file: see docs/format.md. Comments are kept on every edit.")
    )
    doc.add("title", title)
    doc.add("resolution_criteria", criteria)
    doc.add("opens", opens)
    doc.add("deadline", deadline)
    doc.add("tags", tk.array())
    doc.add(tk.nl())
    prior = tk.table()
    prior.add("probability", probability)
    prior.add("weight", DEFAULT_PRIOR_WEIGHT if weight is None else weight)
    if rationale:  # an empty string is not a valid rationale: leave the key out instead
        prior.add("rationale", rationale)
    doc.add("prior", prior)
    return tk.dumps(doc)


def _append_table(text: str, name: str, values: dict[str, Any]) -> str:
    """Append one ``[[name]]`` table at the end of ``text``, leaving every existing byte in place.

    TOML allows the elements of an array of tables to be spread through a file, so appending at the end is valid
    wherever the earlier ones are; only a file that wrote ``name = [ ... ]`` as an inline array needs the
    structured edit, which tomlkit does without disturbing the rest.
    """
    tk = _tomlkit()
    table = tk.table()
    for key, value in values.items():
        if value is not None:
            table.add(key, value)
    aot = tk.aot()
    aot.append(table)
    appended = _append_block(text, tk.dumps(_doc_with(tk, name, aot)))
    try:
        tomllib.loads(appended)
        return appended
    except tomllib.TOMLDecodeError:
        doc = tk.parse(text)
        if name not in doc:
            raise
        # ``name = [ {...}, ... ]``: an inline array takes the new element as an inline table
        inline = tk.inline_table()
        for key, value in values.items():
            if value is not None:
                inline.append(key, value)
        doc[name].append(inline)
        return tk.dumps(doc)


def _append_block(text: str, block: str) -> str:
    """``text`` + a blank line + ``block``, in the file's own newline style (CRLF files stay CRLF)."""
    nl = "\r\n" if "\r\n" in text else "\n"
    block = block.lstrip("\n").replace("\r\n", "\n")
    if nl != "\n":
        block = block.replace("\n", nl)
    out = text if text.endswith("\n") or not text else text + nl
    return out + nl + block


def _doc_with(tk: Any, name: str, value: Any) -> Any:
    doc = tk.document()
    doc.add(name, value)
    return doc


def append_evidence(text: str, item: dict[str, Any]) -> str:
    """Return ``text`` with one more ``[[evidence]]`` table, everything else unchanged.

    Parameters
    ----------
    text
        The question file's text.
    item
        The item's keys in the order to write them; ``None`` values are left out.

    Returns
    -------
    str
        The new text.
    """
    return _append_table(text, "evidence", item)


def append_window(text: str, window: dict[str, Any]) -> str:
    """Return ``text`` with one more ``[[windows]]`` table, everything else unchanged."""
    return _append_table(text, "windows", window)


def set_resolution(text: str, resolution: dict[str, Any]) -> str:
    """Return ``text`` with a ``[resolution]`` table added at the end, everything else unchanged."""
    tk = _tomlkit()
    table = tk.table()
    for key, value in resolution.items():
        if value is not None:
            table.add(key, value)
    return _append_block(text, tk.dumps(_doc_with(tk, "resolution", table)))
