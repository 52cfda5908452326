"""What deciding who is who (merges, undos, links, splits) does to the community's rows.

A person's affiliations and ledger entries follow them into a merge and back out on undo.
Review months and the all-time figures are counts: the projects the people touched are
recounted once the decision commits.
"""

from collections.abc import Iterable

from django.db.models import Q

from community.models import Affiliation, Expense, ReviewMonth
from community.tasks import refresh_after_commit
from contributors.models import Contributor
from projects.models import ActivityMonth

# (key in the merge log, model, its field naming the person)
_FOLLOWING = (("affiliations", Affiliation, "contributor"), ("expenses", Expense, "person"))


def move_to(*, source: Contributor, target: Contributor) -> dict[str, list[int]]:
    """Give the source's affiliations and ledger entries to the target; returns their ids
    per key, for the merge log."""
    moved: dict[str, list[int]] = {}
    for key, model, field in _FOLLOWING:
        rows = model.objects.filter(**{field: source})
        moved[key] = list(rows.values_list("pk", flat=True))
        rows.update(**{field: target})
    return moved


def move_back(*, moved: dict, source: Contributor, target: Contributor) -> None:
    """Undo ``move_to`` for the rows that still belong to the target."""
    for key, model, field in _FOLLOWING:
        model.objects.filter(pk__in=moved.get(key, []), **{field: target}).update(**{field: source})


def recount_after_commit(*, identity_ids: Iterable[int], contributor_ids: Iterable[int]) -> None:
    """Queue a recount of every project these people or identities have work in (two
    queries), to run once the decision commits."""
    identity_ids, contributor_ids = list(identity_ids), list(contributor_ids)
    people = Q(contributor_id__in=contributor_ids) | Q(identity_id__in=identity_ids)
    projects = set(
        ActivityMonth.objects.filter(people)
        .order_by()
        .values_list("project_id", flat=True)
        .distinct()
    ) | set(
        ReviewMonth.objects.filter(people)
        .order_by()
        .values_list("project_id", flat=True)
        .distinct()
    )
    for project_id in sorted(projects):
        refresh_after_commit(project_id=project_id)
