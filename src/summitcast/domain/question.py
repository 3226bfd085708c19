"""The domain types: a question, its prior, windows, evidence items and resolution.

These are plain, immutable values. Reading and writing them lives in :mod:`summitcast.store.ledger`; computing with them
in :mod:`summitcast.model`. Dates are :class:`datetime.date` values read as whole days in UTC.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

__all__ = [
    "DAYS_PER_YEAR",
    "DEFAULT_FLOATED_RATE",
    "DEFAULT_PRIOR_WEIGHT",
    "DIRECTIONS",
    "ID_PATTERN",
    "MAX_ID_LENGTH",
    "MEETING_CRITERIA",
    "OCCASION_KINDS",
    "OUTCOMES",
    "PRIOR_RULES",
    "SOURCE_TYPES",
    "STRENGTH_LR",
    "WINDOW_KINDS",
    "Evidence",
    "Prior",
    "Question",
    "Resolution",
    "Window",
    "floated_probability",
]

#: The likelihood ratio of each verbal strength level (CONTRACT section 1).
STRENGTH_LR: dict[str, float] = {"weak": 1.5, "moderate": 3.0, "strong": 10.0, "very-strong": 30.0}
DIRECTIONS = ("for", "against")
SOURCE_TYPES = ("principal", "official", "analyst", "media", "market")
OUTCOMES = ("yes", "no", "annulled")
#: The kinds of window (CONTRACT section 1); every kind but ``period`` is an occasion with a chance of its own.
WINDOW_KINDS = ("bilateral", "visit", "summit", "nearby", "period")
OCCASION_KINDS = WINDOW_KINDS[:4]
#: Rules a ``[prior]`` may name instead of a hand-set probability (docs/learning.md): ``floated`` is the rate at
#: which meetings floated between two leaders come about by the ordinary route.
PRIOR_RULES = ("floated",)
#: The default rate (per year) of the ``floated`` rule: ln 2, so P(meeting within Y years) = 1 − 0.5^Y, the rule
#: the v2 benchmark set its priors by (a floated meeting as likely as not to come about within a year).
DEFAULT_FLOATED_RATE = math.log(2.0)
DAYS_PER_YEAR = 365.25


def floated_probability(years: float, rate: float = DEFAULT_FLOATED_RATE) -> float:
    """P(a floated meeting comes about by the ordinary route within ``years``): ``1 − exp(−rate · years)``.

    Examples
    --------
    >>> round(floated_probability(1.0), 6), round(floated_probability(2.0), 6)
    (0.5, 0.75)
    """
    return float(-math.expm1(-rate * years))


DEFAULT_PRIOR_WEIGHT = 20.0
#: The resolution criteria ``new`` and ``new-event`` write when none is given.
MEETING_CRITERIA = (
    "Resolves yes if the people named in the title meet in person (in the same physical place, "
    "for a bilateral meeting, a summit session or a pull-aside) on or after the opening date and on "
    "or before the deadline, as reported by at least two major news organisations or an official "
    "statement of either side. Phone or video calls, letters and meetings of envoys do not count."
)
#: The longest id. Ids name files (``<id>.forecasts.csv``, ``question-<id>.lock``, the parse cache's
#: ``question-<id>.json``), and 100 characters keep every such name far below the 255-byte limit of file systems.
MAX_ID_LENGTH = 100
#: Ids (questions, events, and the windows and items a command writes): lowercase letters, digits and hyphens, at
#: most :data:`MAX_ID_LENGTH` characters; a question's equals the file's stem. ``\Z``: no trailing newline.
ID_PATTERN = re.compile(rf"^(?=.{{1,{MAX_ID_LENGTH}}}\Z)[a-z0-9]+(?:-[a-z0-9]+)*\Z")


@dataclass(frozen=True)
class Prior:
    """P(meeting within the span) judged on ``opens``, held as Beta(p·weight, (1−p)·weight).

    ``rule`` names a rule the probability comes from (:data:`PRIOR_RULES`): the probability stored is then the
    rule's value with its default rate, and a fit that learned the rate replaces it (docs/learning.md).
    """

    probability: float
    weight: float = DEFAULT_PRIOR_WEIGHT
    rationale: str = ""
    rule: str | None = None

    @property
    def alpha(self) -> float:
        """The Beta prior's first shape parameter, ``p·weight``."""
        return self.probability * self.weight

    @property
    def beta(self) -> float:
        """The Beta prior's second shape parameter, ``(1 − p)·weight``."""
        return (1.0 - self.probability) * self.weight


