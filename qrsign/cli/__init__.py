"""The command line: a thin face over the public API (:mod:`qrsign.api`).

Lives here: the click group and its commands (:mod:`.main`), terminal output (colour, progress, safe text:
:mod:`.console`) and the parsing of one-off values typed on the command line (:mod:`.intake`). It maps typed
errors to messages and exit codes (0 good, 1 data problems, 2 unusable input) and knows click; nothing below
it does.
"""
