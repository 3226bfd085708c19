"""Editing ledger files while keeping the user's layout: new files, appended tables, a resolution.

Everything here returns new text; nothing writes. tomlkit renders and escapes the new tables, and every existing byte
of the file stays in place (TOML lets the elements of an array of tables be spread through a file, so appending at
the end is valid); only a file that wrote ``name = [ ... ]`` inline needs the structured edit. A file that starts
with a UTF-8 byte-order mark keeps it through every edit (tomlkit is given the text after it).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from typing import Any

from summitcast.domain.question import DEFAULT_PRIOR_WEIGHT, MEETING_CRITERIA

__all__ = [
    "append_evidence",
    "append_window",
    "remove_resolution",
    "remove_table",
    "render_new_event",
    "render_new_question",
    "render_question_on_event",
    "replace_table",
    "set_resolution",
]


def _tomlkit():
    import tomlkit  # imported lazily: only commands that write pay for it

    return tomlkit


_BOM = "\ufeff"


def _structured(text: str, change: Any) -> str:
    """``text`` parsed by tomlkit, changed in place by ``change(doc)``, and dumped; a leading BOM is kept."""
    tk = _tomlkit()
    bom = _BOM if text.startswith(_BOM) else ""
    doc = tk.parse(text.removeprefix(_BOM))
    change(doc)
    return bom + tk.dumps(doc)


def render_new_question(
    *,
    title: str,
    opens: dt.date,
    deadline: dt.date,
    probability: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
    tags: list[str] | None = None,
) -> str:
    """The text of a new question file, with comments that show where each kind of entry goes.

    Parameters
    ----------
    title, opens, deadline, probability, weight, criteria, rationale, tags
        As for ``summitcast new``; ``criteria`` defaults to a standard in-person-meeting rule.

    Returns
    -------
    str
        The TOML text (not yet validated; :func:`parse_question` does that).
    """
    tk = _tomlkit()
    if criteria is None:
        criteria = MEETING_CRITERIA
    doc = tk.document()
    doc.add(
        tk.comment("summitcast question file: see docs/format.md. Comments are kept on every edit.")
    )
    doc.add("title", title)
    doc.add("resolution_criteria", criteria)
    doc.add("opens", opens)
    doc.add("deadline", deadline)
    doc.add("tags", _array(tags))
    doc.add(tk.nl())
    prior = tk.table()
    prior.add("probability", probability)
    prior.add("weight", DEFAULT_PRIOR_WEIGHT if weight is None else weight)
    if rationale:  # an empty string is not a valid rationale: leave the key out instead
        prior.add("rationale", rationale)
    doc.add("prior", prior)
    return tk.dumps(doc)


def _array(values: list[str] | None) -> Any:
    """A TOML array of strings (``[]`` for none)."""
    arr = _tomlkit().array()
    arr.extend(values or [])
    return arr


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
        tomllib.loads(appended.removeprefix(_BOM))
        return appended
    except tomllib.TOMLDecodeError:
        if name not in tk.parse(text.removeprefix(_BOM)):
            raise

        def append_inline(doc: Any) -> None:
            # ``name = [ {...}, ... ]``: an inline array takes the new element as an inline table
            inline = tk.inline_table()
            for key, value in values.items():
                if value is not None:
                    inline.append(key, value)
            doc[name].append(inline)

        return _structured(text, append_inline)


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
    """Return ``text`` with one more ``[[windows]]`` table, everything else unchanged.

    Examples
    --------
    >>> append_window('title = "x"', {"id": "trip", "name": "Trip", "hazard": 20.0}).splitlines()
    ['title = "x"', '', '[[windows]]', 'id = "trip"', 'name = "Trip"', 'hazard = 20.0']
    """
    return _append_table(text, "windows", window)


def set_resolution(text: str, resolution: dict[str, Any]) -> str:
    """Return ``text`` with a ``[resolution]`` table added at the end, everything else unchanged."""
    tk = _tomlkit()
    table = tk.table()
    for key, value in resolution.items():
        if value is not None:
            table.add(key, value)
    return _append_block(text, tk.dumps(_doc_with(tk, "resolution", table)))


def render_new_event(
    *,
    title: str,
    opens: dt.date,
    until: dt.date,
    probability: float,
    weight: float | None = None,
    criteria: str | None = None,
    rationale: str | None = None,
    tags: list[str] | None = None,
) -> str:
    """The text of a new event file (``new-event``); validated by :func:`summitcast.store.ledger.parse_event`."""
    tk = _tomlkit()
    doc = tk.document()
    doc.add(
        tk.comment("summitcast event file: see docs/format.md. Comments are kept on every edit.")
    )
    doc.add("title", title)
    doc.add("resolution_criteria", MEETING_CRITERIA if criteria is None else criteria)
    doc.add("opens", opens)
    doc.add("until", until)
    doc.add("tags", _array(tags))
    doc.add(tk.nl())
    prior = tk.table()
    prior.add("probability", probability)
    prior.add("weight", DEFAULT_PRIOR_WEIGHT if weight is None else weight)
    if rationale:
        prior.add("rationale", rationale)
    doc.add("prior", prior)
    return tk.dumps(doc)


def render_question_on_event(
    *,
    event: str,
    title: str,
    deadline: dt.date,
    opens: dt.date | None = None,
    criteria: str | None = None,
    tags: list[str] | None = None,
) -> str:
    """The text of a new question on an event (``new ID --event E``): no prior, windows or evidence."""
    tk = _tomlkit()
    doc = tk.document()
    doc.add(
        tk.comment(
            "summitcast question on an event: the evidence lives in events/" + event + ".toml"
        )
    )
    doc.add("event", event)
    doc.add("title", title)
    if criteria is not None:
        doc.add("resolution_criteria", criteria)
    if opens is not None:
        doc.add("opens", opens)
    doc.add("deadline", deadline)
    doc.add("tags", _array(tags))
    return tk.dumps(doc)


def _find_table(doc: Any, name: str, table_id: str) -> tuple[Any, int]:
    arr = doc.get(name)
    if arr is None:
        raise KeyError(table_id)
    for i, t in enumerate(arr):
        if t.get("id") == table_id:
            return arr, i
    raise KeyError(table_id)


def remove_table(text: str, name: str, table_id: str) -> str:
    """Return ``text`` without the ``[[name]]`` table whose ``id`` is ``table_id`` (``KeyError`` if none)."""

    def remove(doc: Any) -> None:
        arr, i = _find_table(doc, name, table_id)
        del arr[i]
        if len(arr) == 0:
            del doc[name]

    return _structured(text, remove)


def replace_table(text: str, name: str, table_id: str, changes: dict[str, Any]) -> str:
    """Return ``text`` with keys of the ``[[name]]`` table ``table_id`` changed (a ``None`` value removes a key)."""

    def replace(doc: Any) -> None:
        arr, i = _find_table(doc, name, table_id)
        table = arr[i]
        for key, value in changes.items():
            if value is None:
                if key in table:
                    del table[key]
            else:
                table[key] = value

    return _structured(text, replace)


def remove_resolution(text: str) -> str:
    """Return ``text`` without its ``[resolution]`` table (``reopen``)."""

    def remove(doc: Any) -> None:
        if "resolution" in doc:
            del doc["resolution"]

    return _structured(text, remove)
