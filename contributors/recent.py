"""A person's recent activity on the contributor page: merged pull requests, reviews given,
and issues reported or resolved, newest first, each linked to GitHub or JIRA.

Four queries, each limited, whatever the person's history: merged PRs, reviews, issues
reported, issues resolved.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.conf import settings
from django.utils.translation import pgettext_lazy

from contributors.models import Contributor, Identity
from projects.models import Issue, PullRequest, Repository, Review
from projects.reviewing import own_pull_request_of

RECENT_LIMIT = 12

# Kinds of item, as the page labels them.
KIND_LABELS = {
    "merged": pgettext_lazy("recent activity", "merged"),
    "reviewed": pgettext_lazy("recent activity", "reviewed"),
    "reported": pgettext_lazy("recent activity", "reported"),
    "resolved": pgettext_lazy("recent activity", "resolved"),
}


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
    # The moments cast from nullable fields below are of rows the queries keep non-null.
    items = [
        RecentItem(
            kind="merged",
            title=pr.title,
            url=pull_request_url(pr.repository, pr.number),
            where=pr.repository.full_name,
            when=cast(datetime, pr.merged_at),
        )
        for pr in PullRequest.objects.filter(author__in=mine, merged_at__isnull=False)
        .select_related("repository")
        .only("title", "number", "merged_at", "repository__owner", "repository__name")
        .order_by("-merged_at")[:limit]
    ]
    # Reviews of one's own PRs are replies, not reviews (projects.reviewing).
    reviews = (
        Review.objects.filter(reviewer__in=mine, submitted_at__isnull=False)
        .exclude(own_pull_request_of(mine))
        .select_related("pull_request__repository")
        .only(
            "github_id",
            "submitted_at",
            "pull_request__title",
            "pull_request__number",
            "pull_request__repository__owner",
            "pull_request__repository__name",
        )
        .order_by("-submitted_at")[:limit]
    )
    items += [
        RecentItem(
            kind="reviewed",
            title=review.pull_request.title,
            url=f"{pull_request_url(review.pull_request.repository, review.pull_request.number)}"
            f"#pullrequestreview-{review.github_id}",
            where=review.pull_request.repository.full_name,
            when=cast(datetime, review.submitted_at),
        )
        for review in reviews
    ]
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
