"""The page's flows, each a thin layer over :mod:`qrsign.api`: a sheet → what was read → problems → signs →
build; QR pictures → a list; a patrol; the board's report; the starter file.

Handlers parse the request, call the API (in a thread: the API blocks), and render a page. Every state change
is a POST; GETs only read (a check is re-read from the stored upload, a preview is drawn on demand).
"""

from __future__ import annotations

import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

from qrsign import api, messages
from qrsign.errors import InputError, QrsignError
from qrsign.web import pages, uploads
from qrsign.web.jobs import Job, Jobs

LANG_COOKIE = "qrsign_lang"
#: Pages of a build shown as pictures after it (the first page of each file, up to this many files).
PREVIEW_FILES = 6


@dataclass
class SheetSession:
    """One uploaded sheet: where it is stored, its name as the user knows it, and the choices made on it."""

    id: str
    folder: Path
    path: Path
    name: str
    columns: dict[str, str | None] = field(default_factory=dict)
    template: str = "a4-treo"
    combine: bool = False
    cache: dict[tuple, Any] = field(default_factory=dict)

    def check(self) -> Any:
        key = (self.template, tuple(sorted(self.columns.items(), key=lambda kv: kv[0])))
        if key not in self.cache:
            self.cache.clear()
            self.cache[key] = api.check_file(self.path, template=self.template, columns=dict(self.columns) or None)
        return self.cache[key]


#: Uploaded sheets kept, with their folders; older ones are removed as new ones come (never the one a running
#: build reads), like finished jobs (:data:`qrsign.web.jobs.KEEP`).
KEEP_SHEETS = 20


@dataclass
class State:
    root: Path
    default_lang: str
    max_upload_mb: int
    jobs: Jobs = field(default_factory=Jobs)
    sheets: dict[str, SheetSession] = field(default_factory=dict)

    def add_sheet(self, session: SheetSession) -> None:
        """Keep ``session``; forget (and remove) the oldest sheets beyond :data:`KEEP_SHEETS`."""
        self.sheets[session.id] = session
        running = self.jobs.running()
        busy = running.origin.get("sheet") if running is not None else None
        extra = max(0, len(self.sheets) - KEEP_SHEETS)
        old = [s for s in self.sheets.values() if s.id not in (busy, session.id)][:extra]
        for s in old:
            del self.sheets[s.id]
            uploads.remove(s.folder)


def state_of(request: Request) -> State:
    return request.app.state.qrsign


def lang_of(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE) or state_of(request).default_lang
    return lang if lang in messages.LANGS else "vi"


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = lang_of(request)
    return HTMLResponse(pages.render(name, lang, path=request.url.path, **context), status_code=status)


def see(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def attachment(path: Path, download_name: str, media_type: str, *, then_remove: Path | None = None) -> Response:
    """A file to save, never shown inline (an upload or a file built from one is never rendered as a page);
    ``then_remove``: a folder made for this download only, removed once it is sent."""
    ascii_name = download_name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(download_name)}"
    cleanup = BackgroundTask(uploads.remove, then_remove) if then_remove is not None else None
    return FileResponse(path, media_type=media_type, headers={"content-disposition": disposition},
                        background=cleanup)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def form_of(request: Request, prefix: str) -> uploads.Form:
    """The request's form: a multipart body streamed into a new server-named folder, or a small urlencoded one."""
    st = state_of(request)
    content_type = request.headers.get("content-type", "")
    folder = uploads.new_folder(st.root, prefix)
    if content_type.startswith("application/x-www-form-urlencoded"):
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > uploads.MAX_FIELD_BYTES * 4:
                uploads.remove(folder)
                raise InputError("E-UPLOAD", field="file", value="form")
        fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return uploads.Form(folder, fields=fields)
    try:
        return await uploads.receive_form(content_type, request.stream(), folder)
    except uploads.UploadRefused:
        uploads.remove(folder)
        raise InputError("E-UPLOAD", field="file", value=content_type.split(";")[0] or "?") from None
    except BaseException:  # a body cut short or over the cap: nothing of it stays
        uploads.remove(folder)
        raise


# --------------------------------------------------------------------------------------------------
# start, language, starter file


async def home(request: Request) -> HTMLResponse:
    st = state_of(request)
    return page(request, "home.html", max_mb=st.max_upload_mb)


async def set_lang(request: Request) -> Response:
    form = await form_of(request, "lang-")
    uploads.remove(form.folder)
    lang = form.value("lang")
    target = form.value("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    response = see(target)
    if lang in messages.LANGS:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="strict")
    return response


