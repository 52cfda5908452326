"""Monthly activity rollups: rebuilt from source records for the people a change touched.

A sync calls ``refresh_activity_months`` with the identities whose records it wrote; a
merge or link calls it with the contributors involved. Each person's rows are rebuilt from
scratch, so a refresh is idempotent and always agrees with the records.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.db import connection, models, transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncMonth

from projects.bulk import fast_path, id_array, sql_name
from projects.credits import OWN_COMMIT, conventions, credited_as
from projects.freshness import records_changed
from projects.models import (
    ActivityMonth,
    Commit,
    CommitCredit,
    Identity,
    Issue,
    IssueComment,
    ListMessage,
    PullRequest,
    PullRequestComment,
    Review,
    ReviewComment,
)
from projects.models.conventions import Meaning
from projects.reviewing import CONVERSATION_COMMENTS, OWN_PULL_REQUEST

# Keeps IN lists well under SQLite's bound-parameter limit (PostgreSQL takes one array).
_CHUNK = 500


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
    # Commit credits: what they must mean in their project's convention (projects.credits).
    meaning: str = ""


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
        meaning=Meaning.REVIEWED,
    ),
    _KindSpec(
        ActivityMonth.Kind.COMMIT_COAUTHOR,
        CommitCredit,
        "identity",
        "commit__committed_at",
        "commit__repository__project",
        counted="commit_id",
        meaning=Meaning.CO_AUTHORED,
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
    # Mailing lists: machines' mail has no sender, so it never reaches a person's counts.
    _KindSpec(
        ActivityMonth.Kind.LIST_THREAD,
        ListMessage,
        "sender",
        "sent_at",
        "mailing_list__project",
        where=Q(kind=ListMessage.Kind.THREAD, is_machine=False),
    ),
    _KindSpec(
        ActivityMonth.Kind.LIST_REPLY,
        ListMessage,
        "sender",
        "sent_at",
        "mailing_list__project",
        where=Q(kind=ListMessage.Kind.REPLY, is_machine=False),
    ),
    # One vote per thread: a voter who writes again in the thread (or changes their mind)
    # has cast one vote.
    _KindSpec(
        ActivityMonth.Kind.LIST_VOTE,
        ListMessage,
        "sender",
        "sent_at",
        "mailing_list__project",
        counted="thread_root",
        where=Q(is_machine=False) & ~Q(vote=""),
    ),
    _KindSpec(
        ActivityMonth.Kind.LIST_DESIGN,
        ListMessage,
        "sender",
        "sent_at",
        "mailing_list__project",
        where=Q(is_design=True, is_machine=False),
    ),
)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    """All ids at once on PostgreSQL, where they travel as one array; else a chunk at a time."""
    size = max(len(ids), 1) if fast_path() else _CHUNK
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _among(lookup: str, ids: list[int]) -> Q:
    """``lookup`` is one of ``ids``: one array parameter on PostgreSQL (a short statement
    whatever the count, planned once), an IN list elsewhere."""
    if fast_path():
        return Q(**{f"{lookup}__in": RawSQL("SELECT unnest(%s::bigint[])", (id_array(ids),))})
    return Q(**{f"{lookup}__in": ids})


def _annotated(
    spec: _KindSpec, subject_field: str, subject_ids: list[int], known: list[tuple[int, dict]]
) -> QuerySet:
    """The kind's records of these subjects, with the subject, project and month named."""
    queryset = spec.model._default_manager.filter(
        spec.where, _among(f"{spec.person}__{subject_field}", subject_ids)
    )
    if spec.meaning:
        queryset = queryset.filter(credited_as(spec.meaning, known=known)).exclude(OWN_COMMIT)
    if spec.exclude is not None:
        queryset = queryset.exclude(spec.exclude)
    return queryset.annotate(
        rollup_subject=F(f"{spec.person}__{subject_field}"),
        rollup_project=F(spec.project),
        # The month's first day in TIME_ZONE, as the month column stores it.
        rollup_month=TruncMonth(spec.when, output_field=models.DateField()),
    )


def _counts_sql(
    spec: _KindSpec, subject_field: str, subject_ids: list[int], known: list[tuple[int, dict]]
) -> tuple[str, tuple]:
    """SQL of the rows (rollup_subject, rollup_project, rollup_month, n) of one kind, grouped
    in the database. A kind with ``also`` records counts a value seen in several of them
    once: their UNION keeps each (subject, project, month, value) once, and is counted."""
    if not spec.also:
        counts = (
            _annotated(spec, subject_field, subject_ids, known)
            .values("rollup_subject", "rollup_project", "rollup_month")
            .annotate(n=Count(spec.counted, distinct=True))
            .order_by()
        )
        sql, params = counts.query.sql_with_params()
        return sql, tuple(params)
    parts = [
        _annotated(part, subject_field, subject_ids, known)
        .order_by()
        .values_list("rollup_subject", "rollup_project", "rollup_month", part.counted)
        for part in (spec, *spec.also)
    ]
    union, params = parts[0].union(*parts[1:]).query.sql_with_params()
    sql = (
        "SELECT seen.rollup_subject, seen.rollup_project, seen.rollup_month, COUNT(*) AS n "
        f"FROM ({union}) seen GROUP BY seen.rollup_subject, seen.rollup_project, "
        "seen.rollup_month"
    )
    return sql, tuple(params)


def _insert_counts(subject: str, subject_ids: list[int], known: list[tuple[int, dict]]) -> int:
    """Write every kind's counts for these contributors (``subject="contributor"``) or
    unresolved identities (``"identity"``) in one INSERT … SELECT of the kinds side by side
    (UNION ALL): the rows never leave the database, and one statement is planned instead
    of one a kind. Returns the rows written."""
    field = "contributor_id" if subject == "contributor" else "id"
    parts, params = [], []
    for spec in KIND_SPECS:
        select, kind_params = _counts_sql(spec, field, subject_ids, known)
        parts.append(
            "SELECT counted.rollup_subject, counted.rollup_project, counted.rollup_month, "
            f"%s, counted.n FROM ({select}) counted"
        )
        params += [spec.kind, *kind_params]
    columns = ", ".join(
        sql_name(cast(models.Field, ActivityMonth._meta.get_field(name)).column)
        for name in (subject, "project", "month", "kind", "count")
    )
    with connection.cursor() as cursor:
        # "WHERE true" tells SQLite the ON CONFLICT belongs to the INSERT, not a join.
        cursor.execute(
            f"INSERT INTO {sql_name(ActivityMonth._meta.db_table)} ({columns}) "
            f"SELECT * FROM ({' UNION ALL '.join(parts)}) kinds WHERE true "
            "ON CONFLICT DO NOTHING",
            params,
        )
        return cursor.rowcount


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
        for identity_id, contributor_id in Identity.objects.filter(_among("pk", chunk)).values_list(
            "pk", "contributor_id"
        ):
            if contributor_id is None:
                unresolved.append(identity_id)
            else:
                contributors.add(contributor_id)
    contributor_list = sorted(contributors)

    for chunk in _chunks(identity_ids):
        ActivityMonth.objects.filter(_among("identity_id", chunk)).delete()
    for chunk in _chunks(contributor_list):
        ActivityMonth.objects.filter(_among("contributor_id", chunk)).delete()

    written = 0
    known = conventions() if contributor_list or unresolved else []
    for chunk in _chunks(contributor_list):
        written += _insert_counts("contributor", chunk, known)
    for chunk in _chunks(sorted(unresolved)):
        written += _insert_counts("identity", chunk, known)
    records_changed()
    return written