@dataclass(frozen=True)
class Window:
    """A named span of days: an occasion (a meeting route with a chance of its own) or a period.

    ``kind`` is one of :data:`WINDOW_KINDS`. An occasion (every kind but ``period``) has a ``chance`` (``None``:
    its kind's learned or default chance); a period reshapes the ordinary route, each of its days ``hazard`` times
    as likely as an ordinary one. ``announced`` is the day the window became public (``None``: known from the start
    of the span); ``cancelled`` the day an occasion was called off (a forecast as of that day or later has no route
    for it). ``legacy`` marks a v2 window whose kind was read from its hazard (docs/format.md).
    """

    id: str
    name: str
    start: dt.date
    end: dt.date
    hazard: float = 1.0
    announced: dt.date | None = None
    kind: str = "period"
    chance: float | None = None
    cancelled: dt.date | None = None
    legacy: bool = field(default=False, compare=False)

    @property
    def is_occasion(self) -> bool:
        """Whether this window is an occasion (a route of its own), not a period."""
        return self.kind != "period"

    @property
    def n_days(self) -> int:
        """Days in the window, both ends included."""
        return (self.end - self.start).days + 1

    def known_on(self, day: dt.date) -> bool:
        """Whether the window was public by the end of ``day``."""
        return self.announced is None or self.announced <= day

    def live_on(self, day: dt.date) -> bool:
        """Whether, as of the end of ``day``, the window is known and not cancelled."""
        return self.known_on(day) and (self.cancelled is None or day < self.cancelled)


@dataclass(frozen=True)
class Evidence:
    """One recorded statement or event, weighted as a likelihood ratio.

    Exactly one of ``lr`` and (``strength``, ``direction``) is set; :attr:`log_lr` gives the stated log-LR either way.
    """

    id: str
    date: dt.date
    source: str
    says: str
    logged: dt.date
    source_type: str = "media"
    origin: str = ""
    url: str | None = None
    lr: float | None = None
    strength: str | None = None
    direction: str | None = None
    reliability: float | None = None
    window: str | None = None
    half_life_days: float | None = None

    @property
    def stated_lr(self) -> float:
        """The likelihood ratio as written: ``lr``, or the strength's LR (inverted when ``against``)."""
        if self.lr is not None:
            return self.lr
        assert self.strength is not None
        value = STRENGTH_LR[self.strength]
        return value if self.direction == "for" else 1.0 / value

    @property
    def log_lr(self) -> float:
        """Natural log of :attr:`stated_lr`."""
        return math.log(self.stated_lr)

    @property
    def origin_key(self) -> str:
        """The origin this item counts under (its own id when none is given)."""
        return self.origin or self.id


@dataclass(frozen=True)
class Resolution:
    """The recorded outcome of a question."""

    outcome: str
    date: dt.date
    note: str = ""


@dataclass(frozen=True)
class Question:
    """A question file's content, validated.

    A question either holds its own prior, windows and evidence (a self-contained file: its own event, whose horizon
    is its span) or names an ``event`` that holds them (CONTRACT section 6); then ``prior`` is ``None`` and
    ``windows`` and ``evidence`` are empty.
    """

    id: str
    title: str
    resolution_criteria: str
    opens: dt.date
    deadline: dt.date
    prior: Prior | None
    tags: tuple[str, ...] = ()
    windows: tuple[Window, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    resolution: Resolution | None = None
    path: str | None = field(default=None, compare=False)
    event: str | None = None

    def window(self, window_id: str) -> Window:
        """Return the window with id ``window_id`` (``KeyError`` when there is none)."""
        for w in self.windows:
            if w.id == window_id:
                return w
        raise KeyError(window_id)

    @property
    def annulled(self) -> bool:
        """Whether the question was annulled (it then has no forecast and is left out of scoring)."""
        return self.resolution is not None and self.resolution.outcome == "annulled"
