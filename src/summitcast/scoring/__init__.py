"""Scoring: pure functions of forecasts and outcomes.

Proper scores and their time averages (:mod:`.rules`), the track record's statistics (:mod:`.trackrecord`).
May import: numpy and :mod:`summitcast.errors`; nothing else of summitcast.
"""
