"""Rendering: results for people, computed elsewhere and drawn here.

Terminal text (:mod:`.text`, :mod:`.scores`, :mod:`.formatting`), figures (:mod:`.plotting`, with :mod:`.fonts`)
and the weekly PDF (:mod:`.report`). The only layer that imports matplotlib. May import everything but
:mod:`summitcast.cli`; nothing below it (domain, store, model, scoring, evaluation, app) imports render.
"""
