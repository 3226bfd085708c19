"""Scoring: pure functions of forecasts and outcomes.

Proper scores (:mod:`.rules`), their time averages over forecast series (:mod:`.series`), the track record's
statistics (:mod:`.trackrecord`) and its groups (:mod:`.grouping`).
May import: numpy, :mod:`summitcast.errors` and :mod:`summitcast.numeric`; nothing else of summitcast.
"""
