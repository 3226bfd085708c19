"""``python -m summitcast``: the same program as the ``summitcast`` console script."""

from summitcast.cli import main

if __name__ == "__main__":  # pragma: no cover - exercised through a subprocess test
    main()
