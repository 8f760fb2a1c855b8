"""Typed errors raised by the qrsign library.

Every error is a :class:`ValueError` subclass that carries a stable ``code``
(``"E-PAYLOAD-CRC"``), the ``field`` it is about and the offending ``value``,
plus any parameters its message needs. The library never prints: the CLI looks
the code up in :mod:`qrsign.messages` and renders it in Vietnamese or English,
and it maps the error's *kind* to an exit code:

- :class:`DataError` and its subclasses: the data has problems (exit 1);
- :class:`InputError`: unusable input or usage (exit 2);
- :class:`OutputError`: output that cannot be written (exit 2).

``str(error)`` is the English message, so library users get a readable text
without the CLI.
"""

from __future__ import annotations

from typing import Any


class QrsignError(ValueError):
    """Base of every error qrsign raises on purpose."""

    code: str = "E-QRSIGN"

    def __init__(
        self,
        code: str | None = None,
        *,
        field: str | None = None,
        value: Any = None,
        **params: Any,
    ) -> None:
        self.code = code or type(self).code
        self.field = field
        self.value = value
        self.params = params
        super().__init__(self.code)

    def message(self, lang: str = "en") -> str:
        """The message for this error in ``lang`` (``"vi"`` or ``"en"``)."""
        from qrsign.messages import render

        return render(self.code, lang, field=self.field, value=self.value, **self.params)

    def __str__(self) -> str:
        return self.message("en")

    def __reduce__(self):  # keep errors picklable across worker processes
        return (_rebuild, (type(self), self.code, self.field, self.value, self.params))


def _rebuild(cls, code, field, value, params):
    return cls(code, field=field, value=value, **params)


class DataError(QrsignError):
    """The data is wrong (a field, a row, a payload): exit code 1."""

    code = "E-DATA"


class InvalidFormat(DataError):
    """A value has the wrong shape (characters, structure)."""

    code = "E-FORMAT"


class InvalidLength(InvalidFormat):
    """A value is too long or too short; ``params`` carry the limit."""

    code = "E-LENGTH"


class InvalidChecksum(DataError):
    """A checksum (the payload's CRC) does not match."""

    code = "E-PAYLOAD-CRC"


class InvalidComponent(DataError):
    """A part of a value is not one of the allowed ones."""

    code = "E-COMPONENT"


class UnknownBank(InvalidComponent):
    """No bank matches what was typed; ``params['suggestions']`` lists close ones."""

    code = "E-BANK-UNKNOWN"


class AmbiguousBank(InvalidComponent):
    """What was typed matches more than one bank; never guess between them."""

    code = "E-BANK-AMBIGUOUS"


class RenderError(DataError):
    """A sign cannot be drawn faithfully (a character the font lacks, a QR too small)."""

    code = "E-RENDER"


class InputError(QrsignError):
    """The input cannot be used at all (unreadable, unsafe, no header): exit code 2."""

    code = "E-INPUT"


class OutputError(QrsignError):
    """The output cannot be written (not a folder, not writable): exit code 2."""

    code = "E-OUTPUT"
