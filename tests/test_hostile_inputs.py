"""Issue 22: hostile inputs. Numbers at the ends of the float range, byte-order marks and control characters,
links out of the folder, ids too long for a file name, an event's implied resolutions, origins in a cycle, and the
replay of a past episode. Every refusal exits 1 with one exact line and leaves every file byte for byte as it was.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from summitcast.cli import cli

TODAY = "2025-10-27"


def run(d: Path, *args: str, today: str = TODAY) -> Result:
    return CliRunner().invoke(cli, ["--dir", str(d), *args], env={"SUMMITCAST_TODAY": today})


def ok(d: Path, *args: str, today: str = TODAY) -> Result:
    r = run(d, *args, today=today)
    assert r.exit_code == 0, (args, r.stdout, r.stderr, r.exception)
    return r


def snapshot(d: Path) -> dict[str, bytes]:
    """Every file under ``d`` (links not followed), by relative path; the parse cache and locks left out."""
    out = {}
    for p in sorted(d.rglob("*")):
        rel = p.relative_to(d).as_posix()
        if rel.startswith(".summitcast/") or p.is_dir() or p.is_symlink():
            continue
        out[rel] = p.read_bytes()
    return out


def refused(d: Path, args: list[str], message: str, today: str = TODAY) -> None:
    """``args`` exits 1 with exactly ``Error: message`` on stderr and changes no file."""
    before = snapshot(d)
    r = run(d, *args, today=today)
    assert (r.exit_code, r.stderr) == (1, f"Error: {message}\n"), (r.stdout, r.stderr, r.exception)
    assert snapshot(d) == before


@pytest.fixture
def event(tmp_path: Path) -> Path:
    d = tmp_path / "f"
    ok(
        d,
        "new-event",
        "tk",
        "--title",
        "Trump and Kim meet",
        "--opens",
        "2025-01-01",
        "--until",
        "2027-12-31",
        "--prior",
        "0.3",
    )
    ok(d, "new", "q1", "--event", "tk", "--title", "By 2026?", "--deadline", "2025-12-31")
    ok(d, "new", "q2", "--event", "tk", "--title", "By 2027?", "--deadline", "2026-12-31")
    return d


ITEM = ["--source", "S", "--says", "x"]
WINDOW = [
    "window",
    "q1",
    "--id",
    "w",
    "--kind",
    "period",
    "--name",
    "W",
    "--start",
    "2025-11-01",
    "--end",
    "2025-11-03",
]
NEW_EVENT = ["new-event", "tk2", "--title", "T", "--opens", "2025-01-01", "--until", "2027-12-31"]
NEW = ["new", "x", "--title", "T", "--opens", "2025-01-01", "--deadline", "2026-01-01"]
DATES = ["--opens", "2025-01-01", "--deadline", "2026-01-01", "--prior", "0.2"]

# ------------------------------------------------------------------------ item 2: numbers have ranges


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [*WINDOW, "--hazard", "1e308"],
            "--hazard: must be in [0, 10000] (got 1e+308)",
        ),
        (["add", "q1", *ITEM, "--lr", "1e308"], "--lr: must be in [0.0001, 10000] (got 1e+308)"),
        (["add", "q1", *ITEM, "--lr", "1e-320"], "--lr: must be in [0.0001, 10000] (got 1e-320)"),
        (["add", "q1", *ITEM, "--lr", "-1"], "--lr: must be > 0 (got -1.0)"),
        (
            ["add", "q1", *ITEM, "--lr", "2", "--half-life", "0.5"],
            "--half-life: must be in [1, 36500] (got 0.5)",
        ),
        (
            ["add", "q1", *ITEM, "--lr", "2", "--half-life", "1e9"],
            "--half-life: must be in [1, 36500] (got 1000000000.0)",
        ),
        (
            ["add", "q1", *ITEM, "--lr", "2", "--reliability", "1.5"],
            "--reliability: must be between 0 and 1 (got 1.5)",
        ),
        (
            [*NEW_EVENT, "--prior", "0.3", "--weight", "1e300"],
            "--weight: must be in [0.001, 10000] (got 1e+300)",
        ),
        (
            [*NEW_EVENT, "--prior", "0.3", "--weight", "1e-300"],
            "--weight: must be in [0.001, 10000] (got 1e-300)",
        ),
        (
            [*NEW, "--base-rate", "1e308/1e-308"],
            "--base-rate: K must be in [0, 1000] (got 1e+308)",
        ),
        (
            [*NEW, "--base-rate", "3/1e-308"],
            "--base-rate: YEARS must be in [0.1, 1000] (got 1e-308)",
        ),
        (
            [*NEW, "--base-rate", "1000/0.1"],
            "--base-rate: 1000/0.1 over a horizon of 1 years gives P = 1, outside [1e-06, 0.999999]: "
            "no reference class supports a prior that certain",
        ),
        (
            [*NEW, "--prior", "1e-7"],
            "--prior: must be in [1e-06, 0.999999] (got 1e-07)",
        ),
        (
            [*NEW, "--prior", "0.5", "--weight", "2e4"],
            "--weight: must be in [0.001, 10000] (got 20000.0)",
        ),
    ],
)
def test_numbers_outside_their_range_are_refused_before_anything_is_written(
    event: Path, args: list[str], message: str
) -> None:
    refused(event, args, message)
    assert not (event / "x.toml").exists() and not (event / "events" / "tk2.toml").exists()


def test_edit_refuses_a_likelihood_ratio_outside_its_range(event: Path) -> None:
    ok(event, "add", "q1", *ITEM, "--lr", "2", "--id", "e1")
    refused(
        event,
        ["edit", "q1", "e1", "--lr", "1e308"],
        "--lr: must be in [0.0001, 10000] (got 1e+308)",
    )


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            "weight = 20.0",
            "weight = 1e300",
            "prior.weight",
            "must be in [0.001, 10000] (got 1e+300)",
        ),
        (
            "weight = 20.0",
            "weight = 1e-320",
            "prior.weight",
            "must be in [0.001, 10000] (got 1e-320)",
        ),
        (
            "weight = 20.0",
            "weight = 20.0\n\n[[windows]]\nid = 'w'\nname = 'W'\nkind = 'period'\nstart = 2025-11-01\n"
            "end = 2025-11-02\nhazard = 1e308",
            "windows[0].hazard",
            "must be in [0, 10000] (got 1e+308)",
        ),
    ],
)
def test_check_flags_a_hand_edited_number_outside_its_range(
    event: Path, old: str, new: str, key: str, message: str
) -> None:
    path = event / "events" / "tk.toml"
    ok(event, "show", "q1")  # the valid file is in the parse cache: the edit must still be judged
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    r = run(event, "check")
    assert r.exit_code == 1
    (line,) = r.stderr.splitlines()
    assert line.startswith(f"Error: {path}: line ") and line.endswith(f": {key}: {message}")


def test_a_hand_edited_likelihood_ratio_outside_its_range_is_flagged(event: Path) -> None:
    ok(event, "add", "q1", *ITEM, "--lr", "2", "--id", "e1")
    path = event / "events" / "tk.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("lr = 2.0", "lr = 1e308"), encoding="utf-8"
    )
    r = run(event, "check")
    assert r.exit_code == 1
    assert r.stderr.rstrip().endswith(
        "evidence[0] (id 'e1').lr: must be in [0.0001, 10000] (got 1e+308)"
    )


def test_numbers_at_the_ends_of_their_ranges_give_forecasts_without_a_numpy_warning(
    event: Path,
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter(
            "error"
        )  # a RuntimeWarning (overflow, invalid value) fails the command
        for i, (p, weight) in enumerate(
            [("1e-6", "10000"), ("0.999999", "0.001"), ("0.5", "10000")]
        ):
            dates = ["--opens", "2025-01-01", "--deadline", "2026-12-31"]
            ok(event, "new", f"w{i}", "--title", "T", *dates, "--prior", p, "--weight", weight)
            ok(event, "show", f"w{i}")
        for k in range(4):
            ok(
                event,
                "add",
                "q1",
                *ITEM,
                "--lr",
                "10000",
                "--id",
                f"hi-{k}",
                "--half-life",
                "36500",
            )
            ok(event, "add", "q2", *ITEM, "--lr", "0.0001", "--id", f"lo-{k}", "--half-life", "1")
        args = [
            *("--name", "W", "--kind", "period", "--start", "2025-11-01", "--end", "2025-11-01"),
            *("--hazard", "10000"),
        ]
        ok(event, "window", "q1", "--id", "w", *args)
        ok(event, "window", "q1", "--id", "z", *args[:-1], "0")
        for cmd in (
            ["show", "q1"],
            ["show", "tk"],
            ["list"],
            ["history", "q2", "--every", "30"],
            ["check"],
        ):
            r = ok(event, *cmd)
            assert "nan" not in r.stdout.lower()
        shown = json.loads(ok(event, "show", "q2", "--json").stdout)
        assert 0 <= shown["probability"] <= 1 and None not in shown["interval"]


# ----------------------------------------------------------- item 3: byte-order marks, control characters

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("target", ["question", "event"])
def test_a_file_with_a_byte_order_mark_takes_every_change_and_keeps_the_mark(
    tmp_path: Path, target: str
) -> None:
    d = tmp_path / "f"
    if target == "event":
        ok(
            d,
            "new-event",
            "tk",
            "--title",
            "T",
            "--opens",
            "2025-01-01",
            "--until",
            "2026-12-31",
            "--prior",
            "0.2",
        )
        ok(d, "new", "q", "--event", "tk", "--title", "By 2026?", "--deadline", "2026-12-31")
        paths = [d / "events" / "tk.toml", d / "q.toml"]
    else:
        dates = ["--opens", "2025-01-01", "--deadline", "2026-12-31"]
        ok(d, "new", "q", "--title", "T", *dates, "--prior", "0.2")
        paths = [d / "q.toml"]
    for p in paths:
        p.write_bytes(BOM + p.read_bytes())
    ok(d, "check")
    ok(d, "add", "q", *ITEM, "--lr", "2", "--id", "e1")
    ok(d, "add", "q", *ITEM, "--lr", "3", "--id", "e2")
    ok(
        d, "window", "q", "--id", "w", "--name", "W", "--kind", "summit",
        "--start", "2025-11-01", "--end", "2025-11-03",
    )  # fmt: skip
    ok(d, "edit", "q", "e1", "--lr", "4")
    ok(d, "remove", "q", "e2")
    ok(d, "remove", "q", "w")
    ok(d, "resolve", "q", "annulled")
    ok(d, "reopen", "q")
    for p in paths:
        assert p.read_bytes().startswith(BOM) and not p.read_bytes()[3:].startswith(BOM)
    assert "lr = 4" in paths[0].read_text(encoding="utf-8-sig")
    assert ok(d, "check").stdout.startswith("ok: 1 question file")


def test_a_key_on_the_first_line_after_a_byte_order_mark_is_named_with_its_line(
    tmp_path: Path,
) -> None:
    d = tmp_path / "f"
    d.mkdir()
    (d / "q.toml").write_bytes(BOM + b'title = 7\nresolution_criteria = "c"\n')
    r = run(d, "check")
    assert r.exit_code == 1
    assert f"Error: {d / 'q.toml'}: line 1: title: must be a string (got int 7)" in r.stderr


HOSTILE = "hi \x1b]0;pwned\x07 there \x9b2J \u202eevil"
SHOWN = "hi \\x1b]0;pwned\\x07 there \\x9b2J \\u202eevil"


def test_control_characters_are_escaped_on_the_terminal_and_kept_in_files_and_json(
    event: Path,
) -> None:
    title = "Trump\x1b[2J and Kim"
    path = event / "events" / "tk.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'title = "Trump and Kim meet"', 'title = "Trump\\u001b[2J and Kim"'
        ),
        encoding="utf-8",
    )
    added = ok(
        event, "add", "q1", "--source", "Kim\x07", "--says", HOSTILE, "--lr", "2", "--id", "e1"
    )
    for shown in (added, ok(event, "show", "q1"), ok(event, "show", "tk"), ok(event, "list")):
        assert (
            "\x1b" not in shown.stdout and "\x07" not in shown.stdout and "\x9b" not in shown.stdout
        )
    assert f"Kim\\x07: {SHOWN}" in ok(event, "show", "q1").stdout
    assert "on event tk: Trump\\x1b[2J and Kim" in ok(event, "show", "q1").stdout
    assert "tk (event): Trump\\x1b[2J and Kim" in ok(event, "show", "tk").stdout
    from summitcast.store.workspace import Workspace

    ev = Workspace(event).load_event("tk")
    assert (ev.title, ev.evidence[0].says, ev.evidence[0].source) == (title, HOSTILE, "Kim\x07")
    doc = json.loads(ok(event, "show", "tk", "--json").stdout)
    assert doc["questions"][0]["id"] == "q1"
    shown_json = ok(event, "show", "q1", "--json").stdout
    assert "\x1b" not in shown_json  # JSON writes it as \u001b: the same text, decoded
    r = run(event, "add", "q1", *ITEM, "--lr", "2", "--window", "\x1b]0;x\x07")
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: --window: unknown window '\\x1b]0;x\\x07' in {path} ({path} has no windows)\n"
    )
    r = run(event, "add", "q1", *ITEM, "--lr", "2", "--bogus\x1b[2J")
    assert r.exit_code == 2 and "\x1b" not in r.stderr and "--bogus\\x1b[2J" in r.stderr


# ------------------------------------------------------------- item 4: nothing written through a link


@pytest.mark.parametrize("linked", ["events", ".summitcast"])
def test_a_linked_folder_inside_the_workspace_is_refused_for_every_write(
    event: Path, tmp_path: Path, linked: str
) -> None:
    outside = tmp_path / "outside"
    (event / linked).rename(outside)
    (event / linked).symlink_to(outside)
    before = {p.relative_to(outside): p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    message = (
        f"{event / linked}: is a link to {outside}; summitcast writes only inside {event}, never "
        f"through a linked folder (make {linked} a real folder)"
    )
    window = ["--name", "W", "--kind", "summit", "--start", "2025-11-01", "--end", "2025-11-02"]
    writes = [
        ["add", "q1", *ITEM, "--lr", "2"],
        ["window", "q1", "--id", "w", *window],
        [*NEW_EVENT, "--prior", "0.2"],
    ]
    if linked == ".summitcast":  # every write takes a lock there; the fit is stored there
        writes += [["resolve", "q1", "annulled"], ["new", "q3", "--title", "T", *DATES], ["fit"]]
    for args in writes:
        refused(event, args, message)
    after = {p.relative_to(outside): p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    assert after == before  # no lock, cache entry or event file was written outside
    r = run(event, "check")
    assert r.exit_code == 1
    assert (
        f"Error: {event / linked}: is a link to {outside}; summitcast never writes, locks or caches "
        f"through a linked folder: make {linked} a real folder inside {event}\n"
    ) in r.stderr
    assert ok(event, "show", "q1").stdout.startswith("q1: By 2026?")  # reading still works


def test_evidence_ids_follow_the_id_rule(event: Path) -> None:
    refused(
        event,
        ["add", "q1", *ITEM, "--lr", "2", "--id", "../../x"],
        "--id: invalid evidence id '../../x': use lowercase letters, digits and hyphens (e.g. "
        "trump-kim-2026); ids name files inside the forecasts folder, never paths",
    )
    refused(
        event,
        ["add", "q1", *ITEM, "--lr", "2", "--id", "ok\n"],
        "--id: invalid evidence id 'ok\\n': use lowercase letters, digits and hyphens (e.g. "
        "trump-kim-2026); ids name files inside the forecasts folder, never paths",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "a" * 300, "--event", "tk", "--title", "T", "--deadline", "2026-01-01"],
            f"invalid question id '{'a' * 24}'... (300 characters): ids are at most 100 characters",
        ),
        (
            [NEW_EVENT[0], "a" * 101, *NEW_EVENT[2:], "--prior", "0.2"],
            f"invalid event id '{'a' * 24}'... (101 characters): ids are at most 100 characters",
        ),
        (
            ["add", "q1", *ITEM, "--lr", "2", "--id", "b" * 300],
            f"--id: invalid evidence id '{'b' * 24}'... (300 characters): ids are at most 100 characters",
        ),
        (
            [*WINDOW[:3], "w" * 300, *WINDOW[4:]],
            f"--id: invalid window id '{'w' * 24}'... (300 characters): ids are at most 100 characters",
        ),
        (
            ["show", "s" * 300],
            f"invalid question or event id '{'s' * 24}'... (300 characters): ids are at most 100 "
            "characters",
        ),
    ],
)
def test_an_id_too_long_for_a_file_name_is_a_clean_error(
    event: Path, args: list[str], message: str
) -> None:
    refused(event, args, message)


def test_an_id_of_exactly_the_maximum_length_works(event: Path) -> None:
    qid = "q" * 100
    ok(event, "new", qid, "--event", "tk", "--title", "T", "--deadline", "2026-01-01")
    ok(event, "add", qid, *ITEM, "--lr", "2", "--id", "e" * 100)
    ok(event, "resolve", qid, "annulled")
    assert ok(event, "check").stdout.startswith("ok: 3 question files")


def test_check_names_stale_temporary_files_dangling_links_and_directories(event: Path) -> None:
    stale = event / "events" / ".tk.toml.k3j9x2ab.tmp"
    stale.write_text("half a file", encoding="utf-8")
    r = ok(event, "check")  # a leftover is no invalid file: a warning that says what to do
    assert r.stderr == (
        f"warning: {stale}: a stale temporary file, left by a command killed while writing tk.toml (the "
        "file itself is whole: the interrupted change never reached it); delete it\n"
    )
    assert json.loads(ok(event, "check", "--json").stdout)["warnings"] == [r.stderr[9:-1]]
    (event / "gone.toml").symlink_to(event / "nowhere.toml")
    (event / "dir.toml").mkdir()
    (event / "events" / "lost.toml").symlink_to("/nonexistent/lost.toml")
    (event / "events" / "sub.toml").mkdir()
    r = run(event, "check")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[1:] == [
        f"Error: {event / 'dir.toml'}: is a directory, not a question file",
        f"Error: {event / 'gone.toml'}: is a link to {event / 'nowhere.toml'}, which does not exist "
        "(a dangling link, not a question file)",
        f"Error: {event / 'events' / 'lost.toml'}: is a link to /nonexistent/lost.toml, which does not "
        "exist (a dangling link, not an event file)",
        f"Error: {event / 'events' / 'sub.toml'}: is a directory, not an event file",
    ]


def test_git_ignores_the_temporary_files_of_atomic_writes() -> None:
    root = Path(__file__).resolve().parents[1]
    lines = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".*.tmp" in lines
    import fnmatch

    assert fnmatch.fnmatch(".tk.toml.k3j9x2ab.tmp", ".*.tmp")


# --------------------------------------------------------- item 5: the ledger stays consistent


def test_a_yes_resolves_every_sibling_whose_span_holds_the_meeting_in_the_same_change(
    event: Path,
) -> None:
    ok(event, "new", "q0", "--event", "tk", "--title", "By 5 Nov?", "--deadline", "2025-11-05")
    ok(
        event,
        "new",
        "q9",
        "--event",
        "tk",
        "--title",
        "2027",
        "--opens",
        "2027-01-01",
        "--deadline",
        "2027-12-31",
    )
    r = ok(
        event,
        "resolve",
        "q2",
        "yes",
        "--date",
        "2025-11-10",
        "--note",
        "Panmunjom",
        today="2025-11-15",
    )
    assert r.stdout.splitlines()[1] == "  every question it resolves, before -> after"
    assert r.stdout.splitlines()[-1:] == [
        "  also: 'q1' resolved yes on 2025-11-10 too: the meeting lies in its span (2025-01-01..2025-12-31)"
    ]
    text = (event / "q1.toml").read_text(encoding="utf-8")
    assert text.endswith(
        '[resolution]\noutcome = "yes"\ndate = 2025-11-10\nnote = "the meeting recorded by \'q2\': Panmunjom"\n'
    )
    assert "[resolution]" not in (event / "q0.toml").read_text(encoding="utf-8")  # deadline before
    assert "[resolution]" not in (event / "q9.toml").read_text(encoding="utf-8")  # opens after
    last = (event / "q1.forecasts.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last.split(",")[3] == "1.000000" and last.endswith(",resolve yes (with q2)")
    assert ok(event, "check", today="2025-11-15").stdout.startswith("ok: 4 question files")
    ok(event, "reopen", "q1", today="2025-11-15")
    args = ["resolve", "q1", "yes", "--date", "2025-11-10", "--json"]
    doc = json.loads(ok(event, *args, today="2025-11-15").stdout)
    assert [q["id"] for q in doc["questions"]] == [
        "q1"
    ] and "notes" not in doc  # nothing else implied


def test_a_yes_that_contradicts_a_sibling_changes_nothing(event: Path) -> None:
    ok(event, "resolve", "q1", "no", "--date", "2025-11-01", today="2025-11-15")
    refused(
        event,
        ["resolve", "q2", "yes", "--date", "2025-11-10"],
        "'q1' of the same event is resolved no, and 2025-11-10 lies within its span "
        "(2025-01-01..2025-12-31); `summitcast reopen q1` first if they met",
        today="2025-11-15",
    )


@pytest.mark.parametrize(
    ("items", "key", "message"),
    [
        (
            [("a", "b"), ("b", "a")],
            "evidence[0] (id 'a').origin",
            "'b' is an item whose own origin is 'a': origins form a cycle (a -> b -> a); give the "
            "original no origin and each reprint the original's id",
        ),
        (
            [("a", "b"), ("b", "c"), ("c", "")],
            "evidence[0] (id 'a').origin",
            "'b' is an item whose own origin is 'c': name the original instead (origin = 'c'), so that "
            "they all count once",
        ),
    ],
)
def test_origins_in_a_cycle_or_a_chain_are_refused_by_check(
    event: Path, items: list[tuple[str, str]], key: str, message: str
) -> None:
    path = event / "events" / "tk.toml"
    text = path.read_text(encoding="utf-8")
    for eid, origin in items:
        text += (
            f'\n[[evidence]]\nid = "{eid}"\ndate = 2025-10-01\nsource = "S"\nsays = "x"\nlr = 2.0\n'
            + (f'origin = "{origin}"\n' if origin else "")
        )
    path.write_text(text, encoding="utf-8")
    r = run(event, "check")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0].endswith(f": {key}: {message}")


def test_add_refuses_an_origin_that_closes_a_cycle(event: Path) -> None:
    ok(event, "add", "q1", *ITEM, "--lr", "2", "--id", "a", "--origin", "b")
    refused(
        event,
        ["add", "q1", *ITEM, "--lr", "2", "--id", "b", "--origin", "a"],
        "--origin: 'a' is an item whose own origin is 'b': origins form a cycle (b -> a -> b); give the "
        "original no origin and each reprint the original's id",
    )
    ok(event, "add", "q1", *ITEM, "--lr", "2", "--id", "b")  # the original, with no origin: fine
    ok(event, "add", "q1", *ITEM, "--lr", "2", "--id", "c", "--origin", "b")
    refused(
        event,
        ["edit", "q1", "b", "--origin", "a"],
        "--origin: 'a' is an item whose own origin is 'b': origins form a cycle (b -> a -> b); give the "
        "original no origin and each reprint the original's id",
    )


# ------------------------------------------------------------------ item 10: small things, the replay recipe


def test_new_event_takes_tags_like_new(tmp_path: Path) -> None:
    d = tmp_path / "f"
    args = [*NEW_EVENT, "--prior", "0.2", "--tags", "korea", "--tags", "apec 2025"]
    ok(d, *args)
    assert 'tags = ["korea", "apec 2025"]\n' in (d / "events" / "tk2.toml").read_text(
        encoding="utf-8"
    )
    from summitcast.store.workspace import Workspace

    assert Workspace(d).load_event("tk2").tags == ("korea", "apec 2025")
    refused(
        d,
        [*NEW_EVENT[:1], "tk3", *NEW_EVENT[2:], "--prior", "0.2", "--tags", " "],
        "--tags: must not be empty",
    )


def test_add_and_window_with_no_log_backfill_without_touching_the_forecast_log(event: Path) -> None:
    logs = {q: (event / f"{q}.forecasts.csv").read_bytes() for q in ("q1", "q2")}
    r = ok(
        event,
        "add",
        "q1",
        *ITEM,
        "--lr",
        "2",
        "--date",
        "2025-03-01",
        "--logged",
        "2025-03-01",
        "--no-log",
    )
    assert (
        r.stdout.splitlines()[-1] == "  also: not recorded in the forecast log (a backfilled entry)"
    )
    window = [
        "--name",
        "W",
        "--kind",
        "visit",
        "--start",
        "2025-04-01",
        "--end",
        "2025-04-02",
        "--announced",
        "2025-03-20",
    ]
    doc = json.loads(ok(event, "window", "q1", "--id", "w", *window, "--no-log", "--json").stdout)
    assert doc["notes"] == ["not recorded in the forecast log (a backfilled entry)"]
    assert {q: (event / f"{q}.forecasts.csv").read_bytes() for q in ("q1", "q2")} == logs
    ok(event, "add", "q1", *ITEM, "--lr", "2")  # without the flag, the log grows as before
    assert (event / "q1.forecasts.csv").read_bytes() != logs["q1"]


def test_the_replay_recipe_logs_each_entry_as_of_its_own_day(event: Path) -> None:
    """docs/format.md, "The replay recipe": one command per day, in order, with that day pinned."""
    for day, k in (("2025-10-28", 1), ("2025-11-03", 2)):
        ok(event, "add", "q1", *ITEM, "--lr", "3", "--id", f"r{k}", today=day)
    rows = (event / "q1.forecasts.csv").read_text(encoding="utf-8").splitlines()[-2:]
    assert [r.split(",")[2] for r in rows] == ["2025-10-28", "2025-11-03"]
    assert all(0 < float(r.split(",")[3]) < 1 for r in rows)
