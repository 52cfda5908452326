"""The PDF report's building blocks: tables of figures, figure tiles, and the footer that
numbers the pages ("page 2 of 5")."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

from django.utils.translation import gettext
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, Table, TableStyle

from camps.reports.pdf.text import (
    HEAD_BACKGROUND,
    LINE,
    MUTED,
    PAPER,
    Styles,
    draw_text,
    markup,
    text_width,
)

MARGIN = 14 * mm


def table(
    styles: Styles,
    headers: Sequence[str] | None,
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    numeric: Sequence[bool],
    *,
    strong_rows: int = 0,
    padding: float = 2.5,
    align: Literal["LEFT", "CENTER", "RIGHT"] = "CENTER",
) -> Table:
    """A table with its header (if any) repeated on each page it spans; the last
    ``strong_rows`` rows (totals) in bold above a rule."""
    head = []
    if headers is not None:
        head.append(
            [
                Paragraph(markup(h), styles.head_number if n else styles.head)
                for h, n in zip(headers, numeric, strict=True)
            ]
        )
    body = [
        [
            Paragraph(markup(v), styles.number if n else styles.cell)
            for v, n in zip(row, numeric, strict=True)
        ]
        for row in rows
    ]
    for row in body[len(body) - strong_rows :]:
        for index, cell in enumerate(row):
            cell.style = styles.strong_number if numeric[index] else styles.strong
    grid = Table([*head, *body], colWidths=widths, repeatRows=len(head), hAlign=align)
    # ReportLab's style commands are tuples of mixed members; the stubs cannot say which.
    commands: list[Any] = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, LINE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if head:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
    if strong_rows:
        commands.append(("LINEABOVE", (0, -strong_rows), (-1, -strong_rows), 1, MUTED))
    grid.setStyle(TableStyle(commands))
    return grid


def tiles(styles: Styles, cells: Sequence[Sequence[Paragraph]], width: float) -> Table:
    """Figures side by side, each a box of its value, label and a line under it."""
    gap = 6
    tile = (width - gap * (len(cells) - 1)) / len(cells)
    row: list[object] = []
    widths: list[float] = []
    commands: list[Any] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for index, cell in enumerate(cells):
        if index:
            row.append("")
            widths.append(gap)
        column = len(row)
        row.append(list(cell))
        widths.append(tile)
        commands += [
            ("BACKGROUND", (column, 0), (column, 0), PAPER),
            ("BOX", (column, 0), (column, 0), 0.6, LINE),
            ("TOPPADDING", (column, 0), (column, 0), 7),
            ("BOTTOMPADDING", (column, 0), (column, 0), 7),
        ]
    grid = Table([row], colWidths=widths)
    grid.setStyle(TableStyle(commands))
    return grid


def numbered_canvas(left: str, made_on: str) -> Callable[..., Canvas]:
    """A canvas class that writes each page's footer once the page count is known:
    ``left`` on the left, the day made and "page n of m" on the right."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # ReportLab calls it at each page's end
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # ReportLab's page counter recipe

        def save(self) -> None:
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            width = self._pagesize[0]  # type: ignore[attr-defined]  # Canvas keeps it private
            y = MARGIN / 2
            self.saveState()
            self.setFillColor(MUTED)
            self.setStrokeColor(LINE)
            self.setLineWidth(0.5)
            self.line(MARGIN, y + 9, width - MARGIN, y + 9)
            draw_text(self, MARGIN, y, left, 7)
            right = (
                made_on
                + " · "
                + gettext("page %(number)d of %(total)d")
                % {"number": self._pageNumber, "total": total}  # type: ignore[attr-defined]
            )
            draw_text(self, width - MARGIN - text_width(right, 7), y, right, 7)
            self.restoreState()

    return NumberedCanvas
