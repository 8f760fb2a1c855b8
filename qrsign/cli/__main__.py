"""``python -m qrsign.cli``: the command line (the same as ``python -m qrsign``)."""

from qrsign.cli.main import main

if __name__ == "__main__":  # pragma: no cover
    main()
