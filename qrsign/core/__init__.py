"""The pure core: what a VietQR payload is, which bank a name means, and the rules for an account and a name.

Lives here: the payload codec (:mod:`.vietqr`), the bank directory and its data file (:mod:`.banks`,
``data/banks.csv``), text folding and printable-text rules (:mod:`.text`), legacy Vietnamese encodings
(:mod:`.legacy`), and the account and name policies (:mod:`.account`, :mod:`.names`).

May import: the standard library, :mod:`qrsign.errors` and :mod:`qrsign.messages`. No I/O beyond reading its own
data file, no third-party package, nothing above it: every other layer builds on this one.
"""
