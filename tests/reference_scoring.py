"""An independent reference for the time-averaged scores: pure Python, exact, no numpy.

Shared by tests/test_scoring.py and tests/test_comparison.py; it follows CONTRACT section 5 literally, interval
by interval, so that the vectorised implementation in summitcast.scoring.rules is checked against something simple.
"""

from __future__ import annotations

import math
from itertools import pairwise


def _standing(points: list[tuple[float, float]], t: float) -> float | None:
    """The value standing at ``t``: the last point (in given order for ties) with time <= t."""
    best = None
    best_key = None
    for k, (tp, p) in enumerate(points):
        if tp <= t and (best_key is None or (tp, k) >= best_key):
            best, best_key = p, (tp, k)
    return best


def _clip(p: float) -> float:
    return min(max(p, 0.001), 0.999)


def ref_scores(outcome, points, opens, closes, resolved=None):
    end = closes if resolved is None else max(opens, min(closes, resolved))
    breaks = sorted({opens, end} | {t for t, _ in points if opens < t < end})
    cov = bs = ls = base = 0.0
    for a, b in pairwise(breaks):
        p = _standing(points, a)
        if p is None or math.isnan(p):
            continue
        q = _clip(p)
        po = q if outcome else 1 - q
        d = b - a
        cov += d
        bs += d * (p - outcome) ** 2
        ls += d * math.log(po)
        base += d * 100 * math.log2(2 * po)
    span = closes - opens
    return {
        "brier": bs / cov if cov else None,
        "log": ls / cov if cov else None,
        "baseline": base / span,
        "coverage": cov / span,
    }


def ref_peer(outcome, ours, comm, opens, closes, resolved=None):
    end = closes if resolved is None else max(opens, min(closes, resolved))
    ts = {t for t, _ in ours} | {t for t, _ in comm}
    breaks = sorted({opens, end} | {t for t in ts if opens < t < end})
    total = 0.0
    for a, b in pairwise(breaks):
        p, q = _standing(ours, a), _standing(comm, a)
        if p is None or q is None or math.isnan(p) or math.isnan(q):
            continue
        p, q = _clip(p), _clip(q)
        if not outcome:
            p, q = 1 - p, 1 - q
        total += (b - a) * 100 * (math.log(p) - math.log(q))
    return total / (closes - opens)
