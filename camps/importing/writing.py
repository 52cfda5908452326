"""Writing an import: every row of a file that checks out, in one transaction, or none."""

from collections.abc import Sequence
from datetime import date
from typing import cast

from django.db import transaction
from django.utils import timezone

from camps.enrolling import NewMember, create_members, link_identities, sync_mentorships
from camps.importing.checking import preview_import
from camps.importing.rows import ImportRefused, ImportResult, Outcome, Row
from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity


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
