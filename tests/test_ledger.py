"""The question file format: every validation rule with its exact message and line, layout-keeping edits, and a
hypothesis round-trip over generated ledgers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcast.domain.question import STRENGTH_LR, Evidence, Prior, Resolution, Window
from summitcast.errors import LedgerError
from summitcast.store.edit import (
    append_evidence,
    append_window,
    render_new_question,
    set_resolution,
)
from summitcast.store.ledger import parse_question

PATH = Path("forecasts/q.toml")
FIXTURES = Path(__file__).parent / "fixtures" / "broken"

HEAD = """\
title = "Will A and B meet?"
resolution_criteria = "In person."
opens = 2025-10-01
deadline = 2025-12-31
"""
PRIOR = """
[prior]
probability = 0.2
weight = 20
"""
WINDOW = """
[[windows]]
id = "trip"
name = "The trip"
start = 2025-10-29
end = 2025-10-30
kind = "period"
hazard = 60
"""
EVIDENCE = """
[[evidence]]
id = "e1"
date = 2025-10-02
source = "Someone"
says = "Something"
lr = 2.0
"""


def doc(
    *,
    head: str = HEAD,
    prior: str = PRIOR,
    windows: str = WINDOW,
    evidence: str = EVIDENCE,
    tail: str = "",
) -> str:
    return head + prior + windows + evidence + tail


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """1-based number of the ``nth`` line containing ``needle`` (computed from the text, not by the code under test)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth]


def problems(text: str, path: Path = PATH) -> list[str]:
    with pytest.raises(LedgerError) as info:
        parse_question(text, path)
    assert info.value.path == path
    return info.value.lines()


def test_base_document_is_valid() -> None:
    q = parse_question(doc(), PATH)
    assert q.id == "q"
    assert q.prior == Prior(0.2, 20.0, "")
    assert q.windows == (
        Window("trip", "The trip", dt.date(2025, 10, 29), dt.date(2025, 10, 30), 60.0),
    )
    (e,) = q.evidence
    assert (e.id, e.lr, e.logged, e.source_type, e.origin_key) == (
        "e1",
        2.0,
        dt.date(2025, 10, 2),
        "media",
        "e1",
    )
    assert q.resolution is None


# ------------------------------------------------------------------------------------ unknown keys

UNKNOWN_KEYS = [
    # (text, needle for the line, expected line text after "path: line N: ")
    (
        doc(head=HEAD + 'tittle = "x"\n'),
        "tittle",
        "tittle: unknown key 'tittle' in the top level; did you mean 'title'?",
    ),
    (
        doc(prior=PRIOR + "wieght = 3\n"),
        "wieght",
        "prior.wieght: unknown key 'wieght' in [prior]; did you mean 'weight'?",
    ),
    (
        doc(windows=WINDOW + 'nmae = "x"\n'),
        "nmae",
        "windows[0].nmae: unknown key 'nmae' in [windows]; did you mean 'name'?",
    ),
    (
        doc(evidence=EVIDENCE + 'sorce = "x"\n'),
        "sorce",
        "evidence[0] (id 'e1').sorce: unknown key 'sorce' in [evidence]; did you mean 'source'?",
    ),
    (
        doc(tail='\n[resolution]\noutcome = "no"\nnoet = "x"\n'),
        "noet",
        "resolution.noet: unknown key 'noet' in [resolution]; did you mean 'note'?",
    ),
    (
        doc(head=HEAD + "zzzzzz = 1\n"),
        "zzzzzz",
        "zzzzzz: unknown key 'zzzzzz' in the top level (allowed: title, event, resolution_criteria, "
        "opens, deadline, tags, prior, windows, evidence, resolution)",
    ),
    (
        doc(prior=PRIOR + "qqqqqq = 1\n"),
        "qqqqqq",
        "prior.qqqqqq: unknown key 'qqqqqq' in [prior] (allowed: probability, weight, rationale, rule)",
    ),
]


@pytest.mark.parametrize(("text", "needle", "message"), UNKNOWN_KEYS)
def test_unknown_keys_are_errors_with_a_hint(text: str, needle: str, message: str) -> None:
    assert problems(text) == [f"{PATH}: line {line_of(text, needle)}: {message}"]


# ------------------------------------------------------------------------------------ missing keys


def test_missing_top_level_keys_name_the_key() -> None:
    text = doc(head="opens = 2025-10-01\ndeadline = 2025-12-31\n", prior="")
    assert problems(text) == [
        f"{PATH}: title: missing required key",
        f"{PATH}: resolution_criteria: missing required key",
        f"{PATH}: prior: missing required key",
    ]


@pytest.mark.parametrize(
    ("text", "header", "message"),
    [
        (
            doc(prior="\n[prior]\nweight = 20\n"),
            "[prior]",
            "prior.probability: missing required key (or name a rule)",
        ),
        (
            doc(windows=WINDOW.replace('name = "The trip"\n', "")),
            "[[windows]]",
            "windows[0].name: missing required key",
        ),
        (
            doc(evidence=EVIDENCE.replace('source = "Someone"\n', "")),
            "[[evidence]]",
            "evidence[0] (id 'e1').source: missing required key",
        ),
        (
            doc(evidence=EVIDENCE.replace('says = "Something"\n', "")),
            "[[evidence]]",
            "evidence[0] (id 'e1').says: missing required key",
        ),
        (
            doc(evidence=EVIDENCE.replace("date = 2025-10-02\n", "")),
            "[[evidence]]",
            "evidence[0] (id 'e1').date: missing required key",
        ),
        (
            doc(evidence=EVIDENCE.replace('id = "e1"\n', "")),
            "[[evidence]]",
            "evidence[0].id: missing required key",
        ),
        (
            doc(evidence=EVIDENCE.replace("lr = 2.0\n", "")),
            "[[evidence]]",
            "evidence[0] (id 'e1').lr: give either lr or strength with direction",
        ),
        (
            doc(tail='\n[resolution]\nnote = "x"\n'),
            "[resolution]",
            "resolution.outcome: missing required key",
        ),
    ],
)
def test_missing_keys_in_tables_point_at_the_table(text: str, header: str, message: str) -> None:
    assert problems(text) == [f"{PATH}: line {line_of(text, header)}: {message}"]


