"""The PDF report's drawings: the community's logo and the two charts.

The logo is ``static/img/logo.svg`` drawn again with ReportLab's shapes (a bun: an ellipse,
its fold and a leaf). ReportLab reads no SVG without svglib, and a PNG copy would blur when
printed and drift from the SVG unnoticed; the three shapes are short to keep in step.
"""

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Circle, Drawing, Ellipse, Group, Path
from reportlab.lib import colors

from camps.figures import METRIC_LABELS, CampFigures
from camps.reports.pdf.text import LATIN_FONT, LINE, MUTED, font_for

LEGEND_WIDTH = 110  # points kept right of the projects chart for its legend
# The weekly chart's series, as on the camp page, in the camp page's colours.
CHARTED = ("prs_opened", "prs_merged", "reviews", "issues_reported", "issues_resolved")
SERIES_COLOURS = ("#3c8d5a", "#274d8f", "#b07d3c", "#7a2f6f", "#8a8f98")


def logo(size: float) -> Drawing:
    """static/img/logo.svg (a 32 × 32 view box, y pointing down) at ``size`` points."""
    bun = Group(
        Ellipse(16, 13, 13, 10, fillColor=colors.HexColor("#f4e4c8"),
                strokeColor=colors.HexColor("#b07d3c"), strokeWidth=2),
        Path(points=[9, 18, 11, 24, 21, 24, 23, 18], operators=[0, 2], fillColor=None,
             strokeColor=colors.HexColor("#b07d3c"), strokeWidth=2, strokeLineCap=1),
        Circle(16, 23, 2.5, fillColor=colors.HexColor("#3c8d5a"), strokeColor=None),
    )  # fmt: skip
    bun.scale(size / 32, size / 32)
    drawing = Drawing(size, size)
    drawing.add(bun)
    return drawing


def _legend(labels: Sequence[str], colours: Sequence[str], x: float, y: float) -> Legend:
    """A legend at (x, y): a swatch and its label a line each, or all on one line."""
    legend = Legend()
    legend.x, legend.y = x, y  # type: ignore[assignment]  # the stubs say int; points are floats
    legend.fontName = font_for(labels)
    legend.fontSize = 7.5
    legend.fillColor = MUTED
    legend.alignment = "right"  # the swatch first, its label to the right
    legend.strokeColor = None
    legend.dx = legend.dy = 7
    legend.dxTextSpace = 4
    legend.colorNamePairs = [
        (colors.HexColor(colour), label) for colour, label in zip(colours, labels, strict=True)
    ]
    return legend


def _style_value_axis(chart: VerticalBarChart | HorizontalBarChart) -> None:
    """Counts from 0, in whole steps while they are few."""
    highest = max((max(series, default=0) for series in chart.data), default=0)
    chart.valueAxis.valueMin = 0
    if highest <= 8:
        chart.valueAxis.valueMax = max(highest, 1)  # nothing yet: the axes all the same
        chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = LATIN_FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = LINE
    chart.valueAxis.strokeColor = LINE
    chart.categoryAxis.strokeColor = LINE
    chart.bars.strokeColor = None


def weekly_chart(figures: CampFigures, width: float, height: float) -> Drawing:
    """Grouped bars per week begun: PRs opened and merged, reviews, issues; the legend on
    one line under the bars."""
    labels = [str(METRIC_LABELS[m]) for m in CHARTED]
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 24, 34
    chart.width, chart.height = width - 30, height - 40  # type: ignore[assignment]  # as above
    chart.data = [[getattr(w.counts, m) for w in figures.weeks] for m in CHARTED]
    chart.categoryAxis.categoryNames = [str(w.number) for w in figures.weeks]
    chart.categoryAxis.labels.fontName = LATIN_FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = MUTED
    chart.groupSpacing = 4
    chart.barSpacing = 0.5  # type: ignore[assignment]  # as above
    _style_value_axis(chart)
    for index, colour in enumerate(SERIES_COLOURS):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    legend = _legend(labels, SERIES_COLOURS, chart.x, 6)
    legend.columnMaximum = 1  # a column per series: one line
    legend.variColumn = True  # each as wide as its label
    legend.autoXPadding = 12
    drawing.add(legend)
    return drawing


def projects_chart(figures: CampFigures, width: float) -> Drawing | None:
    """Horizontal bars per project with activity: merged PRs and reviews."""
    rows = [row for row in figures.projects if row.counts]
    if not rows:
        return None
    charted = ("prs_merged", "reviews")
    colours = SERIES_COLOURS[1:3]
    names = [row.project.name for row in rows]
    height = min(max(64, 20 * len(rows) + 26), 300)  # 300: one page whatever the projects
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 14
    chart.width, chart.height = width - LEGEND_WIDTH - 130, height - 20  # type: ignore[assignment]
    chart.data = [[getattr(row.counts, m) for row in rows] for m in charted]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = font_for(names)
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.reverseDirection = True  # first project on top, as in the table
    chart.barSpacing = 1
    _style_value_axis(chart)
    for index, colour in enumerate(colours):
        chart.bars[index].fillColor = colors.HexColor(colour)
    drawing.add(chart)
    labels = [str(METRIC_LABELS[m]) for m in charted]
    legend = _legend(labels, colours, width - LEGEND_WIDTH, height - 5)
    legend.columnMaximum = len(labels)
    drawing.add(legend)
    return drawing
