"""How the streams of a PDF are compressed: ISA-L's deflate where it is installed, zlib's elsewhere.

Every page, form and font subset of a sign file is a Flate stream (the only
general-purpose compression PDF readers all know). Compressing them was a tenth
of a worker's time at zlib's fastest level: about 90 µs for a sign and its
checklist row. ISA-L (Intel's Intelligent Storage Acceleration Library, the
``isal`` package) writes the same format three times as fast and 6 % smaller at
its level 1 (the streams of 250 A4 signs and their checklist pages, fonts
included: 8.2 instead of 24.8 ms, 749 instead of 799 KB; ``benchmarks/README.md``).
Any Flate decoder reads either; the pages are the same, only the compressed
bytes differ (``tests/test_deflate.py``).

``isal`` has wheels for 64-bit Windows, Linux on x86-64 and ARM, and Macs; where it
has none (Windows on ARM, an Intel Mac on Python 3.13 or later) ``pyproject.toml``
does not ask for it, so installing qrsign never needs a compiler, and zlib at
level 1 compresses, as before. ``QRSIGN_DEFLATE=zlib`` forces zlib (to compare
files with those of a machine without ``isal``).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

#: zlib's level when zlib compresses: 1 draws a sign in 10 % less CPU than the default 6, for files 12 % larger.
ZLIB_LEVEL = 1
#: ISA-L's level (0-3): 0 is a third faster and 22 % larger, 2 no smaller, 3 twice as slow for 4 % less.
ISAL_LEVEL = 1


def compressor(name: str | None = None) -> tuple[str, Callable[[bytes], bytes]]:
    """The compressor's name and its ``compress(data) -> zlib stream``: zlib when ``name`` (else
    ``QRSIGN_DEFLATE``) is ``"zlib"``, else ISA-L when it is installed, else zlib."""
    wanted = name or os.environ.get("QRSIGN_DEFLATE", "").strip().lower()
    return _compressor(wanted == "zlib")


@functools.cache  # one import attempt per process
def _compressor(zlib_only: bool) -> tuple[str, Callable[[bytes], bytes]]:
    isal_zlib = None if zlib_only else _isal()
    if isal_zlib is not None:
        return "isal", functools.partial(isal_zlib.compress, level=ISAL_LEVEL)
    import zlib

    return "zlib", functools.partial(zlib.compress, level=ZLIB_LEVEL)


def _isal() -> Any:
    """ISA-L's zlib-compatible module, or None where ``isal`` is not installed."""
    try:
        from isal import isal_zlib
    except ImportError:
        return None
    return isal_zlib
