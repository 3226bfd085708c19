"""Shared fixtures: the real data beside the repository, and a scratch forecasts directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

#: One hypothesis profile for the suite: no per-example deadline (the model's first call pays for imports and
#: caches), and in CI ($CI set) derandomized so that a failure reproduces from the log. Tests that need more or
#: fewer examples say so with ``@settings(max_examples=...)``, which inherits the rest from the profile.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "ci", parent=settings.get_profile("dev"), derandomize=True, print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

REPO = Path(__file__).resolve().parents[1]
#: ../shared/data beside the checkout (CI lays it there); tests that need it skip cleanly without it.
SHARED_DATA = Path(os.environ.get("SUMMITCAST_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture
def shared_data() -> Path:
    """The real data folder, or a clean skip with the reason."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data not found at {SHARED_DATA} (set SUMMITCAST_SHARED_DATA)")
    return SHARED_DATA


@pytest.fixture
def forecasts_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty forecasts directory, with ``today`` pinned so that outputs are reproducible."""
    d = tmp_path / "forecasts"
    d.mkdir()
    monkeypatch.setenv("SUMMITCAST_DIR", str(d))
    monkeypatch.setenv("SUMMITCAST_TODAY", "2025-10-27")
    return d


@pytest.fixture
def run():
    """Invoke the CLI in process: ``run(*args)`` returns click's ``Result`` (exceptions caught)."""
    from click.testing import CliRunner

    from summitcast.cli import cli

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=True)

    return invoke


@pytest.fixture
def ok(run):
    """Invoke the CLI and assert it succeeded with nothing on stderr: ``ok(*args)`` returns the ``Result``."""

    def invoke(*args: str):
        result = run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
        assert result.stderr == ""
        return result

    return invoke
