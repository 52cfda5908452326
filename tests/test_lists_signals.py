"""Mailing-list signals: the person page, the API, the mentor dashboard and progress."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contributors.progress import calibrate_project, progress_for
from projects.models import ActivityMonth, Identity, ListMessage, Signal, Title
from projects.rollups import refresh_activity_months
from tests.factories import (
    ActivityMonthFactory,
    ContributorFactory,
    IdentityFactory,
    ListMessageFactory,
    MailingListFactory,
    ProjectFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


def when(month: int) -> datetime:
    """A moment in the last year (progress counts the last 24 months): month 1 is 11
    months ago, month 12 this month."""
    return timezone.now().replace(microsecond=0) - timedelta(days=30 * (12 - month) + 1)


@pytest.fixture
def voting(mentee):
    """The mentee on Kafka's dev@: a KIP thread, two votes (one after joining the PMC), a
    reply; a bot's mail beside it."""
    person = mentee.contributor
    kafka = ProjectFactory(slug="kafka", name="Apache Kafka")
    dev = MailingListFactory(project=kafka, address="dev@kafka.apache.org")
    email = IdentityFactory(
        kind=Identity.Kind.GIT_EMAIL, value="mei@example.org", contributor=person
    )
    pmc_since = timezone.localdate(when(6))
    TitleFactory(contributor=person, project=kafka, role=Title.Role.PMC_MEMBER,
                 granted_on=pmc_since, source=Title.Source.APACHE_ROSTER)  # fmt: skip
    ListMessageFactory(mailing_list=dev, sender=email, message_id="<kip@x>",
                       subject="[DISCUSS] KIP-1: x", is_design=True, sent_at=when(3))  # fmt: skip
    for n, (month, vote) in enumerate([(4, "+1"), (7, "-1")]):
        ListMessageFactory(
            mailing_list=dev, sender=email, message_id=f"<v{n}@x>", subject="Re: [VOTE] KIP-1",
            kind=ListMessage.Kind.REPLY, thread_root=f"<vote{n}@x>", vote=vote,
            sent_at=when(month),
        )  # fmt: skip
    ListMessageFactory(mailing_list=dev, sender=None, is_machine=True, sent_at=when(7),
                       subject="[jira] Created KAFKA-1")  # fmt: skip
    refresh_activity_months(contributor_ids=[person.pk])
    return person


def test_the_person_page_shows_threads_votes_and_links(client, member, voting):
    client.force_login(member)

    response = client.get(reverse("person", args=[voting.slug]))

    lists = response.context["page"].lists
    [kafka] = lists.projects
    assert (kafka.threads, kafka.replies, kafka.design_threads) == (1, 2, 1)
    assert (kafka.plus_one, kafka.zero, kafka.minus_one) == (1, 0, 1)
    assert kafka.binding_votes == 1  # the July vote, after the June PMC date
    text = response.content.decode()
    assert "https://lists.apache.org/thread/%3Ckip%40x%3E?%3Cdev.kafka.apache.org%3E" in text
    assert "[jira]" not in text


def test_the_api_gives_the_same(client, member, voting):
    client.force_login(member)
    body = client.get(reverse("api-contributor-lists", args=[voting.slug])).json()
    assert body["projects"][0]["binding_votes"] == 1
    assert body["projects"][0]["votes_cast"] == 2
    assert [t["vote"] for t in body["recent"]] == ["-1", "+1", ""]


def test_the_api_needs_a_member(client, voting):
    assert client.get(reverse("api-contributor-lists", args=[voting.slug])).status_code == 401


def test_the_mentor_dashboard_counts_messages_and_votes(client, mentor, voting):
    client.force_login(mentor)
    response = client.get(reverse("mentor-dashboard"))
    [row] = response.context["rows"]
    assert (row.list_messages, row.votes) == (3, 2)


def test_list_signals_count_only_where_committers_history_gives_a_target():
    kafka = ProjectFactory(slug="kafka")
    for n in range(3):
        committer = ContributorFactory()
        TitleFactory(contributor=committer, project=kafka, role=Title.Role.COMMITTER,
                     granted_on=date(2024, 6, 1), source=Title.Source.APACHE_ROSTER)  # fmt: skip
        for kind, count in (
            (ActivityMonth.Kind.PR_MERGED, 10),
            (ActivityMonth.Kind.LIST_REPLY, 40 + n),
        ):
            ActivityMonthFactory(contributor=committer, project=kafka, month=date(2024, 3, 1),
                                 kind=kind, count=count)  # fmt: skip
    newcomer = ContributorFactory()
    ActivityMonthFactory(contributor=newcomer, project=kafka, month=date(2024, 8, 1),
                         kind=ActivityMonth.Kind.LIST_THREAD, count=41)  # fmt: skip

    calibrate_project(project=kafka, today=date(2024, 9, 1))
    progress = progress_for(contributor=newcomer, project=kafka, today=date(2024, 9, 1))

    messages = progress.signal(Signal.LIST_MESSAGES)
    assert (messages.value, messages.target, messages.ratio) == (41, 41.0, 1.0)
    assert progress.signal(Signal.VOTES).ratio is None  # no committer voted: not used
