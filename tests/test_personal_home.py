"""The signed-in home page answers each role's first question (osc4you/home.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contributors.models import Identity
from projects.models import SyncState
from tests.factories import (
    ContributorFactory,
    IdentityFactory,
    MentorshipFactory,
    PullRequestFactory,
    RepositoryFactory,
)

pytestmark = pytest.mark.django_db


def _waiting_pr(person, days: int):
    github = IdentityFactory(contributor=person, kind=Identity.Kind.GITHUB)
    opened = timezone.now() - timedelta(days=days)
    PullRequestFactory(author=github, state="open", merged_at=None, created_at=opened)


def test_anonymous_visitors_see_only_the_community(client):
    text = client.get(reverse("home")).content.decode()
    assert "own-summary" not in text and "mentees-now" not in text


def test_a_contributor_sees_their_own_summary_and_a_link_to_their_page(client, mentee):
    _waiting_pr(mentee.contributor, days=12)
    client.force_login(mentee)

    text = client.get(reverse("home")).content.decode()

    assert "Hello, Mentee Mei" in text
    assert "ready for committer" in text
    assert "oldest: 12 days" in text
    page = reverse("person", args=[mentee.contributor.slug])
    assert f'<a class="button" href="{page}">' in text
    assert f'<a class="signed-in-as" href="{page}"' in text  # the header's name, too
    assert "mentees-now" not in text and "sync-health" not in text


def test_a_mentor_sees_the_mentees_who_need_them_first(client, mentor, mentee):
    quiet = ContributorFactory(display_name="Quiet One")
    MentorshipFactory(mentor=mentor.contributor, mentee=quiet)
    _waiting_pr(mentee.contributor, days=3)
    _waiting_pr(quiet, days=40)  # and nothing since: stalled
    client.force_login(mentor)

    response = client.get(reverse("home"))

    personal = response.context["personal"]
    assert [row.contributor.display_name for row in personal.mentees] == [
        "Quiet One",
        "Mentee Mei",
    ]
    assert (personal.mentees_total, personal.stalled, personal.all_mentees) == (2, 1, False)
    assert "Your mentees who need you now" in response.content.decode()


def test_an_organizer_sees_every_mentee_and_the_syncs_that_need_a_look(
    client, organizer, mentee, django_assert_max_num_queries
):
    repository = RepositoryFactory(owner="apache", name="ozone")
    SyncState.objects.create(
        kind=SyncState.Kind.GITHUB, repository=repository, status=SyncState.Status.FAILED,
        last_error="GitHub refused the token (401)",
    )  # fmt: skip
    SyncState.objects.create(
        kind=SyncState.Kind.GIT, repository=repository, status=SyncState.Status.SUCCEEDED,
        finished_at=timezone.now() - timedelta(days=3),
        last_success_at=timezone.now() - timedelta(days=3),
    )  # fmt: skip
    client.force_login(organizer)

    # The overview (10), roles, every mentee's rows (fixed however many), the syncs (2).
    with django_assert_max_num_queries(24):
        response = client.get(reverse("home"))

    personal = response.context["personal"]
    assert personal.all_mentees and personal.mentees_total == 1
    assert personal.syncs.by_status["failed"] == 1
    assert personal.syncs.stale == 1
    text = response.content.decode()
    assert "GitHub refused the token (401)" in text
    assert "1 sync has not finished in the last day." in text


@pytest.mark.parametrize("mentees", [1, 20])
def test_a_mentors_home_keeps_a_fixed_query_budget(
    client, mentor, mentees, django_assert_max_num_queries
):
    for days in range(mentees):
        person = ContributorFactory()
        MentorshipFactory(mentor=mentor.contributor, mentee=person)
        _waiting_pr(person, days)
    client.force_login(mentor)
    # The overview (10), roles, their own figures uncached (a cache hit after warming; the
    # mailing lists' two among them), the mentees' rows: the same for one mentee as for
    # twenty.
    with django_assert_max_num_queries(34):
        client.get(reverse("home"))
