"""Regenerate docs/thu-hoi.png (the withdraw list) and docs/bao-cao-ban.png (the board's report), issue 15.

    PYTHONPATH=. python docs/make_pictures_issue15.py

Builds the "a year later" example of tests/year_later.py twice (v1, then v2 with --since v1), renders the
withdraw list with pypdfium2, and turns the report workbook into a PDF with LibreOffice (``soffice``);
without LibreOffice the report picture is left as it is.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
sys.path.insert(0, str(ROOT / "tests"))

from year_later import V1, V2, sheet  # noqa: E402

from qrsign.cli import main as cli  # noqa: E402


def run(*args: str) -> None:
    try:
        cli([str(a) for a in args], standalone_mode=False)
    except SystemExit:
        pass


def save(pdf: Path, name: str, width: int, crop_bottom: bool = True) -> None:
    with pdfium.PdfDocument(str(pdf)) as doc:
        page = doc[0]
        image = page.render(scale=width / page.get_width()).to_pil().convert("RGB")
    if crop_bottom:  # drop the empty rest of the page (above the page number)
        body = image.crop((0, 0, image.width, int(image.height * 0.9)))
        box = ImageOps.invert(body.convert("L")).getbbox()
        if box:
            image = image.crop((0, 0, image.width, min(image.height, box[3] + 30)))
    image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(DOCS / name, optimize=True)
    print("wrote", DOCS / name, image.size)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        run("build", sheet(t / "danh-sach-2026.xlsx", V1), "-o", t / "bien-2026", "--date", "2026-01-15", "-q")
        run("build", sheet(t / "danh-sach-2027.xlsx", V2), "-o", t / "bien-2027", "--since", t / "bien-2026",
            "--date", "2027-01-20", "-q")
        save(t / "bien-2027" / "thu-hoi.pdf", "thu-hoi.png", 900)
        run("report", t / "bien-2026", t / "bien-2027", "-o", t / "bao-cao.xlsx")
        soffice = shutil.which("soffice")
        if soffice:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{t}/lo", "--convert-to", "pdf",
                            "--outdir", str(t), str(t / "bao-cao.xlsx")], check=False, capture_output=True)
            if (t / "bao-cao.pdf").is_file():
                save(t / "bao-cao.pdf", "bao-cao-ban.png", 1000)


if __name__ == "__main__":
    main()
