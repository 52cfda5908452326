"""A person's recent activity on the contributor page: merged pull requests, reviews given,
and issues reported or resolved, newest first, each linked to GitHub or JIRA.

One query on PostgreSQL, limited whatever the person's history: the latest merged PRs,
reviews (GitHub reviews and conversation comments, each pull request once), issues
reported and issues resolved, side by side. SQLite cannot limit the parts of a UNION, so
there it is a query per part.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import BigIntegerField, CharField, F, IntegerField, Max, QuerySet, Value
from django.db.models.functions import Cast
from django.utils.translation import pgettext_lazy

from contributors.models import Contributor, Identity
from projects.models import Issue, PullRequest, PullRequestComment, Repository, Review
from projects.reviewing import PARTICIPATIONS, union_all

RECENT_LIMIT = 12

# Kinds of item, as the page labels them.
KIND_LABELS = {
    "merged": pgettext_lazy("recent activity", "merged"),
    "reviewed": pgettext_lazy("recent activity", "reviewed"),
    "reported": pgettext_lazy("recent activity", "reported"),
    "resolved": pgettext_lazy("recent activity", "resolved"),
}

# Where on a pull request's page each kind of review participation is.
_ANCHORS = {Review: "pullrequestreview", PullRequestComment: "issuecomment"}


@dataclass(frozen=True)
class RecentItem:
    kind: str  # a key of KIND_LABELS
    title: str
    url: str
    where: str  # apache/kafka, or the JIRA key KAFKA-123
    when: datetime

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def pull_request_url(repository: Repository, number: int) -> str:
    return f"{repository.web_url}/pull/{number}"


def issue_url(issue: Issue) -> str:
    """The issue's page: on the project's JIRA (its own base URL or the JIRA_URL setting),
    or on GitHub for GitHub issues (key ``owner/name#12``)."""
    repository = issue.repository
    return _issue_url(
        tracker=issue.tracker,
        key=issue.key,
        repository=(repository.owner, repository.name) if repository is not None else None,
        jira_url=issue.project.jira_url,
    )


def _issue_url(*, tracker: str, key: str, repository: tuple[str, str] | None, jira_url: str) -> str:
    if tracker == Issue.Tracker.GITHUB:
        if repository is not None:
            owner, name = repository
            return f"{Repository(owner=owner, name=name).web_url}/issues/{key.rpartition('#')[2]}"
        full_name, _hash, number = key.partition("#")
        return f"https://github.com/{full_name}/issues/{number}"
    base = (jira_url or settings.JIRA_URL).rstrip("/")
    return f"{base}/browse/{key}"


# The columns every part of the recent-activity query selects, in this order.
_COLUMNS = (
    "r_kind", "r_item", "r_title", "r_number", "r_key", "r_tracker",
    "r_owner", "r_name", "r_jira_url", "r_latest", "r_at", "r_anchor",
)  # fmt: skip


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _columns(**columns: Any) -> dict[str, Any]:
    """The part's expressions for ``_COLUMNS``: a column it does not have is NULL."""
    # Typed NULLs: a bare NULL in a parenthesized part would be read as text.
    nulls = {
        "r_number": Cast(Value(None), IntegerField()),
        "r_key": _text(""),
        "r_tracker": _text(""),
        "r_owner": Cast(Value(None), CharField()),
        "r_name": Cast(Value(None), CharField()),
        "r_jira_url": _text(""),
        "r_latest": Cast(Value(None), BigIntegerField()),
        "r_anchor": _text(""),
    }
    return {name: columns.get(name, nulls.get(name)) for name in _COLUMNS}


def get_recent_activity(*, contributor: Contributor, limit: int = RECENT_LIMIT) -> list[RecentItem]:
    """The person's ``limit`` latest merged PRs, reviews and issues, newest first; one query
    (each kind's latest ``limit`` rows, side by side)."""
    # Through the person's identities: the records' per-identity indexes, not a join that
    # reads every record of the people table's side.
    mine = Identity.objects.filter(contributor=contributor).values("pk")
    merged = PullRequest.objects.filter(author__in=mine, merged_at__isnull=False).annotate(
        **_columns(
            r_kind=_text("merged"),
            r_item=F("id"),
            r_title=F("title"),
            r_number=F("number"),
            r_owner=F("repository__owner"),
            r_name=F("repository__name"),
            r_at=F("merged_at"),
        )
    )
    parts: list[QuerySet[Any]] = [merged.values_list(*_COLUMNS).order_by("-merged_at")[:limit]]
    parts += [part[:limit] for part in _reviewed(mine)]
    # A deleted (or hidden) issue's link leads nowhere; a moved one shows under its new key.
    issues = Issue.objects.exclude(gone=Issue.Gone.DELETED)
    for kind, person, when in (
        ("reported", "reporter", "created_at"),
        ("resolved", "assignee", "resolved_at"),
    ):
        part = issues.filter(**{f"{person}__in": mine, f"{when}__isnull": False}).annotate(
            **_columns(
                r_kind=_text(kind),
                r_item=F("id"),
                r_title=F("summary"),
                r_key=F("key"),
                r_tracker=F("tracker"),
                r_owner=F("repository__owner"),
                r_name=F("repository__name"),
                r_jira_url=F("project__jira_url"),
                r_at=F(when),
            )
        )
        parts.append(part.values_list(*_COLUMNS).order_by(f"-{when}")[:limit])
    if connection.features.supports_slicing_ordering_in_compound:
        rows = list(union_all(parts).order_by("-r_at")[: limit * len(parts)])
    else:  # SQLite cannot limit the parts of a UNION: a query each
        rows = sorted((row for part in parts for row in part), key=lambda r: r[10], reverse=True)
    items: list[RecentItem] = []
    reviewed: set[int] = set()
    for kind, item, title, number, key, tracker, owner, name, jira_url, latest, at, anchor in rows:
        if kind == "reviewed":
            if item in reviewed:  # a pull request reviewed and commented on shows once
                continue
            reviewed.add(item)
        if kind in ("merged", "reviewed"):
            url = pull_request_url(Repository(owner=owner, name=name), number)
            if kind == "reviewed":
                url += f"#{anchor}-{latest}"
            where = f"{owner}/{name}"
        else:
            repository = (owner, name) if owner is not None else None
            url = _issue_url(tracker=tracker, key=key, repository=repository, jira_url=jira_url)
            where = key
        items.append(RecentItem(kind=kind, title=title, url=url, where=where, when=at))
        if len(items) == limit:
            break
    return items


def _reviewed(mine: QuerySet[Any]) -> list[QuerySet[Any]]:
    """Per kind of participation, the pull requests the person reviewed or wrote in, latest
    first, each linked to the latest review or comment. Those of one's own PRs are replies,
    not reviews (projects.reviewing)."""
    return [
        source.records_of(mine)
        .order_by()
        .values(
            r_item=F("pull_request_id"),
            r_title=F("pull_request__title"),
            r_number=F("pull_request__number"),
            r_owner=F("pull_request__repository__owner"),
            r_name=F("pull_request__repository__name"),
        )
        .annotate(
            r_kind=_text("reviewed"),
            r_key=_text(""),
            r_tracker=_text(""),
            r_jira_url=_text(""),
            # GitHub's ids grow with time: the largest is the latest one.
            r_latest=Max("github_id"),
            r_at=Max(source.when),
            r_anchor=_text(_ANCHORS[source.model]),
        )
        .values_list(*_COLUMNS)
        .order_by("-r_at")
        for source in PARTICIPATIONS
    ]
