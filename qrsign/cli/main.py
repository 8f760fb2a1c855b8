"""``qrsign``'s entry point: the click group with every command registered.

Each command group lives in its own module (:mod:`.codes`, :mod:`.sheets`, :mod:`.lists`, :mod:`.lifecycle`);
importing them registers their commands on :func:`qrsign.cli.app.main`.
"""

from __future__ import annotations

import multiprocessing

from qrsign import _compat
from qrsign._compat import exit_now
from qrsign.cli import codes, lifecycle, lists, serve, sheets  # noqa: F401 - importing registers the commands
from qrsign.cli.app import main

__all__ = ["main", "run"]


def run() -> None:
    """The ``qrsign`` program: a frozen Windows build re-runs it in every worker process, and
    ``freeze_support`` makes those runs workers instead of a second ``qrsign``. It ends without the
    interpreter's teardown (:func:`qrsign._compat.exit_now`)."""
    multiprocessing.freeze_support()
    _compat.batch_collector(freeze=False)  # this process is qrsign's own: the thresholds for batch work
    _compat.precompiled_dataclasses()  # before the commands load their modules
    try:
        main()
    except SystemExit as done:  # every command ends here, its files written and closed
        exit_now(done.code)


if __name__ == "__main__":  # pragma: no cover
    run()
