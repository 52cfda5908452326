"""The camps' part in who may see what (``contributors.roles`` holds the roles).

An active enrolment naming a mentor makes that mentor's mentee a current one, as a
mentorship not yet ended does: ``enrolled_mentees`` is registered as a source of mentees.
A camp's reports, which carry every participant's enrolment status, are for its staff.
"""

from datetime import date

from django.db.models import Q, QuerySet

from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from contributors.roles import AnyUser, cached_on, contributor_of, is_organizer


def enrolled_mentees(*, mentor: Contributor | None, today: date) -> QuerySet:
    """Ids of the people in an active enrolment naming ``mentor`` (any mentor, without one);
    an enrolment is current while active, whatever the date."""
    enrolled = Enrollment.objects.filter(status=Enrollment.Status.ACTIVE)
    if mentor is None:
        enrolled = enrolled.filter(mentor__isnull=False)
    else:
        enrolled = enrolled.filter(mentor=mentor)
    return enrolled.values_list("contributor_id", flat=True)


def can_export_camp(user: AnyUser, cohort: Cohort) -> bool:
    """Camp reports are for the camp's staff: organizers (the group, or named on the camp),
    the camp's mentors and the mentors its enrolments name. Their reports carry every
    participant's enrolment status, which the camp page shows them too (one query)."""
    if is_organizer(user):
        return True
    own = contributor_of(user)
    if own is None:
        return False
    return cached_on(
        user,
        f"camp-staff-{cohort.pk}",
        lambda: Cohort.objects.filter(
            Q(organizers=own) | Q(mentors=own) | Q(enrollments__mentor=own), pk=cohort.pk
        ).exists(),
    )
