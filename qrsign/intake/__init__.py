"""Reading vendor sheets and QR pictures, and checking every row: what goes in.

Lives here: the format sniffer (:mod:`.sniff`), the cell interface every reader fills (:mod:`.cells`), one
module per file format (:mod:`.formats`), the header matching (:mod:`.headers`), the rules that tell rows
that are not vendors (:mod:`.rows`), the sheet reader that finds the table and converts its cells
(:mod:`.sheet`), the same reader run in a child process while a build checks the rows (:mod:`.aside`),
the row checker (:mod:`.check`) and the QR-picture importer (:mod:`.importer`).

May import: :mod:`qrsign.core`, :mod:`qrsign.models`, :mod:`qrsign.fsutil`, the base modules, openpyxl, xlrd,
defusedxml, zxing-cpp and Pillow (pictures). Never the renderer, the build, the workbooks or a face.
"""
