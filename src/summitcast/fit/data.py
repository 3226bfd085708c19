"""The fit's data: resolved questions reduced to per-question, per-source sums (numpy only).

Items enter with their stated log-LR if logged before the resolution date and on or before the
deadline, de-duplicated by origin (the largest ``|r⁰ μ|`` at the default or explicit reliability
``r⁰`` acts). Items with an explicit ``reliability`` enter at that value, as a fixed offset. A
source is pooled towards its most frequent type. docs/learning.md explains each choice.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from summitcast.errors import FitError
from summitcast.model import log_lr_spread, source_key, stated_reliability
from summitcast.question import SOURCE_TYPES, Evidence, Question

__all__ = ["FitData", "fit_data"]


@dataclass(frozen=True)
class FitData:
    """The resolved questions reduced to what the fit needs (sums per question and source).

    Attributes
    ----------
    question_ids
        The questions used, in input order.
    y
        Outcomes, 1 = yes, shape ``(K,)``.
    prior_logit
        ``c_k · logit p₀``: the prior's location, scaled so that no evidence gives back p₀ exactly.
    prior_var
        ``Var(logit p)`` under the Beta prior.
    fixed_mean, fixed_var
        ``Σ r μ`` and ``Σ r² σ²`` of the items with an explicit reliability.
    type_names
        The source types (all of ``SOURCE_TYPES``, so a type without data keeps its prior).
    source_names, source_type
        Learned sources (keys from ``model.source_key``) and the index of each one's type.
    mu_sum, var_sum
        ``(K, S)``: ``Σ μ`` and ``Σ σ²`` of each question's acting items from each source.
    items_by_type, items_by_source
        How many acting items each type / source contributes.
    n_fixed
        Acting items with an explicit reliability.
    """

    question_ids: tuple[str, ...]
    y: np.ndarray
    prior_logit: np.ndarray
    prior_var: np.ndarray
    fixed_mean: np.ndarray
    fixed_var: np.ndarray
    type_names: tuple[str, ...]
    source_names: tuple[str, ...]
    source_type: np.ndarray
    mu_sum: np.ndarray
    var_sum: np.ndarray
    items_by_type: dict[str, int]
    items_by_source: dict[str, int]
    n_fixed: int

    @property
    def n_items(self) -> int:
        """Acting items whose reliability is learned."""
        return sum(self.items_by_type.values())


def _acting_items(question: Question) -> list[Evidence]:
    """The items of a resolved ``question`` that enter the fit: logged before it, one per origin."""
    assert question.resolution is not None
    cutoff = min(question.resolution.date - dt.timedelta(days=1), question.deadline)
    by_origin: dict[str, Evidence] = {}
    for e in sorted(question.evidence, key=lambda e: (e.date, e.id)):
        if e.logged > cutoff:
            continue
        best = by_origin.get(e.origin_key)
        if best is None or abs(stated_reliability(e) * e.log_lr) > abs(
            stated_reliability(best) * best.log_lr
        ):
            by_origin[e.origin_key] = e
    return list(by_origin.values())


def fit_data(questions: Iterable[Question]) -> FitData:
    """Reduce resolved questions to the fit's data (annulled and unresolved questions are left out).

    Parameters
    ----------
    questions
        Questions, in any order; only those resolved ``yes`` or ``no`` are used.

    Returns
    -------
    FitData
        Per question: outcome, prior terms, fixed offsets; per question and source: sums of μ
        and σ².

    Raises
    ------
    FitError
        When no question is resolved yes or no.
    """
    from scipy.special import polygamma  # the fit path only

    used = [
        q for q in questions if q.resolution is not None and q.resolution.outcome in ("yes", "no")
    ]
    if not used:
        raise FitError(
            "no resolved questions to learn from (resolve some with `summitcast resolve ID yes|no`)"
        )
    acting = [_acting_items(q) for q in used]
    # each learned source's type: its most frequent type among its items (ties: SOURCE_TYPES order)
    type_counts: dict[str, Counter[str]] = {}
    for items in acting:
        for e in items:
            if e.reliability is None:
                type_counts.setdefault(source_key(e.source), Counter())[e.source_type] += 1
    source_names = tuple(sorted(type_counts))
    s_index = {s: k for k, s in enumerate(source_names)}
    type_names = tuple(SOURCE_TYPES)
    source_type = np.array(
        [
            type_names.index(
                max(type_counts[s].items(), key=lambda kv: (kv[1], -type_names.index(kv[0])))[0]
            )
            for s in source_names
        ],
        dtype=np.int64,
    )
    K, S = len(used), len(source_names)
    mu_sum = np.zeros((K, S))
    var_sum = np.zeros((K, S))
    fixed_mean = np.zeros(K)
    fixed_var = np.zeros(K)
    items_by_type = dict.fromkeys(type_names, 0)
    items_by_source = dict.fromkeys(source_names, 0)
    n_fixed = 0
    for k, items in enumerate(acting):
        for e in items:
            mu = e.log_lr
            var = float(log_lr_spread(mu)) ** 2
            if e.reliability is not None:
                fixed_mean[k] += e.reliability * mu
                fixed_var[k] += e.reliability**2 * var
                n_fixed += 1
                continue
            s = s_index[source_key(e.source)]
            mu_sum[k, s] += mu
            var_sum[k, s] += var
            items_by_type[type_names[source_type[s]]] += 1
            items_by_source[source_names[s]] += 1
    a = np.array([q.prior.alpha for q in used])
    b = np.array([q.prior.beta for q in used])
    p0 = np.array([q.prior.probability for q in used])
    prior_var = polygamma(1, a) + polygamma(1, b)
    prior_logit = np.log(p0 / (1 - p0)) * np.sqrt(1 + math.pi * prior_var / 8)
    y = np.array([1 if q.resolution.outcome == "yes" else 0 for q in used], dtype=np.int64)
    return FitData(
        question_ids=tuple(q.id for q in used),
        y=y,
        prior_logit=prior_logit,
        prior_var=prior_var,
        fixed_mean=fixed_mean,
        fixed_var=fixed_var,
        type_names=type_names,
        source_names=source_names,
        source_type=source_type,
        mu_sum=mu_sum,
        var_sum=var_sum,
        items_by_type=items_by_type,
        items_by_source=items_by_source,
        n_fixed=n_fixed,
    )
