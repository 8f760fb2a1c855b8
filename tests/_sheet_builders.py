"""Write the same small vendor sheet in every format qrsign reads, for the format and layout tests.

A sheet is a list of rows (values: str, int, float or None; row 1 is Excel's
row 1) plus layout: ``hidden`` and ``struck`` row numbers, ``merges`` as
(min_row, min_col, max_row, max_col) 1-based inclusive (the value sits at the
top-left; the other cells of the range are None), ``hidden_cols`` 1-based,
``formats`` {(row, col): number format}. Every writer is deterministic and
needs nothing but the test extras (xlwt for .xls) and the standard library.
"""

from __future__ import annotations

import html
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr


@dataclass
class Spec:
    rows: list[list[Any]]
    name: str = "Danh sách"
    hidden: set[int] = field(default_factory=set)
    struck: set[int] = field(default_factory=set)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_cols: set[int] = field(default_factory=set)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)

    def span(self, r: int, c: int) -> tuple[int, int] | None:
        """(rows, cols) of a merge starting at (r, c)."""
        for r1, c1, r2, c2 in self.merges:
            if (r1, c1) == (r, c):
                return r2 - r1 + 1, c2 - c1 + 1
        return None

    def covered(self, r: int, c: int) -> bool:
        return any(r1 <= r <= r2 and c1 <= c <= c2 and (r, c) != (r1, c1) for r1, c1, r2, c2 in self.merges)


# --------------------------------------------------------------------------------------------------


def write_xls(path: Path, *specs: Spec) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for spec in specs:
        ws = wb.add_sheet(spec.name)
        styles: dict[tuple[bool, str], Any] = {}

        def style(struck: bool, fmt: str, styles: dict = styles) -> Any:
            key = (struck, fmt)
            if key not in styles:
                st = xlwt.XFStyle()
                st.font = xlwt.Font()
                st.font.struck_out = struck
                st.num_format_str = fmt
                styles[key] = st
            return styles[key]

        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if spec.covered(r, c):
                    continue
                st = style(r in spec.struck, spec.formats.get((r, c), "General"))
                span = spec.span(r, c)
                if span:
                    ws.write_merge(r - 1, r - 1 + span[0] - 1, c - 1, c - 1 + span[1] - 1, value, st)
                elif value is not None:
                    ws.write(r - 1, c - 1, value, st)
            if r in spec.hidden:
                ws.row(r - 1).hidden = True
        for c in spec.hidden_cols:
            ws.col(c - 1).hidden = True
    wb.save(str(path))
    return path


# --------------------------------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2"'
)


def ods_content(*specs: Spec, prolog: str = "", extra_rows: str = "") -> str:
    styles = [('<style:style style:name="strike" style:family="table-cell">'
               '<style:text-properties style:text-line-through-style="solid"/></style:style>')]
    fmt_names: dict[str, str] = {}
    for spec in specs:
        for fmt in spec.formats.values():
            if fmt not in fmt_names:
                n = f"N{len(fmt_names)}"
                fmt_names[fmt] = n
                styles.append(f'<number:number-style style:name="{n}"><number:number number:decimal-places="0" '
                              f'number:min-integer-digits="{len(fmt)}"/></number:number-style>')
                styles.append(f'<style:style style:name="c{n}" style:family="table-cell" '
                              f'style:data-style-name="{n}"/>')
    body = []
    for spec in specs:
        width = max(len(r) for r in spec.rows)
        collapse = ' table:visibility="collapse"'
        cols = "".join(f"<table:table-column{collapse if c in spec.hidden_cols else ''}/>"
                       for c in range(1, width + 1))
        rows = []
        for r, row in enumerate(spec.rows, start=1):
            cells = []
            for c, value in enumerate(row, start=1):
                if spec.covered(r, c):
                    cells.append("<table:covered-table-cell/>")
                    continue
                attrs = ""
                if r in spec.struck:
                    attrs += ' table:style-name="strike"'
                elif (r, c) in spec.formats:
                    attrs += f' table:style-name="c{fmt_names[spec.formats[(r, c)]]}"'
                span = spec.span(r, c)
                if span:
                    attrs += f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
                if value is None:
                    cells.append(f"<table:table-cell{attrs}/>")
                elif isinstance(value, (int, float)):
                    cells.append(f'<table:table-cell{attrs} office:value-type="float" office:value="{value}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell{attrs} office:value-type="string">'
                                 f"<text:p>{escape(str(value))}</text:p></table:table-cell>")
            vis = ' table:visibility="collapse"' if r in spec.hidden else ""
            rows.append(f"<table:table-row{vis}>{''.join(cells)}</table:table-row>")
        rows.append(extra_rows)
        rows.append('<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
                    'table:number-columns-repeated="1024"/></table:table-row>')
        body.append(f"<table:table table:name={quoteattr(spec.name)}>{cols}{''.join(rows)}</table:table>")
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {_ODS_NS}>'
            f"<office:automatic-styles>{''.join(styles)}</office:automatic-styles>"
            f"<office:body><office:spreadsheet>{''.join(body)}</office:spreadsheet></office:body>"
            "</office:document-content>")


