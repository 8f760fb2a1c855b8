"""Drawing signs: templates, fonts, QR matrices, what goes in which cell, and the PDF itself.

Lives here: template loading and its schema (:mod:`.layout`, :mod:`.layout_schema`), fonts (:mod:`.fonts`),
QR drawing (:mod:`.qr`, its masks scored by :mod:`.qrmask`), the pure plan of what is drawn where
(:mod:`.planning`), the PDF sign document (:mod:`.document`), the one-off card of ``make`` (:mod:`.card`), sample
vendors for previews (:mod:`.samples`) and the printability rules (which fields a template prints, whether the
font can draw them: :mod:`.rules`).

May import: :mod:`qrsign.intake`, :mod:`qrsign.models`, :mod:`qrsign.core`, the base modules, reportlab and
zxing-cpp. Never the build, proof, lifecycle, workbooks or a face.
"""
