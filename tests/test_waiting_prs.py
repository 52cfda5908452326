"""Pull requests waiting for review: who reviewed them and what each waits for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contributors.waiting import WaitsFor, waiting_pull_requests
from projects.models import Identity
from tests.factories import ContributorFactory, IdentityFactory, PullRequestFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    person = ContributorFactory(display_name="Mei")
    return IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB, value="mei")


def reviewer(name: str):
    return IdentityFactory(
        contributor=ContributorFactory(display_name=name), kind=Identity.Kind.GITHUB
    )


def review(pull, who, state, minutes):
    ReviewFactory(
        pull_request=pull,
        reviewer=who,
        state=state,
        submitted_at=pull.created_at + timedelta(minutes=minutes),
    )


def test_each_pull_request_says_who_reviewed_and_what_it_waits_for(
    author, django_assert_num_queries
):
    opened = timezone.now() - timedelta(days=5)
    _fresh, commented, changes, approved = (
        PullRequestFactory(author=author, state="open", merged_at=None, created_at=opened, title=t)
        for t in ("fresh", "commented", "changes", "approved")
    )
    ana, bo = reviewer("Ana"), reviewer("Bo")
    review(commented, ana, "commented", 1)
    review(changes, ana, "approved", 1)
    review(changes, bo, "changes_requested", 2)
    review(approved, bo, "changes_requested", 1)
    review(approved, bo, "approved", 2)
    review(approved, bo, "commented", 3)  # a later comment leaves the approval standing
    review(approved, author, "commented", 4)  # the author's own answer is no review

    with django_assert_num_queries(2):
        waiting = {
            pr.title: pr
            for pr in waiting_pull_requests(identities=Identity.objects.filter(pk=author.pk))
        }

    assert waiting["fresh"].waits_for == WaitsFor.FIRST_REVIEW and not waiting["fresh"].reviewed
    assert waiting["commented"].waits_for == WaitsFor.DECISION
    assert waiting["commented"].commented_by == ["Ana"]
    assert waiting["changes"].waits_for == WaitsFor.AUTHOR
    assert (waiting["changes"].approved_by, waiting["changes"].changes_requested_by) == (
        ["Ana"],
        ["Bo"],
    )
    assert waiting["approved"].waits_for == WaitsFor.MERGE
    assert waiting["approved"].approved_by == ["Bo"]
    assert waiting["approved"].waits_for_label == "approved, waiting to be merged"