def write_ods(path: Path, *specs: Spec, content: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content if content is not None else ods_content(*specs))
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


# --------------------------------------------------------------------------------------------------


def html_table(spec: Spec) -> str:
    out = ['<table border="1">']
    for r, row in enumerate(spec.rows, start=1):
        style = ' style="display:none"' if r in spec.hidden else ""
        cells = []
        for c, value in enumerate(row, start=1):
            if spec.covered(r, c):
                continue
            attrs = ""
            span = spec.span(r, c)
            if span:
                attrs += f' rowspan="{span[0]}" colspan="{span[1]}"'
            if (r, c) in spec.formats:
                attrs += f" style='mso-number-format:\"{spec.formats[(r, c)]}\"'"
            shown = "" if value is None else html.escape(str(value))
            if r in spec.struck and shown:
                shown = f"<s>{shown}</s>"
            cells.append(f"<td{attrs}>{shown}</td>")
        out.append(f"<tr{style}>{''.join(cells)}</tr>")
    out.append("</table>")
    return "\n".join(out)


def write_html(path: Path, spec: Spec) -> Path:
    path.write_text('<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8">'
                    f"</head><body>\n{html_table(spec)}\n</body></html>", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------


def xml2003(*specs: Spec, prolog: str = "") -> str:
    styles = ['<Style ss:ID="strike"><Font ss:StrikeThrough="1"/></Style>']
    fmt_ids: dict[str, str] = {}
    for spec in specs:
        for fmt in spec.formats.values():
            if fmt not in fmt_ids:
                fmt_ids[fmt] = f"f{len(fmt_ids)}"
                styles.append(f'<Style ss:ID="{fmt_ids[fmt]}"><NumberFormat ss:Format="{fmt}"/></Style>')
    sheets = []
    for spec in specs:
        width = max(len(r) for r in spec.rows)
        hide = ' ss:Hidden="1"'
        cols = "".join(f"<Column ss:Index=\"{c}\"{hide if c in spec.hidden_cols else ''}/>"
                       for c in range(1, width + 1))
        rows = []
        for r, row in enumerate(spec.rows, start=1):
            cells = []
            for c, value in enumerate(row, start=1):
                if spec.covered(r, c) or value is None:
                    continue
                attrs = f' ss:Index="{c}"'
                if r in spec.struck:
                    attrs += ' ss:StyleID="strike"'
                elif (r, c) in spec.formats:
                    attrs += f' ss:StyleID="{fmt_ids[spec.formats[(r, c)]]}"'
                span = spec.span(r, c)
                if span:
                    attrs += f' ss:MergeDown="{span[0] - 1}" ss:MergeAcross="{span[1] - 1}"'
                kind = "Number" if isinstance(value, (int, float)) else "String"
                cells.append(f'<Cell{attrs}><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>')
            hidden = ' ss:Hidden="1"' if r in spec.hidden else ""
            rows.append(f'<Row ss:Index="{r}"{hidden}>{"".join(cells)}</Row>')
        sheets.append(f'<Worksheet ss:Name={quoteattr(spec.name)}><Table>{cols}{"".join(rows)}</Table></Worksheet>')
    return ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n' + prolog +
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Styles>{"".join(styles)}</Styles>{"".join(sheets)}</Workbook>')


def write_xml2003(path: Path, *specs: Spec) -> Path:
    path.write_text(xml2003(*specs), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------


def write_xlsx(path: Path, *specs: Spec) -> Path:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for spec in specs:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c, value)
                if r in spec.struck:
                    cell.font = Font(strike=True)
                if (r, c) in spec.formats:
                    cell.number_format = spec.formats[(r, c)]
            if r in spec.hidden:
                ws.row_dimensions[r].hidden = True
        for r1, c1, r2, c2 in spec.merges:
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        for c in spec.hidden_cols:
            ws.column_dimensions[openpyxl.utils.get_column_letter(c)].hidden = True
    wb.save(path)
    return path


def write_tsv(path: Path, spec: Spec, encoding: str = "utf-16") -> Path:
    lines = ["\t".join("" if v is None else str(v) for v in row) for row in spec.rows]
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


#: writer and file name per format; every name ends in .xls except the real xlsx and ods ones
WRITERS = {
    "xls": (write_xls, "danh-sach.xls"),
    "ods": (write_ods, "danh-sach.ods"),
    "html": (write_html, "xuat-excel.xls"),
    "xml2003": (write_xml2003, "danh-sach-2003.xls"),
    "xlsx": (write_xlsx, "that-la-xlsx.xls"),
}


def write(kind: str, folder: Path, spec: Spec) -> Path:
    writer, name = WRITERS[kind]
    return writer(folder / name, spec)
