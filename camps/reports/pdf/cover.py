"""The report's first page: the community and the camp, its headline figures, and its
highlights with the names behind them."""

from django.conf import settings
from django.utils.translation import gettext, ngettext
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from camps.figures import METRIC_LABELS, CampFigures, site_zone
from camps.reports import WINDOW_NOTE, first_day, title_label
from camps.reports.highlights import leaders, person_name
from camps.reports.pdf.drawings import logo
from camps.reports.pdf.layout import table, tiles
from camps.reports.pdf.text import BRAND, Styles, amount, long_date, markup, number
from camps.spending import CampSpending

LISTED = 6  # first contributions and titles named on the first page; the rest in the tables


def _p(text: object, style) -> Paragraph:
    return Paragraph(markup(text), style)


def _masthead(styles: Styles, width: float) -> list[Flowable]:
    row = [
        logo(30),
        _p(settings.COMMUNITY_NAME, styles.community),
        _p(gettext("Camp report"), styles.kicker),
    ]
    head = Table([row], colWidths=[38, width - 238, 200])
    head.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return [head, HRFlowable(width="100%", thickness=1.5, color=BRAND, spaceBefore=4)]


def _dates(figures: CampFigures) -> str:
    cohort = figures.cohort
    text = gettext("%(start)s to %(end)s") % {
        "start": long_date(cohort.starts_on),
        "end": long_date(cohort.ends_on),
    }
    weeks = ngettext("%(count)d week", "%(count)d weeks", figures.week_count) % {
        "count": figures.week_count
    }
    if figures.running:
        weeks += ", " + gettext("week %(number)s under way") % {"number": len(figures.weeks)}
    return f"{text} · {weeks}"


def _title(figures: CampFigures, styles: Styles) -> list[Flowable]:
    cohort = figures.cohort
    parts: list[Flowable] = [
        Spacer(1, 10),
        _p(cohort.name, styles.title),
        _p(_dates(figures), styles.subtitle),
    ]
    in_camp = [row.project.name for row in figures.projects if row.in_camp]
    if in_camp:
        projects = gettext("Projects") + ": " + ", ".join(in_camp)
        parts.append(_p(projects, styles.lede))
    if cohort.description:
        parts.append(_p(cohort.description, styles.lede))
    return [*parts, Spacer(1, 10)]


def _tile(styles: Styles, value: str, label: str, under: str = "") -> list[Paragraph]:
    # Every tile has three lines, so their values stand level.
    return [
        Paragraph(value, styles.tile_value),
        _p(label, styles.tile_label),
        Paragraph(markup(under) or "&nbsp;", styles.tile_label),
    ]


def _spending_tile(styles: Styles, spending: CampSpending) -> list[Paragraph]:
    lines = [f"{t.currency} {amount(t.amount)}" for t in spending.totals] or ["—"]
    # One currency fills the value's line; more share it, never added together.
    leading = styles.tile_value.leading / len(lines)
    size = 13 if len(lines) == 1 else leading - 1
    value = ParagraphStyle(
        "tile-amount",
        parent=styles.tile_value,
        fontSize=size,
        leading=leading if len(lines) > 1 else size * 1.2,
        spaceBefore=(styles.tile_value.leading - size * 1.2) / 2 if len(lines) == 1 else 0,
        spaceAfter=(styles.tile_value.leading - size * 1.2) / 2 if len(lines) == 1 else 0,
    )
    entries = sum(t.entries for t in spending.totals)
    return [
        Paragraph("<br/>".join(markup(line) for line in lines), value),
        _p(gettext("Spending"), styles.tile_label),
        _p(
            ngettext("%(count)d ledger entry", "%(count)d ledger entries", entries)
            % {"count": entries},
            styles.tile_label,
        ),
    ]


