"""The report's pages after the first: projects, week by week, spending, participants.

Each section starts on a new page only when too little of the current one is left for its
heading and first rows, so no page is left almost blank; long tables run on over pages with
their header repeated.
"""

from django.utils.translation import gettext
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Table, TableStyle

from camps.figures import METRIC_LABELS, METRICS, CampFigures, Participant
from camps.reports import first_day, title_label
from camps.reports.highlights import person_name
from camps.reports.pdf.drawings import projects_chart, weekly_chart
from camps.reports.pdf.layout import table
from camps.reports.pdf.text import Styles, long_date, markup
from camps.spending import CampSpending

ROOM = 45 * mm  # a section starts on the next page when less than this is left
GAP = 18
PAGE_HEIGHT = 595  # landscape A4: more than any frame
SIDE_BY_SIDE = 120 * mm  # the tallest weeks table drawn beside its chart (26 weeks or so)


def _p(text: object, style) -> Paragraph:
    return Paragraph(markup(text), style)


def _metric_headers() -> list[str]:
    return [str(METRIC_LABELS[m]) for m in METRICS]


def _start(
    title: str, styles: Styles, *first: Flowable, then: Table | None = None, width: float = 0
) -> list[Flowable]:
    """A section's heading, on one page with its chart or sentence; when a table runs on
    under them (``then``), with room left for its first rows, or for all of a short one."""
    heading = KeepTogether([_p(title, styles.heading), *first])
    if then is None:
        return [heading]
    need = ROOM
    if len(then._cellvalues) * 10 < ROOM:  # type: ignore[attr-defined]  # ReportLab's rows  # a table this short may be less: measure it
        need = min(ROOM, then.wrap(width, PAGE_HEIGHT)[1] + 30)
    return [CondPageBreak(need), heading, then]


def _sentence(title: str, styles: Styles, text: str) -> list[Flowable]:
    """A section that has nothing to list: its heading and a sentence saying so."""
    return _start(title, styles, _p(text, styles.body))


