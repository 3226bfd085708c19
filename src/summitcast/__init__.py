"""summitcast: a forecasting tracker for "will the meeting happen" questions.

The package is layered, bottom to top (each package's ``__init__`` says what it may import; tests/test_layers.py
checks it):

- :mod:`summitcast.errors`: the exceptions and the one exception-to-exit map (every layer may raise them);
- :mod:`summitcast.numeric`: the numeric rules every layer shares (the one NaN-to-None rule);
- :mod:`summitcast.domain`: questions, events, windows, evidence, the ranges of numbers;
- :mod:`summitcast.model` (numpy only) and :mod:`summitcast.scoring`: pure functions over them;
- :mod:`summitcast.store`: the forecasts folder, owned by :class:`~summitcast.store.workspace.Workspace`;
- :mod:`summitcast.sources` (the only network code) and :mod:`summitcast.fit` (the only PyMC code);
- :mod:`summitcast.evaluation`: comparison, benchmark;
- :mod:`summitcast.app`: the use cases the commands call, on a Workspace and a day;
- :mod:`summitcast.render`: text, figures and the weekly PDF (the only matplotlib code);
- :mod:`summitcast.cli`: a thin click layer that parses, calls one use case and prints.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
