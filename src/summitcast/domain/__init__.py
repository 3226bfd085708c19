"""The domain: what a forecaster writes down, as plain values.

Questions, their priors, windows, evidence and resolutions (:mod:`.question`), events (:mod:`.event`), the range
of every number (:mod:`.limits`) and the ways a prior is stated (:mod:`.priors`). Pure types and rules: no files,
no model, no output. May import: itself and :mod:`summitcast.errors`, nothing else of summitcast.
"""
