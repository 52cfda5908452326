"""A camp report as an XLSX workbook: a summary sheet, then participants, projects, weeks
and titles, one sheet each.

openpyxl's write-only mode streams rows to the file as they come, so memory stays flat
however many participants. Numbers are numbers, dates are dates (``yyyy-mm-dd``), yes/no are
booleans, and text is always a string cell, never a formula, whatever it starts with; each
column is as wide as its longest value, counting CJK characters twice.
"""

import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import BinaryIO

from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from camps.figures import CampFigures
from camps.reports import TABLES, ColumnType, Table, Value, summary

DATE_FORMAT = "yyyy-mm-dd"
MIN_WIDTH = 6
MAX_WIDTH = 60
HEADER_WIDTH = 16
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def display_width(value: Value) -> int:
    """Characters as a spreadsheet shows them: East Asian wide ones take two."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, date):
        return len(DATE_FORMAT)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(value))


def _widths(headers: Iterable[str], rows: Iterable[tuple[Value, ...]]) -> list[int]:
    # Headers wrap, so a long one widens its column only so far.
    widths = [min(display_width(h), HEADER_WIDTH) for h in headers]
    for row in rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], display_width(value))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def _cell(sheet: WriteOnlyWorksheet, value: Value, column_type: ColumnType | None = None):
    # An empty text is an empty cell, as a spreadsheet's own blanks are.
    # openpyxl writes dates as well (types-openpyxl lists datetime only).
    cell = WriteOnlyCell(sheet, value=None if value == "" else value)  # type: ignore[arg-type]
    if isinstance(value, str) and value:
        # openpyxl stores text starting with "=" as a formula; a name is never one.
        cell.data_type = "s"
    if isinstance(value, date) or column_type == ColumnType.DATE:
        cell.number_format = DATE_FORMAT
    return cell


def _header(sheet: WriteOnlyWorksheet, labels: Iterable[str]) -> list:
    cells = []
    for label in labels:
        cell = _cell(sheet, label)
        cell.font = BOLD
        cell.alignment = WRAP
        cells.append(cell)
    return cells


def _size(sheet: WriteOnlyWorksheet, widths: list[int], rows: int) -> None:
    # Write-only sheets take their layout before the first row (types-openpyxl leaves these
    # attributes out of WriteOnlyWorksheet).
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(widths))}{rows + 1}"  # type: ignore[attr-defined]


def _write_summary(workbook: Workbook, figures: CampFigures) -> None:
    sheet = workbook.create_sheet(gettext("Summary"))
    pairs = summary(figures)
    for letter, values in (("A", [k for k, _v in pairs]), ("B", [v for _k, v in pairs])):
        width = max(display_width(value) for value in values) + 2
        sheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    for label, value in pairs:
        name = _cell(sheet, label)
        name.font = BOLD
        sheet.append([name, _cell(sheet, value)])


def _write_table(workbook: Workbook, table: Table) -> None:
    sheet = workbook.create_sheet(table.title[:31])  # Excel's limit on sheet names
    headers = [column.label for column in table.columns]
    # Widths need every value before the first row is written: one pass to measure,
    # one to write (rows come from figures already in memory, not from the database).
    _size(sheet, _widths(headers, table.rows()), sum(1 for _row in table.rows()))
    sheet.append(_header(sheet, headers))
    types = [column.type for column in table.columns]
    for row in table.rows():
        sheet.append([_cell(sheet, value, types[i]) for i, value in enumerate(row)])


def write_xlsx(figures: CampFigures, out: BinaryIO | str) -> None:
    """Write the whole report to ``out``, a path or a seekable binary file."""
    workbook = Workbook(write_only=True)
    _write_summary(workbook, figures)
    for make in TABLES.values():
        _write_table(workbook, make(figures))
    workbook.save(out)
