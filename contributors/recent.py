"""A person's recent activity on the contributor page: merged pull requests, reviews given,
and issues reported or resolved, newest first, each linked to GitHub or JIRA.

Four queries, each limited, whatever the person's history: merged PRs, reviews (GitHub
reviews and conversation comments, each pull request once), issues reported, issues
resolved.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.db.models import CharField, Max, QuerySet, Value
from django.utils.translation import pgettext_lazy

from contributors.models import Contributor, Identity
from projects.models import Issue, PullRequest, PullRequestComment, Repository, Review
from projects.reviewing import PARTICIPATIONS, own_pull_request_of, union_all

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
    if issue.tracker == Issue.Tracker.GITHUB:
        if issue.repository is not None:
            return f"{issue.repository.web_url}/issues/{issue.key.rpartition('#')[2]}"
        repository, _hash, number = issue.key.partition("#")
        return f"https://github.com/{repository}/issues/{number}"
    base = (issue.project.jira_url or settings.JIRA_URL).rstrip("/")
    return f"{base}/browse/{issue.key}"


def get_recent_activity(*, contributor: Contributor, limit: int = RECENT_LIMIT) -> list[RecentItem]:
    """The person's ``limit`` latest merged PRs, reviews and issues, newest first."""
    # Through the person's identities: the records' per-identity indexes, not a join that
    # reads every record of the people table's side.
    mine = Identity.objects.filter(contributor=contributor).values("pk")
    items = [
        RecentItem(
            kind="merged",
            title=pr.title,
            url=pull_request_url(pr.repository, pr.number),
            where=pr.repository.full_name,
            when=cast(datetime, pr.merged_at),  # merged_at__isnull=False
        )
        for pr in PullRequest.objects.filter(author__in=mine, merged_at__isnull=False)
        .select_related("repository")
        .only("title", "number", "merged_at", "repository__owner", "repository__name")
        .order_by("-merged_at")[:limit]
    ]
    items += _reviewed(mine, limit)
    # A deleted (or hidden) issue's link leads nowhere; a moved one shows under its new key.
    issues = Issue.objects.select_related("project", "repository").exclude(gone=Issue.Gone.DELETED)
    items += [
        RecentItem("reported", issue.summary, issue_url(issue), issue.key, issue.created_at)
        for issue in issues.filter(reporter__in=mine).order_by("-created_at")[:limit]
    ]
    items += [
        RecentItem(
            "resolved",
            issue.summary,
            issue_url(issue),
            issue.key,
            cast(datetime, issue.resolved_at),
        )
        for issue in issues.filter(assignee__in=mine, resolved_at__isnull=False).order_by(
            "-resolved_at"
        )[:limit]
    ]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:limit]


def _reviewed(mine: QuerySet[Any], limit: int) -> list[RecentItem]:
    """The pull requests the person reviewed or wrote in most recently, each once, linked to
    the latest review or comment; one query. Those of one's own PRs are replies, not reviews
    (projects.reviewing)."""
    parts = [
        source.records()
        .filter(**{f"{source.person}__in": mine})
        .exclude(own_pull_request_of(mine))
        .order_by()
        .values(
            "pull_request_id",
            "pull_request__title",
            "pull_request__number",
            "pull_request__repository__owner",
            "pull_request__repository__name",
        )
        .annotate(
            # GitHub's ids grow with time: the largest is the latest one.
            latest=Max("github_id"),
            at=Max(source.when),
            anchor=Value(_ANCHORS[source.model], output_field=CharField()),
        )
        .values_list(
            "pull_request_id",
            "pull_request__title",
            "pull_request__number",
            "pull_request__repository__owner",
            "pull_request__repository__name",
            "latest",
            "at",
            "anchor",
        )
        for source in PARTICIPATIONS
    ]
    items: dict[int, RecentItem] = {}
    # A pull request appears once per kind at most: this many rows hold ``limit`` of them.
    rows = union_all(parts).order_by("-at")[: limit * len(parts)]
    for pull, title, number, owner, name, latest, at, anchor in rows:
        if pull not in items and len(items) < limit:
            repository = Repository(owner=owner, name=name)
            items[pull] = RecentItem(
                kind="reviewed",
                title=title,
                url=f"{pull_request_url(repository, number)}#{anchor}-{latest}",
                where=repository.full_name,
                when=at,
            )
    return list(items.values())
