"""Shared fixtures: the real data beside the repository, and a scratch forecasts directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
