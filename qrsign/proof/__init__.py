"""Proof by decoding: reading back what was drawn or what hangs at the stalls.

Lives here: :mod:`.verify` (the entry points: every code of a photo, a PDF or a build folder, cell by
cell against the manifest), built from :mod:`.findings` (what is reported, in words), :mod:`.reference`
(the manifest or sheet codes are compared with) and :mod:`.pages` (rendering and checking PDF pages);
and :mod:`.patrol` (photos of hung signs against a build: right, stale, foreign, missing).

May import: :mod:`qrsign.building` and everything below it. Never the workbooks or a face.
"""
