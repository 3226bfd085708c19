"""Numeric rules shared by every layer: a shared leaf, like :mod:`summitcast.errors` (imports nothing of summitcast).

* :func:`optional_float`: the one NaN-to-None rule: a number that is not there (NaN, or ``None``) is ``None``, the
  JSON ``null`` of a missing probability or score.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["optional_float"]


def optional_float(x: Any) -> float | None:
    """``x`` as a float, or ``None`` where it is missing: ``None``, NaN or infinite (no forecast, no score).

    Examples
    --------
    >>> import numpy as np
    >>> optional_float(np.float64(0.25)), optional_float(float("nan")), optional_float(None)
    (0.25, None, None)
    """
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None
