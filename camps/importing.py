"""Importing a camp's participants from a CSV file: a preview that writes nothing, then an
all-or-nothing import of the same file, validated again.

The file: UTF-8 (a byte-order mark, as Excel writes, is fine), comma-separated, at most
``MAX_BYTES``, with a header naming the columns ``name, github_login, email, project,
mentor`` in any order, case and spacing ("GitHub Login" is ``github_login``). Every column
must be there; a cell may be empty. Other columns are ignored and said so. Blank lines are
skipped.

Each row names a person:
- found by GitHub login (a person's login, or a GitHub identity linked to them), else by
  email (an email identity); a login naming one person and an email naming another is a
  conflict. A person found gets the row's login and email added to their identities.
- nobody found: a new community member is created from the name (or the login when the name
  is empty) with the login and email as identities; a row needs a login or an email so that
  a second import finds the person again, and a name or a login to call them by.
- ``project``: a project's slug or name, one of the camp's projects; empty for none.
- ``mentor``: a GitHub login, slug or Apache id of one of the camp's mentors (set on the
  camp's edit page); anyone else is refused, so a typo never pairs a participant with a
  stranger from the data. Empty for none.
- the same person twice in the file (by login, email, or both rows finding one person) is an
  error on the later row.
- a person already enrolled in the camp is skipped and their enrolment left as it is (a
  difference from the file is pointed out), so importing the same file twice writes nothing
  the second time.

The import writes only when every row is good, in one transaction; any bad row refuses it.
"""

import csv
import hashlib
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import cast

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from camps.enrolling import (
    NewMember,
    create_members,
    link_identities,
    sync_mentorships,
)
from camps.matching import (
    Found,
    clean_email,
    clean_login,
    describe,
    find_people,
)
from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity
from projects.models import Project

MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000  # a camp has dozens to a few hundred people; a bigger file is a mistake
COLUMNS = ("name", "github_login", "email", "project", "mentor")
_ALIASES = {"github": "github_login", "login": "github_login", "e_mail": "email"}
_BOM = b"\xef\xbb\xbf"
_DELIMITERS = {
    ";": gettext_lazy("semicolons (;)"),
    "\t": gettext_lazy("tabs"),
    "|": gettext_lazy("vertical bars (|)"),
}


class Outcome(StrEnum):
    NEW = "new"  # a person created and enrolled
    EXISTING = "existing"  # a person found and enrolled
    ENROLLED = "enrolled"  # a person already in the camp: skipped
    ERROR = "error"


@dataclass
class Row:
    """One line of the file and what importing it does."""

    line: int
    name: str
    github_login: str
    email: str
    project_text: str
    mentor_text: str
    outcome: Outcome = Outcome.ERROR
    person: Contributor | None = None
    project: Project | None = None
    mentor: Contributor | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    login: str | None = None  # cleaned
    clean_email: str | None = None


@dataclass
class Preview:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the file cannot be read at all
    notes: list[str] = field(default_factory=list)
    digest: str = ""  # sha256 of the bytes previewed

    @property
    def ok(self) -> bool:
        """Whether confirming may write: the file was read and no row is bad."""
        return not self.problems and bool(self.rows) and not self.counts[Outcome.ERROR]

    @property
    def counts(self) -> Counter:
        return Counter(row.outcome for row in self.rows)

    @property
    def to_write(self) -> int:
        return self.counts[Outcome.NEW] + self.counts[Outcome.EXISTING]


@dataclass(frozen=True)
class ImportResult:
    created: int  # new people
    enrolled: int  # enrolments written, new people included
    skipped: int  # already enrolled


class ImportRefused(Exception):
    """Confirming found bad rows (or a file that cannot be read): nothing was written."""

    def __init__(self, preview: Preview):
        super().__init__(preview.problems or [e for row in preview.rows for e in row.errors])
        self.preview = preview


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# Reading the file ------------------------------------------------------------------------


@dataclass
class _Table:
    rows: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    offset = len(_BOM) if data.startswith(_BOM) else 0
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


