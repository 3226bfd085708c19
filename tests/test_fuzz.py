"""No input, however malformed, makes check, list or show end in a traceback (issue 16).

Random bytes, and random mutations of a valid question file and of a valid event file (deleted, duplicated or
swapped lines, changed characters, truncation), are written into a folder; ``check``, ``list`` and ``show`` must
each exit 0 or 1 with a one-line ``Error:`` per problem, never raise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcast.cli import cli

QUESTION = b"""title = "Will A and B meet?"
resolution_criteria = "In person."
opens = 2025-01-01
deadline = 2025-12-31
tags = ["x"]

[prior]
probability = 0.2
weight = 10

[[windows]]
id = "trip"
name = "Trip"
start = 2025-06-01
end = 2025-06-03
hazard = 30
announced = 2025-05-01

[[evidence]]
id = "a"
date = 2025-03-01
source = "S"
says = "maybe"
strength = "weak"
direction = "for"
window = "trip"

[[evidence]]
id = "b"
date = 2025-04-01
logged = 2025-04-02
source = "T"
source_type = "official"
says = "no"
lr = 0.5
half_life_days = 30

[resolution]
outcome = "no"
"""
EVENT = b"""title = "A and B meet"
resolution_criteria = "In person."
opens = 2025-01-01
until = 2026-12-31

[prior]
probability = 0.3

[[windows]]
id = "w"
name = "Summit"
start = 2025-06-01
end = 2025-06-02
hazard = 100

[[evidence]]
id = "e"
date = 2025-02-01
source = "S"
says = "soon"
strength = "moderate"
direction = "for"
window = "w"
"""
ON_EVENT = b'event = "ev"\ntitle = "By June?"\ndeadline = 2025-06-30\n'

FUZZ = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    """A valid file with a few random edits."""
    lines = base.split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "dup", "swap", "char", "truncate", "insert"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "dup":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines[i]:
            k = draw(st.integers(0, len(lines[i]) - 1))
            c = draw(st.binary(min_size=1, max_size=1))
            lines[i] = lines[i][:k] + c + lines[i][k + 1 :]
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            lines.insert(i, draw(st.binary(max_size=12)))
    return b"\n".join(lines)


def _no_traceback(d: Path, *args: str) -> None:
    env = {"SUMMITCAST_TODAY": "2026-01-15"}
    for cmd in (["check"], ["list"], ["show", "q"], ["show", "ev"], ["show", "onev"]):
        r = CliRunner().invoke(cli, ["--dir", str(d), *cmd, *args], env=env)
        assert r.exit_code in (0, 1), (cmd, r.exit_code, r.output)
        assert r.exception is None or isinstance(r.exception, SystemExit), (cmd, repr(r.exception))
        if r.exit_code == 1:
            assert "Error: " in r.output and "Traceback" not in r.output


def _folder(tmp_path: Path, question: bytes, event: bytes) -> Path:
    d = tmp_path / "f"
    (d / "events").mkdir(parents=True, exist_ok=True)
    (d / "q.toml").write_bytes(question)
    (d / "events" / "ev.toml").write_bytes(event)
    (d / "onev.toml").write_bytes(ON_EVENT)
    return d


def test_the_valid_files_are_valid(tmp_path: Path) -> None:
    d = _folder(tmp_path, QUESTION, EVENT)
    r = CliRunner().invoke(cli, ["--dir", str(d), "check"], env={"SUMMITCAST_TODAY": "2026-01-15"})
    assert r.exit_code == 0, r.output


@FUZZ
@given(question=mutated(QUESTION), event=mutated(EVENT))
def test_mutated_files_never_raise(tmp_path: Path, question: bytes, event: bytes) -> None:
    _no_traceback(_folder(tmp_path, question, event))


@FUZZ
@given(question=st.binary(max_size=300), event=st.binary(max_size=300))
def test_random_bytes_never_raise(tmp_path: Path, question: bytes, event: bytes) -> None:
    _no_traceback(_folder(tmp_path, question, event))


@pytest.mark.parametrize(
    "text",
    [
        'event = "../x"\ntitle = "t"\ndeadline = 2025-06-30\n',
        'event = "ev"\ntitle = "t"\ndeadline = 2027-06-30\n',
        'event = "nope"\ntitle = "t"\ndeadline = 2025-06-30\n',
        'event = "ev"\ntitle = "t"\ndeadline = 2025-06-30\n[prior]\nprobability = 0.5\n',
    ],
)
def test_questions_on_events_with_bad_links_never_raise(tmp_path: Path, text: str) -> None:
    d = _folder(tmp_path, QUESTION, EVENT)
    (d / "onev.toml").write_text(text)
    _no_traceback(d)


def test_links_to_outside_the_folder_are_never_written_through(tmp_path: Path) -> None:
    """A question file or a forecast log in DIR that links outside DIR: refused, and nothing written anywhere."""
    d = _folder(tmp_path, QUESTION, EVENT)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = outside / "elsewhere.toml"
    target.write_bytes(QUESTION.replace(b'[resolution]\noutcome = "no"\n', b""))
    (d / "q.toml").unlink()
    (d / "q.toml").symlink_to(target)
    log = outside / "log.csv"
    log.write_text("")
    (d / "onev.forecasts.csv").symlink_to(log)
    before = (target.read_bytes(), log.read_bytes(), (d / "events" / "ev.toml").read_bytes())
    env = {"SUMMITCAST_TODAY": "2025-03-15"}
    add = ["add", "--source", "S", "--says", "x", "--lr", "2"]
    for ident in ("q", "onev"):
        r = CliRunner().invoke(cli, ["--dir", str(d), add[0], ident, *add[1:]], env=env)
        assert r.exit_code == 1, r.output
        assert "outside" in r.output and "refusing to write through it" in r.output
    assert (
        target.read_bytes(),
        log.read_bytes(),
        (d / "events" / "ev.toml").read_bytes(),
    ) == before