def _figure_tiles(
    figures: CampFigures, spending: CampSpending | None, styles: Styles, width: float
) -> Table:
    totals = figures.totals
    after = len(figures.titles) - figures.titles_during_camp
    cells = [
        _tile(
            styles,
            number(len(figures.participants)),
            gettext("Participants"),
            gettext("%(count)s active") % {"count": number(figures.active_participants)},
        ),
        _tile(
            styles,
            number(totals.prs_merged),
            str(METRIC_LABELS["prs_merged"]),
            gettext("%(count)s opened") % {"count": number(totals.prs_opened)},
        ),
        _tile(styles, number(totals.reviews), str(METRIC_LABELS["reviews"])),
        _tile(styles, number(len(figures.first_contributions)), gettext("First contributions")),
        _tile(
            styles,
            number(len(figures.titles)),
            gettext("Titles gained"),
            gettext("%(count)s after the camp") % {"count": number(after)} if after else "",
        ),
    ]
    if spending is not None:
        cells.append(_spending_tile(styles, spending))
    return tiles(styles, cells, width)


def cover(
    figures: CampFigures, spending: CampSpending | None, styles: Styles, width: float
) -> list[Flowable]:
    return [
        *_masthead(styles, width),
        *_title(figures, styles),
        _figure_tiles(figures, spending, styles, width),
        _p(WINDOW_NOTE % {"zone": str(site_zone())}, styles.note),
    ]


def _leaders_table(figures: CampFigures, metric: str, styles: Styles, width: float) -> Flowable:
    ranked = leaders(figures, metric)
    if not ranked:
        return _p(gettext("Nobody yet."), styles.body)
    return table(
        styles,
        None,
        [(person_name(r.participant.contributor), r.count) for r in ranked],
        [width * 0.82, width * 0.18],
        [False, True],
    )


def _more(count: int, styles: Styles) -> list[Flowable]:
    if count <= 0:
        return []
    text = ngettext(
        "and %(count)d more, in the participants table",
        "and %(count)d more, in the participants table",
        count,
    ) % {"count": count}
    return [_p(text, styles.note)]


def _firsts(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    firsts = figures.first_contributions
    if not firsts:
        return [_p(gettext("No first contribution during this camp."), styles.body)]
    rows = [
        (
            person_name(p.contributor),
            f"{p.first_in_camp.kind_label}, {p.first_in_camp.project.name}",
            first_day(p),
        )
        for p in firsts[:LISTED]
    ]
    headers = [gettext("Name"), gettext("What"), gettext("Day")]
    widths = [width * 0.4, width * 0.44, width * 0.16]
    return [table(styles, headers, rows, widths, [False] * 3), *_more(len(firsts) - LISTED, styles)]


def _titles(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    if not figures.titles:
        return [_p(gettext("No title gained since the camp started."), styles.body)]
    rows = [
        (
            person_name(t.contributor),
            title_label(t) + ("" if t.during_camp else " · " + gettext("after the camp")),
            t.granted_on,
        )
        for t in figures.titles[:LISTED]
    ]
    headers = [gettext("Name"), gettext("Title"), gettext("Granted on")]
    widths = [width * 0.34, width * 0.5, width * 0.16]
    titles = table(styles, headers, rows, widths, [False] * 3)
    return [titles, *_more(len(figures.titles) - LISTED, styles)]


def highlights(figures: CampFigures, styles: Styles, width: float) -> list[Flowable]:
    """On the left the most merged PRs and reviews side by side, the titles gained under
    them; on the right the first contributions."""
    gap = 18
    half = (width - gap) / 2
    quarter = (half - gap) / 2

    def box(title: str, body: list[Flowable]) -> list[Flowable]:
        return [_p(title, styles.subheading), *body]

    most = _grid(
        [
            [
                box(
                    gettext("Most PRs merged"),
                    [_leaders_table(figures, "prs_merged", styles, quarter)],
                ),
                "",
                box(gettext("Most reviews"), [_leaders_table(figures, "reviews", styles, quarter)]),
            ]
        ],
        [quarter, gap, quarter],
    )
    left = [most, Spacer(1, 12), *box(gettext("Titles gained"), _titles(figures, styles, half))]
    right = box(gettext("First contributions during the camp"), _firsts(figures, styles, half))
    grid = _grid([[left, "", right]], [half, gap, half])
    return [Spacer(1, 4), _p(gettext("Highlights"), styles.heading), grid]


def _grid(cells: list[list[object]], widths: list[float]) -> Table:
    """Boxes side by side, without padding of their own."""
    grid = Table(cells, colWidths=widths)
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return grid
