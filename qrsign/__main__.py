"""``python -m qrsign`` (``py -m qrsign`` on Windows): the command line, also when Scripts\\ is not on PATH."""

from qrsign.cli.main import run

if __name__ == "__main__":  # pragma: no cover
    run()
