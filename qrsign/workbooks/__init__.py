"""The Excel workbooks qrsign writes for people: the starter list, the error report, the board's report.

Lives here: :mod:`.starter` (``init``, and the sheet ``import`` fills), :mod:`.report` (``check --report``: the
sheet with its problems marked), :mod:`.board` (``report``: figures per market from build manifests) and
:mod:`.patrol` (``verify --report``: the patrol sheet). Every one writes its cells with :func:`.xlsx.put` and
saves with :func:`.xlsx.save_atomic` (text made safe; the file written whole or not at all).

May import: :mod:`qrsign.proof`, :mod:`qrsign.building` and everything below them, and openpyxl. Never a face.
"""
