"""The Excel workbooks qrsign writes for people: the starter list, the error report, the board's report.

Lives here: :mod:`.starter` (``init``, and the sheet ``import`` fills), :mod:`.report` (``check --report``: the
sheet with its problems marked) and :mod:`.board` (``report``: figures per market from build manifests).

May import: :mod:`qrsign.proof`, :mod:`qrsign.building` and everything below them, and openpyxl. Never a face.
"""
