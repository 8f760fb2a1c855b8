"""Building a sheet's signs into a folder: the pipeline, its worker processes and the output folder.

Lives here: :mod:`.pipeline` (read → check → plan → draw → manifest, in named stages), :mod:`.manifest`
(``manifest.json``'s typed shape and its one reader), :mod:`.workers` (the process pool shared with
``verify``), :mod:`.outdir` (atomic output, the build lock, cleaning what qrsign wrote) and :mod:`.preview`
(a template's preview with sample vendors).

May import: :mod:`qrsign.lifecycle`, :mod:`qrsign.render`, :mod:`qrsign.intake` and everything below them.
Never proof, the workbooks or a face.
"""
