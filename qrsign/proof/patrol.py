"""Market patrol: photos of the signs as they hang, checked stall by stall against the build's manifest.

A volunteer walks the market and photographs every sign (``A05.jpg``,
``A05-2.jpg`` …). ``qrsign verify PHOTOS --against manifest.json`` then says, for
*every* stall of the manifest — not only those photographed:

- ``ok``: a photo shows one of this stall's codes;
- ``foreign``: a photo of this stall shows a code that is no sign of the
  market (a sticker pasted over the sign, a stranger's QR);
- ``wrong_stall``: the photo named for this stall shows another stall's sign
  and not its own — the sign hangs at the wrong stall, and this stall's
  customers pay the other vendor;
- ``unreadable``: the stall's photo has no readable code (take it again);
- ``not_checked``: no photo of this stall.

A photo is matched to its stall by its file name's first token (``A05`` of
``A05-chieu.jpg``; a leading ``quay``/``sap``/``kiot`` is skipped) when it names
one; a photo named by the camera (``IMG_0001``) is matched by the code it
shows, when exactly one stall has that code. A photo named for a stall that
shows another stall's sign is that stall's problem, never a pass for the
other. The photo's time comes from its EXIF DateTimeOriginal when present. A
stall with several photos takes the worst: foreign, wrong stall, then ok,
then unreadable. Every stall has exactly one status, so the counts add up to
the number of stalls. ``market`` keeps one market of the build (its whole
name, accents and case folded).

The manifest of a ``build --since`` lists the signs it kept from the old build
(``kept``); they hang in the market too, so they count as this stall's codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from qrsign.building.manifest import load_manifest
from qrsign.core import text
from qrsign.lifecycle.diff import old_signs
from qrsign.proof.verify import (
    IMAGE_SUFFIXES,
    Finding,
    Reference,
    Verification,
    _image_finding,
    verify_image,
)

STATUSES = ("ok", "foreign", "wrong_stall", "unreadable", "not_checked")
_RANK = {"foreign": 4, "wrong_stall": 3, "ok": 2, "unreadable": 1, "not_checked": 0}
_STALL_WORDS = {"quay", "sap", "kiot", "ki", "ot", "lo", "stall", "gian"}


@dataclass
class Photo:
    """One photo and what it showed."""

    file: str
    taken: str | None
    codes: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"file": self.file, "taken": self.taken, "codes": [f.payload for f in self.codes if f.payload]}


@dataclass
class Stall:
    """One stall of the manifest, with every sign it should show and the patrol's verdict."""

    market: str | None
    zone: str | None
    stall: str
    names: list[str]
    signs: list[dict]
    status: str = "not_checked"
    photo: str | None = None
    taken: str | None = None
    detail: str | None = None  # foreign: whom the code in the photo pays; wrong_stall: whose sign it is
    photos: list[str] = field(default_factory=list)

    def mark(self, status: str, photo: Photo, detail: str | None = None) -> None:
        if photo.file not in self.photos:
            self.photos.append(photo.file)
        if _RANK[status] > _RANK[self.status]:
            self.status, self.photo, self.taken, self.detail = status, photo.file, photo.taken, detail

    def detail_text(self, lang: str = "vi") -> str:
        """The detail as a volunteer reads it (terminal and patrol sheet), or ""."""
        return detail_text(self, lang)

    def to_dict(self) -> dict:
        return {
            "market": self.market,
            "zone": self.zone,
            "stall": self.stall,
            "names": self.names,
            "sign_ids": [s.get("sign_id") for s in self.signs],
            "status": self.status,
            "photo": self.photo,
            "taken": self.taken,
            "detail": self.detail,
            "photos": self.photos,
        }


@dataclass
class Patrol:
    """Every stall's status, and the photos that matched no stall."""

    reference: str
    stalls: list[Stall]
    photos: list[Photo]
    unassigned: list[Photo] = field(default_factory=list)
    #: every code read in the photos, as ``verify`` reports it (set by :func:`qrsign.patrol`)
    verification: Verification | None = field(default=None, repr=False)

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for st in self.stalls if st.status == s) for s in STATUSES}

    @property
    def ok(self) -> bool:
        """False when a stall shows a foreign code, another stall's sign or an unreadable code, or a photo
        matched no stall."""
        c = self.counts()
        return not (c["foreign"] or c["wrong_stall"] or c["unreadable"] or self.unassigned)

    def to_dict(self) -> dict:
        return {"reference": self.reference, "counts": self.counts(), "stalls": [s.to_dict() for s in self.stalls],
                "unassigned": [p.to_dict() for p in self.unassigned]}


