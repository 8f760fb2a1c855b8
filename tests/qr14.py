"""Test helpers of issue 14: payloads of every family, and pictures of them as vendors send them.

Payloads are built here field by field (not with qrsign's encoder), with their CRC, so that what the tests
compare is the exact text an app issued. Pictures: a QR inside a phone-screen-like frame with text around
it, photos (rotated, blurred, JPEG, EXIF orientation), WebP.
"""

from __future__ import annotations

import binascii
import io
from pathlib import Path

import zxingcpp
from PIL import Image, ImageDraw, ImageFilter, ImageFont


def t(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def crc(data: str) -> str:
    return format(binascii.crc_hqx(data.encode("utf-8", "surrogatepass"), 0xFFFF), "04X")  # a lone surrogate too


def finish(body: str) -> str:
    body += "6304"
    return body + crc(body)


def napas(bin_: str, account: str, service: str = "QRIBFTTA") -> str:
    return t("38", t("00", "A000000727") + t("01", t("00", bin_) + t("01", account)) + t("02", service))


HEAD = t("00", "01") + t("01", "11")
TAIL = t("53", "704") + t("58", "VN")

#: a bank app's QR with the holder in field 59 (and city in 60)
BANK_59 = finish(HEAD + napas("970436", "0011001234567") + TAIL + t("59", "NGUYEN THI HUONG") + t("60", "HA NOI"))
#: made by an ERP: UTF-8 in 59 (length in characters) and in 62/08
UTF8_59 = finish(HEAD + napas("970422", "0352350917") + TAIL + t("59", "Trần Thị Đào đĐ")
                 + t("62", t("08", "Tiền chợ")))
#: MoMo: BIN 971025, PSP account, the wallet's reference in 62/05, unreserved field 80
MOMO = finish(HEAD + napas("971025", "PSP123456789000000") + TAIL + t("62", t("05", "MOMOW2W123456789"))
              + t("80", "046"))
#: MoMo without its reference: refused
MOMO_NO_REF = finish(HEAD + napas("971025", "PSP123456789000000") + TAIL + t("80", "046"))
#: ZaloPay through BVBank
ZALOPAY = finish(HEAD + napas("970454", "99ZP24009M07248267") + TAIL + t("62", t("05", "ZLP2400910203")))
#: a VIETQRPay merchant QR (NAPAS 38 with QRPUSH), merchant name in 59
MERCHANT = finish(HEAD + napas("970415", "MC0012345678", "QRPUSH") + t("52", "5411") + TAIL
                  + t("59", "TAP HOA CO BA") + t("60", "HA NOI") + t("62", t("07", "QUAY12")))
#: a VNPAY merchant QR (template 26): recognised, refused
VNPAY = finish(HEAD + t("26", t("00", "A000000775") + t("01", "0102154778")) + t("52", "5812") + TAIL
               + t("59", "CELLPHONES"))
#: a dynamic code (amount)
DYNAMIC = finish(t("00", "01") + t("01", "12") + napas("970416", "257678859") + t("53", "704") + t("54", "50000")
                 + t("58", "VN") + t("59", "LE VAN AN"))
#: a plain static VietQR without 59
PLAIN = finish(HEAD + napas("970418", "21510001234567") + TAIL)


def qr_image(payload: str, scale: int = 8) -> Image.Image:
    barcode = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    return Image.fromarray(barcode.to_image(scale=scale, add_quiet_zones=True)).convert("L")


def _font(size: int):
    try:
        import fontpkg

        return ImageFont.truetype(str(fontpkg.path("Be Vietnam Pro", 400)), size)
    except Exception:  # noqa: BLE001 - any font will do for a test picture
        return ImageFont.load_default(size)


def screenshot(payloads: list[str], lines: tuple[str, ...] = ("Mã QR nhận tiền", "NGUYEN THI HUONG"),
               size: tuple[int, int] = (720, 1560)) -> Image.Image:
    """A phone screen: status bar, app header, a white card with the QR(s), text above and below."""
    w, h = size
    img = Image.new("RGB", size, (236, 240, 245))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 60), fill=(20, 20, 20))
    d.text((24, 14), "09:41   4G  82%", fill="white", font=_font(26))
    d.rectangle((0, 60, w, 170), fill=(0, 120, 80))
    d.text((40, 90), "Ngân hàng số · Nhận tiền", fill="white", font=_font(40))
    y = 210
    for payload in payloads:
        code = qr_image(payload, 7)
        card = (60, y, w - 60, y + code.height + 150)
        d.rounded_rectangle(card, radius=28, fill="white")
        d.text((90, y + 20), lines[0], fill=(40, 40, 40), font=_font(30))
        img.paste(code.convert("RGB"), ((w - code.width) // 2, y + 70))
        if len(lines) > 1:
            d.text((90, y + code.height + 85), lines[1], fill=(0, 0, 0), font=_font(34))
        y = card[3] + 40
    d.text((60, h - 120), "Chia sẻ   ·   Lưu ảnh   ·   Sao chép", fill=(60, 60, 60), font=_font(28))
    return img


def photo(img: Image.Image, angle: float = 8, blur: float = 0.8) -> Image.Image:
    """A phone photo of a screen: rotated, slightly blurred, on a grey background."""
    big = Image.new("RGB", (img.width + 300, img.height + 300), (120, 120, 120))
    big.paste(img, (150, 150))
    return big.rotate(angle, expand=True, fillcolor=(110, 110, 110)).filter(ImageFilter.GaussianBlur(blur))


def save_jpeg_with_orientation(img: Image.Image, path: Path, orientation: int = 6, quality: int = 80) -> Path:
    """Store the picture rotated in its pixels with an EXIF tag that says how to turn it upright.

    Orientation 6 means "rotate 90° clockwise to view": the pixels are stored turned 90° counter-clockwise.
    """
    stored = img.transpose(Image.Transpose.ROTATE_90) if orientation == 6 else img
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", quality=quality, exif=exif.tobytes())
    return path


def save(img: Image.Image, path: Path, **kw) -> Path:
    img.save(path, **kw)
    return path


def pdf_payloads(pdf: Path, dpi: int = 150) -> list[str]:
    """Every QR text on every page of ``pdf`` (pypdfium2 render + zxing-cpp)."""
    import pypdfium2 as pdfium

    out = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for page in doc:
            image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            out.extend(c.text for c in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode))
    finally:
        doc.close()
    return out


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
