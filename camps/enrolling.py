"""Enrolling people in camps, pairing them with mentors, and changing their status.

A camp's mentorships follow its enrolments: an enrolment with a mentor has a Mentorship row
(mentor, participant, project, camp) that is open while the enrolment is active and closed
when the participant graduates or drops out. Pairing someone else, or another project,
closes the previous camp mentorship, or deletes it when it had not started yet (a pairing
changed before the camp opens leaves no trace). Whoever is enrolled becomes a community
member (``Contributor.is_member``).

Dates: a mentorship starts when the camp starts, or on the day of the pairing when that is
during the camp. It ends on the day the status changes, but never before it started nor after
the camp ended, so recording a past camp gives the camp's own dates.

Writes are atomic; a bad pairing raises ``ValidationError`` with a message naming the problem.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from camps.matching import (
    clean_email,
    clean_login,
    describe,
    find_people,
    looks_like_email,
)
from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity, Mentorship
from contributors.resolution.names import unique_slug
from projects.identities import identity_key, upsert_identities
from projects.models import Project

_SLUG_BATCH = 200  # OR-ed prefixes per query; SQLite caps an expression's depth at 1000


@dataclass(frozen=True)
class NewMember:
    """A person to create: a name, and a GitHub login or an email to find them again."""

    name: str
    github_login: str = ""
    email: str = ""


def find_person(text: str) -> Contributor | None:
    """The person ``text`` names: an email, or a GitHub login, slug or Apache id.

    Raises ``ValidationError`` when it names several people."""
    text = text.strip()
    if not text:
        return None
    if looks_like_email(text):
        people = find_people(emails=[text]).email(text)
    else:
        handle = clean_login(text) or text
        people = find_people(handles=[handle]).handle(handle)
    if len(people) > 1:
        raise ValidationError(
            _("“%(text)s” names several people: %(people)s. Use a slug to say which one.")
            % {"text": text, "people": ", ".join(describe(person) for person in people)}
        )
    return people[0] if people else None


def _slug_bases(specs: Sequence[NewMember]) -> list[tuple[str, str]]:
    return [
        (spec.name or spec.github_login, spec.github_login or spec.email.partition("@")[0])
        for spec in specs
    ]


def _taken_slugs(bases: Iterable[str]) -> set[str]:
    bases = sorted(set(bases))
    taken: set[str] = set()
    for start in range(0, len(bases), _SLUG_BATCH):
        prefixes = Q()
        for base in bases[start : start + _SLUG_BATCH]:
            prefixes |= Q(slug__startswith=base)
        taken.update(Contributor.objects.filter(prefixes).values_list("slug", flat=True))
    return taken


def create_members(specs: Sequence[NewMember]) -> list[Contributor]:
    """Create these people as community members with their GitHub login and email
    identities (identities already seen in the data, unlinked, are linked to them)."""
    if not specs:
        return []
    names = _slug_bases(specs)
    # With nothing taken, ``unique_slug`` returns the base a name's slugs start from.
    taken = _taken_slugs(unique_slug(name, set(), fallback) for name, fallback in names)
    people = [
        Contributor(
            display_name=(spec.name or spec.github_login).strip()[:200],
            slug=unique_slug(name, taken, fallback),
            github_login=spec.github_login,
            is_member=True,
            origin=Contributor.Origin.MANUAL,
        )
        for spec, (name, fallback) in zip(specs, names, strict=True)
    ]
    Contributor.objects.bulk_create(people)
    link_identities(
        [
            (person, Identity.Kind.GITHUB, spec.github_login)
            for person, spec in zip(people, specs, strict=True)
            if spec.github_login
        ]
        + [
            (person, Identity.Kind.GIT_EMAIL, spec.email)
            for person, spec in zip(people, specs, strict=True)
            if spec.email
        ]
    )
    return people


def link_identities(links: Sequence[tuple[Contributor, str, str]]) -> int:
    """Link the identities (kind, raw value) to these people, creating the missing ones;
    an identity already linked to somebody stays theirs. Returns identities linked."""
    if not links:
        return 0
    ids = upsert_identities((kind, raw) for _person, kind, raw in links)
    rows = Identity.objects.in_bulk(list(ids.values()))
    changed = []
    for person, kind, raw in links:
        key = identity_key(kind, raw)
        if key is None:  # a blank value, which upsert_identities made nothing for
            continue
        identity = rows[ids[key]]
        if identity.contributor_id is None:
            identity.contributor = person
            # An organizer said whose it is: a decision resolution keeps, like a hand link.
            identity.link_source = Identity.LinkSource.MANUAL
            changed.append(identity)
    Identity.objects.bulk_update(changed, ["contributor", "link_source"])
    return len(changed)


def check_pairing(
    *,
    cohort: Cohort,
    contributor: Contributor,
    project: Project | None,
    mentor: Contributor | None,
) -> None:
    """Refuse a project outside the camp, a mentor who is not one of the camp's, and a
    person mentoring themselves."""
    problems = []
    if project is not None and not cohort.projects.filter(pk=project.pk).exists():
        problems.append(
            _("%(project)s is not one of this camp's projects.") % {"project": project.name}
        )
    if mentor is not None:
        if mentor.pk == contributor.pk:
            problems.append(_("A person cannot mentor themselves."))
        elif not cohort.mentors.filter(pk=mentor.pk).exists():
            problems.append(
                _("%(mentor)s is not one of this camp's mentors: add them to the camp first.")
                % {"mentor": describe(mentor)}
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def enrol(
    *,
    cohort: Cohort,
    contributor: Contributor,
    project: Project | None = None,
    mentor: Contributor | None = None,
    goal: str = "",
    today: date | None = None,
) -> Enrollment:
    """Enrol one person, pair their mentor, make them a member."""
    today = today or timezone.localdate()
    check_pairing(cohort=cohort, contributor=contributor, project=project, mentor=mentor)
    if Enrollment.objects.filter(cohort=cohort, contributor=contributor).exists():
        raise ValidationError(
            _("%(person)s is already enrolled in this camp.") % {"person": describe(contributor)}
        )
    enrollment = Enrollment.objects.create(
        cohort=cohort,
        contributor=contributor,
        project=project,
        mentor=mentor,
        goal=goal,
        enrolled_on=today,
    )
    if not contributor.is_member:
        contributor.is_member = True
        contributor.save(update_fields=["is_member", "updated_at"])
    sync_mentorships([enrollment], today=today)
    return enrollment


@transaction.atomic
def enrol_person(
    *,
    cohort: Cohort,
    who: str,
    name: str = "",
    project: Project | None = None,
    mentor: Contributor | None = None,
    goal: str = "",
    today: date | None = None,
) -> tuple[Enrollment, bool]:
    """Enrol the person ``who`` names (GitHub login, email, slug or Apache id); when nobody
    has it and a ``name`` is given, create them from the login or email. Returns the
    enrolment and whether the person was created."""
    who = who.strip()
    person = find_person(who)
    if person is not None:
        return enrol(
            cohort=cohort,
            contributor=person,
            project=project,
            mentor=mentor,
            goal=goal,
            today=today,
        ), False
    if not name.strip():
        raise ValidationError(
            _(
                "Nobody has the GitHub login, email, slug or Apache id “%(who)s”. To enrol "
                "someone new, give their name as well."
            )
            % {"who": who}
        )
    if looks_like_email(who):
        email = clean_email(who)
        if email is None:
            raise ValidationError(_("“%(who)s” is not a valid email address.") % {"who": who})
        spec = NewMember(name=name.strip(), email=email)
    else:
        login = clean_login(who)
        if login is None:
            raise ValidationError(
                _(
                    "“%(who)s” is not a GitHub login (letters, digits and single hyphens, "
                    "at most 39 characters) nor an email address."
                )
                % {"who": who}
            )
        spec = NewMember(name=name.strip(), github_login=login)
    (person,) = create_members([spec])
    enrollment = enrol(
        cohort=cohort, contributor=person, project=project, mentor=mentor, goal=goal, today=today
    )
    return enrollment, True


@transaction.atomic
def update_enrollment(
    *,
    enrollment: Enrollment,
    project: Project | None,
    mentor: Contributor | None,
    status: str,
    goal: str,
    today: date | None = None,
) -> Enrollment:
    """Change a participant's project, mentor, status or goal; their camp mentorships
    follow."""
    if status not in Enrollment.Status.values:
        raise ValidationError(_("“%(status)s” is not a status.") % {"status": status})
    check_pairing(
        cohort=enrollment.cohort,
        contributor=enrollment.contributor,
        project=project,
        mentor=mentor,
    )
    enrollment.project = project
    enrollment.mentor = mentor
    enrollment.status = status
    enrollment.goal = goal
    enrollment.save(update_fields=["project", "mentor", "status", "goal"])
    sync_mentorships([enrollment], today=today or timezone.localdate())
    return enrollment


def _starts(cohort: Cohort, today: date) -> date:
    return today if cohort.starts_on < today <= cohort.ends_on else cohort.starts_on


def _ends(mentorship: Mentorship, cohort: Cohort, today: date) -> date:
    started = mentorship.started_on or cohort.starts_on
    return max(started, min(today, cohort.ends_on))


def sync_mentorships(enrollments: Sequence[Enrollment], *, today: date) -> None:
    """Make the camp mentorships of these enrolments follow them (see the module's
    docstring), in four queries however many enrolments: read, create, update, delete."""
    if not enrollments:
        return
    existing: dict[tuple[int | None, int], list[Mentorship]] = defaultdict(list)
    for mentorship in Mentorship.objects.filter(
        cohort_id__in={e.cohort_id for e in enrollments},
        mentee_id__in={e.contributor_id for e in enrollments},
    ).order_by("pk"):
        existing[(mentorship.cohort_id, mentorship.mentee_id)].append(mentorship)
    create: list[Mentorship] = []
    update: list[Mentorship] = []
    delete: list[int] = []
    for enrollment in enrollments:
        cohort = enrollment.cohort
        active = enrollment.status == Enrollment.Status.ACTIVE
        mentor_id = enrollment.mentor_id
        wanted = (mentor_id, enrollment.project_id) if mentor_id else None
        kept = None
        for mentorship in existing[(enrollment.cohort_id, enrollment.contributor_id)]:
            if wanted == (mentorship.mentor_id, mentorship.project_id):
                kept = mentorship
            elif mentorship.ended_on is None:
                if mentorship.started_on is not None and mentorship.started_on > today:
                    delete.append(mentorship.pk)
                else:
                    mentorship.ended_on = _ends(mentorship, cohort, today)
                    update.append(mentorship)
        if wanted is None:
            continue
        if kept is None:
            mentorship = Mentorship(
                mentor_id=wanted[0],
                mentee_id=enrollment.contributor_id,
                project_id=enrollment.project_id,
                cohort=cohort,
                started_on=_starts(cohort, today),
            )
            if not active:
                mentorship.ended_on = _ends(mentorship, cohort, today)
            create.append(mentorship)
        elif active and kept.ended_on is not None:
            kept.ended_on = None
            update.append(kept)
        elif not active and kept.ended_on is None:
            kept.ended_on = _ends(kept, cohort, today)
            update.append(kept)
    if delete:
        Mentorship.objects.filter(pk__in=delete).delete()
    if update:
        Mentorship.objects.bulk_update(update, ["ended_on"])
    if create:
        Mentorship.objects.bulk_create(create)
