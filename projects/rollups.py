"""Monthly activity rollups: rebuilt from source records for the people a change touched.

A sync calls ``refresh_activity_months`` with the identities whose records it wrote; a
merge or link calls it with the contributors involved. Each person's rows are rebuilt from
scratch, so a refresh is idempotent and always agrees with the records.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db import models, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from osc4you.lib.calendar import month_of
from projects.bulk import insert_ignoring_conflicts
from projects.freshness import records_changed
from projects.models import (
    ActivityMonth,
    Commit,
    CommitCredit,
    Identity,
    Issue,
    IssueComment,
    PullRequest,
    PullRequestComment,
    Review,
    ReviewComment,
)
from projects.reviewing import CONVERSATION_COMMENTS, OWN_PULL_REQUEST

# Keeps IN lists well under SQLite's bound-parameter limit.
_CHUNK = 500


class ActivityRow(NamedTuple):
    """An ``ActivityMonth`` row for the bulk writer: a person's or an unresolved identity's
    count of one kind of activity in one project and month."""

    contributor: int | None
    identity: int | None
    project: int
    month: date
    kind: str
    count: int


@dataclass(frozen=True)
class _KindSpec:
    kind: str
    model: type[models.Model]
    person: str  # the identity foreign key
    when: str  # the date the activity counts in
    project: str  # path to the project id
    counted: str = "id"  # distinct values counted
    where: Q = field(default_factory=Q)
    exclude: Q | None = None
    # More records of the kind: a value counted in several of them counts once.
    also: tuple["_KindSpec", ...] = ()


KIND_SPECS: tuple[_KindSpec, ...] = (
    # Merge commits record who pressed the button, not who wrote the change.
    _KindSpec(
        ActivityMonth.Kind.COMMIT,
        Commit,
        "author",
        "committed_at",
        "repository__project",
        where=Q(is_merge=False),
    ),
    _KindSpec(
        ActivityMonth.Kind.COMMIT_REVIEW,
        CommitCredit,
        "identity",
        "commit__committed_at",
        "commit__repository__project",
        counted="commit_id",
        where=Q(kind=CommitCredit.Kind.REVIEWER),
    ),
    _KindSpec(
        ActivityMonth.Kind.COMMIT_COAUTHOR,
        CommitCredit,
        "identity",
        "commit__committed_at",
        "commit__repository__project",
        counted="commit_id",
        where=Q(kind=CommitCredit.Kind.CO_AUTHOR),
    ),
    _KindSpec(
        ActivityMonth.Kind.PR_OPENED, PullRequest, "author", "created_at", "repository__project"
    ),
    _KindSpec(
        ActivityMonth.Kind.PR_MERGED,
        PullRequest,
        "author",
        "merged_at",
        "repository__project",
        where=Q(state=PullRequest.State.MERGED),
    ),
    # A review counts once per pull request and month, never on one's own, whether seen as
    # a GitHub review, a conversation comment or both (projects.reviewing).
    _KindSpec(
        ActivityMonth.Kind.REVIEW,
        Review,
        "reviewer",
        "submitted_at",
        "pull_request__repository__project",
        counted="pull_request_id",
        where=Q(submitted_at__isnull=False),
        exclude=OWN_PULL_REQUEST,
        also=(
            _KindSpec(
                ActivityMonth.Kind.REVIEW,
                PullRequestComment,
                CONVERSATION_COMMENTS.person,
                CONVERSATION_COMMENTS.when,
                "pull_request__repository__project",
                counted="pull_request_id",
                exclude=CONVERSATION_COMMENTS.own,
            ),
        ),
    ),
    _KindSpec(
        ActivityMonth.Kind.REVIEW_COMMENT,
        ReviewComment,
        "author",
        "created_at",
        "pull_request__repository__project",
    ),
    # An issue moved out of the followed projects, or deleted, no longer counts anywhere.
    _KindSpec(
        ActivityMonth.Kind.ISSUE_REPORTED,
        Issue,
        "reporter",
        "created_at",
        "project",
        where=Q(gone=""),
    ),
    _KindSpec(
        ActivityMonth.Kind.ISSUE_RESOLVED,
        Issue,
        "assignee",
        "resolved_at",
        "project",
        where=Q(resolved_at__isnull=False, gone=""),
    ),
    _KindSpec(
        ActivityMonth.Kind.ISSUE_COMMENT,
        IssueComment,
        "author",
        "created_at",
        "issue__project",
        where=Q(issue__gone=""),
    ),
)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _counts(spec: _KindSpec, subject_field: str, subject_ids: list[int]) -> Iterable[dict]:
    """Rows of (subject, project, month, n) for one kind, grouped in the database."""
    if spec.also:
        return _counts_across((spec, *spec.also), subject_field, subject_ids)
    return (
        _annotated(spec, subject_field, subject_ids)
        .values("rollup_subject", "rollup_project", "rollup_month")
        .annotate(n=Count(spec.counted, distinct=True))
        .order_by()
    )


def _annotated(spec: _KindSpec, subject_field: str, subject_ids: list[int]) -> QuerySet:
    subject_lookup = f"{spec.person}__{subject_field}__in"
    queryset = spec.model._default_manager.filter(spec.where, **{subject_lookup: subject_ids})
    if spec.exclude is not None:
        queryset = queryset.exclude(spec.exclude)
    return queryset.annotate(
        rollup_subject=F(f"{spec.person}__{subject_field}"),
        rollup_project=F(spec.project),
        rollup_month=TruncMonth(spec.when),
    )


def _counts_across(
    specs: tuple[_KindSpec, ...], subject_field: str, subject_ids: list[int]
) -> Iterable[dict]:
    """``_counts`` over several models: UNION keeps each (subject, project, month, counted
    value) once, and the database's answer is counted here."""
    parts = [
        _annotated(spec, subject_field, subject_ids)
        .order_by()
        .values_list("rollup_subject", "rollup_project", "rollup_month", spec.counted)
        for spec in specs
    ]
    tally = Counter(row[:3] for row in parts[0].union(*parts[1:]))
    return (
        {"rollup_subject": s, "rollup_project": p, "rollup_month": m, "n": n}
        for (s, p, m), n in tally.items()
    )


