"""The forecasts folder, owned by one object: where every file lives, how it is read, locked and written.

Layout of a workspace ``DIR`` (docs/format.md):

* ``DIR/<id>.toml``: a question (self-contained, or ``event = "..."``);
* ``DIR/events/<event>.toml``: an event (CONTRACT section 6);
* ``DIR/<id>.forecasts.csv``: the recorded forecasts of a question (:mod:`summitcast.store.forecastlog`);
* ``DIR/<id>.community.csv`` and ``.community.json``: a pulled community or market series and its provenance;
* ``DIR/.summitcast/reliability.npz``: the stored reliability fit; ``DIR/.summitcast/locks/``: writers' locks.

No other module builds a path inside ``DIR``. Ids are checked here, so that no id reaches outside the folder, and
nothing is written, locked or cached through a linked folder inside it (:meth:`Workspace.check_inside`).
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summitcast.domain.event import Event, as_event
from summitcast.domain.question import ID_PATTERN, MAX_ID_LENGTH, Question
from summitcast.errors import LedgerError, UnknownQuestionError, ValidationError
from summitcast.store.ledger import check_question_on_event, parse_event, parse_question, read_text
from summitcast.store.schema import did_you_mean

__all__ = ["Target", "Workspace", "check_id"]


def check_id(value: str, what: str = "question", field: str | None = None) -> str:
    """Return ``value`` when it is a valid id (lowercase letters, digits and hyphens, at most 100), else raise.

    Ids never hold a path separator, ``..`` or anything else, so no id reaches outside the folder, and they are
    short enough to name a file (:data:`summitcast.domain.question.MAX_ID_LENGTH`).

    Raises
    ------
    ValidationError
        Naming the id and the rule.

    Examples
    --------
    >>> check_id("trump-kim-2026")
    'trump-kim-2026'
    """
    if isinstance(value, str) and len(value) > MAX_ID_LENGTH:
        raise ValidationError(
            f"invalid {what} id {value[:24]!r}... ({len(value)} characters): ids are at most "
            f"{MAX_ID_LENGTH} characters",
            field=field,
        )
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise ValidationError(
            f"invalid {what} id {value!r}: use lowercase letters, digits and hyphens "
            "(e.g. trump-kim-2026); ids name files inside the forecasts folder, never paths",
            field=field,
        )
    return value


@dataclass(frozen=True)
class Target:
    """What an id on the command line names: a question (with its event) or an event."""

    kind: str  # "question" or "event"
    event: Event
    question: Question | None = None
    text: str = ""


class Workspace:
    """A forecasts folder: its layout, reading with validation, locks, and the stored fit.

    Parameters
    ----------
    root
        The folder (``--dir``, ``$SUMMITCAST_DIR``, else ``./forecasts``).
    """

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._events: dict[str, tuple[str, Event]] = {}

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    # ---------------------------------------------------------------------------------- layout
    def require(self) -> None:
        """Raise unless the folder exists (every reading command needs it)."""
        if not self.root.is_dir():
            raise ValidationError.mentioning(
                "{root}: no such directory (set {dir} or $SUMMITCAST_DIR)", {"root": self.root}
            )

    def question_path(self, question_id: str) -> Path:
        """``DIR/<id>.toml`` (the id is checked)."""
        return self.root / f"{check_id(question_id)}.toml"

    def event_path(self, event_id: str) -> Path:
        """``DIR/events/<event>.toml`` (the id is checked)."""
        return self.root / "events" / f"{check_id(event_id, 'event')}.toml"

    def log_path(self, question_id: str) -> Path:
        """The recorded-forecasts log of a question."""
        return self.root / f"{check_id(question_id)}.forecasts.csv"

    def community_paths(self, question_id: str) -> tuple[Path, Path]:
        """The community series of a question and its provenance sidecar (``.community.csv``, ``.json``)."""
        base = self.root / check_id(question_id)
        return base.with_name(base.name + ".community.csv"), base.with_name(
            base.name + ".community.json"
        )

    @property
    def state_dir(self) -> Path:
        """``DIR/.summitcast``: the stored fit and the locks."""
        return self.root / ".summitcast"

    @property
    def fit_path(self) -> Path:
        """The stored reliability fit."""
        return self.state_dir / "reliability.npz"

    def question_ids(self) -> list[str]:
        """Ids of the question files, sorted (empty when the folder does not exist)."""
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.toml") if p.is_file())

    def event_ids(self) -> list[str]:
        """Ids of the event files, sorted."""
        d = self.root / "events"
        if not d.is_dir():
            return []
        return sorted(p.stem for p in d.glob("*.toml") if p.is_file())

    # --------------------------------------------------------------------------------- reading
    def _unknown(self, what: str, value: str, ids: list[str]) -> UnknownQuestionError:
        hint = did_you_mean(value, ids)
        where = self.root / "events" if what == "event" else self.root
        plural = "questions or events" if what == "question or event" else f"{what}s"
        empty = "" if hint or ids else f" (the directory has no {plural})"
        return UnknownQuestionError(f"no {what} '{value}' in {where}{hint}{empty}")

    @property
    def cache_dir(self) -> Path:
        """``DIR/.summitcast/cache``: validated files, by the hash of their bytes (:mod:`summitcast.store.parsecache`)."""
        return self.state_dir / "cache"

    def read_question(self, question_id: str) -> tuple[str, Question]:
        """A question file's text and its parsed value, without its event applied."""
        from summitcast.store.parsecache import cached_parse

        path = self.question_path(question_id)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise self._unknown("question", question_id, self.question_ids()) from None
        text = read_text(path, data)
        q = cached_parse(
            self._usable_cache(),
            f"question-{question_id}",
            data,
            lambda: parse_question(text, path),
            Question,
        )
        return text, dataclasses.replace(q, path=str(path))

    def read_event(self, event_id: str, *, fresh: bool = False) -> tuple[str, Event]:
        """An event file's text and its parsed value (cached per workspace unless ``fresh``)."""
        if not fresh and event_id in self._events:
            return self._events[event_id]
        from summitcast.store.parsecache import cached_parse

        path = self.event_path(event_id)
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise self._unknown("event", event_id, self.event_ids()) from None
        text = read_text(path, data)
        event = cached_parse(
            self._usable_cache(), f"event-{event_id}", data, lambda: parse_event(text, path), Event
        )
        found = self._events[event_id] = (text, dataclasses.replace(event, path=str(path)))
        return found

    def load_event(self, event_id: str) -> Event:
        """One validated event."""
        return self.read_event(event_id)[1]

    def attach(
        self, question: Question, text: str, *, fresh: bool = False
    ) -> tuple[Question, Event]:
        """The question with its event's defaults applied, and its event (itself when self-contained)."""
        if question.event is None:
            return question, as_event(question)
        try:
            event = self.read_event(question.event, fresh=fresh)[1]
        except UnknownQuestionError as exc:
            raise LedgerError(
                question.path or "", [(None, "event", f"{exc} (named by this question)")]
            ) from None
        return check_question_on_event(question, text, event), event

    def load_question(self, question_id: str) -> Question:
        """One validated question, with its event's defaults applied."""
        text, q = self.read_question(question_id)
        return self.attach(q, text)[0]

    def load(self, question_id: str) -> tuple[Question, Event]:
        """One validated question and its event."""
        text, q = self.read_question(question_id)
        return self.attach(q, text)

    def questions_of(self, event_id: str) -> list[Question]:
        """The valid questions on ``event_id``, sorted by id (invalid files are left to ``check``)."""
        out = []
        needle = event_id.encode()
        for qid in self.question_ids():
            try:
                if needle not in self.question_path(qid).read_bytes():
                    continue  # cannot name this event: skip the parse
                text, q = self.read_question(qid)
                if q.event == event_id:
                    out.append(self.attach(q, text)[0])
            except (LedgerError, OSError):
                continue
        return out

    def refuse_event(self, ident: str, what: str) -> None:
        """Refuse an event id where only a question makes sense, saying what to do instead (``what``)."""
        if not self.question_path(ident).is_file() and self.event_path(ident).is_file():
            raise ValidationError(f"'{ident}' is an event, not a question: {what}")

    def target(self, ident: str) -> Target:
        """What ``ident`` names: a question (preferred when both exist) or an event."""
        check_id(ident, "question or event")
        if self.question_path(ident).is_file() or not self.event_path(ident).is_file():
            try:
                text, q = self.read_question(ident)
            except UnknownQuestionError:
                ids = self.question_ids() + self.event_ids()
                raise self._unknown("question or event", ident, ids) from None
            q, event = self.attach(q, text)
            return Target("question", event, q, text)
        text, event = self.read_event(ident)
        return Target("event", event, None, text)

    def load_all(self) -> tuple[list[tuple[Question, Event]], list[LedgerError]]:
        """Every question with its event, and the errors of the files that could not be read.

        One malformed file does not hide the others: its error is collected and the rest are returned.
        """
        good, bad = [], []
        for qid in self.question_ids():
            try:
                good.append(self.load(qid))
            except LedgerError as exc:
                bad.append(exc)
        return good, bad

    def resolved(self) -> list[tuple[Question, Event]]:
        """Every question resolved yes or no, with its event (what is scored and learned from).

        Raises
        ------
        LedgerError
            For the first file that cannot be read (scores over a partly read folder would mislead).
        """
        loaded, bad = self.load_all()
        if bad:
            raise bad[0]
        return [
            (q, ev)
            for q, ev in loaded
            if q.resolution is not None and q.resolution.outcome in ("yes", "no")
        ]

    # --------------------------------------------------------------------------------- writing
    @contextlib.contextmanager
    def lock(self, kind: str, ident: str) -> Iterator[None]:
        """Hold the write lock of one file (``kind`` ``question`` or ``event``), across processes."""
        from summitcast.store.locking import file_lock

        path = self.state_dir / "locks" / f"{kind}-{check_id(ident, kind)}.lock"
        self.check_inside(path)
        with file_lock(path):
            yield

    def linked_folder(self, path: Path) -> Path | None:
        """The first folder between the workspace's root (excluded) and ``path`` that is a link, if any."""
        try:
            rel = Path(path).relative_to(self.root)
        except ValueError:
            return None
        p = self.root
        for part in rel.parts[:-1]:
            p = p / part
            if p.is_symlink():
                return p
        return None

    def check_inside(self, path: Path) -> None:
        """Refuse, before anything is written, a path of the workspace that passes through a linked folder.

        ``events/``, ``.summitcast/`` or any folder inside the workspace that is a link could lead a write, a lock
        or the cache outside it; the workspace's root itself may be a link (it is the folder the user named).

        Raises
        ------
        ValidationError
            Naming the linked folder and where it points.
        """
        linked = self.linked_folder(path)
        if linked is not None:
            raise ValidationError(
                f"{linked}: is a link to {linked.resolve()}; summitcast writes only inside {self.root}, "
                f"never through a linked folder (make {linked.name} a real folder)"
            )

    def _usable_cache(self) -> Path | None:
        """The parse cache's folder, or ``None`` (no cache) when it lies behind a linked folder."""
        return None if self.linked_folder(self.cache_dir / "x") else self.cache_dir

    def check_writable(self, path: Path) -> None:
        """Refuse, before anything is written, a file of the workspace that is a link to outside it."""
        path = Path(path)
        self.check_inside(path)
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(self.root.resolve()):
                raise ValidationError(
                    f"{path}: is a link to {target}, outside {self.root}; refusing to write through it"
                )

    def write(self, path: Path, content: str | bytes) -> None:
        """Replace a file of the workspace atomically; never through a link that points outside it."""
        from summitcast.store.locking import atomic_write

        path = Path(path)
        self.check_writable(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, content)
