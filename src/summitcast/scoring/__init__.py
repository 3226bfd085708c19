"""Scoring: pure functions of forecasts and outcomes.

Proper scores and their time averages (:mod:`.rules`), the track record's statistics (:mod:`.trackrecord`).
May import: numpy, :mod:`summitcast.errors` and :mod:`summitcast.numeric`; nothing else of summitcast.
"""