async def starter(request: Request) -> Response:
    st = state_of(request)
    folder = uploads.new_folder(st.root, "mau-")
    path = folder / "danh-sach.xlsx"
    await run_in_threadpool(api.write_starter, path, lang=lang_of(request))
    return attachment(path, "danh-sach.xlsx", XLSX, then_remove=folder)


# --------------------------------------------------------------------------------------------------
# flow 1: a sheet → what was read → problems → signs → build


async def check_upload(request: Request) -> Response:
    st = state_of(request)
    form = await form_of(request, "ds-")
    files = form.files_of("sheet")
    if not files:
        uploads.remove(form.folder)
        return page(request, "home.html", status=422, max_mb=st.max_upload_mb,
                    error=messages.ui("web.no_file", lang_of(request)))
    upload = files[0]
    session = SheetSession(form.folder.name, form.folder, upload.path, upload.name)
    st.add_sheet(session)
    return see(f"/sheet/{session.id}")


def _session(request: Request) -> SheetSession:
    session = state_of(request).sheets.get(request.path_params["sid"])
    if session is None:
        raise InputError("E-WEB-GONE", field="file", value=request.path_params["sid"])
    return session


async def sheet_page(request: Request) -> Response:
    session = _session(request)
    lang = lang_of(request)
    try:
        result = await run_in_threadpool(session.check)
    except QrsignError as err:
        return page(request, "sheet.html", status=422, session=session, result=None, read=[],
                    error=pages.error_text(err, lang, {str(session.path): session.name}), **_choices())
    return page(request, "sheet.html", session=session, result=result, read=what_was_read(result, lang),
                not_read=sheets_not_read(result),
                summary=result.to_dict(lang)["summary"], problems=_problems(result, lang),
                running=state_of(request).jobs.running(), **_choices())


def _choices() -> dict[str, Any]:
    return {"fields": api.column_fields(), "templates": api.templates()}


def _problems(result: Any, lang: str) -> list[dict[str, Any]]:
    return [{"p": p, "message": pages.problem_text(p, lang), "severity": pages.severity(p.severity, lang)}
            for p in result.problems]


def what_was_read(result: Any, lang: str) -> list[dict[str, Any]]:
    """Per sheet (from ``result.read``, what ``check --json`` reports): every header column with the field it was
    read as ('' when not read), and the rows left out by kind with their row numbers (blank rows are not shown:
    nothing was in them)."""
    out = []
    for sheet in result.read["sheets"]:
        columns = [(c["column"], c["header"], c["field"]) for c in sheet["columns"]]
        columns += [(c["column"], c["header"], "") for c in sheet["ignored"]]
        columns.sort(key=lambda c: (len(c[0]), c[0]))
        skipped = [(_skip_label(kind, lang), ", ".join(str(n) for n in rows))
                   for kind, rows in sheet["skipped_rows"].items() if kind != "blank"]
        out.append({"sheet": sheet["sheet"], "header_row": sheet["header_row"], "columns": columns, "skipped": skipped})
    return out


def sheets_not_read(result: Any) -> list[dict[str, Any]]:
    """The sheets that were not read, and why (a vendor list whose header was not recognised is also a problem)."""
    return [{"sheet": n["sheet"], "reason": n["reason"], "headers": ", ".join(n.get("headers") or []),
             "missing": ", ".join(n.get("missing") or [])} for n in result.read["not_read"]]


def _skip_label(kind: str, lang: str) -> str:
    key = f"web.skip.{kind}"
    return messages.ui(key, lang) if key in messages.UI else kind


async def sheet_columns(request: Request) -> Response:
    """The user's column choices (a select per column) → the sheet is read again with them."""
    session = _session(request)
    form = await form_of(request, "cols-")
    uploads.remove(form.folder)
    fields = set(api.column_fields())
    for name, values in form.fields.items():
        if name.startswith("col:"):
            key, choice = name[4:], values[0]
            if choice and choice not in fields:
                raise InputError("E-COLUMN-CHOICE", field="file", value=f"{key}={choice}")
            session.columns[key] = choice or None
    return see(f"/sheet/{session.id}")


async def sign_preview(request: Request) -> Response:
    session = _session(request)
    result = await run_in_threadpool(session.check)
    png = await run_in_threadpool(api.preview_sign, result, int(request.path_params["row"]),
                                  sheet=request.query_params.get("sheet"), template=session.template)
    return Response(png, media_type="image/png")


