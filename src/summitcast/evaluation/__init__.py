"""Evaluation: our forecasts against outcomes and other forecasters.

Scoring files and one question against a community series (:mod:`.comparison`, read by :mod:`.series_io`), and the
benchmark on resolved questions (:mod:`.benchmark`). May import: domain, store, model, scoring and
:mod:`summitcast.errors`; never app, render or cli.
"""
