"""The use cases: what each command does, on a :class:`~summitcast.store.workspace.Workspace` and a day.

The command line opens the one Workspace and reads the day once (``$SUMMITCAST_TODAY`` or the clock); use cases
receive both, never a bare folder, and never read the day themselves.

Reading (:mod:`.tracker`: show, list, history; :mod:`.checks`: check), changing (:mod:`.changes`,
:mod:`.create`, :mod:`.resolution`), what is due (:mod:`.due`), the track record (:mod:`.track`,
:mod:`.export`) and pulling a series (:mod:`.pull`). Errors name fields, never flags. May import: domain, store,
model, scoring, evaluation, sources, the stored fit (:mod:`summitcast.fit.storage`, never PyMC) and
:mod:`summitcast.errors`; never render or cli.
"""