# ------------------------------------------------------------------------------------- wrong types

WRONG_TYPES = [
    (
        doc(head=HEAD.replace('title = "Will A and B meet?"', "title = 3")),
        "title",
        "title: must be a string (got int 3)",
    ),
    (
        doc(head=HEAD.replace('title = "Will A and B meet?"', 'title = "  "')),
        "title",
        "title: must not be empty",
    ),
    (
        doc(head=HEAD.replace("opens = 2025-10-01", 'opens = "2025-10-01"')),
        "opens",
        "opens: must be a TOML date like 2025-10-29, without quotes (got '2025-10-01')",
    ),
    (
        doc(head=HEAD.replace("deadline = 2025-12-31", "deadline = 2025-12-31T12:00:00")),
        "deadline",
        "deadline: must be a date like 2025-10-29 (got date-time 2025-12-31T12:00:00)",
    ),
    (
        doc(evidence=EVIDENCE.replace("date = 2025-10-02", "date = 2025-10-02T10:00:00Z")),
        "date =",
        "evidence[0] (id 'e1').date: must be a date like 2025-10-29 (got date-time 2025-10-02T10:00:00+00:00)",
    ),
    (
        doc(evidence=EVIDENCE.replace("date = 2025-10-02", 'date = "2025-10-02"')),
        "date =",
        "evidence[0] (id 'e1').date: must be a TOML date like 2025-10-29, without quotes (got '2025-10-02')",
    ),
    (
        doc(windows=WINDOW.replace("start = 2025-10-29", "start = 12:00:00")),
        "start",
        "windows[0].start: must be a date like 2025-10-29 (got time 12:00:00)",
    ),
    (doc(head=HEAD + 'tags = "x"\n'), "tags", "tags: must be a list of strings"),
    (doc(head=HEAD + "tags = [1, 2]\n"), "tags", "tags: must be a list of strings"),
    (
        doc(prior=PRIOR.replace("probability = 0.2", 'probability = "0.2"')),
        "probability",
        "prior.probability: must be a number (got string '0.2')",
    ),
    (
        doc(prior=PRIOR.replace("weight = 20", "weight = true")),
        "weight",
        "prior.weight: must be a number (got boolean true)",
    ),
    (
        doc(evidence=EVIDENCE.replace("lr = 2.0", "lr = nan")),
        "lr =",
        "evidence[0] (id 'e1').lr: must be a finite number (got nan)",
    ),
    (
        doc(evidence=EVIDENCE.replace("lr = 2.0", "lr = inf")),
        "lr =",
        "evidence[0] (id 'e1').lr: must be a finite number (got inf)",
    ),
    (
        doc(windows=WINDOW.replace("hazard = 60", 'hazard = "high"')),
        "hazard",
        "windows[0].hazard: must be a number (got string 'high')",
    ),
    (
        doc(evidence=EVIDENCE + "reliability = [0.5]\n"),
        "reliability",
        "evidence[0] (id 'e1').reliability: must be a number (got an array)",
    ),
    (doc(prior="\nprior = 0.2\n"), "prior = 0.2", "prior: must be a table (got float 0.2)"),
    (
        doc(head=HEAD + "evidence = 3\n", windows="", evidence=""),
        "evidence = 3",
        "evidence: must be an array of tables, written [[...]] (got int 3)",
    ),
]


@pytest.mark.parametrize(("text", "needle", "message"), WRONG_TYPES)
def test_wrong_types(text: str, needle: str, message: str) -> None:
    assert problems(text) == [f"{PATH}: line {line_of(text, needle)}: {message}"]


# ------------------------------------------------------------------------------------------ ranges

