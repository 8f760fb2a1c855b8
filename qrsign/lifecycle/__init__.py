"""Keeping signs true over time: what changed since the last build, and what must come down.

Lives here: :mod:`.diff` (new, reprint, unchanged, withdraw — and ``--since``) and :mod:`.withdraw` (the
withdraw list ``thu-hoi.pdf``).

May import: :mod:`qrsign.render`, :mod:`qrsign.intake`, :mod:`qrsign.models`, :mod:`qrsign.core` and the base
modules. Never the build, proof, workbooks or a face.
"""
