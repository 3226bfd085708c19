"""summitcast.app.create: the tags of a new self-contained question are written by the TOML writer, not by text surgery."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from summitcast.app.create import new_question
from summitcast.store.workspace import Workspace


def test_new_question_writes_tags_and_leaves_a_title_that_looks_like_them_alone(
    forecasts_dir: Path,
) -> None:
    # the title holds the very text the old code replaced ("tags = []"): it made the file invalid TOML
    title = 'Will they meet? (tags = [] in the old file) "quoted"'
    tags = ["asia", "ü b", 'q"t']
    result = new_question(
        Workspace(forecasts_dir),
        "q",
        today=dt.date(2025, 10, 27),
        title=title,
        opens=dt.date(2025, 10, 1),
        deadline=dt.date(2025, 12, 31),
        prior=0.2,
        tags=tags,
    )
    doc = tomllib.loads((forecasts_dir / "q.toml").read_text(encoding="utf-8"))
    assert doc["title"] == title
    assert doc["tags"] == tags
    assert result.question.title == title
    assert result.question.tags == tuple(tags)
    assert result.after.probability is not None
