"""Checking the rows against the data: who each row names (found by GitHub login, else by
email; a conflict between the two refused), the project and mentor it names (the camp's
own only), people named twice in the file, and what importing the row would do. Reads in a
fixed number of queries; writes nothing."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from camps.importing.reading import read_table
from camps.importing.rows import Outcome, Preview, Row, digest_of
from camps.matching import Found, clean_email, clean_login, describe, find_people
from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from projects.models import Project


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
    _check_given(row)
    by_login = context.found.login(row.login) if row.login else []
    by_email = context.found.email(row.clean_email) if row.clean_email else []
    problem = _ambiguity(row, by_login, by_email)
    if problem is None:
        login_person = by_login[0] if by_login else None
        email_person = by_email[0] if by_email else None
        problem = _disagreement(row, login_person, email_person)
    if problem is None:
        row.person = login_person or email_person
    else:
        row.errors.append(problem)


def _check_given(row: Row) -> None:
    """What the row must give, each in its form."""
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


def _ambiguity(row: Row, by_login: list[Contributor], by_email: list[Contributor]) -> str | None:
    """A login or an email recorded for several people: they must be merged first."""
    if len(by_login) > 1:
        return _(
            "The GitHub login @%(login)s is recorded for several people: %(people)s. "
            "Merge them first."
        ) % {"login": row.login, "people": ", ".join(describe(p) for p in by_login)}
    if len(by_email) > 1:
        return _("The email is recorded for several people: %(people)s. Merge them first.") % {
            "people": ", ".join(describe(p) for p in by_email)
        }
    return None


def _disagreement(
    row: Row, login_person: Contributor | None, email_person: Contributor | None
) -> str | None:
    """The login and the email naming two people, or the email naming someone with
    another login."""
    if login_person and email_person and login_person.pk != email_person.pk:
        return _(
            "The GitHub login belongs to %(login_person)s but the email to "
            "%(email_person)s: correct the row, or merge the two people first."
        ) % {"login_person": describe(login_person), "email_person": describe(email_person)}
    if (
        row.login
        and email_person
        and not login_person
        and email_person.github_login
        and email_person.github_login.lower() != row.login.lower()
    ):
        return _(
            "The email belongs to %(person)s, whose GitHub login is @%(theirs)s, not @%(login)s."
        ) % {
            "person": describe(email_person),
            "theirs": email_person.github_login,
            "login": row.login,
        }
    return None


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
