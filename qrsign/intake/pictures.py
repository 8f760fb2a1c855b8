"""Pictures that carry QR codes: which files are pictures, opening one safely, and reading its codes.

One copy for every command that reads pictures — ``import`` (vendors' screenshots), ``verify`` (a photo of a
sign) and the patrol — so a suffix read by one is read by all, and a hostile picture is refused the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qrsign.errors import InputError

#: Every picture suffix qrsign reads (Pillow's formats, HEIC through pillow-heif), lower case.
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff", ".gif")
HEIC_SUFFIXES = (".heic", ".heif")
#: Largest picture decoded (pixels): a 50-megapixel phone photo passes; a crafted PNG of a few kilobytes that
#: inflates to gigabytes does not (Pillow only refuses above ~179 MP, after a warning).
MAX_PIXELS = 64_000_000


def is_picture(path: Path) -> bool:
    """Whether ``path``'s name says it is a picture qrsign reads."""
    return path.suffix.lower() in IMAGE_SUFFIXES


def open_picture(path: Path, shown: str | None = None) -> Any:
    """The picture as 8-bit grey, upright (EXIF orientation applied); HEIC through pillow-heif.

    ``shown`` is how the file is named in an error (default: the whole path). Too many pixels (read from the
    header, before any pixel is inflated) and unreadable files are :class:`~qrsign.errors.InputError`.
    """
    value = str(path) if shown is None else shown
    if path.suffix.lower() in HEIC_SUFFIXES:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
        except ImportError:
            raise InputError("E-IMAGE-HEIC", field="file", value=value) from None
    try:
        from PIL import Image, ImageOps

        with Image.open(path) as im:
            if im.width * im.height > MAX_PIXELS:
                raise InputError("E-IMAGE-TOO-LARGE", field="file", value=value, pixels=im.width * im.height,
                                 limit=MAX_PIXELS)
            return ImageOps.exif_transpose(im).convert("L")
    except InputError:
        raise
    except Exception as exc:  # PIL raises many types for broken or hostile images
        raise InputError("E-IMAGE-UNREADABLE", field="file", value=value, detail=str(exc)[:100]) from None


def read_codes(image: Any, view: Any = None) -> list:
    """QR codes in a PIL image (zxing-cpp), trying harder on large or difficult photos.

    ``view``, when given, is the same pixels as a zxing-cpp ``ImageView`` over
    the renderer's own buffer: tried first, it spares copying every page.
    """
    import zxingcpp

    fmt = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    codes = [c for c in zxingcpp.read_barcodes(view if view is not None else image, formats=fmt) if c.valid]
    if codes:
        return codes
    w, h = image.size
    if max(w, h) > 1600:  # big phone photos: a downscaled copy often decodes when the original does not
        scale = 1600 / max(w, h)
        small = image.resize((max(1, int(w * scale)), max(1, int(h * scale))))
        codes = [c for c in zxingcpp.read_barcodes(small, formats=fmt) if c.valid]
        if codes:
            return codes
    for binarizer in (zxingcpp.Binarizer.GlobalHistogram, zxingcpp.Binarizer.FixedThreshold):
        codes = [c for c in zxingcpp.read_barcodes(image, formats=fmt, binarizer=binarizer) if c.valid]
        if codes:
            return codes
    return []
