"""A camp report table as CSV, written row by row.

One table per file (participants by default); dates in ISO form, yes/no in the reader's
language. A byte-order mark lets Excel read the Chinese names as UTF-8. Text that a
spreadsheet would run as a formula is quoted (``osc4you.lib.cells``); numbers are left as they are.
"""

import csv
import io
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from camps.reports import Table, Value, yes_no
from osc4you.lib.cells import csv_text

BOM = "\ufeff"


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def lines(table: Table, *, bom: bool = True) -> Iterator[bytes]:
    """The table as encoded CSV lines, header first, for a streaming response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    writer.writerow([csv_text(column.label) for column in table.columns])
    yield (BOM.encode("utf-8") if bom else b"") + flush()
    for row in table.rows():
        writer.writerow([_text(value) for value in row])
        yield flush()


def write_csv(table: Table, out: BinaryIO, *, bom: bool = True) -> None:
    for line in lines(table, bom=bom):
        out.write(line)
