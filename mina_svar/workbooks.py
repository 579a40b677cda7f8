"""An uploaded workbook made safe to read: limits checked on the zip before any sheet is parsed.

An XLSX file is a zip of XML parts. A few kilobytes can declare a million rows (pyxform's own
UCL_Biomass_Plot_Form.xlsx: 16 KB, formatted empty rows down to row 1,048,576) or unpack to gigabytes,
and the spreadsheet readers then work for minutes. So, before openpyxl or pyxform sees it:

- the parts together unpack to at most ``LARGEST_UNPACKED`` bytes (read with that cap, whatever the zip says);
- each sheet holds cells within ``MOST_ROWS`` rows and ``MOST_COLUMNS`` columns, ``MOST_CELLS`` in all;
- cells without a value and rows without such cells (formatting only) are dropped, and each sheet's
  declared size is set to where its values end, so the readers do not walk empty rows and columns.

What goes beyond a limit is refused with the sheet and the limit named; nothing else about the workbook
changes.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from openpyxl.utils import column_index_from_string, get_column_letter

LARGEST_UNPACKED = 10 * 1024 * 1024
MOST_ROWS = 5_000
MOST_COLUMNS = 250
MOST_CELLS = 25_000

_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})?(\d+)?"')
_DIMENSION = re.compile(rb"<((?:\w+:)?dimension)\b[^>]*?/>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


@dataclass(frozen=True)
class TooBig:
    """Why a workbook is refused: ``what`` ("unpacked", "rows", "columns", "cells") on ``sheet``."""

    what: str
    sheet: str
    limit: int


class NotAWorkbook(Exception):
    pass


def bounded(data: bytes) -> bytes | TooBig:
    """The workbook with its empty rows dropped and its sheets' sizes declared as they are, or why it is
    refused. Raises :class:`NotAWorkbook` for what is not a zip of parts."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        parts, left = {}, LARGEST_UNPACKED
        for info in source.infolist():
            if info.file_size > left:
                return TooBig("unpacked", "", LARGEST_UNPACKED)
            with source.open(info) as part:
                body = part.read(left + 1)
            left -= len(body)
            if left < 0:
                return TooBig("unpacked", "", LARGEST_UNPACKED)
            parts[info.filename] = (info, body)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as error:
        raise NotAWorkbook from error
    names = _sheet_names(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for name, (info, body) in parts.items():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                tightened = _tightened(body, names.get(name, name.rsplit("/", 1)[-1]))
                if isinstance(tightened, TooBig):
                    return tightened
                body = tightened
            written.writestr(info, body)
    return out.getvalue()


def _sheet_names(parts: dict) -> dict[str, str]:
    """Each sheet part's name in the workbook ("xl/worksheets/sheet1.xml" → "survey")."""
    def elements(part: str, pattern) -> list[dict[bytes, bytes]]:
        return [dict(_ATTRIBUTE.findall(found)) for found in pattern.findall(parts.get(part, (None, b""))[1])]

    targets = {found.get(b"Id"): found.get(b"Target", b"").lstrip(b"/").removeprefix(b"xl/")
               for found in elements("xl/_rels/workbook.xml.rels", _RELATIONSHIP)}
    return {"xl/" + targets[sheet[b"r:id"]].decode(errors="replace"): sheet.get(b"name", b"").decode(errors="replace")
            for sheet in elements("xl/workbook.xml", _SHEET) if sheet.get(b"r:id") in targets}


def _tightened(body: bytes, sheet: str) -> bytes | TooBig:
    last_row = last_column = cells = 0
    kept = []
    position = 0
    row_number = 0
    for row in _ROW.finditer(body):
        attributes, inside = row.group(1), row.group(2) or b""
        found = _REF.search(attributes)
        row_number = int(found.group(2)) if found and found.group(2) else row_number + 1
        kept.append(body[position:row.start()])
        position = row.end()
        valued, column = [], 0
        for cell in _CELL.finditer(inside):
            reference = _REF.search(cell.group(1))
            column = column_index_from_string(reference.group(1).decode()) if reference and reference.group(1) \
                else column + 1
            if cell.group(2):
                valued.append(cell.group(0))
                last_column = max(last_column, column)
        if not valued:
            continue  # formatting only: dropped
        kept.append(body[row.start():row.start(2)] + b"".join(valued) + body[row.end(2):row.end()])
        last_row, cells = row_number, cells + len(valued)
        if last_row > MOST_ROWS:
            return TooBig("rows", sheet, MOST_ROWS)
        if last_column > MOST_COLUMNS:
            return TooBig("columns", sheet, MOST_COLUMNS)
        if cells > MOST_CELLS:
            return TooBig("cells", sheet, MOST_CELLS)
    kept.append(body[position:])
    tightened = b"".join(kept)
    extent = f"A1:{get_column_letter(max(last_column, 1))}{max(last_row, 1)}".encode()
    return _DIMENSION.sub(lambda m: b'<' + m.group(1) + b' ref="' + extent + b'"/>', tightened, count=1)