RANGES = [
    (
        PRIOR.replace("probability = 0.2", "probability = 0"),
        None,
        "probability",
        "prior.probability: must be in (0, 1) (got 0)",
    ),
    (
        PRIOR.replace("probability = 0.2", "probability = 1.0"),
        None,
        "probability",
        "prior.probability: must be in (0, 1) (got 1.0)",
    ),
    (
        PRIOR.replace("probability = 0.2", "probability = -0.5"),
        None,
        "probability",
        "prior.probability: must be in (0, 1) (got -0.5)",
    ),
    (
        PRIOR.replace("weight = 20", "weight = 0"),
        None,
        "weight",
        "prior.weight: must be > 0 (got 0)",
    ),
    (
        PRIOR.replace("weight = 20", "weight = -3.5"),
        None,
        "weight",
        "prior.weight: must be > 0 (got -3.5)",
    ),
    (
        None,
        EVIDENCE.replace("lr = 2.0", "lr = 0"),
        "lr =",
        "evidence[0] (id 'e1').lr: must be > 0 (got 0)",
    ),
    (
        None,
        EVIDENCE.replace("lr = 2.0", "lr = -2.0"),
        "lr =",
        "evidence[0] (id 'e1').lr: must be > 0 (got -2.0)",
    ),
    (
        None,
        EVIDENCE + "reliability = 1.01\n",
        "reliability",
        "evidence[0] (id 'e1').reliability: must be between 0 and 1 (got 1.01)",
    ),
    (
        None,
        EVIDENCE + "reliability = -0.1\n",
        "reliability",
        "evidence[0] (id 'e1').reliability: must be between 0 and 1 (got -0.1)",
    ),
    (
        None,
        EVIDENCE + "half_life_days = 0\n",
        "half_life",
        "evidence[0] (id 'e1').half_life_days: must be > 0 (got 0)",
    ),
    (
        None,
        EVIDENCE + "half_life_days = -7\n",
        "half_life",
        "evidence[0] (id 'e1').half_life_days: must be > 0 (got -7)",
    ),
]


@pytest.mark.parametrize(("prior", "evidence", "needle", "message"), RANGES)
def test_ranges(prior: str | None, evidence: str | None, needle: str, message: str) -> None:
    text = doc(prior=prior or PRIOR, evidence=evidence or EVIDENCE)
    assert problems(text) == [f"{PATH}: line {line_of(text, needle)}: {message}"]


def test_window_hazard_below_zero_is_an_error_and_zero_is_allowed() -> None:
    text = doc(windows=WINDOW.replace("hazard = 60", "hazard = -1"))
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'hazard')}: windows[0].hazard: must be >= 0 (got -1)"
    ]
    assert (
        parse_question(doc(windows=WINDOW.replace("hazard = 60", "hazard = 0")), PATH)
        .windows[0]
        .hazard
        == 0.0
    )


@pytest.mark.parametrize("r", ["0", "0.0", "1", "1.0", "0.37"])
def test_reliability_bounds_are_inclusive(r: str) -> None:
    q = parse_question(doc(evidence=EVIDENCE + f"reliability = {r}\n"), PATH)
    assert q.evidence[0].reliability == float(r)


# ----------------------------------------------------------------------------- strength / direction

STRENGTHS = [
    (
        EVIDENCE + 'strength = "weak"\ndirection = "for"\n',
        "strength",
        "evidence[0] (id 'e1').strength: give either lr or strength with direction, not both",
    ),
    (
        EVIDENCE + 'direction = "for"\n',
        "direction",
        "evidence[0] (id 'e1').direction: give either lr or strength with direction, not both",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'strength = "weak"'),
        "[[evidence]]",
        "evidence[0] (id 'e1').direction: strength needs a direction: 'for' or 'against'",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'direction = "for"'),
        "[[evidence]]",
        "evidence[0] (id 'e1').strength: direction needs a strength (weak ... very-strong)",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'strength = "strnog"\ndirection = "for"'),
        "strength",
        "evidence[0] (id 'e1').strength: unknown strength 'strnog'; did you mean 'strong'?",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'strength = "huge"\ndirection = "for"'),
        "strength",
        "evidence[0] (id 'e1').strength: unknown strength 'huge' (one of weak, moderate, strong, very-strong)",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'strength = "weak"\ndirection = "agianst"'),
        "direction",
        "evidence[0] (id 'e1').direction: unknown direction 'agianst'; did you mean 'against'?",
    ),
    (
        EVIDENCE.replace("lr = 2.0", 'strength = "weak"\ndirection = "up"'),
        "direction",
        "evidence[0] (id 'e1').direction: unknown direction 'up' (one of for, against)",
    ),
    (
        EVIDENCE + 'source_type = "offical"\n',
        "source_type",
        "evidence[0] (id 'e1').source_type: unknown source type 'offical'; did you mean 'official'?",
    ),
    (
        EVIDENCE + 'source_type = "blog"\n',
        "source_type",
        "evidence[0] (id 'e1').source_type: unknown source type 'blog' (one of principal, official, analyst, media, market)",
    ),
]


@pytest.mark.parametrize(("evidence", "needle", "message"), STRENGTHS)
def test_strength_direction_and_source_type(evidence: str, needle: str, message: str) -> None:
    text = doc(evidence=evidence)
    assert problems(text) == [f"{PATH}: line {line_of(text, needle)}: {message}"]


@pytest.mark.parametrize(
    ("strength", "direction", "lr"),
    [
        (s, d, v if d == "for" else 1 / v)
        for s, v in STRENGTH_LR.items()
        for d in ("for", "against")
    ],
)
def test_strength_levels_map_to_the_contract_table(
    strength: str, direction: str, lr: float
) -> None:
    q = parse_question(
        doc(
            evidence=EVIDENCE.replace(
                "lr = 2.0", f'strength = "{strength}"\ndirection = "{direction}"'
            )
        ),
        PATH,
    )
    assert q.evidence[0].stated_lr == pytest.approx(lr, rel=1e-15)


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        ("yse", "resolution.outcome: unknown outcome 'yse'; did you mean 'yes'?"),
        ("annuled", "resolution.outcome: unknown outcome 'annuled'; did you mean 'annulled'?"),
        ("maybe", "resolution.outcome: unknown outcome 'maybe' (one of yes, no, annulled)"),
    ],
)
def test_unknown_outcome(outcome: str, message: str) -> None:
    text = doc(tail=f'\n[resolution]\noutcome = "{outcome}"\ndate = 2025-11-01\n')
    assert problems(text) == [f"{PATH}: line {line_of(text, 'outcome')}: {message}"]


