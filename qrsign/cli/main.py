"""``qrsign``'s entry point: the click group with every command registered.

Each command group lives in its own module (:mod:`.codes`, :mod:`.sheets`, :mod:`.lists`, :mod:`.lifecycle`);
importing them registers their commands on :func:`qrsign.cli.app.main`.
"""

from __future__ import annotations

from qrsign.cli import codes, lifecycle, lists, sheets  # noqa: F401 - importing registers the commands
from qrsign.cli.app import main

__all__ = ["main"]

if __name__ == "__main__":  # pragma: no cover
    main()
