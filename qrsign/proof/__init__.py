"""Proof by decoding: reading back what was drawn or what hangs at the stalls.

Lives here: :mod:`.verify` (every code of a photo, a PDF or a build folder, cell by cell against the
manifest) and :mod:`.patrol` (photos of hung signs against a build: right, stale, foreign, missing).

May import: :mod:`qrsign.building` and everything below it. Never the workbooks or a face.
"""