def test_resolution_before_opens() -> None:
    text = doc(tail='\n[resolution]\noutcome = "no"\ndate = 2025-09-01\n')
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'date = 2025-09-01')}: resolution.date: must not be before opens (2025-09-01 < 2025-10-01)"
    ]


def test_a_yes_after_the_deadline_is_an_error_and_a_no_may_come_later() -> None:
    text = doc(tail='\n[resolution]\noutcome = "yes"\ndate = 2026-01-01\n')
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'date = 2026-01-01')}: resolution.date: a yes must be resolved on "
        "the meeting's day, within the span (got 2026-01-01, after the deadline 2025-12-31)"
    ]
    assert parse_question(text.replace('"yes"', '"no"'), PATH).resolution == Resolution(
        "no", dt.date(2026, 1, 1), ""
    )
    assert parse_question(text.replace("2026-01-01", "2025-12-31"), PATH).resolution == Resolution(
        "yes", dt.date(2025, 12, 31), ""
    )


def test_resolution_without_date_counts_from_the_deadline() -> None:
    yes = parse_question(doc(tail='\n[resolution]\noutcome = "yes"\n'), PATH)
    no = parse_question(doc(tail='\n[resolution]\noutcome = "no"\nnote = "n"\n'), PATH)
    assert yes.resolution == Resolution("yes", dt.date(2025, 12, 31), "")
    assert no.resolution == Resolution("no", dt.date(2026, 1, 1), "n")


# --------------------------------------------------------------------------- cross-item consistency


def test_duplicate_evidence_ids() -> None:
    text = doc(evidence=EVIDENCE + EVIDENCE)
    line = line_of(text, 'id = "e1"', 1)
    assert problems(text) == [
        f"{PATH}: line {line}: evidence[1] (id 'e1').id: duplicate evidence id 'e1'"
    ]


def test_duplicate_window_ids() -> None:
    text = doc(windows=WINDOW + WINDOW)
    line = line_of(text, 'id = "trip"', 1)
    assert problems(text) == [f"{PATH}: line {line}: windows[1].id: duplicate window id 'trip'"]


@pytest.mark.parametrize(
    ("windows", "ref", "message"),
    [
        (WINDOW, "tirp", "unknown window 'tirp'; did you mean 'trip'?"),
        (WINDOW, "summit", "unknown window 'summit' (windows: trip)"),
        ("", "trip", "unknown window 'trip' (the file has no [[windows]])"),
    ],
)
def test_evidence_referring_to_a_missing_window(windows: str, ref: str, message: str) -> None:
    text = doc(windows=windows, evidence=EVIDENCE + f'window = "{ref}"\n')
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'window =')}: evidence[0] (id 'e1').window: {message}"
    ]


def test_evidence_may_refer_to_a_window_written_after_it() -> None:
    text = HEAD + PRIOR + EVIDENCE + 'window = "trip"\n' + WINDOW
    assert parse_question(text, PATH).evidence[0].window == "trip"


def test_deadline_before_opens() -> None:
    text = doc(
        head=HEAD.replace("deadline = 2025-12-31", "deadline = 2025-09-30"), windows="", evidence=""
    )
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'deadline')}: deadline: must not be before opens (2025-09-30 < 2025-10-01)"
    ]


def test_deadline_equal_to_opens_is_valid() -> None:
    q = parse_question(
        doc(
            head=HEAD.replace("deadline = 2025-12-31", "deadline = 2025-10-01"),
            windows="",
            evidence=EVIDENCE.replace("date = 2025-10-02", "date = 2025-10-01"),
        ),
        PATH,
    )
    assert q.opens == q.deadline == q.evidence[0].date


@pytest.mark.parametrize(
    ("extra", "key", "value"),
    [("", "date", "2026-01-01"), ("logged = 2026-01-01\n", "logged", "2026-01-01")],
)
def test_evidence_after_the_deadline_is_an_error(extra: str, key: str, value: str) -> None:
    # v2: an item said or learned after the deadline cannot bear on the question
    evidence = EVIDENCE + extra
    if key == "date":
        evidence = evidence.replace("date = 2025-10-02", f"date = {value}")
    text = doc(evidence=evidence)
    assert problems(text) == [
        f"{PATH}: line {line_of(text, key + ' =')}: evidence[0] (id 'e1').{key}: {value} is after the "
        "deadline (2025-12-31): it cannot bear on the question"
    ]
    # the deadline's own day is still within the span
    parse_question(text.replace(value, "2025-12-31"), PATH)


def test_window_hazard_defaults_to_one_and_announced_to_none() -> None:
    # v2 (CONTRACT section 1): hazard is optional (default 1, a named period); announced defaults to opens
    text = doc(windows=WINDOW.replace("hazard = 60\n", ""))
    assert parse_question(text, PATH).windows == (
        Window("trip", "The trip", dt.date(2025, 10, 29), dt.date(2025, 10, 30), 1.0, None),
    )
    announced = parse_question(doc(windows=WINDOW + "announced = 2025-10-20\n"), PATH).windows[0]
    assert (announced.hazard, announced.announced) == (60.0, dt.date(2025, 10, 20))
    assert announced.known_on(dt.date(2025, 10, 20)) and not announced.known_on(
        dt.date(2025, 10, 19)
    )


