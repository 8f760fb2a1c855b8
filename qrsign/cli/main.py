"""``qrsign``'s entry point: the click group with every command registered.

Each command group lives in its own module (:mod:`.codes`, :mod:`.sheets`, :mod:`.lists`, :mod:`.lifecycle`);
importing them registers their commands on :func:`qrsign.cli.app.main`.
"""

from __future__ import annotations

import multiprocessing

from qrsign.cli import codes, lifecycle, lists, serve, sheets  # noqa: F401 - importing registers the commands
from qrsign.cli.app import main

__all__ = ["main", "run"]


def run() -> None:
    """The ``qrsign`` program: a frozen Windows build re-runs it in every worker process, and
    ``freeze_support`` makes those runs workers instead of a second ``qrsign``."""
    multiprocessing.freeze_support()
    main()


if __name__ == "__main__":  # pragma: no cover
    run()