@transaction.atomic
def refresh_activity_months(
    *, identity_ids: Iterable[int] = (), contributor_ids: Iterable[int] = ()
) -> int:
    """Rebuild the monthly rows of everyone behind these identities and contributors.

    Returns the number of rows written. Rows keyed by an identity that has since been
    resolved are removed, so a link or merge leaves no stale counts behind.
    """
    identity_ids = sorted(set(identity_ids))
    contributors: set[int] = set(contributor_ids)
    unresolved: list[int] = []
    for chunk in _chunks(identity_ids):
        for identity_id, contributor_id in Identity.objects.filter(pk__in=chunk).values_list(
            "pk", "contributor_id"
        ):
            if contributor_id is None:
                unresolved.append(identity_id)
            else:
                contributors.add(contributor_id)
    contributor_list = sorted(contributors)

    for chunk in _chunks(identity_ids):
        ActivityMonth.objects.filter(identity_id__in=chunk).delete()
    for chunk in _chunks(contributor_list):
        ActivityMonth.objects.filter(contributor_id__in=chunk).delete()

    rows: list[ActivityRow] = []
    for spec in KIND_SPECS:
        for chunk in _chunks(contributor_list):
            rows.extend(
                ActivityRow(row["rollup_subject"], None, row["rollup_project"],
                            month_of(row["rollup_month"]), spec.kind, row["n"])
                for row in _counts(spec, "contributor_id", chunk)
            )  # fmt: skip
        for chunk in _chunks(unresolved):
            rows.extend(
                ActivityRow(None, row["rollup_subject"], row["rollup_project"],
                            month_of(row["rollup_month"]), spec.kind, row["n"])
                for row in _counts(spec, "id", chunk)
            )  # fmt: skip
    # Tuples: a model instance per row would cost more than the counting itself.
    insert_ignoring_conflicts(ActivityMonth, ActivityRow._fields, rows)
    records_changed()
    return len(rows)
