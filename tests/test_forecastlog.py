"""The recorded-forecasts log (v2: its functions take the log's path, which ``Workspace.log_path`` gives)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summitcast.errors import LedgerError
from summitcast.store.forecastlog import LOG_COLUMNS, LoggedForecast, append_forecast, read_log
from summitcast.store.workspace import Workspace


def entry(k: int, probability: float | None) -> LoggedForecast:
    return LoggedForecast(
        id="tk",
        timestamp=dt.datetime(2025, 10, 27, 12, 0, k, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        as_of=dt.date(2025, 10, 27),
        probability=probability,
        low=None if probability is None else probability / 2,
        high=None if probability is None else min(1.0, 2 * probability),
        evidence_used=k,
        version="0.1.0",
        command=f"add e{k}",
    )


def test_append_then_read_round_trips_with_one_header(tmp_path: Path) -> None:
    path = Workspace(tmp_path).log_path("tk")
    assert path == tmp_path / "tk.forecasts.csv"
    assert read_log(path) == []  # no log yet
    for k, p in enumerate((0.125, None, 0.3)):
        assert append_forecast(path, entry(k, p)) == path
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(LOG_COLUMNS)
    # the timestamp is written in UTC with a Z; an annulled question's numbers are empty
    assert (
        lines[1] == "tk,2025-10-27T03:00:00Z,2025-10-27,0.125000,0.062500,0.250000,0,0.1.0,add e0"
    )
    assert lines[2] == "tk,2025-10-27T03:00:01Z,2025-10-27,,,,1,0.1.0,add e1"
    got = read_log(path)
    assert [(g.probability, g.low, g.high, g.evidence_used, g.command) for g in got] == [
        (0.125, 0.0625, 0.25, 0, "add e0"),
        (None, None, None, 1, "add e1"),
        (0.3, 0.15, 0.6, 2, "add e2"),
    ]
    assert got[0].timestamp == dt.datetime(2025, 10, 27, 3, 0, 0, tzinfo=dt.UTC)


def test_a_malformed_row_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "tk.forecasts.csv"
    append_forecast(path, entry(0, 0.2))
    with path.open("a", encoding="utf-8") as fh:
        fh.write("tk,not-a-time,2025-10-27,0.2,0.1,0.3,1,0.1.0,add e1\n")
    with pytest.raises(LedgerError) as info:
        read_log(path)
    assert info.value.path == path
    assert info.value.lines()[0].startswith(f"{path}: line 3: malformed recorded forecast (")


def test_log_paths_refuse_ids_that_leave_the_folder(tmp_path: Path) -> None:
    from summitcast.errors import ValidationError

    for bad in ("../tk", "tk/../../x", "TK"):
        with pytest.raises(ValidationError):
            Workspace(tmp_path).log_path(bad)