def _stall_key(market: str | None, stall: str, name: str) -> tuple:
    return (text.fold(market or ""), text.key(stall)) if stall else (text.fold(market or ""), "", text.fold(name))


def stalls_of(signs: list[dict]) -> list[Stall]:
    """The manifest's stalls in market, zone, stall order (a sign without a stall is its holder's own entry)."""
    by_key: dict[tuple, Stall] = {}
    for s in signs:
        key = _stall_key(s.get("market"), s.get("stall") or "", s.get("name") or "")
        st = by_key.get(key)
        if st is None:
            st = by_key[key] = Stall(s.get("market"), s.get("zone"), s.get("stall") or "", [], [])
        st.signs.append(s)
        if s.get("name") and s["name"] not in st.names:
            st.names.append(s["name"])
    return sorted(by_key.values(), key=lambda st: (text.fold(st.market or ""), text.fold(st.zone or ""),
                                                   text.natural_key(st.stall), text.fold(",".join(st.names))))


def name_token(file_name: str) -> str:
    """The stall a photo's name points at: ``A05`` of ``A05-chieu.jpg``, ``12`` of ``quay_12 (2).jpg``."""
    tokens = [t for t in re.split(r"[\s_\-.,()]+", text.fold(Path(file_name).stem)) if t]
    while tokens and tokens[0] in _STALL_WORDS and len(tokens) > 1:
        tokens.pop(0)
    return text.key(tokens[0]) if tokens else ""


def exif_time(path: Path) -> str | None:
    """EXIF DateTimeOriginal as ``YYYY-MM-DD HH:MM:SS``, or None."""
    try:
        from PIL import Image

        with Image.open(path) as im:
            value = im.getexif().get_ifd(0x8769).get(0x9003)
    except Exception:  # no EXIF, a broken one, not an image: there is no time, nothing more
        return None
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"\s*(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})\s*\x00*", value)
    return f"{m[1]}-{m[2]}-{m[3]} {m[4]}:{m[5]}:{m[6]}" if m else None


def photos_in(target: Path) -> list[Path]:
    """The photos ``verify`` reads in ``target`` (a photo, or every photo under a folder), sorted."""
    if target.is_dir():
        return sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    return [target] if target.suffix.lower() in IMAGE_SUFFIXES else []


def is_patrol(target: Path) -> bool:
    """A patrol is photos only: one photo, or a folder with photos and no PDF (a build folder is verified as one)."""
    if target.is_dir():
        files = [p for p in target.rglob("*") if p.is_file()]
        return any(p.suffix.lower() in IMAGE_SUFFIXES for p in files) and not any(
            p.suffix.lower() == ".pdf" for p in files)
    return target.suffix.lower() in IMAGE_SUFFIXES


def of_market(signs: list[dict], market: str | None) -> list[dict]:
    """The signs of ``market`` (its whole name, accents and case folded); every sign when none is given."""
    if not market:
        return signs
    wanted = text.fold(market)
    kept = [s for s in signs if text.fold(s.get("market") or "") == wanted]
    if not kept:
        from qrsign.errors import InputError

        found = sorted({str(s["market"]) for s in signs if s.get("market")}, key=text.fold)
        raise InputError("E-MARKET-NOT-FOUND", field="market", value=market, markets=", ".join(found) or "—")
    return kept


