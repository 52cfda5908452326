"""Reading the file: its bytes into rows, or the problems that keep it from being read
(an encoding Excel chose, a zip, a NUL, a missing or doubled column, a size beyond the
limits). Nothing here looks at the data."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from camps.importing.rows import COLUMNS, Row

MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000  # a camp has dozens to a few hundred people; a bigger file is a mistake
BOM = b"\xef\xbb\xbf"
_ALIASES = {"github": "github_login", "login": "github_login", "e_mail": "email"}
_DELIMITERS = {
    ";": gettext_lazy("semicolons (;)"),
    "\t": gettext_lazy("tabs"),
    "|": gettext_lazy("vertical bars (|)"),
}


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _Unreadable(Exception):
    """The file stops being read here; the message says why."""


def read_table(data: bytes) -> Table:
    """The rows of a CSV file, or the problems that keep it from being read."""
    table = Table()
    try:
        text = _text_of(data)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            columns = _read_header(reader, table)
            _read_rows(reader, columns, table)
        except csv.Error as error:
            raise _Unreadable(
                _("Line %(line)s cannot be read as CSV: %(error)s.")
                % {"line": reader.line_num, "error": error}
            ) from None
    except _Unreadable as problem:
        table.problems.append(str(problem))
        return table
    if not table.rows:
        table.problems.append(_("The file has a header but no rows."))
    return table


def _text_of(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise _Unreadable(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_BYTES)}
        )
    text, problem = _decode(data)
    if problem is not None or text is None:
        raise _Unreadable(problem)
    if not text.strip():
        raise _Unreadable(_("The file is empty."))
    return text


def _read_header(reader, table: Table) -> list[str]:
    """The columns the header names, in its order; a note on the ones ignored."""
    header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    if header is None:
        raise _Unreadable(_("The file has no header, only empty cells."))
    columns = [_column(cell) for cell in header]
    problem = _check_header(header, columns)
    if problem:
        raise _Unreadable(problem)
    extra = [
        cell.strip()
        for cell, col in zip(header, columns, strict=True)
        if col not in COLUMNS and cell.strip()
    ]
    if extra:
        table.notes.append(_("Columns ignored: %(columns)s.") % {"columns": ", ".join(extra)})
    return columns


def _read_rows(reader, columns: list[str], table: Table) -> None:
    previous = reader.line_num  # the header's last line
    for cells in reader:
        line, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) == MAX_ROWS:
            raise _Unreadable(
                _("The file has more than %(limit)s rows. Split it into smaller files.")
                % {"limit": MAX_ROWS}
            )
        table.rows.append(_row(cells, columns, line=line, last_line=reader.line_num))


def _row(cells: list[str], columns: list[str], *, line: int, last_line: int) -> Row:
    """A row from its cells, with what is wrong with its shape."""
    values = dict.fromkeys(COLUMNS, "")
    for col, cell in zip(columns, cells, strict=False):
        if col in values:
            values[col] = cell.strip()
    row = Row(
        line=line,
        name=values["name"],
        github_login=values["github_login"],
        email=values["email"],
        project_text=values["project"],
        mentor_text=values["mentor"],
    )
    if any(cell.strip() for cell in cells[len(columns) :]):
        row.errors.append(
            _(
                "The row has %(cells)s values but the header names %(columns)s "
                "columns: is there a comma inside a name? Put such a value in quotes."
            )
            % {"cells": len(cells), "columns": len(columns)}
        )
    if any("\n" in cell or "\r" in cell for cell in cells):
        row.errors.append(
            _("A value runs over several lines (up to line %(end)s): a quote left open?")
            % {"end": last_line}
        )
    return row


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """The file's text, or a message saying why it cannot be read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _(
            "The file is saved as UTF-16 (Excel's “Unicode Text”). Save it as “CSV UTF-8 "
            "(Comma delimited)” and upload it again."
        )
    if data.startswith(b"PK\x03\x04"):
        return None, _(
            "This is an Excel workbook or another zip file, not a CSV file. In Excel, choose "
            "File › Save As › “CSV UTF-8 (Comma delimited)” and upload that file."
        )
    offset = len(BOM) if data.startswith(BOM) else 0
    body = data[offset:]
    if b"\x00" in body:
        line = body.count(b"\n", 0, body.index(b"\x00")) + 1
        return None, _(
            "The file has a NUL byte on line %(line)s: it is not a text file. Upload a CSV "
            "file saved as “CSV UTF-8 (Comma delimited)”."
        ) % {"line": line}
    try:
        return body.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line_start = body.rfind(b"\n", 0, error.start) + 1
        where = {
            "line": body.count(b"\n", 0, error.start) + 1,
            "column": error.start - line_start + 1,
            "byte": f"0x{body[error.start]:02X}",
            "offset": error.start + offset,
        }
        message = (
            _(
                "The file is not UTF-8: line %(line)s, byte %(column)s of the line (byte "
                "%(offset)s of the file) is %(byte)s, which UTF-8 cannot read."
            )
            % where
        )
        try:
            body.decode("big5")
        except UnicodeDecodeError:
            hint = _("Save the file as “CSV UTF-8 (Comma delimited)” and upload it again.")
        else:
            hint = _(
                "It looks like Big5, which Excel uses on Traditional Chinese Windows: save the "
                "file as “CSV UTF-8 (Comma delimited)” instead of “CSV (Comma delimited)” and "
                "upload it again."
            )
        return None, f"{message} {hint}"


def _column(header: str) -> str:
    name = "_".join(header.strip().lower().replace("-", " ").split())
    return _ALIASES.get(name, name)


def _check_header(header: list[str], columns: list[str]) -> str | None:
    if not set(columns) & set(COLUMNS):
        if len(header) == 1:
            for delimiter, label in _DELIMITERS.items():
                if delimiter in header[0]:
                    return _(
                        "The columns are separated by %(delimiter)s, not commas. Save the file "
                        "as “CSV UTF-8 (Comma delimited)”, or replace them with commas."
                    ) % {"delimiter": label}
        return _(
            "The first line is not a header. It must name the columns %(columns)s; it reads "
            "“%(line)s”."
        ) % {"columns": ", ".join(COLUMNS), "line": ",".join(header)[:200]}
    twice = sorted(col for col, n in Counter(columns).items() if n > 1 and col in COLUMNS)
    if twice:
        return ngettext(
            "The header names the column %(columns)s twice.",
            "The header names the columns %(columns)s twice.",
            len(twice),
        ) % {"columns": ", ".join(twice)}
    missing = [col for col in COLUMNS if col not in columns]
    if missing:
        return ngettext(
            "The header has no column %(columns)s. The columns are: %(all)s (a cell may be empty).",
            "The header has no columns %(columns)s. The columns are: %(all)s (a cell may be "
            "empty).",
            len(missing),
        ) % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
    return None


def template_csv() -> bytes:
    """An empty file with the header, with a byte-order mark so that Excel reads it as
    UTF-8 (Chinese names stay readable)."""
    return BOM + (",".join(COLUMNS) + "\r\n").encode()
