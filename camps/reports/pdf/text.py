"""Text in the PDF report: faces, paragraph styles, and how values are written.

ReportLab draws Latin text in Helvetica and Chinese in its built-in CID font
``MSung-Light`` (Adobe's Traditional Chinese Ming face, which PDF readers supply), so there
is no font file to ship; every run of text gets the face it needs. (The Noto CJK fonts a
machine may have are OpenType with PostScript outlines, which ReportLab cannot embed.)

Dates are ISO 8601 in tables (2026-09-08) and in the language's long form in sentences
(Sept. 8, 2026 / 2026年9月8日); numbers keep their thousands separators in both languages.
"""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import formats
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

from camps.reports import yes_no

CJK_FONT = "MSung-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"

# The site's colours (static/css/base.css).
INK = colors.HexColor("#1f2430")
MUTED = colors.HexColor("#5d6472")
LINE = colors.HexColor("#e6e0d6")
BRAND = colors.HexColor("#b07d3c")
BRAND_DARK = colors.HexColor("#7a5424")
ACCENT = colors.HexColor("#3c8d5a")
PAPER = colors.HexColor("#faf7f2")
HEAD_BACKGROUND = colors.HexColor("#f4efe6")


class _MingLight(UnicodeCIDFont):
    """``MSung-Light`` under the CMap of its own collection. ReportLab names UniGB-UCS2-H,
    a CMap of the Simplified Chinese collection (Adobe-GB1), which readers such as poppler
    refuse for this Adobe-CNS1 font; UniCNS-UCS2-H takes the same UCS-2 codes."""

    def __init__(self) -> None:
        super().__init__(CJK_FONT)
        self.encodingName = "UniCNS-UCS2-H"


def register_fonts() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_MingLight())


def _is_latin(char: str) -> bool:
    return ord(char) < 0x100


def runs(text: str) -> Iterable[tuple[bool, str]]:
    """``text`` cut into runs of Latin-1 and other characters: (is_latin, run)."""
    run, latin = "", True
    for char in text:
        if run and _is_latin(char) != latin:
            yield latin, run
            run = ""
        latin = _is_latin(char)
        run += char
    if run:
        yield latin, run


def font_for(texts: Iterable[str]) -> str:
    """One face for labels drawn whole (chart axes, legends)."""
    return LATIN_FONT if all(_is_latin(c) for t in texts for c in t) else CJK_FONT


def long_date(day: date) -> str:
    """The day as the site's sentences write it (``osc4you/formats``)."""
    return formats.date_format(day, "DATE_FORMAT")


def number(value: int) -> str:
    return f"{value:,}"


def amount(value: Decimal) -> str:
    """An amount with its cents and groups of thousands, as Taiwan writes it too."""
    return f"{value:,.2f}"


def plain(value: object) -> str:
    """``value`` as a table cell writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return number(value)
    if isinstance(value, Decimal):
        return amount(value)
    return str(value)


def markup(value: object) -> str:
    """Paragraph markup for ``value`` with every non-Latin run in the CJK face."""
    return "".join(
        escape(run) if latin else f'<font name="{CJK_FONT}">{escape(run)}</font>'
        for latin, run in runs(plain(value))
    )


def _face(latin: bool, bold: bool) -> str:
    return (LATIN_BOLD if bold else LATIN_FONT) if latin else CJK_FONT


def draw_text(canvas, x: float, y: float, text: str, size: float, bold: bool = False) -> float:
    """Draw ``text`` from (x, y) in the faces its runs need; the x where it ends."""
    for latin, run in runs(text):
        font = _face(latin, bold)
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += pdfmetrics.stringWidth(run, font, size)
    return x


def text_width(text: str, size: float, bold: bool = False) -> float:
    return sum(pdfmetrics.stringWidth(run, _face(latin, bold), size) for latin, run in runs(text))


def _style(name: str, **options) -> ParagraphStyle:
    options.setdefault("fontName", LATIN_FONT)
    options.setdefault("textColor", INK)
    return ParagraphStyle(name, **options)


class Styles:
    """The report's paragraph styles."""

    def __init__(self) -> None:
        self.community = _style("community", fontName=LATIN_BOLD, fontSize=15, leading=18)
        self.kicker = _style(
            "kicker", fontSize=10, leading=13, textColor=BRAND_DARK, alignment=TA_RIGHT
        )
        self.title = _style("title", fontName=LATIN_BOLD, fontSize=28, leading=34, spaceAfter=4)
        self.subtitle = _style("subtitle", fontSize=12, leading=16, textColor=INK)
        self.lede = _style("lede", fontSize=10, leading=14, textColor=MUTED, spaceBefore=2)
        self.heading = _style(
            "heading", fontName=LATIN_BOLD, fontSize=14, leading=18, spaceBefore=8, spaceAfter=6,
            textColor=BRAND_DARK,
        )  # fmt: skip
        self.subheading = _style(
            "subheading", fontName=LATIN_BOLD, fontSize=9.5, leading=12, spaceAfter=3
        )
        self.body = _style("body", fontSize=9, leading=12)
        self.note = _style("note", fontSize=7.5, leading=10, textColor=MUTED, spaceBefore=3)
        self.cell = _style("cell", fontSize=8, leading=10)
        self.number = _style("number", parent=self.cell, alignment=TA_RIGHT)
        self.strong = _style("strong", parent=self.cell, fontName=LATIN_BOLD)
        self.strong_number = _style("strong-number", parent=self.strong, alignment=TA_RIGHT)
        self.head = _style(
            "head",
            fontName=LATIN_BOLD,
            fontSize=6.5,
            leading=8.5,
            textColor=MUTED,
            alignment=TA_LEFT,
        )
        self.head_number = _style("head-number", parent=self.head, alignment=TA_RIGHT)
        self.tile_value = _style(
            "tile-value", fontName=LATIN_BOLD, fontSize=20, leading=24, alignment=TA_CENTER
        )
        self.tile_label = _style(
            "tile-label", fontSize=8, leading=10, textColor=MUTED, alignment=TA_CENTER
        )