def test_window_announced_after_its_end_is_an_error() -> None:
    text = doc(windows=WINDOW + "announced = 2025-10-31\n")
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'announced')}: windows[0].announced: must not be after the "
        "window's end (2025-10-31 > 2025-10-30)"
    ]


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-09-30", "2025-10-02"), ("2025-12-30", "2026-01-01"), ("2026-01-05", "2026-01-06")],
)
def test_window_outside_the_span(start: str, end: str) -> None:
    w = WINDOW.replace("start = 2025-10-29", f"start = {start}").replace(
        "end = 2025-10-30", f"end = {end}"
    )
    text = doc(windows=w)
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'start =')}: windows[0].start: window {start}..{end} must lie within the span 2025-10-01..2025-12-31"
    ]


def test_window_end_before_start() -> None:
    text = doc(windows=WINDOW.replace("end = 2025-10-30", "end = 2025-10-28"))
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'end =')}: windows[0].end: must not be before start (2025-10-28 < 2025-10-29)"
    ]


def test_logged_before_date() -> None:
    text = doc(evidence=EVIDENCE + "logged = 2025-10-01\n")
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'logged')}: evidence[0] (id 'e1').logged: must not be before date (2025-10-01 < 2025-10-02)"
    ]


def test_logged_defaults_to_date() -> None:
    text = doc(evidence=EVIDENCE + "logged = 2025-10-05\n" + EVIDENCE.replace("e1", "e2"))
    a, b = parse_question(text, PATH).evidence
    assert (a.logged, b.logged) == (dt.date(2025, 10, 5), dt.date(2025, 10, 2))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (HEAD + "foo = \n", 5, "invalid TOML: Invalid value"),
        (
            HEAD + "[other\n",
            5,
            "invalid TOML: Expected ']' at the end of a table declaration",
        ),
        (HEAD + 'title = "again"\n', 5, "invalid TOML: Cannot overwrite a value"),
        ('title = "unterminated\n' + HEAD, 1, "invalid TOML: Illegal character '\\n'"),
    ],
)
def test_invalid_toml_syntax_names_the_line(text: str, line: int, message: str) -> None:
    assert problems(text) == [f"{PATH}: line {line}: {message}"]


def test_file_stem_must_be_a_valid_id() -> None:
    assert problems(doc(), Path("forecasts/Bad_Id.toml")) == [
        "forecasts/Bad_Id.toml: file name 'Bad_Id' is not a valid question id (lowercase letters, digits, -)"
    ]


def test_every_problem_is_collected_and_the_summary_counts_them() -> None:
    text = doc(
        head=HEAD + 'tittle = "x"\n',
        prior=PRIOR.replace("0.2", "2"),
        evidence=EVIDENCE.replace("2.0", "-1"),
    )
    with pytest.raises(LedgerError) as info:
        parse_question(text, PATH)
    assert info.value.lines() == [
        f"{PATH}: line 5: tittle: unknown key 'tittle' in the top level; did you mean 'title'?",
        f"{PATH}: line 8: prior.probability: must be in (0, 1) (got 2)",
        f"{PATH}: line 24: evidence[0] (id 'e1').lr: must be > 0 (got -1)",
    ]
    assert (
        str(info.value)
        == f"{PATH}: line 5: tittle: unknown key 'tittle' in the top level; did you mean 'title'? (and 2 more problems)"
    )


def test_line_numbers_skip_multiline_strings() -> None:
    text = doc(
        evidence=EVIDENCE.replace('says = "Something"', 'says = """\n[[evidence]]\nlr = 5\n"""')
        + "reliability = 7\n"
    )
    assert problems(text) == [
        f"{PATH}: line {line_of(text, 'reliability')}: evidence[0] (id 'e1').reliability: must be between 0 and 1 (got 7)"
    ]


def test_inline_tables_are_reported_on_their_line() -> None:
    text = HEAD + "prior = { probability = 1.5 }\n"
    assert problems(text) == [f"{PATH}: line 5: prior.probability: must be in (0, 1) (got 1.5)"]


# --------------------------------------------------------------------------------- broken fixtures

BROKEN = {
    "unknown-top-key": [
        "line 5: tittle: unknown key 'tittle' in the top level; did you mean 'title'?"
    ],
    "unknown-prior-key": [
        "line 8: prior.wieght: unknown key 'wieght' in [prior]; did you mean 'weight'?"
    ],
    "unknown-evidence-key": [
        "line 15: evidence[0] (id 'e1').sauce: unknown key 'sauce' in [evidence]; did you mean 'source'?"
    ],
    "missing-title": ["title: missing required key"],
    "prior-out-of-range": ["line 7: prior.probability: must be in (0, 1) (got 1.2)"],
    "quoted-date": [
        "line 3: opens: must be a TOML date like 2025-10-29, without quotes (got '2025-10-01')"
    ],
    "negative-lr": ["line 14: evidence[0] (id 'e1').lr: must be > 0 (got -3)"],
    "lr-and-strength": [
        "line 15: evidence[0] (id 'e1').strength: give either lr or strength with direction, not both"
    ],
    "duplicate-evidence-id": ["line 17: evidence[1] (id 'e1').id: duplicate evidence id 'e1'"],
    "unknown-window": [
        "line 15: evidence[0] (id 'e1').window: unknown window 'korea-vist' (the file has no [[windows]])"
    ],
    "window-outside-span": [
        "line 12: windows[0].start: window 2025-09-20..2025-09-21 must lie within the span 2025-10-01..2025-12-31"
    ],
    "logged-before-date": [
        "line 15: evidence[0] (id 'e1').logged: must not be before date (2025-10-01 < 2025-10-05)"
    ],
    "syntax-error": ["line 4: invalid TOML: Invalid value"],
    "several-problems": [
        "line 5: tags: must be a list of strings",
        "line 8: prior.probability: must be in (0, 1) (got 0)",
        "line 15: windows[0].hazard: must be >= 0 (got -5)",
        "line 17: evidence[0] (id 'a').direction: strength needs a direction: 'for' or 'against'",
        "line 24: evidence[0] (id 'a').reliability: must be between 0 and 1 (got 1.5)",
        "line 32: evidence[1] (id 'b').source_type: unknown source type 'offical'; did you mean 'official'?",
        "line 35: resolution.outcome: unknown outcome 'yse'; did you mean 'yes'?",
    ],
}


