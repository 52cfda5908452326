"""What merging people (``contributors.merges``) does to camps.

A person's enrolments, the enrolments naming them as mentor, and the camps they organize or
mentor follow them into a merge and back out on undo. Where both attended a camp the
target's enrolment stays and the source's is dropped, its row kept in the merge log so that
an undo puts it back.
"""

from camps.models import Cohort, Enrollment
from contributors.merges.common import restore, snapshot
from contributors.models import Contributor

# A camp's people by role: (the Cohort many-to-many field, its key in the merge log).
_COHORT_ROLES = (("organizers", "organized"), ("mentors", "camps_mentored"))


def move_to(*, source: Contributor, target: Contributor) -> dict[str, list]:
    """Give the source's enrolments and camp roles to the target; returns what moved per
    merge-log key."""
    moved: dict[str, list] = {"enrollments": [], "enrollments_dropped": []}
    attended = set(Enrollment.objects.filter(contributor=target).values_list("cohort", flat=True))
    for enrollment in Enrollment.objects.filter(contributor=source):
        if enrollment.cohort_id in attended:
            moved["enrollments_dropped"].append(snapshot(enrollment))
            enrollment.delete()
        else:
            moved["enrollments"].append(enrollment.pk)
    Enrollment.objects.filter(pk__in=moved["enrollments"]).update(contributor=target)
    mentored = Enrollment.objects.filter(mentor=source)
    moved["enrollments_mentored"] = list(mentored.values_list("pk", flat=True))
    mentored.update(mentor=target)
    for field, key in _COHORT_ROLES:
        moved.update(_move_cohort_role(field, key, source, target))
    return moved


def _move_cohort_role(
    field: str, key: str, source: Contributor, target: Contributor
) -> dict[str, list]:
    """The camps ``source`` organizes (or mentors) become the target's; logged under
    ``key``, with the ones the target did not hold already under ``<key>_added``."""
    through = getattr(Cohort, field).through
    held = list(through.objects.filter(contributor=source).values_list("cohort_id", flat=True))
    already = set(through.objects.filter(contributor=target).values_list("cohort_id", flat=True))
    added = [pk for pk in held if pk not in already]
    through.objects.filter(contributor=source).delete()
    through.objects.bulk_create([through(cohort_id=pk, contributor_id=target.pk) for pk in added])
    return {key: held, f"{key}_added": added}


def move_back(*, moved: dict, source: Contributor, target: Contributor) -> None:
    """Undo ``move_to`` for the rows that still belong to the target, and put back the
    source's dropped enrolments."""
    Enrollment.objects.filter(pk__in=moved.get("enrollments", []), contributor=target).update(
        contributor=source
    )
    Enrollment.objects.filter(pk__in=moved.get("enrollments_mentored", []), mentor=target).update(
        mentor=source
    )
    for data in moved.get("enrollments_dropped", []):
        if not Enrollment.objects.filter(pk=data["id"]).exists():
            restore(Enrollment, data)
    for field, key in _COHORT_ROLES:
        through = getattr(Cohort, field).through
        through.objects.filter(
            contributor=target, cohort_id__in=moved.get(f"{key}_added", [])
        ).delete()
        through.objects.bulk_create(
            [through(cohort_id=pk, contributor_id=source.pk) for pk in moved.get(key, [])],
            ignore_conflicts=True,
        )
