"""Groups of a track record's rows and what each type of source said: pure functions for ``summitcast track``.

:func:`group_by` gives the rows of each key (tags, years) in a stable order, :func:`quarter_of` the calendar
quarter of a day, and :func:`source_type_signal` whether each source type pointed the right way on resolved
questions. Inputs are checked as in :mod:`summitcast.scoring.trackrecord`; a bad one raises
:class:`summitcast.errors.ValidationError` naming the argument.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from summitcast.errors import ValidationError
from summitcast.scoring.rules import _as_obs
from summitcast.scoring.trackrecord import _as_weights

__all__ = ["SourceSignal", "group_by", "quarter_of", "source_type_signal"]


# --------------------------------------------------------------------------------------------------
# grouping


def _plain(key: Any) -> Any:
    return key.item() if isinstance(key, np.generic) else key


def _sorted_keys(keys: Iterable[Hashable]) -> list[Hashable]:
    keys = list(keys)
    try:
        return sorted(keys)  # type: ignore[type-var]
    except TypeError:
        return sorted(keys, key=lambda k: (type(k).__name__, repr(k)))


def group_by(keys: Iterable[Any]) -> dict[Hashable, NDArray[np.intp]]:
    """The rows of each group, for "by tag", "by source type", "by year", "by quarter".

    Parameters
    ----------
    keys
        The group key of each row. A ``list``, ``set`` or ``frozenset`` puts the row in each of
        its members' groups (a question's tags); ``None`` or an empty one puts it in none. Any
        other value, a tuple included, is one key. NumPy scalars become Python ones.

    Returns
    -------
    dict
        Key -> ascending row indices, keys in sorted order (by type name and repr when they do
        not compare), so that tables built from it come out the same on every run.

    Examples
    --------
    >>> g = group_by([["asia", "g20"], "asia", None, ["g20"], []])
    >>> {k: v.tolist() for k, v in g.items()}
    {'asia': [0, 1], 'g20': [0, 3]}
    >>> {k: v.tolist() for k, v in group_by([2025, 2024, 2025]).items()}
    {2024: [1], 2025: [0, 2]}
    """
    rows: dict[Hashable, list[int]] = {}
    for i, key in enumerate(keys):
        members = key if isinstance(key, (list, set, frozenset)) else () if key is None else (key,)
        for m in dict.fromkeys(_plain(k) for k in members):
            if m is not None:
                rows.setdefault(m, []).append(i)
    return {k: np.asarray(rows[k], dtype=np.intp) for k in _sorted_keys(rows)}


def quarter_of(day: dt.date | str | np.datetime64) -> str:
    """The calendar quarter of a day, as ``YYYY-Qn`` (sorts in time order as text).

    Parameters
    ----------
    day
        A :class:`datetime.date` or :class:`datetime.datetime`, an ISO ``YYYY-MM-DD`` string (a
        time part after it is ignored), or a :class:`numpy.datetime64`.

    Returns
    -------
    str
        E.g. ``"2025-Q4"``.

    Raises
    ------
    ValidationError
        A value that is not a date.

    Examples
    --------
    >>> quarter_of("2025-10-22"), quarter_of(dt.date(2026, 3, 31))
    ('2025-Q4', '2026-Q1')
    >>> quarter_of(np.datetime64("2024-04-01T12:00"))
    '2024-Q2'
    """
    d: Any = day
    if isinstance(d, np.datetime64):
        d = d.astype("datetime64[D]").item()
    elif isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            raise ValidationError(f"not a date (YYYY-MM-DD): {day!r}") from None
    if not isinstance(d, dt.date):
        raise ValidationError(f"not a date: {day!r}")
    return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"


# --------------------------------------------------------------------------------------------------
# did the sources point the right way?


@dataclass(frozen=True)
class SourceSignal:
    """What one source type's items said on questions that resolved *yes* and *no*.

    Contributions are signed log-odds toward *yes*. ``mean_yes`` should be positive and
    ``mean_no`` negative for a source type that points the right way; ``toward_outcome`` is the
    mean contribution signed toward what happened (+ on yes questions, − on no ones), positive
    when the type pointed the right way on balance. Means are weighted and NaN where there is no
    item; ``n_*`` count items, ``questions_*`` distinct questions.
    """

    mean_yes: float
    mean_no: float
    toward_outcome: float
    n_yes: int
    n_no: int
    questions_yes: int
    questions_no: int


def _mean(values: NDArray[np.float64], w: NDArray[np.float64]) -> float:
    total = float(w.sum())
    return float(np.sum(w * values) / total) if total > 0 else float("nan")


def source_type_signal(
    contributions: Iterable[tuple[Hashable, Hashable, float]],
    outcomes: Mapping[Any, int | bool | None],
    *,
    weights: ArrayLike | None = None,
) -> dict[Hashable, SourceSignal]:
    """Per source type, the mean signed log-odds contribution of its items on yes and no questions.

    .. math::
        \\bar c_{yes} = \\frac{\\sum_{i: o_{q(i)} = 1} w_i c_i}{\\sum_{i: o_{q(i)} = 1} w_i},
        \\quad \\bar c_{no} \\text{ likewise}, \\quad
        \\mathrm{toward} = \\frac{\\sum_i w_i c_i (2 o_{q(i)} - 1)}{\\sum_i w_i}

    over the items ``i`` of the type on resolved questions, ``c_i`` the item's contribution to the
    log-odds of *yes* and ``q(i)`` its question.

    Parameters
    ----------
    contributions
        One record ``(question, source_type, contribution)`` per evidence item; plain values.
    outcomes
        Outcome of each resolved question, 1 (yes) or 0 (no); items of questions not in it (or
        mapped to ``None``) are unresolved and left out.
    weights
        Optional non-negative weight of each item, aligned with ``contributions``; e.g. one over
        the number of items of its type on its question gives every question the same say.

    Returns
    -------
    dict of source type to SourceSignal
        In sorted order of source type; empty when no item is on a resolved question.

    Raises
    ------
    ValidationError
        A record that is not a triple, a contribution that is not a finite number, an outcome
        other than 0/1, or bad weights.

    Examples
    --------
    >>> items = [("q1", "official", 1.2), ("q1", "press", -0.4), ("q2", "official", -0.8),
    ...          ("q2", "press", 0.5), ("q3", "official", 2.0)]
    >>> s = source_type_signal(items, {"q1": 1, "q2": 0})
    >>> o = s["official"]
    >>> o.mean_yes, o.mean_no, o.toward_outcome, o.n_yes, o.n_no
    (1.2, -0.8, 1.0, 1, 1)
    >>> round(s["press"].toward_outcome, 4)
    -0.45
    """
    records = list(contributions)
    w_all = _as_weights(weights, len(records)) if records else np.empty(0)
    quest: list[Hashable] = []
    kinds: list[Hashable] = []
    values: list[float] = []
    outs: list[Any] = []
    keep: list[int] = []
    for i, rec in enumerate(records):
        try:
            q, kind, c = rec
            c = float(c)
        except (TypeError, ValueError):
            raise ValidationError(
                f"contributions[{i}] must be (question, source_type, number), got {rec!r}"
            ) from None
        if not np.isfinite(c):
            raise ValidationError(f"contributions[{i}] must be a finite number, got {c!r}")
        if outcomes.get(q) is None:
            continue
        quest.append(q)
        kinds.append(kind)
        values.append(c)
        outs.append(outcomes[q])
        keep.append(i)
    if not keep:
        return {}
    try:
        yes = _as_obs(np.asarray(outs, dtype=object), "outcomes")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    c_arr = np.asarray(values)
    w = w_all[keep]
    sign = np.where(yes, 1.0, -1.0)
    out: dict[Hashable, SourceSignal] = {}
    for kind, rows in group_by(kinds).items():
        y = yes[rows]
        out[kind] = SourceSignal(
            mean_yes=_mean(c_arr[rows][y], w[rows][y]),
            mean_no=_mean(c_arr[rows][~y], w[rows][~y]),
            toward_outcome=_mean(c_arr[rows] * sign[rows], w[rows]),
            n_yes=int(np.count_nonzero(y)),
            n_no=int(np.count_nonzero(~y)),
            questions_yes=len({quest[r] for r in rows[y]}),
            questions_no=len({quest[r] for r in rows[~y]}),
        )
    return out