def test_every_fixture_is_listed() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.toml")) == sorted(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixtures(name: str) -> None:
    path = FIXTURES / f"{name}.toml"
    assert problems(path.read_text(encoding="utf-8"), path) == [
        f"{path}: {m}" for m in BROKEN[name]
    ]


# ----------------------------------------------------------------------------- layout-keeping edits

HAND = """\
# Trump-Kim 2025: hand-kept ledger.   Keep this header!

deadline = 2025-12-31      # inclusive
title = 'Will they meet?'  # literal string
opens = 2025-10-01
resolution_criteria = \"\"\"
In person, "same room".
\"\"\"
tags = [ "korea",   "summit" ]  # spacing kept

[[evidence]]   # the first item, before the prior on purpose
  id    = "kim-1"
  date  = 2025-10-02
  source = "Kim Yo Jong"   # sister
  source_type = "principal"
  says  = 'No interest'
  strength = "moderate"
  direction = "against"


# ---- prior below the evidence ----
[prior]
probability = 0.15  # base rate
weight = 12
rationale = "3 meetings in 8 years"

[[windows]]
id = "apec"
name = "APEC"
start = 2025-10-29
end = 2025-11-01
hazard = 40.0
# a trailing comment without a newline at the end"""

NEW_ITEM = {
    "id": "trump-2",
    "date": dt.date(2025, 10, 20),
    "logged": dt.date(2025, 10, 21),
    "source": "Donald Trump",
    "source_type": "principal",
    "origin": None,
    "says": 'I\'d "love" to meet him\\n',
    "lr": 2.5,
    "window": "apec",
}


def test_hand_written_file_parses() -> None:
    q = parse_question(HAND, PATH)
    assert q.title == "Will they meet?"
    assert q.resolution_criteria == 'In person, "same room".\n'
    assert q.tags == ("korea", "summit")
    assert q.prior == Prior(0.15, 12.0, "3 meetings in 8 years")
    assert q.evidence[0].stated_lr == pytest.approx(1 / 3)


def test_append_evidence_keeps_every_byte() -> None:
    new = append_evidence(HAND, NEW_ITEM)
    assert new.startswith(HAND + "\n")
    q0, q1 = parse_question(HAND, PATH), parse_question(new, PATH)
    assert q1.evidence[:-1] == q0.evidence
    assert q1.evidence[-1] == Evidence(
        id="trump-2",
        date=dt.date(2025, 10, 20),
        source="Donald Trump",
        says='I\'d "love" to meet him\\n',
        logged=dt.date(2025, 10, 21),
        source_type="principal",
        lr=2.5,
        window="apec",
    )
    assert (q1.prior, q1.windows, q1.title, q1.tags) == (q0.prior, q0.windows, q0.title, q0.tags)


def test_append_window_and_set_resolution_keep_every_byte() -> None:
    w = append_window(
        HAND,
        {
            "id": "dmz",
            "name": "DMZ",
            "start": dt.date(2025, 11, 5),
            "end": dt.date(2025, 11, 5),
            "hazard": 5.0,
        },
    )
    assert w.startswith(HAND)
    r = set_resolution(w, {"outcome": "no", "date": dt.date(2025, 11, 2), "note": None})
    assert r.startswith(w)
    q = parse_question(r, PATH)
    assert [x.id for x in q.windows] == ["apec", "dmz"]
    assert q.resolution == Resolution("no", dt.date(2025, 11, 2), "")
    # and evidence can still be appended after a [resolution] table
    e = append_evidence(r, NEW_ITEM)
    assert e.startswith(r)
    assert parse_question(e, PATH).resolution == q.resolution


def test_append_to_inline_arrays_keeps_the_rest_of_the_file() -> None:
    text = (
        'title = "x"  # t\nresolution_criteria = "c"\nopens = 2025-10-01\ndeadline = 2025-12-31\n'
        'evidence = [ {id = "a", date = 2025-10-02, source = "s", says = "t", lr = 2.0} ]  # inline\n'
        "# between\n[prior]\nprobability = 0.2  # p\n"
    )
    new = append_evidence(
        text, {"id": "b", "date": dt.date(2025, 10, 3), "source": "s", "says": "u", "lr": 3.0}
    )
    q = parse_question(new, PATH)
    assert [e.id for e in q.evidence] == ["a", "b"]
    for line in text.splitlines():
        if not line.startswith("evidence"):
            assert line in new.splitlines()


