"""What ``verify`` reports: one :class:`Finding` per code (or per missing code, per file), their messages in
Vietnamese and English by status, and the :class:`Verification` that gathers them.

Statuses are a contract (``verify --json``): extend, never rename.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from qrsign.core import banks
from qrsign.errors import QrsignError
from qrsign.messages import render, ui

#: Statuses that are not a problem: ``skipped`` lists a file that is neither photo nor PDF.
NOT_BAD = ("ok", "skipped")


@dataclass
class Finding:
    """One QR (or one missing QR) and what it was found to be."""

    status: str  # ok | unknown | mismatch | invalid | missing | text | quiet-zone
    source: str
    page: int | None = None
    payload: str | None = None
    bin: str | None = None
    account: str | None = None
    sign: dict | None = None
    detail: str = ""
    other: dict | None = None  # wrong-cell: the sign whose code this is (``sign`` is the cell's owner)
    error: QrsignError | None = None  # unreadable: why the file did not open
    home: dict | None = None  # mismatch: the sign whose code it is, when the page prints that sign whole
    at: tuple[int, int, int] | None = None  # stranger: the code's centre x, y and its width, mm on the page

    def to_dict(self, lang: str = "vi") -> dict:
        sign = self.sign or {}
        return {
            "status": self.status,
            "source": self.source,
            "page": self.page,
            "payload": self.payload,
            "bank_bin": self.bin,
            "bank": _bank_name(self.bin),
            "account": self.account,
            "sign_id": sign.get("sign_id"),
            "stall": sign.get("stall"),
            "name": sign.get("name"),
            "message": self.message(lang),
        }

    def message(self, lang: str) -> str:
        """The finding in words, by status (see :data:`_MESSAGES`); an unknown status shows its detail."""
        renderer = _MESSAGES.get(self.status)
        return renderer(self, lang) if renderer is not None else self.detail

    @property
    def _sign(self) -> dict:
        return self.sign or {}

    @property
    def _who(self) -> str:
        """The bank and account the QR carries, as the messages show it ("—" when it carries none)."""
        return f"{_bank_name(self.bin) or self.bin} {self.account}" if self.account else "—"

    @property
    def bad(self) -> bool:
        return self.status not in NOT_BAD


def _msg_ok(f: Finding, lang: str) -> str:
    sign = f._sign
    return ui("verify.ok", lang, stall=sign.get("stall") or "—", name=sign.get("name"),
              bank=_bank_name(f.bin) or f.bin, account=f.account, sign_id=sign.get("sign_id"))


def _msg_mismatch(f: Finding, lang: str) -> str:
    """The QR is not the sign's: both accounts are shown, the expected one first."""
    sign = f._sign
    expected = f"{_bank_name(sign.get('bank_bin')) or sign.get('bank_bin')} {sign.get('account')}"
    return render("E-VERIFY-MISMATCH", lang, sign_id=sign.get("sign_id"), stall=sign.get("stall") or "—",
                  expected=expected, value=f._who)


def _msg_wrong_cell(f: Finding, lang: str) -> str:
    """A QR in another sign's cell: whose cell it is and whose code it carries."""
    sign, other = f._sign, f.other or {}
    return render("E-VERIFY-WRONG-CELL", lang, page=f.page, file=f.source,
                  expected=f"{sign.get('holder') or sign.get('name')} {sign.get('account')}",
                  sign_id=sign.get("sign_id"),
                  value=f"{other.get('holder') or other.get('name') or '?'} {f.account}")


def _msg_wrong_page(f: Finding, lang: str) -> str:
    """A sign on another page of its own file than the build put it on."""
    sign = f._sign
    return render("E-VERIFY-WRONG-PAGE", lang, page=f.page, file=f.source, sign_id=sign.get("sign_id"),
                  value=f"{sign.get('holder') or sign.get('name')} {f.account}", expected=(f.other or {}).get("page"))


def _msg_stranger(f: Finding, lang: str) -> str:
    """A code added to a page outside every QR box: where it is and whom it pays."""
    x, y, size = f.at or (0, 0, 0)
    return render("E-VERIFY-STRANGER", lang, page=f.page, file=f.source, x=x, y=y, size=size, value=f._who)


def _msg_pages(f: Finding, lang: str) -> str:
    """A build's file with another number of pages than the build wrote."""
    pages, _, built = f.detail.partition("/")
    return render("E-VERIFY-PAGE-COUNT", lang, file=f.source, pages=pages, expected=built)


