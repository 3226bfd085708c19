"""Compatibility: the reliability fit moved to :mod:`summitcast.fit`; this module re-exports it.

``import summitcast.reliability`` stays as cheap as before (numpy only): reading a fit never
imports PyMC. New code imports from :mod:`summitcast.fit`.
"""

from __future__ import annotations

from summitcast.fit import *  # noqa: F403
from summitcast.fit import __all__ as __all__
from summitcast.fit.storage import _read_npz, _save_draws  # noqa: F401  (tests write fake fits)