def patrol(target: str | Path, manifest_path: str | Path, market: str | None = None) -> tuple[Verification, Patrol]:
    """Decode every photo under ``target`` once; the verify findings and the per-stall view (of one
    ``market`` of the build when given: the other markets' signs are then no signs of this market)."""
    target, manifest_path = Path(target), Path(manifest_path)
    if manifest_path.is_dir():
        manifest_path = manifest_path / "manifest.json"
    signs = of_market(old_signs(load_manifest(manifest_path)), market)
    ref = Reference.from_signs(str(manifest_path), signs)
    result = Verification(target=str(target), reference=ref.source)
    photos = []
    for path in photos_in(target):
        result.images += 1
        # in a folder an unreadable photo is a finding (never skipped); one photo that does not open is refused
        findings = _image_finding(path, ref, str(path)) if target.is_dir() else verify_image(path, ref)
        result.findings.extend(findings)
        photos.append(Photo(str(path), exif_time(path), [f for f in findings if f.payload]))
    if target.is_dir():  # every file is accounted for: what is not a photo is listed as skipped
        for path in sorted(p for p in target.rglob("*") if p.is_file() and p.suffix.lower() not in IMAGE_SUFFIXES):
            result.findings.append(Finding("skipped", str(path)))
    return result, assign(signs, photos, str(manifest_path))


def assign(signs: list[dict], photos: list[Photo], reference: str = "") -> Patrol:
    """Match photos to the stalls of ``signs`` (see module docstring)."""
    stalls = stalls_of(signs)
    by_payload: dict[str, list[Stall]] = {}  # one account may hang at two stalls: every stall that has it
    by_label: dict[str, list[Stall]] = {}
    for st in stalls:
        for s in st.signs:
            holders = by_payload.setdefault(s["payload"], [])
            if st not in holders:
                holders.append(st)
        by_label.setdefault(text.key(st.stall), []).append(st)
    result = Patrol(reference, stalls, photos)
    for photo in photos:
        named = by_label.get(name_token(photo.file), [])
        by_name = named[0] if len(named) == 1 else None  # a label two markets share says nothing
        _assign_photo(photo, by_name, by_payload, result)
    return result


def _assign_photo(photo: Photo, by_name: Stall | None, by_payload: dict[str, list[Stall]], result: Patrol) -> None:
    """One photo's verdicts: its own stall's code is ok; another stall's sign under this stall's name is a
    wrong stall; a code that is no sign is foreign; nothing readable, or no stall to pin it on, is said so."""
    known = [by_payload[f.payload] for f in photo.codes if f.payload in by_payload and f.status == "ok"]
    foreign = [f for f in photo.codes if not (f.payload in by_payload and f.status == "ok")]
    if by_name is not None:
        own = [by_name] if any(by_name in holders for holders in known) else []
        elsewhere = [holders[0] for holders in known if by_name not in holders]
    else:  # named by the camera: the code says whose sign it is, when exactly one stall has it
        own = [holders[0] for holders in known if len(holders) == 1]
        elsewhere = []
    for st in own:
        st.mark("ok", photo)
    if foreign:
        home = by_name or (own[0] if own else None)
        if home is None:
            result.unassigned.append(photo)
        else:
            home.mark("foreign", photo, who(foreign[0]))
    elif elsewhere and not own and by_name is not None:  # another stall's sign hangs here
        by_name.mark("wrong_stall", photo, _stall_who(elsewhere[0]))
    elif not own:
        if by_name is None:
            result.unassigned.append(photo)
        else:
            by_name.mark("unreadable", photo)


def _stall_who(st: Stall) -> str:
    """Whose sign it is, for a wrong stall: ``A04 (Phạm Văn Đức)``."""
    names = ", ".join(st.names)
    return f"{st.stall or '—'} ({names})" if names else st.stall or "—"


def detail_text(st: Stall, lang: str) -> str:
    """The stall's detail as a volunteer reads it (terminal and patrol sheet), or ""."""
    from qrsign.messages import ui

    if not st.detail:
        return ""
    if st.status == "wrong_stall":
        return ui("patrol.wrong_stall_detail", lang, stall=st.stall or "—", other=st.detail)
    return ui("patrol.foreign_detail", lang, who=st.detail)


def who(f: Finding) -> str:
    """Who a code pays, for a person: "Vietcombank 0011…", or the start of the payload when it is not a sign."""
    from qrsign.core import banks

    bank = banks.by_bin(f.bin) if f.bin else None
    if f.account:
        return f"{bank.short_name if bank else f.bin} {f.account}"
    return f.payload[:40] if f.payload else "?"
