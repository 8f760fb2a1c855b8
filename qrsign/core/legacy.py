"""Names typed with the legacy Vietnamese font encodings VNI-Windows and TCVN3 (ABC), back to Unicode.

Ward offices still type with VNI and TCVN3 fonts (``VNI-Times``, ``.VnTime``).
The cell then holds Latin-1-looking text: the surname Nguyễn arrives as
``Nguyeãn`` (VNI: base letter + a mark byte) or ``NguyÔn`` (TCVN3: one byte
per toned letter, lowercase only — capitals come from a separate "H" font
that draws the same bytes as capitals). Printed as is, the holder line reads
like "NGUYEAN" and every honest payment is refused.

:func:`detect` converts only when it is certain: the text as typed is *not*
Vietnamese (some word is not a Vietnamese syllable), exactly one encoding
turns *every* word into a Vietnamese syllable, and that differs from the
input. When characters these encodings produce are present but no single
conversion is clean, it says so (``certain=False``) and the caller refuses
the name. The tables were written from the public VNI-Windows and TCVN3
(TCVN 5712:1993 VN3) charts. Pure: stdlib only.

>>> detect("Nguyeãn Vaên A").text, detect("NguyÔn V¨n A").text
('Nguyễn Văn A', 'Nguyễn Văn A')
>>> detect("Nguyễn Văn A") is None
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------------
# Tables

_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"


def _c(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


#: TCVN3 (ABC): one byte per lowercase toned letter; capitals only for Ă Â Ê Ô Ơ Ư Đ.
TCVN3: dict[str, str] = {
    "\u00a1": "Ă", "\u00a2": "Â", "\u00a3": "Ê", "\u00a4": "Ô", "\u00a5": "Ơ", "\u00a6": "Ư", "\u00a7": "Đ",
    "\u00a8": "ă", "\u00a9": "â", "\u00aa": "ê", "\u00ab": "ô", "\u00ac": "ơ", "\u00ad": "ư", "\u00ae": "đ",
    "\u00b5": "à", "\u00b6": "ả", "\u00b7": "ã", "\u00b8": "á", "\u00b9": "ạ",
    "\u00bb": "ằ", "\u00bc": "ẳ", "\u00bd": "ẵ", "\u00be": "ắ", "\u00c6": "ặ",
    "\u00c7": "ầ", "\u00c8": "ẩ", "\u00c9": "ẫ", "\u00ca": "ấ", "\u00cb": "ậ",
    "\u00cc": "è", "\u00ce": "ẻ", "\u00cf": "ẽ", "\u00d0": "é", "\u00d1": "ẹ",
    "\u00d2": "ề", "\u00d3": "ể", "\u00d4": "ễ", "\u00d5": "ế", "\u00d6": "ệ",
    "\u00d7": "ì", "\u00d8": "ỉ", "\u00dc": "ĩ", "\u00dd": "í", "\u00de": "ị",
    "\u00df": "ò", "\u00e1": "ỏ", "\u00e2": "õ", "\u00e3": "ó", "\u00e4": "ọ",
    "\u00e5": "ồ", "\u00e6": "ổ", "\u00e7": "ỗ", "\u00e8": "ố", "\u00e9": "ộ",
    "\u00ea": "ờ", "\u00eb": "ở", "\u00ec": "ỡ", "\u00ed": "ớ", "\u00ee": "ợ",
    "\u00ef": "ù", "\u00f1": "ủ", "\u00f2": "ũ", "\u00f3": "ú", "\u00f4": "ụ",
    "\u00f5": "ừ", "\u00f6": "ử", "\u00f7": "ữ", "\u00f8": "ứ", "\u00f9": "ự",
    "\u00fa": "ỳ", "\u00fb": "ỷ", "\u00fc": "ỹ", "\u00fd": "ý", "\u00fe": "ỵ",
}

#: VNI-Windows letters written as one byte (ơ ư đ and the toned i, ỵ), lower and upper case.
_VNI_SINGLE = {
    "ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ",
    "Ô": "Ơ", "Ö": "Ư", "Ñ": "Đ", "Í": "Í", "Ì": "Ì", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị", "Î": "Ỵ",
}
#: VNI-Windows mark bytes that follow a vowel: tones, then circumflex (+tone), then breve (+tone).
_VNI_TONES = {"ù": (_ACUTE,), "ø": (_GRAVE,), "û": (_HOOK,), "õ": (_TILDE,), "ï": (_DOT,)}
_VNI_CIRC = {"â": (_CIRC,), "á": (_CIRC, _ACUTE), "à": (_CIRC, _GRAVE), "å": (_CIRC, _HOOK),
             "ã": (_CIRC, _TILDE), "ä": (_CIRC, _DOT)}
_VNI_BREVE = {"ê": (_BREVE,), "é": (_BREVE, _ACUTE), "è": (_BREVE, _GRAVE), "ú": (_BREVE, _HOOK),
              "ü": (_BREVE, _TILDE), "ë": (_BREVE, _DOT)}


def _vni_pairs() -> dict[str, str]:
    pairs: dict[str, str] = {}
    bases = {"a": ("a", (_VNI_TONES, _VNI_CIRC, _VNI_BREVE)), "e": ("e", (_VNI_TONES, _VNI_CIRC)),
             "o": ("o", (_VNI_TONES, _VNI_CIRC)), "u": ("u", (_VNI_TONES,)), "y": ("y", (_VNI_TONES,)),
             "ô": ("ơ", (_VNI_TONES,)), "ö": ("ư", (_VNI_TONES,))}
    for typed, (letter, tables) in bases.items():
        for table in tables:
            for mark, combining in table.items():
                for base_case, mark_case in ((typed, mark), (typed.upper(), mark.upper()),
                                             (typed.upper(), mark), (typed, mark.upper())):
                    out = _c(letter.upper() if base_case.isupper() else letter, *combining)
                    pairs[base_case + mark_case] = out
    return pairs


VNI_PAIRS: dict[str, str] = _vni_pairs()

# --------------------------------------------------------------------------------------------------
# What a Vietnamese syllable looks like (enough to tell Vietnamese from mojibake)

_VIET_MARKS = frozenset({_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT, _CIRC, _BREVE, _HORN})
_TONES = frozenset({_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT})
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
#: Vowel clusters (shape marks kept, tones removed); those in _NEEDS_CODA only occur before a final consonant.
_CLUSTERS = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu",
    "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa",
    "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi",
    "ươu",
]
_NEEDS_CODA = frozenset({"oo", "oă", "uâ", "iê", "yê", "uô", "ươ", "uyê"})
_GLIDE_END = frozenset("iyou")
_SYLLABLE = re.compile(
    rf"^(?P<onset>{_ONSET})?(?P<vowels>[aăâeêioôơuưy]+)(?P<coda>ng|nh|ch|c|m|n|p|t)?$"
)


_SHAPES = {_CIRC: "aeo", _BREVE: "a", _HORN: "ou"}


@functools.lru_cache(maxsize=2048)  # a pure test of one character, asked for every letter of every name
def is_vietnamese_letter(ch: str) -> bool:
    """An ASCII letter, đ/Đ, or a vowel carrying only Vietnamese marks (one tone; ˆ on a e o, ˘ on a, horn on o u).

    >>> is_vietnamese_letter("ễ"), is_vietnamese_letter("ø"), is_vietnamese_letter("î"), is_vietnamese_letter("ü")
    (True, False, False, False)
    """
    if ch in "đĐ" or (ch.isascii() and ch.isalpha()):
        return True
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[:1].lower(), decomposed[1:]
    if not (base.isascii() and base in "aeiouy" and marks and set(marks) <= _VIET_MARKS):
        return False
    shapes = [m for m in marks if m not in _TONES]
    return len(marks) - len(shapes) <= 1 and len(shapes) <= 1 and all(base in _SHAPES[m] for m in shapes)


@functools.lru_cache(maxsize=16384)  # a pure test of one word; Nguyễn, Thị, Văn… repeat on every row
def is_syllable(word: str) -> bool:
    """``word`` is one Vietnamese syllable (one tone at most, placed on a vowel that may carry it).

    >>> is_syllable("Nguyễn"), is_syllable("nguyeãn"), is_syllable("Baù"), is_syllable("hoà")
    (True, False, False, True)
    """
    nfd = unicodedata.normalize("NFD", word.lower())
    tones = [i for i, ch in enumerate(nfd) if ch in _TONES]
    if len(tones) > 1:
        return False
    letters: list[str] = []
    tone_at = None
    for ch in nfd:
        if ch in _TONES:
            tone_at = len(letters) - 1
        elif unicodedata.combining(ch):
            if not letters:
                return False
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    plain = "".join(letters)
    m = _SYLLABLE.match(plain)
    if not m:
        return False
    vowels, coda = m.group("vowels"), m.group("coda") or ""
    if vowels not in _CLUSTERS or (vowels in _NEEDS_CODA and not coda):
        return False
    if tone_at is not None:
        start = m.start("vowels")
        if not start <= tone_at < m.end("vowels"):
            return False
        pos = tone_at - start
        if len(vowels) > 1 and not coda and pos == len(vowels) - 1 and vowels[-1] in _GLIDE_END \
                and vowels not in ("uy",):
            return False
    return all(is_vietnamese_letter(ch) for ch in unicodedata.normalize("NFC", word))


# --------------------------------------------------------------------------------------------------
# Detection

#: Characters these encodings produce that are never Vietnamese letters: seeing one means "legacy text".
INDICATORS = frozenset(ch for ch in {*TCVN3, *(k[-1] for k in VNI_PAIRS), *_VNI_SINGLE}
                       if not is_vietnamese_letter(ch))
_WORD_CHARS = frozenset({*TCVN3, *(k[-1] for k in VNI_PAIRS), *_VNI_SINGLE})


@dataclass(frozen=True)
class Conversion:
    """A legacy-encoded text found: the encoding, the Unicode text, and whether the conversion is certain."""

    encoding: str  # "VNI" or "TCVN3"; "VNI/TCVN3" when not certain which
    text: str
    certain: bool


def _words(s: str) -> list[str]:
    out, cur = [], []
    for ch in s:
        if ch.isalpha() or ch in _WORD_CHARS:
            cur.append(ch)
        elif cur:
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def _all_vietnamese(s: str) -> bool:
    return all(w.isascii() or is_syllable(w) for w in _words(s))


def from_vni(s: str) -> str:
    """VNI-Windows text → Unicode NFC (pairs first, then the one-byte letters)."""
    out, i = [], 0
    while i < len(s):
        pair = s[i: i + 2]
        if len(pair) == 2 and pair in VNI_PAIRS:
            out.append(VNI_PAIRS[pair])
            i += 2
            continue
        out.append(_VNI_SINGLE.get(s[i], s[i]))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def from_tcvn3(s: str) -> str:
    """TCVN3 (ABC) text → Unicode NFC; all-capital text (the "H" fonts) stays all-capital."""
    out = unicodedata.normalize("NFC", "".join(TCVN3.get(ch, ch) for ch in s))
    ascii_letters = [ch for ch in s if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
        out = out.upper()
    return out


@functools.lru_cache(maxsize=4096)
def detect(s: str) -> Conversion | None:
    """None when ``s`` is plain (ASCII or Vietnamese Unicode); else the conversion, certain or not."""
    s = unicodedata.normalize("NFC", s)
    if s.isascii() or _all_vietnamese(s):
        return None
    candidates = {}
    for name, convert in (("VNI", from_vni), ("TCVN3", from_tcvn3)):
        out = convert(s)
        if out != s and _all_vietnamese(out):
            candidates[name] = out
    if len(set(candidates.values())) == 1:
        name = next(iter(candidates))
        return Conversion(name if len(candidates) == 1 else "VNI/TCVN3", candidates[name], True)
    if candidates or sum(ch in INDICATORS for ch in s) >= 2:  # one odd letter ("Søren") is not an encoding
        guess = candidates.get("VNI") or candidates.get("TCVN3") or ""
        return Conversion("VNI/TCVN3", guess, False)
    return None