def read_table(data: bytes) -> _Table:
    """The rows of a CSV file, or the problems that keep it from being read."""
    table = _Table()
    if len(data) > MAX_BYTES:
        table.problems.append(
            _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(MAX_BYTES)}
        )
        return table
    text, problem = _decode(data)
    if problem:
        table.problems.append(problem)
        return table
    assert text is not None  # _decode gives the text or a problem
    if not text.strip():
        table.problems.append(_("The file is empty."))
        return table
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
        if header is None:
            table.problems.append(_("The file has no header, only empty cells."))
            return table
        header_line = reader.line_num
        columns = [_column(cell) for cell in header]
        problem = _check_header(header, columns)
        if problem:
            table.problems.append(problem)
            return table
        extra = [
            cell.strip()
            for cell, col in zip(header, columns, strict=True)
            if col not in COLUMNS and cell.strip()
        ]
        if extra:
            table.notes.append(_("Columns ignored: %(columns)s.") % {"columns": ", ".join(extra)})
        previous = header_line
        for cells in reader:
            line, previous = previous + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if len(table.rows) == MAX_ROWS:
                table.problems.append(
                    _("The file has more than %(limit)s rows. Split it into smaller files.")
                    % {"limit": MAX_ROWS}
                )
                return table
            values = {col: "" for col in COLUMNS}
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
            beyond = [cell for cell in cells[len(columns) :] if cell.strip()]
            if beyond:
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
                    % {"end": reader.line_num}
                )
            table.rows.append(row)
    except csv.Error as error:
        table.problems.append(
            _("Line %(line)s cannot be read as CSV: %(error)s.")
            % {"line": reader.line_num, "error": error}
        )
        return table
    if not table.rows:
        table.problems.append(_("The file has a header but no rows."))
    return table


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


# Checking the rows against the data ------------------------------------------------------


@dataclass
class _Context:
    cohort: Cohort
    found: Found
    projects: dict[str, Project]  # by lower-cased slug and name
    camp_projects: dict[int, Project]
    camp_mentors: list[Contributor]
    enrolled: dict[int, Enrollment]  # by contributor id


def _load(cohort: Cohort, rows: Sequence[Row]) -> _Context:
    """What the rows name, in a fixed number of queries: people (3), projects (1), the
    camp's projects (1) and mentors (1), enrolments of the people found (1)."""
    for row in rows:
        row.login = clean_login(row.github_login) if row.github_login else None
        row.clean_email = clean_email(row.email) if row.email else None
    found = find_people(
        logins=[row.login for row in rows if row.login],
        emails=[row.clean_email for row in rows if row.clean_email],
        handles=[row.mentor_text for row in rows if row.mentor_text],
    )
    wanted = {row.project_text.lower() for row in rows if row.project_text}
    projects: dict[str, Project] = {}
    if wanted:
        for project in Project.objects.annotate(name_key=Lower("name")).filter(
            Q(slug__in=wanted) | Q(name_key__in=wanted)
        ):
            projects.setdefault(project.slug.lower(), project)
            projects.setdefault(project.name.lower(), project)
    people_ids = {
        person.pk
        for index in (found.by_login, found.by_email)
        for people in index.values()
        for person in people
    }
    enrolled = {
        enrollment.contributor_id: enrollment
        for enrollment in Enrollment.objects.filter(
            cohort=cohort, contributor_id__in=people_ids
        ).select_related("project", "mentor")
    }
    return _Context(
        cohort=cohort,
        found=found,
        projects=projects,
        camp_projects={project.pk: project for project in cohort.projects.order_by("name")},
        camp_mentors=list(cohort.mentors.order_by("display_name")),
        enrolled=enrolled,
    )