def _msg_no_qr(f: Finding, lang: str) -> str:
    """No QR on a PDF page or in a photo: the page number when there is one."""
    if f.page:
        return render("E-VERIFY-PAGE-NO-QR", lang, page=f.page, value=f.source)
    return render("E-VERIFY-PHOTO-NO-QR", lang, value=f.source)


def _msg_unreadable(f: Finding, lang: str) -> str:
    """A file that did not open: the typed error's own message when there is one."""
    if f.error is not None:
        return f.error.message(lang)
    return render("E-VERIFY-UNREADABLE-FILE", lang, value=f.source, detail=f.detail or "?")


#: Status → the message of a finding with that status.
_MESSAGES: dict[str, Callable[[Finding, str], str]] = {
    "ok": _msg_ok,
    "unknown": lambda f, lang: render("E-VERIFY-UNKNOWN", lang, holder_hint=f._who),
    "mismatch": _msg_mismatch,
    "invalid": lambda f, lang: render("E-VERIFY-INVALID", lang, detail=f.detail),
    "missing": lambda f, lang: render("E-VERIFY-MISSING", lang, page=f.page, file=f.source,
                                      value=f"{f._sign.get('name')} ({f._sign.get('sign_id')})"),
    "text": lambda f, lang: render("E-VERIFY-TEXT", lang, page=f.page, file=f.source, value=f._sign.get("account")),
    "quiet-zone": lambda f, lang: ui("verify.quiet_zone", lang, page=f.page, file=f.source,
                                     name=f._sign.get("name") or f.account),
    "file": lambda f, lang: render("E-VERIFY-FILE-MISSING", lang, value=f.source),
    "unverified": lambda f, lang: render("E-VERIFY-NO-REFERENCE", lang, value=f._who),
    "wrong-cell": _msg_wrong_cell,
    "wrong-page": _msg_wrong_page,
    "stranger": _msg_stranger,
    "pages": _msg_pages,
    "outside-cell": lambda f, lang: render("E-VERIFY-OUTSIDE-CELL", lang, page=f.page, file=f.source, value=f._who),
    "cell-text": lambda f, lang: render("E-VERIFY-CELL-TEXT", lang, page=f.page, file=f.source, value=f.account),
    "holder": lambda f, lang: render("E-VERIFY-HOLDER", lang, page=f.page, file=f.source, account=f.account,
                                     holder=f._sign.get("holder")),
    "no-qr": _msg_no_qr,
    "not-in-build": lambda f, lang: render("E-VERIFY-NOT-IN-BUILD", lang, value=f.source),
    "unreadable": _msg_unreadable,
    "changed": lambda f, lang: render("E-VERIFY-CHANGED", lang, value=f.source),
    "skipped": lambda f, lang: ui("verify.skipped", lang, file=f.source),
}


@dataclass
class Verification:
    """Everything ``verify`` found."""

    target: str
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0
    images: int = 0
    reference: str | None = None

    @property
    def found(self) -> int:
        return sum(1 for f in self.findings if f.payload)

    @property
    def ok(self) -> bool:
        return self.found > 0 and not any(f.bad for f in self.findings)

    def counts(self) -> dict[str, int]:
        return dict(Counter(f.status for f in self.findings))

    def to_dict(self, lang: str = "vi") -> dict:
        return {
            "target": self.target,
            "reference": self.reference,
            "pages": self.pages,
            "images": self.images,
            "qr_found": self.found,
            "ok": self.ok,
            "counts": self.counts(),
            "findings": [f.to_dict(lang) for f in self.findings],
        }

    def lines(self, lang: str) -> list[str]:
        out = []
        for f in self.findings:
            where = f"{f.source}" + (f" p.{f.page}" if f.page else "")
            if f.bad or len(self.findings) <= 50:
                out.append(f"{'✓' if not f.bad else '✗'} {where}: {f.message(lang)}")
        if self.found == 0:
            out.append("✗ " + render("E-VERIFY-NO-QR", lang, value=self.target))
        c = self.counts()
        bad = sum(v for k, v in c.items() if k not in NOT_BAD)
        out.append(ui("verify.summary", lang, pages=self.pages, images=self.images, found=self.found,
                      ok=c.get("ok", 0), bad=bad))
        return out


def _bank_name(bin_: str | None) -> str | None:
    b = banks.by_bin(bin_) if bin_ else None
    return b.short_name if b else None

