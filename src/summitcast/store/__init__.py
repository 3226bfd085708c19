"""The store: the forecasts folder and its files, owned by :class:`.workspace.Workspace`.

Where every file lives, how it is read (:mod:`.schema`, the keys and the rules of each value; :mod:`.ledger`, the reader;
:mod:`.parsecache`), written while keeping
the user's layout (:mod:`.edit`), locked and replaced atomically (:mod:`.locking`), and the forecast logs
(:mod:`.forecastlog`). May import: :mod:`summitcast.domain`, :mod:`summitcast.errors` and itself.
"""
