"""A camp report as a printable PDF: the headline figures, the weekly chart, projects with
their chart, first contributions, titles, and every participant's row.

ReportLab draws it without system libraries. Its built-in CID font ``MSung-Light`` (Adobe's
Traditional Chinese Ming face, which every PDF reader supplies) renders Chinese names with
no font file to ship; Latin text stays in Helvetica, so each run of text gets the face it
needs.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from camps.figures import METRIC_LABELS, METRICS, CampFigures, site_zone
from camps.reports import WINDOW_NOTE, first_day, summary, title_label, yes_no

CJK_FONT = "MSung-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
PAGE = landscape(A4)
MARGIN = 12 * mm
LEGEND_WIDTH = 110  # points kept right of a chart for its legend
# The weekly chart's series, as on the camp page.
CHARTED = ("prs_opened", "prs_merged", "reviews", "issues_reported", "issues_resolved")
SERIES_COLOURS = ("#3c8d5a", "#274d8f", "#b07d3c", "#7a2f6f", "#8a8f98")
GRID = colors.HexColor("#d9dce1")
HEAD_BACKGROUND = colors.HexColor("#f1f3f5")


class _MingLight(UnicodeCIDFont):
    """``MSung-Light`` under the CMap of its own collection. ReportLab names UniGB-UCS2-H,
    a CMap of the Simplified Chinese collection (Adobe-GB1), which readers such as poppler
    refuse for this Adobe-CNS1 font; UniCNS-UCS2-H takes the same UCS-2 codes."""

    def __init__(self) -> None:
        super().__init__(CJK_FONT)
        self.encodingName = "UniCNS-UCS2-H"


def _register_fonts() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_MingLight())


def _is_latin(char: str) -> bool:
    return ord(char) < 0x100


def _runs(text: str) -> Iterable[tuple[bool, str]]:
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


def markup(value: object) -> str:
    """Paragraph markup for ``value`` with every non-Latin run in the CJK face."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = yes_no(value)
    elif isinstance(value, date):
        value = formats.date_format(value, "SHORT_DATE_FORMAT")
    return "".join(
        escape(run) if latin else f'<font name="{CJK_FONT}">{escape(run)}</font>'
        for latin, run in _runs(str(value))
    )


def _font_for(texts: Iterable[str]) -> str:
    return LATIN_FONT if all(_is_latin(c) for t in texts for c in t) else CJK_FONT


class _Styles:
    def __init__(self) -> None:
        base = getSampleStyleSheet()
        self.title = ParagraphStyle("camp-title", parent=base["Title"], alignment=0)
        self.heading = ParagraphStyle("camp-heading", parent=base["Heading2"], spaceBefore=10)
        self.body = ParagraphStyle("camp-body", parent=base["BodyText"], fontSize=9, leading=12)
        self.cell = ParagraphStyle("camp-cell", parent=base["BodyText"], fontSize=8, leading=10)
        self.number = ParagraphStyle("camp-number", parent=self.cell, alignment=2)
        self.head = ParagraphStyle(
            "camp-head", parent=self.cell, fontName=LATIN_BOLD, fontSize=7, leading=9
        )
        self.head_number = ParagraphStyle("camp-head-number", parent=self.head, alignment=2)


