"""summitcast: a forecasting tracker for "will the meeting happen" questions.

The package is layered, bottom to top:

- :mod:`summitcast.question` and :mod:`summitcast.ledger`: the domain types and the question file format;
- :mod:`summitcast.model` and :mod:`summitcast.scoring`: pure functions over them;
- :mod:`summitcast.plotting` and :mod:`summitcast.report`: figures and the weekly PDF;
- :mod:`summitcast.tracker`: the library operations the command line calls;
- :mod:`summitcast.cli`: a thin click layer that parses, calls one library function and prints.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
