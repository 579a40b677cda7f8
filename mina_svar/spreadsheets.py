"""Tables as CSV and XLSX files that a spreadsheet opens as words and figures, never as formulas.

Any text may have been typed by someone else (a young person's open answer,
a group's own question, a translated label): in a CSV a text starting with
= + - @ or a tab or carriage return gets a leading apostrophe, as OWASP
recommends; in an XLSX every text cell is stored as text, so it reads
exactly as typed and is never evaluated.
"""

import csv
import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Rows = list[list]


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([_csv_cell(value) for value in row] for row in rows)
    return out.getvalue()


def xlsx_bytes(sheets: list[tuple[str, Rows]]) -> bytes:
    """A workbook with a sheet per (title, rows)."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title[:31])
        for row in rows:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet, value):
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    return cell