def _table(
    styles: _Styles,
    headers: Sequence[str] | None,
    rows: Iterable[Sequence[object]],
    widths: Sequence[float],
    numeric: Sequence[bool],
) -> Table:
    data = []
    if headers is not None:
        data.append(
            [
                Paragraph(markup(h), styles.head_number if n else styles.head)
                for h, n in zip(headers, numeric, strict=True)
            ]
        )
    for row in rows:
        data.append(
            [
                Paragraph(markup(v), styles.number if n else styles.cell)
                for v, n in zip(row, numeric, strict=True)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1 if headers is not None else 0)
    head = [("BACKGROUND", (0, 0), (-1, 0), HEAD_BACKGROUND)] if headers is not None else []
    table.setStyle(
        TableStyle(
            [
                *head,
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _legend(labels: Sequence[str], x: float, y: float) -> Legend:
    legend = Legend()
    # types-reportlab declares these int; ReportLab draws at any float.
    legend.x, legend.y = x, y  # type: ignore[assignment]
    legend.fontName = _font_for(labels)
    legend.fontSize = 8
    legend.alignment = "right"  # the swatch first, its label to the right
    legend.columnMaximum = len(labels)
    legend.colorNamePairs = [
        (colors.HexColor(colour), label)
        for colour, label in zip(SERIES_COLOURS, labels, strict=False)
    ]
    return legend


def weekly_chart(figures: CampFigures, width: float, height: float = 60 * mm) -> Drawing:
    """Grouped bars per camp week: PRs opened and merged, reviews, issues."""
    labels = [str(METRIC_LABELS[m]) for m in CHARTED]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 20
    chart.width, chart.height = width - LEGEND_WIDTH - 40, height - 30  # type: ignore[assignment]
    chart.data = [[getattr(w.counts, m) for w in figures.weeks] for m in CHARTED]
    chart.categoryAxis.categoryNames = [str(w.number) for w in figures.weeks]
    chart.categoryAxis.labels.fontName = LATIN_FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.groupSpacing = 4
    chart.barSpacing = 0.5  # type: ignore[assignment]
    chart.bars.strokeColor = None
    for index, colour in enumerate(SERIES_COLOURS[: len(CHARTED)]):
        chart.bars[index].fillColor = colors.HexColor(colour)
    if not any(any(series) for series in chart.data):
        chart.valueAxis.valueMax = 1  # an empty camp still draws its axes
    drawing.add(chart)
    drawing.add(_legend(labels, width - LEGEND_WIDTH, height - 5))
    return drawing


def projects_chart(figures: CampFigures, width: float) -> Drawing | None:
    """Horizontal bars per project: merged PRs and reviews."""
    rows = [row for row in figures.projects if row.counts]
    if not rows:
        return None
    charted = ("prs_merged", "reviews")
    labels = [str(METRIC_LABELS[m]) for m in charted]
    names = [row.project.name for row in rows]
    height = max(40 * mm, 14 * len(rows) + 30)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 15
    chart.width, chart.height = width - LEGEND_WIDTH - 130, height - 25  # type: ignore[assignment]
    chart.data = [[getattr(row.counts, m) for row in rows] for m in charted]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = _font_for(names)
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.reverseDirection = True  # first project on top, as in the table
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = GRID
    chart.bars.strokeColor = None
    for index, colour in enumerate(SERIES_COLOURS[1:3]):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = _legend(labels, width - LEGEND_WIDTH, height - 5)
    legend.colorNamePairs = [
        (colors.HexColor(colour), label)
        for colour, label in zip(SERIES_COLOURS[1:3], labels, strict=True)
    ]
    drawing.add(legend)
    return drawing


def _footer(name: str):
    def draw(canvas, document) -> None:
        canvas.saveState()
        x, y = MARGIN, MARGIN / 2
        text = f"{name} · " + gettext("page %(number)d") % {"number": document.page}
        for latin, run in _runs(text):
            font = LATIN_FONT if latin else CJK_FONT
            canvas.setFont(font, 7)
            canvas.setFillColor(colors.HexColor("#6b7280"))
            canvas.drawString(x, y, run)
            x += pdfmetrics.stringWidth(run, font, 7)
        canvas.restoreState()

    return draw


def _metric_headers() -> list[str]:
    return [str(METRIC_LABELS[m]) for m in METRICS]


def _story(figures: CampFigures, styles: _Styles, width: float) -> list:
    cohort = figures.cohort
    story: list = [
        Paragraph(markup(gettext("Camp report: %(camp)s") % {"camp": cohort.name}), styles.title),
        Paragraph(
            markup(
                gettext("%(start)s to %(end)s")
                % {
                    "start": formats.date_format(cohort.starts_on, "DATE_FORMAT"),
                    "end": formats.date_format(cohort.ends_on, "DATE_FORMAT"),
                }
            ),
            styles.body,
        ),
        Paragraph(markup(WINDOW_NOTE % {"zone": str(site_zone())}), styles.body),
        Spacer(1, 4 * mm),
    ]
    pairs = summary(figures)[3:]  # the camp's name and dates are in the title
    half = (len(pairs) + 1) // 2
    left, right = pairs[:half], pairs[half:] + [("", "")] * (2 * half - len(pairs))
    story.append(
        _table(
            styles,
            None,
            [(a, b, c, d) for (a, b), (c, d) in zip(left, right, strict=True)],
            [width * 0.3, width * 0.2, width * 0.3, width * 0.2],
            [False, True, False, True],
        )
    )

    story.append(Paragraph(markup(gettext("Week by week")), styles.heading))
    story.append(weekly_chart(figures, width))
    story.append(
        _table(
            styles,
            [gettext("Week"), gettext("From"), gettext("To"), *_metric_headers()],
            [(w.number, w.starts_on, w.ends_on, *w.counts.values) for w in figures.weeks],
            [width * 0.07, width * 0.13, width * 0.13] + [width * 0.67 / len(METRICS)] * 6,
            [True, False, False] + [True] * len(METRICS),
        )
    )

    project_parts: list = [Paragraph(markup(gettext("Projects")), styles.heading)]
    chart = projects_chart(figures, width)
    if chart is not None:
        project_parts.append(chart)
    project_parts.append(
        _table(
            styles,
            [
                gettext("Project"),
                gettext("Active participants"),
                *_metric_headers(),
                gettext("First contributions"),
            ],
            [
                (
                    row.project.name + ("" if row.in_camp else " *"),
                    row.participants,
                    *row.counts.values,
                    row.first_contributions,
                )
                for row in figures.projects
            ],
            [width * 0.2, width * 0.1] + [width * 0.6 / len(METRICS)] * 6 + [width * 0.1],
            [False] + [True] * (len(METRICS) + 2),
        )
    )
    if any(not row.in_camp for row in figures.projects):
        project_parts.append(
            Paragraph(markup(gettext("* not one of the camp's projects")), styles.cell)
        )
    story.append(KeepTogether(project_parts))

    story.append(Paragraph(markup(gettext("First contributions during the camp")), styles.heading))
    firsts = figures.first_contributions
    if firsts:
        story.append(
            _table(
                styles,
                [gettext("Name"), gettext("Day"), gettext("What"), gettext("Project")],
                [
                    (
                        _name(p.contributor),
                        first_day(p),
                        p.first_in_camp.kind_label,
                        p.first_in_camp.project.name,
                    )
                    for p in firsts
                ],
                [width * 0.4, width * 0.2, width * 0.2, width * 0.2],
                [False] * 4,
            )
        )
    else:
        story.append(Paragraph(markup(gettext("None.")), styles.body))

    story.append(Paragraph(markup(gettext("Titles gained since the camp started")), styles.heading))
    if figures.titles:
        story.append(
            _table(
                styles,
                [
                    gettext("Name"),
                    gettext("Title"),
                    gettext("Granted on"),
                    gettext("During the camp"),
                ],
                [
                    (
                        _name(t.contributor),
                        title_label(t),
                        t.granted_on,
                        t.during_camp,
                    )
                    for t in figures.titles
                ],
                [width * 0.4, width * 0.3, width * 0.15, width * 0.15],
                [False] * 4,
            )
        )
    else:
        story.append(Paragraph(markup(gettext("None.")), styles.body))

    story.append(PageBreak())
    story.append(Paragraph(markup(gettext("Participants")), styles.heading))
    story.append(
        _table(
            styles,
            [
                gettext("Name"),
                gettext("Project"),
                gettext("Mentor"),
                gettext("Status"),
                *_metric_headers(),
                gettext("First contribution"),
                gettext("Titles gained"),
            ],
            (
                (
                    _name(p.contributor),
                    p.enrollment.project.name if p.enrollment.project else "",
                    p.enrollment.mentor.display_name if p.enrollment.mentor else "",
                    str(p.enrollment.get_status_display()),
                    *p.counts.values,
                    _first(p),
                    ", ".join(title_label(t) for t in p.titles),
                )
                for p in figures.participants
            ),
            [width * f for f in (0.15, 0.085, 0.1, 0.065)]
            + [width * 0.062] * len(METRICS)
            + [width * 0.1, width * 0.128],
            [False] * 4 + [True] * len(METRICS) + [False, False],
        )
    )
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(markup(gettext("★ first contribution during the camp")), styles.cell))
    return story


def _name(person) -> str:
    if person.chinese_name:
        return f"{person.display_name} {person.chinese_name}"
    return person.display_name


def _first(participant) -> str:
    day = first_day(participant)
    if day is None:
        return ""
    text = formats.date_format(day, "SHORT_DATE_FORMAT")
    return f"{text} ★" if participant.first_during_camp else text


def write_pdf(figures: CampFigures, out: BinaryIO | str) -> None:
    """Write the report to ``out``, a path or a binary file."""
    _register_fonts()
    styles = _Styles()
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=gettext("Camp report: %(camp)s") % {"camp": figures.cohort.name},
        author="osc4you",
    )
    footer = _footer(figures.cohort.name)
    document.build(
        _story(figures, styles, PAGE[0] - 2 * MARGIN), onFirstPage=footer, onLaterPages=footer
    )
