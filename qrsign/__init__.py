"""qrsign: printable VietQR stall signs for cashless markets, from a spreadsheet of vendors.

The library is layered: a pure core (:mod:`~qrsign.vietqr`, :mod:`~qrsign.banks`,
:mod:`~qrsign.text`, :mod:`~qrsign.errors`, :mod:`~qrsign.messages`), the models
(:mod:`~qrsign.models`), I/O modules (sheet reader, renderer, reports, verification),
the pipeline that ties them together, and the click CLI on top.
"""

__version__ = "0.1.0"
