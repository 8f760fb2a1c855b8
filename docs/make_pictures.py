"""Regenerate the pictures in docs/ from the shipped examples (run from the project root):

    PYTHONPATH=. python docs/make_pictures.py

Builds examples/cho-mau.xlsx with the default template, the A6 template and --combine, builds the
"a year later" example of tests/year_later.py twice (v1, then v2 with --since v1) for the withdraw list
and the board's report, renders pages with pypdfium2 and saves small palette PNGs. The two workbook
pictures (problem report, board's report) need LibreOffice (``soffice``) to turn a workbook into a PDF;
without it those pictures are left as they are.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATE = "2026-11-27"
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)}


def qrsign(*args: str | Path) -> None:
    """Run the CLI of this checkout (``python -m qrsign``), whether or not qrsign is installed."""
    argv = [str(a) for a in args]
    if argv[0] == "build" and "--date" not in argv:
        argv += ["--date", DATE]
    if argv[0] == "build":
        argv.append("--quiet")
    subprocess.run([sys.executable, "-m", "qrsign", *argv], check=False, cwd=ROOT, env=ENV)


def save_page(pdf: Path, page: int, name: str, width: int, crop_bottom: bool = False) -> None:
    with pdfium.PdfDocument(str(pdf)) as doc:
        p = doc[page]
        image = p.render(scale=width / p.get_width()).to_pil().convert("RGB")
    if crop_bottom:  # drop the empty rest of the page (above the page number)
        body = image.crop((0, 0, image.width, int(image.height * 0.9)))
        box = ImageOps.invert(body.convert("L")).getbbox()
        if box:
            image = image.crop((0, 0, image.width, min(image.height, box[3] + 30)))
    image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(DOCS / name, optimize=True)
    print("wrote", DOCS / name, image.size)


def to_pdf(workbook: Path, tmp: Path) -> Path | None:
    """The workbook as a PDF by LibreOffice, or None when LibreOffice is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not workbook.exists():
        print("soffice not found:", workbook.stem, "picture left as it is")
        return None
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp), str(workbook)], check=False, capture_output=True)
    pdf = tmp / (workbook.stem + ".pdf")
    return pdf if pdf.is_file() else None


def signs(tmp: Path) -> None:
    qrsign("build", "examples/cho-mau.xlsx", "-o", tmp / "a4")
    manifest = json.loads((tmp / "a4" / "manifest.json").read_text(encoding="utf-8"))
    files = {f["kind"]: f["file"] for f in manifest["files"]}
    save_page(tmp / "a4" / files["signs"], 0, "bien-a4.png", 560)
    save_page(tmp / "a4" / files["checklist"], 0, "doi-chieu.png", 620)

    qrsign("build", "examples/cho-mau.xlsx", "-o", tmp / "a6", "--template", "a6-de-ban", "--no-checklist")
    manifest = json.loads((tmp / "a6" / "manifest.json").read_text(encoding="utf-8"))
    save_page(tmp / "a6" / manifest["files"][0]["file"], 0, "a6-de-ban.png", 560)

    qrsign("build", "examples/cho-mau.xlsx", "-o", tmp / "combined", "--combine", "--no-checklist")
    manifest = json.loads((tmp / "combined" / "manifest.json").read_text(encoding="utf-8"))
    multi = next(s for s in manifest["signs"] if s["stall"] == "A05")
    save_page(tmp / "combined" / multi["file"], multi["page"] - 1, "bien-nhieu-tk.png", 760)

    report = tmp / "bao-cao-loi.xlsx"
    qrsign("check", "examples/phuong-loi.xlsx", "--report", report)
    pdf = to_pdf(report, tmp)
    if pdf:
        save_page(pdf, 0, "bao-cao-loi.png", 900)


def year_later(tmp: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from year_later import V1, V2, sheet

    qrsign("build", sheet(tmp / "danh-sach-2026.xlsx", V1), "-o", tmp / "bien-2026", "--date", "2026-01-15")
    qrsign("build", sheet(tmp / "danh-sach-2027.xlsx", V2), "-o", tmp / "bien-2027", "--since", tmp / "bien-2026",
           "--date", "2027-01-20")
    save_page(tmp / "bien-2027" / "thu-hoi.pdf", 0, "thu-hoi.png", 900, crop_bottom=True)
    qrsign("report", tmp / "bien-2026", tmp / "bien-2027", "-o", tmp / "bao-cao.xlsx")
    pdf = to_pdf(tmp / "bao-cao.xlsx", tmp)
    if pdf:
        save_page(pdf, 0, "bao-cao-ban.png", 1000, crop_bottom=True)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        signs(Path(tmp))
    with tempfile.TemporaryDirectory() as tmp:
        year_later(Path(tmp))


if __name__ == "__main__":
    main()
