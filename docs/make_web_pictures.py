"""Screenshots of the web page (``qrsign serve``) for the README (run from the project root):

    PYTHONPATH=. python docs/make_web_pictures.py

Starts the page on a free 127.0.0.1 port, drives Debian's chromium (``/usr/bin/chromium``, through the
playwright wheel — never ``playwright install``) through each flow with the shipped examples, and saves
small palette PNGs as docs/web-*.png.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import threading
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def save(png: bytes, name: str, height: int | None = None) -> None:
    """A palette PNG, cut at ``height`` CSS pixels (a long page's top tells the story)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if height and image.height > height:
        image = image.crop((0, 0, image.width, height))
    image.quantize(colors=64).save(DOCS / name, optimize=True)
    print(DOCS / name, image.size)


def main() -> None:
    from playwright.sync_api import sync_playwright

    from qrsign import api
    from qrsign.web.server import Server

    work = Path(tempfile.mkdtemp(prefix="qrsign-pictures-"))
    server = Server(port=0, max_upload_mb=50)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.uvicorn.started:
        time.sleep(0.05)
    build = work / "bien"
    api.build(ROOT / "examples" / "cho-mau.xlsx", build, jobs=1, checklist=False, date=dt.date(2026, 11, 27))
    checked = api.check_file(ROOT / "examples" / "cho-mau.xlsx")
    pictures = []
    for vr in checked.vendors[:3]:  # vendors' QR cards as they would send them, named by stall
        path = work / f"{vr.vendor.stall} {vr.vendor.name}.png"
        path.write_bytes(api.preview_sign(checked, vr))
        pictures.append(path)
    blank = work / "A99.png"
    Image.new("RGB", (300, 400), "white").save(blank)
    pictures.append(blank)
    import pypdfium2 as pdfium

    sign = api.load_manifest(build)["signs"][0]
    with pdfium.PdfDocument(str(build / sign["file"])) as pdf:
        pdf[sign["page"] - 1].render(scale=1.5).to_pil().convert("RGB").save(work / f"{sign['stall']}.jpg")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="vi-VN")
            page.set_default_timeout(120_000)
            page.goto(server.url)
            save(page.screenshot(full_page=True), "web-trang-dau.png")
            page.set_input_files("input[name=sheet]", str(ROOT / "examples" / "phuong-loi.xlsx"))
            page.click("form[action='/check'] button[type=submit]")
            page.wait_for_selector("table#vendors")
            save(page.screenshot(full_page=True), "web-danh-sach.png", height=2000)
            page.check("input[name=template][value=a6-de-ban]")
            page.click("button[name=build]")
            page.wait_for_selector("a[download][href$='bien.zip']")
            page.wait_for_load_state("networkidle")
            save(page.screenshot(full_page=True), "web-bien.png", height=1400)
            page.goto(server.url.split("?")[0] + "import")
            page.set_input_files("input[name=images]", [str(p) for p in pictures])
            page.click("form[action='/import'] button[type=submit]")
            page.wait_for_selector("table#imported")
            save(page.screenshot(full_page=True), "web-anh-qr.png")
            page.goto(server.url.split("?")[0] + "patrol")
            page.set_input_files("input[name=manifest]", str(build / "manifest.json"))
            page.set_input_files("input[name=photos]", str(work / f"{sign['stall']}.jpg"))
            page.click("form[action='/patrol'] button[type=submit]")
            page.wait_for_selector("table#stalls")
            save(page.screenshot(full_page=True), "web-tuan-tra.png", height=1400)
            page.goto(server.url.split("?")[0] + "report")
            page.set_input_files("input[name=manifests]", str(build / "manifest.json"))
            page.click("form[action='/report'] button[type=submit]")
            page.wait_for_selector("table#board")
            save(page.screenshot(full_page=True), "web-bao-cao.png")
            browser.close()
    finally:
        server.stop()
        thread.join(timeout=20)


if __name__ == "__main__":
    main()