def _check_identity(row: Row, context: _Context) -> None:
    """Who the row names, or why it cannot say."""
    if not row.name and not row.github_login:
        row.errors.append(_("Missing name and GitHub login: give at least one."))
    if row.github_login and row.login is None:
        row.errors.append(
            _(
                "“%(login)s” is not a GitHub login: letters, digits and single hyphens, at "
                "most 39 characters."
            )
            % {"login": row.github_login}
        )
    if row.email and row.clean_email is None:
        row.errors.append(_("“%(email)s” is not an email address.") % {"email": row.email})
    if not row.github_login and not row.email:
        row.errors.append(
            _("Give a GitHub login or an email, so that the person can be found again.")
        )
    by_login = context.found.login(row.login) if row.login else []
    by_email = context.found.email(row.clean_email) if row.clean_email else []
    if len(by_login) > 1:
        row.errors.append(
            _(
                "The GitHub login @%(login)s is recorded for several people: %(people)s. "
                "Merge them first."
            )
            % {"login": row.login, "people": ", ".join(describe(p) for p in by_login)}
        )
        return
    if len(by_email) > 1:
        row.errors.append(
            _("The email is recorded for several people: %(people)s. Merge them first.")
            % {"people": ", ".join(describe(p) for p in by_email)}
        )
        return
    login_person = by_login[0] if by_login else None
    email_person = by_email[0] if by_email else None
    if login_person and email_person and login_person.pk != email_person.pk:
        row.errors.append(
            _(
                "The GitHub login belongs to %(login_person)s but the email to "
                "%(email_person)s: correct the row, or merge the two people first."
            )
            % {"login_person": describe(login_person), "email_person": describe(email_person)}
        )
        return
    if (
        row.login
        and email_person
        and not login_person
        and email_person.github_login
        and email_person.github_login.lower() != row.login.lower()
    ):
        row.errors.append(
            _("The email belongs to %(person)s, whose GitHub login is @%(theirs)s, not @%(login)s.")
            % {
                "person": describe(email_person),
                "theirs": email_person.github_login,
                "login": row.login,
            }
        )
        return
    row.person = login_person or email_person


def _check_project(row: Row, context: _Context) -> None:
    if not row.project_text:
        return
    project = context.projects.get(row.project_text.lower())
    if project is None:
        row.errors.append(
            _("Unknown project “%(project)s”: no project has this slug or name.")
            % {"project": row.project_text}
        )
    elif project.pk not in context.camp_projects:
        names = ", ".join(p.name for p in context.camp_projects.values())
        if names:
            row.errors.append(
                _("%(project)s is not one of this camp's projects (%(projects)s).")
                % {"project": project.name, "projects": names}
            )
        else:
            row.errors.append(
                _(
                    "%(project)s is not one of this camp's projects: the camp has none yet; "
                    "add them on the camp's edit page."
                )
                % {"project": project.name}
            )
    else:
        row.project = project


def _check_mentor(row: Row, context: _Context) -> None:
    if not row.mentor_text:
        return
    matches = context.found.handle(row.mentor_text)
    camp_ids = {mentor.pk for mentor in context.camp_mentors}
    ours = [person for person in matches if person.pk in camp_ids]
    if len(ours) == 1:
        row.mentor = ours[0]
    elif len(ours) > 1:
        row.errors.append(
            _("The mentor “%(mentor)s” names several of the camp's mentors: %(people)s.")
            % {"mentor": row.mentor_text, "people": ", ".join(describe(p) for p in ours)}
        )
    elif matches:
        row.errors.append(
            _(
                "%(person)s is not one of this camp's mentors: add them on the camp's edit "
                "page first."
            )
            % {"person": ", ".join(describe(p) for p in matches)}
        )
    else:
        row.errors.append(
            _("Unknown mentor “%(mentor)s”: nobody has this GitHub login, slug or Apache id.")
            % {"mentor": row.mentor_text}
        )
    if row.mentor and row.person and row.mentor.pk == row.person.pk:
        row.errors.append(_("A person cannot mentor themselves."))


def _check_duplicates(rows: Sequence[Row]) -> None:
    seen_login: dict[str, int] = {}
    seen_email: dict[str, int] = {}
    seen_person: dict[int, int] = {}
    for row in rows:
        first = None
        if row.login and row.login.lower() in seen_login:
            first = (seen_login[row.login.lower()], _("the same GitHub login"))
        elif row.clean_email and row.clean_email.lower() in seen_email:
            first = (seen_email[row.clean_email.lower()], _("the same email"))
        elif row.person and row.person.pk in seen_person:
            first = (seen_person[row.person.pk], _("the same person"))
        if first:
            row.errors.append(
                _("The same person as on line %(line)s (%(why)s).")
                % {"line": first[0], "why": first[1]}
            )
            continue
        if row.login:
            seen_login[row.login.lower()] = row.line
        if row.clean_email:
            seen_email[row.clean_email.lower()] = row.line
        if row.person:
            seen_person[row.person.pk] = row.line


