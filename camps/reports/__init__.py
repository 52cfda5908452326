"""Camp reports: the camp page's figures as tables that every format writes the same way.

A table is a title, typed columns and rows of plain values (text, int, date, bool), built
from ``figures.CampFigures``; ``csv``, ``xlsx`` and ``pdf`` each write them in their own
way, one module per format. Reports are for the camp's staff (``roles.can_export_camp``):
they carry enrolment status but never goals.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from camps.figures import (
    METRIC_LABELS,
    METRICS,
    CampFigures,
    Participant,
    TitleGained,
    site_zone,
)


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


CONTENT_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
}


class ColumnType(StrEnum):
    TEXT = "text"
    INT = "int"
    DATE = "date"
    BOOL = "bool"


@dataclass(frozen=True)
class Column:
    label: str
    type: ColumnType = ColumnType.TEXT


Value = str | int | date | bool | None


@dataclass(frozen=True)
class Table:
    """One sheet of a report. ``rows`` is a function so writers can stream it."""

    name: str  # a slug: the CSV ``table`` choice and the file name's suffix
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[tuple[Value, ...]]]


def _metric_columns() -> tuple[Column, ...]:
    return tuple(Column(str(METRIC_LABELS[m]), ColumnType.INT) for m in METRICS)


def first_day(participant: Participant) -> date | None:
    """The day of the person's first contribution, in the site's time zone."""
    first = participant.first_contribution
    return first.at.astimezone(site_zone()).date() if first is not None else None


def title_label(title: TitleGained) -> str:
    """``PMC member, Kafka``; ASF membership belongs to no project."""
    where = title.project.name if title.project is not None else "ASF"
    return f"{title.role_label}, {where}"


def title_text(title: TitleGained) -> str:
    return f"{title_label(title)} ({title.granted_on.isoformat()})"


def people_table(figures: CampFigures) -> Table:
    def rows() -> Iterator[tuple[Value, ...]]:
        for participant in figures.participants:
            enrollment = participant.enrollment
            person = participant.contributor
            first = participant.first_contribution
            yield (
                person.display_name,
                person.chinese_name,
                person.github_login,
                enrollment.project.name if enrollment.project else "",
                enrollment.mentor.display_name if enrollment.mentor else "",
                str(enrollment.get_status_display()),
                *participant.counts.values,
                first_day(participant),
                first.kind_label if first is not None else "",
                participant.first_during_camp,
                "; ".join(title_text(t) for t in participant.titles),
            )

    return Table(
        name="people",
        title=gettext("Participants"),
        columns=(
            Column(gettext("Name")),
            Column(gettext("Chinese name")),
            Column(gettext("GitHub login")),
            Column(gettext("Project")),
            Column(gettext("Mentor")),
            Column(gettext("Status")),
            *_metric_columns(),
            Column(gettext("First contribution"), ColumnType.DATE),
            Column(gettext("First contribution was a")),
            Column(gettext("First contribution during the camp"), ColumnType.BOOL),
            Column(gettext("Titles gained since the camp started")),
        ),
        rows=rows,
    )


def projects_table(figures: CampFigures) -> Table:
    def rows() -> Iterator[tuple[Value, ...]]:
        for row in figures.projects:
            yield (
                row.project.name,
                row.in_camp,
                row.participants,
                *row.counts.values,
                row.first_contributions,
            )

    return Table(
        name="projects",
        title=gettext("Projects"),
        columns=(
            Column(gettext("Project")),
            Column(gettext("One of the camp's projects"), ColumnType.BOOL),
            Column(gettext("Active participants"), ColumnType.INT),
            *_metric_columns(),
            Column(gettext("First contributions"), ColumnType.INT),
        ),
        rows=rows,
    )


def weeks_table(figures: CampFigures) -> Table:
    def rows() -> Iterator[tuple[Value, ...]]:
        for week in figures.weeks:
            yield (week.number, week.starts_on, week.ends_on, *week.counts.values)

    return Table(
        name="weeks",
        title=gettext("Weeks"),
        columns=(
            Column(gettext("Week"), ColumnType.INT),
            Column(gettext("From"), ColumnType.DATE),
            Column(gettext("To"), ColumnType.DATE),
            *_metric_columns(),
        ),
        rows=rows,
    )


def titles_table(figures: CampFigures) -> Table:
    def rows() -> Iterator[tuple[Value, ...]]:
        for title in figures.titles:
            yield (
                title.contributor.display_name,
                title.contributor.chinese_name,
                title.role_label,
                title.project.name if title.project is not None else "ASF",
                title.granted_on,
                title.during_camp,
            )

    return Table(
        name="titles",
        title=gettext("Titles gained"),
        columns=(
            Column(gettext("Name")),
            Column(gettext("Chinese name")),
            Column(gettext("Title")),
            Column(gettext("Project")),
            Column(gettext("Granted on"), ColumnType.DATE),
            Column(gettext("During the camp"), ColumnType.BOOL),
        ),
        rows=rows,
    )


TABLES: dict[str, Callable[[CampFigures], Table]] = {
    "people": people_table,
    "projects": projects_table,
    "weeks": weeks_table,
    "titles": titles_table,
}
TABLE_CHOICES = tuple(TABLES)


def summary(figures: CampFigures) -> list[tuple[str, Value]]:
    """The report's headline figures as (label, value) pairs, in reading order."""
    cohort = figures.cohort
    return [
        (gettext("Camp"), cohort.name),
        (gettext("From"), cohort.starts_on),
        (gettext("To"), cohort.ends_on),
        (gettext("Projects"), ", ".join(r.project.name for r in figures.projects if r.in_camp)),
        (gettext("Participants"), len(figures.participants)),
        (gettext("Active participants"), figures.active_participants),
        *((str(METRIC_LABELS[m]), getattr(figures.totals, m)) for m in METRICS),
        (gettext("First contributions"), len(figures.first_contributions)),
        (gettext("Titles gained during the camp"), figures.titles_during_camp),
        (gettext("Titles gained since the camp started"), len(figures.titles)),
        (gettext("Report made on"), figures.as_of),
    ]


def file_name(figures: CampFigures, fmt: Format, table: str | None = None) -> str:
    suffix = f"-{table}" if table and table != "people" else ""
    return f"{figures.cohort.slug}-report{suffix}.{fmt}"


def yes_no(value: bool) -> str:
    return gettext("yes") if value else gettext("no")


# Shown before the tables in formats with room for prose.
WINDOW_NOTE = _(
    "Contributions from 00:00 on the first day to the end of the last day, %(zone)s time."
)
