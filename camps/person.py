"""A person's camps, as contributors shows them: on the person page and in the people API's
private part (``contributors.parts``; registered in ``CampsConfig.ready``)."""

from typing import TYPE_CHECKING

from django.db.models import Prefetch

from camps.models import Enrollment
from contributors.models import Contributor
from contributors.parts import PersonPart

if TYPE_CHECKING:
    from rest_framework.fields import Field

_RELATED = ("cohort", "project", "mentor")


def enrollments_of(contributor: Contributor) -> list[Enrollment]:
    """The camps ``contributor`` attended, newest first (one query)."""
    return list(contributor.enrollments.select_related(*_RELATED).order_by("-cohort__starts_on"))


def mentors_in(enrollments: list[Enrollment]) -> list[Contributor]:
    """The mentors the enrolments name: the person's mentors too."""
    return [enrollment.mentor for enrollment in enrollments if enrollment.mentor is not None]


def enrollments_prefetch() -> Prefetch:
    """Everyone's enrolments for a page of people, as ``enrollment_list`` (one query)."""
    return Prefetch(
        "enrollments",
        queryset=Enrollment.objects.select_related(*_RELATED),
        to_attr="enrollment_list",
    )


def enrollments_field() -> "Field":
    # DRF loads with the API, not with every command's start-up: imported when first asked.
    from camps.api.person import EnrollmentSerializer

    return EnrollmentSerializer(source="enrollment_list", many=True)


PART = PersonPart(
    name="enrollments",
    template="camps/_person.html",
    rows_of=enrollments_of,
    mentors_in=mentors_in,
    prefetch=enrollments_prefetch,
    field=enrollments_field,
)