async def check_report(request: Request) -> Response:
    """The corrected-report workbook: the sheet with every problem marked on its cell."""
    session = _session(request)
    lang = lang_of(request)
    result = await run_in_threadpool(session.check)
    path = session.folder / "bao-cao-loi.xlsx"
    await run_in_threadpool(api.write_check_report, session.path, result, path, lang=lang)
    return attachment(path, f"{Path(session.name).stem}-bao-cao-loi.xlsx", XLSX)


async def start_build(request: Request) -> Response:
    session = _session(request)
    form = await form_of(request, "build-")
    uploads.remove(form.folder)
    template = form.value("template", session.template)
    if template not in {t["name"] for t in api.templates()}:
        raise InputError("E-TEMPLATE-UNKNOWN", field="template", value=template,
                         names=", ".join(t["name"] for t in api.templates()))
    session.template, session.combine = template, form.value("combine") == "1"
    st = state_of(request)
    lang = lang_of(request)
    folder = uploads.new_folder(st.root, "bien-")

    def work(job: Job) -> dict[str, Any]:
        out = job.folder / "bien"
        result = api.build(session.path, out, template=session.template, combine=session.combine,
                           columns=dict(session.columns) or None, progress=job.progress, lang=lang)
        zip_path = job.folder / "bien.zip"
        _zip(out, zip_path)
        return {"build": result, "out": out, "zip": zip_path,
                "files": {"bien.zip": (zip_path, f"{Path(session.name).stem}-bien.zip", "application/zip")}}

    job, _ = st.jobs.start("build", folder, work, title=session.name,
                           origin={"sheet": session.id, "shown": {str(session.path): session.name}})
    return see(f"/job/{job.id}")


