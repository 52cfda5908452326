"""A camp report as a PDF an organizer sends to sponsors: a first page with the community,
the camp, its headline figures and highlights (with names), then the projects with their
chart, the weeks begun with theirs, the camp's spending from the ledger (names masked, a
total per currency) and every participant's row.

ReportLab draws it without system libraries; ``text`` says how Chinese is written and
``drawings`` how the logo is. The spending comes from ``camps.spending``, which the app
keeping the ledger feeds; without it the report has no spending section.
"""

from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import KeepInFrame, PageBreak, SimpleDocTemplate

from camps.figures import CampFigures
from camps.reports.pdf import cover, sections
from camps.reports.pdf.layout import MARGIN, numbered_canvas
from camps.reports.pdf.text import Styles, markup, register_fonts
from camps.spending import CampSpending, camp_spending

__all__ = ["markup", "write_pdf"]

PAGE = landscape(A4)
FOOTER_ROOM = 8  # points above the bottom margin kept for the footer


def _story(figures: CampFigures, spending: CampSpending | None, width: float, height: float):
    styles = Styles()
    first_page = [
        *cover.cover(figures, spending, styles, width),
        *cover.highlights(figures, styles, width),
    ]
    # The first page is one page whatever the names: shrunk to fit rather than spilt over.
    story = [KeepInFrame(width, height, first_page, mode="shrink"), PageBreak()]
    story += sections.projects(figures, styles, width)
    story += sections.weeks(figures, styles, width)
    if spending is not None:
        story += sections.spending(spending, styles, width)
    story += sections.participants(figures, styles, width)
    return story


def write_pdf(figures: CampFigures, out: BinaryIO | str) -> None:
    """Write the report to ``out``, a path or a binary file (one query, for the spending)."""
    register_fonts()
    cohort = figures.cohort
    title = gettext("Camp report: %(camp)s") % {"camp": cohort.name}
    document = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + FOOTER_ROOM,
        title=title,
        author=settings.COMMUNITY_NAME,
        subject=cohort.name,
        creator="osc4you",
    )
    # The frame keeps 6 points of padding on each side.
    width = PAGE[0] - 2 * MARGIN - 12
    height = PAGE[1] - 2 * MARGIN - FOOTER_ROOM - 12
    footer = f"{settings.COMMUNITY_NAME} · {title}"
    made_on = gettext("made on %(day)s") % {"day": figures.as_of.isoformat()}
    document.build(
        _story(figures, camp_spending(cohort), width, height),
        canvasmaker=numbered_canvas(footer, made_on),
    )
