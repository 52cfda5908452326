"""Reviews a person gave, counted once per pull request however they were seen.

A review can reach the data twice: as a GitHub review of the pull request, and as a
"Reviewers:" credit on the commit that landed it (linked by the GitHub sync). Both count
as one. Credits on commits with no known pull request count once per commit.
"""

from django.db.models import F

from contributors.models import Contributor
from projects.commits import ALL_TIME, Period
from projects.models import CommitCredit, Project, Review


def reviewed_pull_requests(
    *, contributor: Contributor, project: Project | None = None, within: Period = ALL_TIME
) -> int:
    """How many pull requests (or unlinked commits) the person reviewed in the period."""
    reviews = Review.objects.filter(
        within.filter("submitted_at"), reviewer__contributor=contributor
    ).exclude(pull_request__author__contributor=contributor)  # one's own PR is no review
    credits = CommitCredit.objects.filter(
        within.filter("commit__committed_at"),
        identity__contributor=contributor,
        kind=CommitCredit.Kind.REVIEWER,
    )
    if project is not None:
        reviews = reviews.filter(pull_request__repository__project=project)
        credits = credits.filter(commit__repository__project=project)
    pulls = set(reviews.values_list("pull_request_id", flat=True))
    unlinked = set()
    for commit_id, pull_id in credits.values_list("commit_id", F("commit__pull_request_id")):
        if pull_id is None:
            unlinked.add(commit_id)
        else:
            pulls.add(pull_id)
    return len(pulls) + len(unlinked)