def projects(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    rows = [
        (
            row.project.name + ("" if row.in_camp else " *"),
            row.participants,
            *row.counts.values,
            row.first_contributions,
        )
        for row in figures.projects
    ]
    if not rows:
        return _sentence(gettext("Projects"), styles, gettext("No project yet."))
    grid = table(
        styles,
        [gettext("Project"), gettext("Active participants"), *_metric_headers(),
         gettext("First contributions")],
        rows,
        [width * 0.2, width * 0.1] + [width * 0.6 / len(METRICS)] * len(METRICS) + [width * 0.1],
        [False] + [True] * (len(METRICS) + 2),
    )  # fmt: skip
    chart = projects_chart(figures, width)
    parts = _start(gettext("Projects"), styles, *([chart] if chart else []), then=grid, width=width)
    if any(not row.in_camp for row in figures.projects):
        parts.append(_p(gettext("* not one of the camp's projects"), styles.note))
    return parts


def weeks(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    """The chart beside its table when the table fits a page, else the table under it."""
    title = gettext("Week by week")
    if not figures.weeks:
        starts = gettext("The camp starts on %(day)s.") % {
            "day": long_date(figures.cohort.starts_on)
        }
        return _sentence(title, styles, starts)
    if not figures.totals:  # rows of zeros say less than a sentence
        return _sentence(title, styles, gettext("Nothing was counted in the camp's weeks yet."))
    half = (width - GAP) / 2
    grid = _weeks_table(figures, styles, half)
    _width, height = grid.wrap(half, PAGE_HEIGHT)
    # The chart under its heading, the table running on below it across pages.
    stacked = _start(
        title,
        styles,
        weekly_chart(figures, width, 60 * mm),
        then=_weeks_table(figures, styles, width),
        width=width,
    )
    if height <= SIDE_BY_SIDE:
        # Beside each other where the rest of the page holds both; else stacked, so the
        # section starts on this page rather than leave most of it blank.
        chart = weekly_chart(figures, half, max(height, 42 * mm))
        beside = _start(title, styles, _side_by_side([chart, "", grid], [half, GAP, half]))
        parts: list[Flowable] = [FirstThatFits(beside, stacked)]
    else:
        parts = stacked
    if figures.running:
        under_way = gettext(
            "Week %(number)d is under way; the camp's weeks to come are left out."
        ) % {"number": len(figures.weeks)}
        parts.append(_p(under_way, styles.note))
    return parts


class FirstThatFits(Flowable):
    """The first layout whose flowables fit the room left on the page, else the last one,
    flowed as usual (split across pages)."""

    def __init__(self, *layouts: list[Flowable]) -> None:
        super().__init__()
        self.layouts = layouts

    def _height(self, layout: list[Flowable], width: float, room: float) -> float:
        total = 0.0
        for flowable in layout:
            height = flowable.wrapOn(self.canv, width, room)[1]
            if isinstance(flowable, KeepTogether):  # its wrap always says "too tall"
                height = flowable._H  # type: ignore[attr-defined]  # what it measured
            total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        return total

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        # Always "too tall": the frame then asks split() for the flowables to place.
        return aW, aH + 1

    def split(self, aW: float, aH: float) -> list[Flowable]:
        for layout in self.layouts[:-1]:
            if self._height(layout, aW, aH) <= aH:
                # It fits as measured: what a KeepTogether holds is placed as it is (the
                # frame places the first piece without splitting it again).
                return [
                    piece
                    for flowable in layout
                    for piece in (
                        flowable._content  # type: ignore[attr-defined]
                        if isinstance(flowable, KeepTogether)
                        else [flowable]
                    )
                ]
        return list(self.layouts[-1])

    def draw(self) -> None:  # never drawn itself: split() replaces it
        pass


def _weeks_table(figures: CampFigures, styles: Styles, width: float) -> Table:
    return table(
        styles,
        [gettext("Week"), gettext("From"), gettext("To"), *_metric_headers()],
        [(w.number, w.starts_on, w.ends_on, *w.counts.values) for w in figures.weeks],
        [width * 0.07, width * 0.135, width * 0.135] + [width * 0.66 / len(METRICS)] * len(METRICS),
        [True, False, False] + [True] * len(METRICS),
        padding=1.2,
    )


def _side_by_side(cells: list[object], widths: list[float]) -> Table:
    grid = Table([cells], colWidths=widths)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid


def spending(camp_spending: CampSpending, styles: Styles, width: float) -> list[Flowable]:
    """The ledger's entries for the camp, masked, then a total per currency."""
    title = gettext("Spending")
    if not camp_spending.entries:
        return _sentence(title, styles, gettext("No spending recorded for this camp."))
    rows: list[tuple[object, ...]] = [
        (e.spent_on, e.person, e.category, e.currency, e.amount) for e in camp_spending.entries
    ]
    rows += [
        (gettext("Total"), "", "", total.currency, total.amount) for total in camp_spending.totals
    ]
    grid = table(
        styles,
        [gettext("Date"), gettext("Person"), gettext("Category"), gettext("Currency"),
         gettext("Amount")],
        rows,
        [width * f for f in (0.11, 0.14, 0.2, 0.08, 0.12)],  # the ledger's own columns
        [False, False, False, False, True],
        strong_rows=len(camp_spending.totals),
        align="LEFT",
    )  # fmt: skip
    note = " ".join(
        (
            gettext("Names are masked as the public ledger masks them."),
            gettext("Amounts in different currencies are never added together."),
        )
    )
    return [*_start(title, styles, then=grid, width=width), _p(note, styles.note)]


def _first(participant: Participant) -> str:
    day = first_day(participant)
    if day is None:
        return ""
    return f"{day.isoformat()} ★" if participant.first_during_camp else day.isoformat()


def participants(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    title = gettext("Participants")
    if not figures.participants:
        return _sentence(title, styles, gettext("Nobody is enrolled in this camp yet."))
    rows = [
        (
            person_name(p.contributor),
            p.enrollment.project.name if p.enrollment.project else "",
            p.enrollment.mentor.display_name if p.enrollment.mentor else "",
            str(p.enrollment.get_status_display()),
            *p.counts.values,
            _first(p),
            ", ".join(title_label(t) for t in p.titles),
        )
        for p in figures.participants
    ]
    grid = table(
        styles,
        [gettext("Name"), gettext("Project"), gettext("Mentor"), gettext("Status"),
         *_metric_headers(), gettext("First contribution"), gettext("Titles gained")],
        rows,
        [width * f for f in (0.16, 0.11, 0.11, 0.065)] + [width * 0.054] * len(METRICS)
        + [width * 0.09, width * 0.141],
        [False] * 4 + [True] * len(METRICS) + [False, False],
    )  # fmt: skip
    legend = _p(gettext("★ first contribution during the camp"), styles.note)
    return [*_start(title, styles, then=grid, width=width), legend]