def test_new_question_text_is_valid_and_has_default_criteria() -> None:
    text = render_new_question(
        title="T?", opens=dt.date(2025, 1, 1), deadline=dt.date(2025, 2, 1), probability=0.3
    )
    q = parse_question(text, PATH)
    assert q.prior == Prior(0.3, 20.0, "")
    assert q.resolution_criteria.startswith(
        "Resolves yes if the people named in the title meet in person"
    )
    assert text.startswith("# ")


# ------------------------------------------------------------------------------ hypothesis round-trip


def toml_str(s: str) -> str:
    """A TOML basic string, escaped independently of tomlkit."""
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


TRICKY = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"'\\\n\t#=[]{}é€😀 \x01\x7f\"\"\"'''")),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=25,
).filter(lambda s: s.strip() != "")
IDS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
DAY0 = dt.date(2024, 1, 1)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[str, dict]:
    opens = DAY0 + dt.timedelta(days=draw(st.integers(0, 700)))
    deadline = opens + dt.timedelta(days=draw(st.integers(0, 400)))
    span = (deadline - opens).days
    spec: dict = {
        "title": draw(TRICKY),
        "criteria": draw(TRICKY),
        "opens": opens,
        "deadline": deadline,
        "tags": draw(st.lists(TRICKY, max_size=3)),
        "p": draw(st.floats(0.001, 0.999)),
        "weight": draw(st.one_of(st.none(), st.floats(0.1, 500))),
        "rationale": draw(st.one_of(st.none(), TRICKY)),
    }
    windows = []
    for wid in draw(st.lists(IDS, unique=True, max_size=3)):
        a = draw(st.integers(0, span))
        b = draw(st.integers(a, span))
        # announced: never (known from opens) or any day up to the window's end, even before opens
        announced = draw(st.one_of(st.none(), st.integers(-30, b)))
        windows.append(
            Window(
                wid,
                draw(TRICKY),
                opens + dt.timedelta(days=a),
                opens + dt.timedelta(days=b),
                draw(st.floats(0, 200)),
                None if announced is None else opens + dt.timedelta(days=announced),
            )
        )
    # a valid ledger keeps at least one possible day: windows of hazard 0 may not cover the whole span
    covered_by_zero = {
        w.start + dt.timedelta(days=k)
        for w in windows
        if w.hazard == 0
        for k in range((w.end - w.start).days + 1)
    }
    positive = [w for w in windows if w.hazard > 0]
    if len(covered_by_zero) == span + 1 and not positive:
        windows[0] = dataclasses.replace(windows[0], hazard=1.0)
    evidence = []
    ids = draw(st.lists(IDS, unique=True, max_size=5))
    for eid in ids:
        # an origin is empty, the item's own id, a label that is no item's id, or an earlier original's id
        # (the reader refuses chains and cycles of origins: store.schema.origin_problems)
        originals = [e.id for e in evidence if e.origin in ("", e.id)]
        origin_choices = [st.just(""), st.just(eid), IDS.filter(lambda o: o not in ids)]
        if originals:
            origin_choices.append(st.sampled_from(originals))
        # said and logged on or before the deadline (v2: later items cannot bear on the question)
        date = opens + dt.timedelta(days=draw(st.integers(-30, span)))
        kind = draw(st.sampled_from(["lr", "strength"]))
        evidence.append(
            Evidence(
                id=eid,
                date=date,
                source=draw(TRICKY),
                says=draw(TRICKY),
                logged=min(date + dt.timedelta(days=draw(st.integers(0, 10))), deadline),
                source_type=draw(
                    st.sampled_from(["principal", "official", "analyst", "media", "market"])
                ),
                origin=draw(st.one_of(*origin_choices)),
                url=draw(st.one_of(st.none(), TRICKY)),
                lr=draw(st.floats(1e-3, 1e3)) if kind == "lr" else None,
                strength=draw(st.sampled_from(list(STRENGTH_LR))) if kind == "strength" else None,
                direction=draw(st.sampled_from(["for", "against"])) if kind == "strength" else None,
                reliability=draw(st.one_of(st.none(), st.floats(0, 1))),
                window=draw(st.one_of(st.none(), st.sampled_from([w.id for w in windows])))
                if windows
                else None,
                half_life_days=draw(st.one_of(st.none(), st.floats(1, 1000))),
            )
        )
    resolution = None
    if draw(st.booleans()):
        outcome = draw(st.sampled_from(["yes", "no", "annulled"]))
        # a yes is resolved on the meeting's day, within the span; a no or an annulment may come later
        last = span if outcome == "yes" else span + 5
        resolution = Resolution(
            outcome, opens + dt.timedelta(days=draw(st.integers(0, last))), draw(TRICKY)
        )
    spec.update(windows=windows, evidence=evidence, resolution=resolution)

    # render by hand, in a random block order, with comments
    blocks = []
    head = [
        f"title = {toml_str(spec['title'])}",
        f"resolution_criteria = {toml_str(spec['criteria'])}  # criteria",
        f"opens = {opens.isoformat()}",
        f"deadline = {deadline.isoformat()}",
        "tags = [" + ", ".join(toml_str(t) for t in spec["tags"]) + "]",
    ]
    prior = ["[prior]", f"probability = {spec['p']!r}"]
    if spec["weight"] is not None:
        prior.append(f"weight = {spec['weight']!r}")
    if spec["rationale"] is not None:
        prior.append(f"rationale = {toml_str(spec['rationale'])}")
    blocks.append(prior)
    for w in windows:
        blocks.append(
            [
                "[[windows]]  # a window",
                f"id = {toml_str(w.id)}",
                f"name = {toml_str(w.name)}",
                f"start = {w.start.isoformat()}",
                f"end = {w.end.isoformat()}",
                'kind = "period"',
                f"hazard = {w.hazard!r}",
            ]
            + ([] if w.announced is None else [f"announced = {w.announced.isoformat()}"])
        )
    for e in evidence:
        lines = [
            "[[evidence]]",
            f"id = {toml_str(e.id)}",
            f"date = {e.date.isoformat()}",
            f"logged = {e.logged.isoformat()}",
        ]
        lines += [
            f"source = {toml_str(e.source)}",
            f"says = {toml_str(e.says)}",
            f"source_type = {toml_str(e.source_type)}",
        ]
        if e.origin:
            lines.append(f"origin = {toml_str(e.origin)}")
        if e.url is not None:
            lines.append(f"url = {toml_str(e.url)}")
        if e.lr is not None:
            lines.append(f"lr = {e.lr!r}")
        else:
            lines += [f"strength = {toml_str(e.strength)}", f"direction = {toml_str(e.direction)}"]
        for key in ("reliability", "half_life_days"):
            if getattr(e, key) is not None:
                lines.append(f"{key} = {getattr(e, key)!r}")
        if e.window is not None:
            lines.append(f"window = {toml_str(e.window)}")
        blocks.append(lines)
    if resolution is not None:
        blocks.append(
            [
                "[resolution]",
                f"outcome = {toml_str(resolution.outcome)}",
                f"date = {resolution.date.isoformat()}",
                f"note = {toml_str(resolution.note)}",
            ]
        )
    order = draw(st.permutations(range(len(blocks))))
    # the file order of windows and evidence is the block order
    nw, ne = len(windows), len(evidence)
    spec["windows"] = [windows[i - 1] for i in order if 1 <= i <= nw]
    spec["evidence"] = [evidence[i - 1 - nw] for i in order if nw < i <= nw + ne]
    text = (
        "# generated\n"
        + "\n".join(head)
        + "\n\n"
        + "\n\n# --\n".join("\n".join(blocks[i]) for i in order)
        + "\n"
    )
    return text, spec