def _decide(row: Row, context: _Context) -> None:
    if row.errors:
        row.outcome = Outcome.ERROR
        return
    if row.person is None:
        row.outcome = Outcome.NEW
        return
    enrollment = context.enrolled.get(row.person.pk)
    if enrollment is not None:
        row.outcome = Outcome.ENROLLED
        differences = []
        if row.project and enrollment.project_id != row.project.pk:
            differences.append(
                _("project %(camp)s, not %(file)s")
                % {
                    "camp": enrollment.project.name if enrollment.project else "—",
                    "file": row.project.name,
                }
            )
        if row.mentor and enrollment.mentor_id != row.mentor.pk:
            differences.append(
                _("mentor %(camp)s, not %(file)s")
                % {
                    "camp": enrollment.mentor.display_name if enrollment.mentor else "—",
                    "file": row.mentor.display_name,
                }
            )
        if differences:
            row.notes.append(
                _(
                    "Already enrolled, with %(differences)s: left as it is; change it on the "
                    "participants page."
                )
                % {"differences": "; ".join(differences)}
            )
        else:
            row.notes.append(_("Already enrolled: left as it is."))
        return
    row.outcome = Outcome.EXISTING
    if not row.person.is_member:
        row.notes.append(_("Becomes a community member."))
    if row.login and not row.person.github_login:
        row.notes.append(_("Their GitHub login @%(login)s is recorded.") % {"login": row.login})
    if row.clean_email and not context.found.email(row.clean_email):
        row.notes.append(_("Their email is added to their identities."))


def preview_import(*, cohort: Cohort, data: bytes) -> Preview:
    """What importing ``data`` into ``cohort`` would do, row by row; writes nothing."""
    table = read_table(data)
    preview = Preview(
        rows=table.rows, problems=table.problems, notes=table.notes, digest=digest_of(data)
    )
    if table.problems:
        return preview
    context = _load(cohort, table.rows)
    for row in table.rows:
        _check_identity(row, context)
        _check_project(row, context)
        _check_mentor(row, context)
    _check_duplicates(table.rows)
    for row in table.rows:
        _decide(row, context)
    return preview


@transaction.atomic
def apply_import(*, cohort: Cohort, data: bytes, today: date | None = None) -> ImportResult:
    """Import ``data`` into ``cohort`` if every row is good, in one transaction; otherwise
    raise ``ImportRefused`` with the preview, having written nothing."""
    today = today or timezone.localdate()
    # One import at a time per camp: the second waits, then sees the first one's people.
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    preview = preview_import(cohort=cohort, data=data)
    if not preview.ok:
        raise ImportRefused(preview)
    new = [row for row in preview.rows if row.outcome == Outcome.NEW]
    existing = [row for row in preview.rows if row.outcome == Outcome.EXISTING]
    created = create_members(
        [
            NewMember(name=row.name, github_login=row.login or "", email=row.clean_email or "")
            for row in new
        ]
    )
    for row, person in zip(new, created, strict=True):
        row.person = person
    _complete_existing(existing)
    enrollments = [
        Enrollment(
            cohort=cohort,
            contributor=row.person,
            project=row.project,
            mentor=row.mentor,
            enrolled_on=today,
        )
        for row in new + existing
    ]
    Enrollment.objects.bulk_create(enrollments)
    sync_mentorships(enrollments, today=today)
    return ImportResult(
        created=len(created),
        enrolled=len(enrollments),
        skipped=preview.counts[Outcome.ENROLLED],
    )


def _complete_existing(rows: Sequence[Row]) -> None:
    """People found: members from now on, with the row's login and email recorded."""
    people = []
    for row in rows:
        person = cast(Contributor, row.person)  # rows of people found
        changed = not person.is_member or (row.login and not person.github_login)
        person.is_member = True
        if row.login and not person.github_login:
            person.github_login = row.login
        if changed:
            person.updated_at = timezone.now()
            people.append(person)
    Contributor.objects.bulk_update(people, ["is_member", "github_login", "updated_at"])
    link_identities(
        [
            (cast(Contributor, row.person), Identity.Kind.GITHUB, row.login)
            for row in rows
            if row.login
        ]
        + [
            (cast(Contributor, row.person), Identity.Kind.GIT_EMAIL, row.clean_email)
            for row in rows
            if row.clean_email
        ]
    )


def template_csv() -> bytes:
    """An empty file with the header, with a byte-order mark so that Excel reads it as
    UTF-8 (Chinese names stay readable)."""
    return _BOM + (",".join(COLUMNS) + "\r\n").encode()
