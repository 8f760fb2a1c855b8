"""One module per spreadsheet format a ward office sends, each yielding :class:`~qrsign.intake.cells.SourceSheet`.

``xlsx`` (Excel 2007+, openpyxl), ``csv`` (CSV and "Unicode Text"), ``xls`` (Excel 97–2003, xlrd), ``ods``
(LibreOffice), ``html`` (a portal's "Xuất Excel"), ``xml2003`` (Excel's XML Spreadsheet 2003). The format is
told from the bytes by :mod:`qrsign.intake.sniff`. Readers import only :mod:`qrsign.intake.cells`,
:mod:`qrsign.intake.limits` and the base modules, never each other.
"""