@settings(max_examples=150)
@given(data=ledgers(), extra=st.data())
def test_round_trip_read_append_reread(data: tuple[str, dict], extra: st.DataObject) -> None:
    text, spec = data
    tomllib.loads(text)  # the hand renderer writes valid TOML
    q = parse_question(text, PATH)
    # what was read is what was written
    assert (q.title, q.resolution_criteria, q.opens, q.deadline, q.tags) == (
        spec["title"],
        spec["criteria"],
        spec["opens"],
        spec["deadline"],
        tuple(spec["tags"]),
    )
    assert q.prior.probability == spec["p"]
    assert q.prior.weight == (20.0 if spec["weight"] is None else spec["weight"])
    assert q.prior.rationale == (spec["rationale"] or "")
    assert q.windows == tuple(spec["windows"])
    assert q.evidence == tuple(spec["evidence"])
    assert q.resolution == spec["resolution"]

    new_id = extra.draw(IDS.filter(lambda s: s not in {e.id for e in q.evidence}), label="new id")
    item = {
        "id": new_id,
        "date": spec["opens"],
        "logged": min(spec["opens"] + dt.timedelta(days=1), spec["deadline"]),
        "source": extra.draw(TRICKY, label="source"),
        "source_type": None,
        "origin": None,
        "says": extra.draw(TRICKY, label="says"),
        "url": None,
        "strength": "strong",
        "direction": "against",
        "window": q.windows[0].id if q.windows else None,
    }
    new = append_evidence(text, item)
    assert new.startswith(text)
    q2 = parse_question(new, PATH)
    assert q2.evidence[:-1] == q.evidence
    assert (
        q2.title,
        q2.resolution_criteria,
        q2.opens,
        q2.deadline,
        q2.tags,
        q2.prior,
        q2.windows,
        q2.resolution,
    ) == (
        q.title,
        q.resolution_criteria,
        q.opens,
        q.deadline,
        q.tags,
        q.prior,
        q.windows,
        q.resolution,
    )
    assert q2.evidence[-1] == Evidence(
        id=new_id,
        date=spec["opens"],
        source=item["source"],
        says=item["says"],
        logged=min(spec["opens"] + dt.timedelta(days=1), spec["deadline"]),
        strength="strong",
        direction="against",
        window=item["window"],
    )


def test_windows_of_hazard_zero_over_the_whole_span_are_rejected() -> None:
    text = """\
title = "T"
resolution_criteria = "C"
opens = 2025-01-01
deadline = 2025-01-10

[prior]
probability = 0.2

[[windows]]
id = "a"
name = "closed borders"
start = 2025-01-01
end = 2025-01-05
hazard = 0

[[windows]]
id = "b"
name = "closed borders again"
start = 2025-01-06
end = 2025-01-10
hazard = 0
"""
    with pytest.raises(LedgerError) as info:
        parse_question(text, "f/q.toml")
    assert info.value.lines() == [
        "f/q.toml: line 14: windows: every day of the span lies in a window of hazard 0, "
        "so no day is possible for a meeting"
    ]
    # one ordinary day left is enough
    parse_question(text.replace("end = 2025-01-10", "end = 2025-01-09"), "f/q.toml")
