"""Colour in ``show`` and ``list``: on a terminal only, never with NO_COLOR, and the same text underneath."""

from __future__ import annotations

import datetime as dt
import io
import os
import pty
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from summitcast.app import tracker
from summitcast.cli import cli
from summitcast.render import text as render
from summitcast.store.workspace import Workspace

#: The day the ``forecasts_dir`` fixture pins.
TODAY = dt.date(2025, 10, 27)

OPEN_Q = """\
title = "Will A and B meet?"
resolution_criteria = "In person."
opens = 2025-09-01
deadline = 2025-12-31

[prior]
probability = 0.2

[[evidence]]
id = "for-1"
date = 2025-10-22
source = "A"
says = "Ready to meet."
strength = "strong"
direction = "for"

[[evidence]]
id = "against-1"
date = 2025-09-10
source = "B"
says = "No talks."
strength = "moderate"
direction = "against"
"""

RESOLVED_Q = """\
title = "Did C and D meet?"
resolution_criteria = "In person."
opens = 2025-09-01
deadline = 2025-10-31

[prior]
probability = 0.3

[resolution]
outcome = "yes"
date = 2025-10-10
"""

ESC = "\x1b["


@pytest.fixture
def ledger(forecasts_dir: Path) -> Path:
    (forecasts_dir / "ab.toml").write_text(OPEN_Q)
    (forecasts_dir / "cd.toml").write_text(RESOLVED_Q)
    return forecasts_dir


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stream", "no_color", "expected"),
    [
        (_Terminal(), None, True),
        (_Terminal(), "", True),  # NO_COLOR set but empty does not count (no-color.org)
        (_Terminal(), "1", False),
        (io.StringIO(), None, False),
    ],
)
def test_use_colour(
    stream: io.StringIO, no_color: str | None, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert render.use_colour(stream) is expected


def test_coloured_list_and_show_are_the_plain_text_underneath(ledger: Path) -> None:
    listed = tracker.list_questions(Workspace(ledger), TODAY)
    plain, coloured = (render.render_list(listed, colour=c) for c in (False, True))
    assert ESC not in plain and ESC in coloured
    assert click.unstyle(coloured) == plain  # same columns, same characters
    rows = {line.split()[0]: line for line in coloured.splitlines()[3:]}
    assert click.style("resolved-yes", fg="green") in rows["cd"]
    assert click.style(f"{'open':<12}", fg="cyan") in rows["ab"]
    # the week's change: green when it rose, red when it fell
    change = next(r.change_7d for r in listed.rows if r.question.id == "ab")
    assert change is not None and abs(change) > 1e-3
    assert ESC + ("32m" if change > 0 else "31m") + " " in rows["ab"]

    shown = tracker.show(Workspace(ledger), "ab", TODAY)
    plain, coloured = (render.render_show(shown, colour=c) for c in (False, True))
    assert ESC not in plain and click.unstyle(coloured) == plain
    drivers = {line.split()[1]: line for line in coloured.splitlines() if "  " + ESC in line}
    assert drivers["for-1"].startswith("  " + ESC + "32m+")
    assert drivers["against-1"].startswith("  " + ESC + "31m-")


def test_cli_output_is_plain_when_not_a_terminal(ledger: Path) -> None:
    for args in (["list"], ["show", "ab"]):
        result = CliRunner().invoke(cli, args, color=True)  # click would keep codes: none are made
        assert result.exit_code == 0 and ESC not in result.stdout


def _on_a_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run the command line with its standard output on a pseudo-terminal; what it printed."""
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "summitcast", *args],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=True,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal is drained and closed
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)
    assert proc.stderr == b""
    return b"".join(chunks).decode()


def test_cli_colours_on_a_terminal_unless_no_color(ledger: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    coloured = _on_a_terminal(["list"], env)
    assert ESC in coloured and "resolved-yes" in coloured
    plain = _on_a_terminal(["list"], {**env, "NO_COLOR": "1"})
    assert ESC not in plain
    assert click.unstyle(coloured) == plain
