"""Regenerate the pictures in docs/ from the shipped examples (run from the project root):

    python docs/make_pictures.py

Builds examples/cho-mau.xlsx with the default template, the A6 template and --combine, renders pages
with pypdfium2 and saves small palette PNGs. The problem report picture needs LibreOffice (``soffice``)
to turn the report workbook into a PDF; without it that picture is left as it is.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATE = "2026-11-27"


def qrsign(*args: str) -> None:
    subprocess.run(["qrsign", *args, "--date", DATE, "--quiet"] if args[0] == "build" else ["qrsign", *args],
                   check=False, cwd=ROOT)


def save_page(pdf: Path, page: int, name: str, width: int) -> None:
    with pdfium.PdfDocument(str(pdf)) as doc:
        p = doc[page]
        scale = width / p.get_width()
        image = p.render(scale=scale).to_pil().convert("RGB")
    image.quantize(colors=48, method=Image.Quantize.MEDIANCUT).save(DOCS / name, optimize=True)
    print("wrote", DOCS / name, image.size)


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        qrsign("build", "examples/cho-mau.xlsx", "-o", str(tmp / "a4"))
        manifest = json.loads((tmp / "a4" / "manifest.json").read_text(encoding="utf-8"))
        signs = {f["kind"]: f["file"] for f in manifest["files"]}
        save_page(tmp / "a4" / signs["signs"], 0, "bien-a4.png", 560)
        save_page(tmp / "a4" / signs["checklist"], 0, "doi-chieu.png", 620)

        qrsign("build", "examples/cho-mau.xlsx", "-o", str(tmp / "a6"), "--template", "a6-de-ban", "--no-checklist")
        manifest = json.loads((tmp / "a6" / "manifest.json").read_text(encoding="utf-8"))
        save_page(tmp / "a6" / manifest["files"][0]["file"], 0, "a6-de-ban.png", 560)

        qrsign("build", "examples/cho-mau.xlsx", "-o", str(tmp / "combined"), "--combine", "--no-checklist")
        manifest = json.loads((tmp / "combined" / "manifest.json").read_text(encoding="utf-8"))
        multi = next(s for s in manifest["signs"] if s["stall"] == "A05")
        save_page(tmp / "combined" / multi["file"], multi["page"] - 1, "bien-nhieu-tk.png", 760)

        report = tmp / "bao-cao-loi.xlsx"
        qrsign("check", "examples/phuong-loi.xlsx", "--report", str(report))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice and report.exists():
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), str(report)],
                           check=False, capture_output=True)
            if (tmp / "bao-cao-loi.pdf").exists():
                save_page(tmp / "bao-cao-loi.pdf", 0, "bao-cao-loi.png", 900)
        else:
            print("soffice not found: docs/bao-cao-loi.png left as it is")


if __name__ == "__main__":
    main()