def _zip(folder: Path, target: Path) -> None:
    """Everything ``build -o DIR`` wrote (PDFs, checklists, manifest), in one .zip."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            z.write(path, path.relative_to(folder).as_posix())


# --------------------------------------------------------------------------------------------------
# flow 2: QR pictures → a list; flow 3: the patrol; flow 4: the board's report


async def import_page(request: Request) -> HTMLResponse:
    return page(request, "import.html", max_mb=state_of(request).max_upload_mb)


async def start_import(request: Request) -> Response:
    st = state_of(request)
    lang = lang_of(request)
    form = await form_of(request, "anh-")
    images = form.files_of("images")
    if not images:
        uploads.remove(form.folder)
        return page(request, "import.html", status=422, max_mb=st.max_upload_mb,
                    error=messages.ui("web.no_file", lang))
    market = form.value("market").strip() or None

    def work(job: Job) -> dict[str, Any]:
        result = api.import_images([u.path for u in images])
        job.progress(len(images), len(images))
        files = {}
        if result.rows:
            path = job.folder / "danh-sach-tu-anh.xlsx"
            api.write_import_workbook(result, path, market=market, lang=lang)
            files["danh-sach-tu-anh.xlsx"] = (path, "danh-sach-tu-anh.xlsx", XLSX)
        return {"import": result, "images": [u.path.name for u in images], "files": files}

    job, _ = st.jobs.start("import", form.folder, work)
    return see(f"/job/{job.id}")


async def patrol_page(request: Request) -> HTMLResponse:
    st = state_of(request)
    return page(request, "patrol.html", builds=st.jobs.finished("build"), max_mb=st.max_upload_mb)


def _manifest_of(st: State, form: uploads.Form, key: str) -> list[Path]:
    """Manifests uploaded (field ``key``) and those of builds made on the page (field ``build``)."""
    found = [u.path for u in form.files_of(key)]
    for job_id in form.fields.get("build", []):
        job = st.jobs.get(job_id)
        if job is not None and job.kind == "build" and job.state == "done":
            found.append(job.result["out"] / "manifest.json")
    return found


async def start_patrol(request: Request) -> Response:
    st = state_of(request)
    lang = lang_of(request)
    form = await form_of(request, "tuan-tra-")
    manifests = _manifest_of(st, form, "manifest")
    photos = form.files_of("photos")
    if not manifests or not photos:
        uploads.remove(form.folder)
        return page(request, "patrol.html", status=422, builds=st.jobs.finished("build"), max_mb=st.max_upload_mb,
                    error=messages.ui("web.patrol_needs", lang))
    target = form.folder / "anh"
    target.mkdir()
    for u in photos:  # the photos alone in one folder: every file there is a photo to account for
        shutil.move(str(u.path.parent), str(target / u.path.parent.name))

    def work(job: Job) -> dict[str, Any]:
        patrol = api.patrol(target, manifests[0])
        path = job.folder / "tuan-tra.xlsx"
        api.write_patrol_sheet(patrol, path, lang=lang)
        job.progress(len(photos), len(photos))
        return {"patrol": patrol, "files": {"tuan-tra.xlsx": (path, "tuan-tra.xlsx", XLSX)}}

    job, _ = st.jobs.start("patrol", form.folder, work)
    return see(f"/job/{job.id}")


async def report_page(request: Request) -> HTMLResponse:
    st = state_of(request)
    return page(request, "report.html", builds=st.jobs.finished("build"), max_mb=st.max_upload_mb)


async def start_report(request: Request) -> Response:
    st = state_of(request)
    lang = lang_of(request)
    form = await form_of(request, "bao-cao-")
    manifests = _manifest_of(st, form, "manifests")
    if not manifests:
        uploads.remove(form.folder)
        return page(request, "report.html", status=422, builds=st.jobs.finished("build"), max_mb=st.max_upload_mb,
                    error=messages.ui("web.no_file", lang))

    def work(job: Job) -> dict[str, Any]:
        path = job.folder / "bao-cao.xlsx"
        board = api.report(manifests, path, lang=lang).board
        return {"board": board.to_dict(), "files": {"bao-cao.xlsx": (path, "bao-cao.xlsx", XLSX)}}

    job, _ = st.jobs.start("report", form.folder, work)
    return see(f"/job/{job.id}")


# --------------------------------------------------------------------------------------------------
# jobs: progress, results, downloads


def _job(request: Request) -> Job:
    job = state_of(request).jobs.get(request.path_params["jid"])
    if job is None:
        raise InputError("E-WEB-GONE", field="file", value=request.path_params["jid"])
    return job


async def job_page(request: Request) -> HTMLResponse:
    job = _job(request)
    lang = lang_of(request)
    context: dict[str, Any] = {"job": job, "error": None}
    if job.state == "failed":
        context["error"] = pages.error_text(job.error, lang, job.origin.get("shown")) if job.error else \
            messages.ui("web.internal", lang, kind=job.internal or "?")
    elif job.state == "done":
        context.update(_job_view(job, lang))
    return page(request, "job.html", **context)


def _job_view(job: Job, lang: str) -> dict[str, Any]:
    r = job.result
    if job.kind == "build":
        manifest = r["build"].manifest
        signs_files = [f for f in manifest["files"] if f["kind"] == "signs"]
        return {"manifest": manifest, "previews": list(enumerate(signs_files))[:PREVIEW_FILES],
                "problems": _problems(r["build"].check, lang)}
    if job.kind == "import":
        result = r["import"]
        refused = {f.image: f for f in result.errors}
        rows: dict[str, list[Any]] = {}
        for row in result.rows:
            rows.setdefault(row.image, []).append(row)
        pictures = [{"image": name, "rows": rows.get(name, []),
                     "status": "refused" if name in refused or name not in rows else "ok",
                     "message": refused[name].message(lang) if name in refused else ""}
                    for name in r["images"]]
        warnings = [f for f in result.findings if f.severity != "error"]
        return {"pictures": pictures, "warnings": [(f.image, f.message(lang)) for f in warnings]}
    if job.kind == "patrol":
        return {"patrol": r["patrol"]}
    return {"board": r["board"]}


async def job_progress(request: Request) -> JSONResponse:
    return JSONResponse(_job(request).to_dict())


async def job_file(request: Request) -> Response:
    job = _job(request)
    files = (job.result or {}).get("files", {}) if job.state == "done" else {}
    entry = files.get(request.path_params["name"])
    if entry is None:
        raise InputError("E-WEB-GONE", field="file", value=request.path_params["name"])
    path, download_name, media_type = entry
    return attachment(path, download_name, media_type)


async def job_page_png(request: Request) -> Response:
    job = _job(request)
    if job.kind != "build" or job.state != "done":
        raise InputError("E-WEB-GONE", field="file", value=job.id)
    files = [f for f in job.result["build"].manifest["files"] if f["kind"] == "signs"]
    index = int(request.path_params["index"])
    if not 0 <= index < len(files):
        raise InputError("E-ROW-NOT-FOUND", field="page", value=str(index))
    png = await run_in_threadpool(api.page_png, job.result["out"] / files[index]["file"], 1, width=420)
    return Response(png, media_type="image/png")
