"""Independent counts the tests compare the app's figures with.

Written the plain way, straight from the source records, one person at a time: slow, but
easy to check by eye, which is what makes them worth comparing rollups, boards and camp
figures with. The app itself never uses them.
"""

from datetime import datetime

from django.db.models import F, Min, QuerySet

from contributors.models import Contributor
from projects.commits import ALL_TIME, Period
from projects.models import Commit, CommitCredit, Project, PullRequestComment, Review


def commits_by(
    *, contributor: Contributor, within: Period = ALL_TIME, project: Project | None = None
) -> QuerySet[Commit]:
    """Commits the person wrote (merge commits excluded), newest first."""
    commits = Commit.objects.filter(
        within.filter("committed_at"), author__contributor=contributor, is_merge=False
    )
    if project is not None:
        commits = commits.filter(repository__project=project)
    return commits.select_related("repository").order_by("-committed_at")


def reviews_credited(
    *, contributor: Contributor, within: Period = ALL_TIME, project: Project | None = None
) -> QuerySet[Commit]:
    """Commits that credit the person as a reviewer, each once however often they're named."""
    commits = Commit.objects.filter(
        within.filter("committed_at"),
        pk__in=CommitCredit.objects.filter(
            identity__contributor=contributor, kind=CommitCredit.Kind.REVIEWER
        ).values("commit_id"),
    )
    if project is not None:
        commits = commits.filter(repository__project=project)
    return commits.select_related("repository").order_by("-committed_at")


def first_contribution(*, contributor: Contributor) -> datetime | None:
    """When the person's first commit, as author or co-author, landed."""
    authored = Commit.objects.filter(author__contributor=contributor, is_merge=False).aggregate(
        first=Min("committed_at")
    )["first"]
    coauthored = CommitCredit.objects.filter(
        identity__contributor=contributor,
        kind__in=[CommitCredit.Kind.CO_AUTHOR, CommitCredit.Kind.AUTHOR_LINE],
    ).aggregate(first=Min("commit__committed_at"))["first"]
    return min((d for d in (authored, coauthored) if d is not None), default=None)


def reviewed_pull_requests(
    *, contributor: Contributor, project: Project | None = None, within: Period = ALL_TIME
) -> int:
    """How many pull requests (or unlinked commits) the person reviewed in the period: by a
    GitHub review, a comment in its conversation or a reviewer credit."""
    reviews = Review.objects.filter(
        within.filter("submitted_at"), reviewer__contributor=contributor
    ).exclude(pull_request__author__contributor=contributor)  # one's own PR is no review
    comments = PullRequestComment.objects.filter(
        within.filter("created_at"), author__contributor=contributor
    ).exclude(pull_request__author__contributor=contributor)
    credits = CommitCredit.objects.filter(
        within.filter("commit__committed_at"),
        identity__contributor=contributor,
        kind=CommitCredit.Kind.REVIEWER,
    )
    if project is not None:
        reviews = reviews.filter(pull_request__repository__project=project)
        comments = comments.filter(pull_request__repository__project=project)
        credits = credits.filter(commit__repository__project=project)
    pulls = set(reviews.values_list("pull_request_id", flat=True))
    pulls |= set(comments.values_list("pull_request_id", flat=True))
    unlinked = set()
    for commit_id, pull_id in credits.values_list("commit_id", F("commit__pull_request_id")):
        if pull_id is None:
            unlinked.add(commit_id)
        else:
            pulls.add(pull_id)
    return len(pulls) + len(unlinked)
