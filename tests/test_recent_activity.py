"""Recent activity on the contributor page: merged PRs, reviews, issues, linked to GitHub and
JIRA, newest first."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from contributors.models import Identity
from contributors.recent import get_recent_activity
from projects.models import Issue
from tests.factories import (
    ContributorFactory,
    IdentityFactory,
    IssueFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def person():
    return ContributorFactory(display_name="Mei", slug="mei")


@pytest.fixture
def kafka():
    project = ProjectFactory(name="Kafka", slug="kafka", jira_key="KAFKA", jira_url="")
    return project, RepositoryFactory(project=project, owner="apache", name="kafka")


def _identity(person, kind: str, value: str) -> Identity:
    return IdentityFactory(contributor=person, kind=kind, value=value)


def test_it_lists_every_kind_newest_first_with_links(person, kafka, settings):
    settings.JIRA_URL = "https://issues.example.org/jira/"
    project, repo = kafka
    github = _identity(person, Identity.Kind.GITHUB, "mei")
    jira = _identity(person, Identity.Kind.JIRA, "mei")
    PullRequestFactory(repository=repo, author=github, number=7, title="Fix the log", merged_at=T0)
    others = PullRequestFactory(repository=repo, number=8, title="Other's PR")
    ReviewFactory(
        pull_request=others, reviewer=github, github_id=99, submitted_at=T0 + timedelta(1)
    )
    IssueFactory(
        project=project,
        key="KAFKA-12",
        summary="Broker hangs",
        reporter=jira,
        created_at=T0 + timedelta(2),
    )
    IssueFactory(
        project=project,
        key="KAFKA-13",
        summary="Fix flaky test",
        reporter=None,
        assignee=jira,
        resolved_at=T0 + timedelta(3),
    )
    items = get_recent_activity(contributor=person)
    assert [(i.kind, i.title, i.url, i.where) for i in items] == [
        (
            "resolved",
            "Fix flaky test",
            "https://issues.example.org/jira/browse/KAFKA-13",
            "KAFKA-13",
        ),
        ("reported", "Broker hangs", "https://issues.example.org/jira/browse/KAFKA-12", "KAFKA-12"),
        (
            "reviewed",
            "Other's PR",
            "https://github.com/apache/kafka/pull/8#pullrequestreview-99",
            "apache/kafka",
        ),
        ("merged", "Fix the log", "https://github.com/apache/kafka/pull/7", "apache/kafka"),
    ]


def test_it_links_to_the_projects_own_jira_and_to_github_issues(person, kafka):
    project, repo = kafka
    project.jira_url = "https://jira.example.com"
    project.save()
    jira = _identity(person, Identity.Kind.JIRA, "mei")
    github = _identity(person, Identity.Kind.GITHUB, "mei")
    IssueFactory(project=project, key="KAFKA-1", reporter=jira, created_at=T0)
    IssueFactory(
        project=project,
        repository=repo,
        tracker=Issue.Tracker.GITHUB,
        key="apache/kafka#41",
        reporter=github,
        created_at=T0 + timedelta(1),
    )
    assert [i.url for i in get_recent_activity(contributor=person)] == [
        "https://github.com/apache/kafka/issues/41",
        "https://jira.example.com/browse/KAFKA-1",
    ]


def test_it_leaves_out_reviews_of_ones_own_prs_and_open_prs(person, kafka):
    _project, repo = kafka
    github = _identity(person, Identity.Kind.GITHUB, "mei")
    own = PullRequestFactory(repository=repo, author=github, state="open", merged_at=None)
    ReviewFactory(pull_request=own, reviewer=github)
    assert get_recent_activity(contributor=person) == []


def test_it_keeps_the_newest_items_up_to_the_limit(person, kafka, django_assert_num_queries):
    _project, repo = kafka
    github = _identity(person, Identity.Kind.GITHUB, "mei")
    for day in range(20):
        PullRequestFactory(repository=repo, author=github, merged_at=T0 + timedelta(day))
    # Merged PRs, reviews, conversation comments, issues reported and resolved: one query
    # on PostgreSQL whatever the history; one each on SQLite, which cannot limit UNION parts.
    with django_assert_num_queries(
        1 if connection.features.supports_slicing_ordering_in_compound else 5
    ):
        items = get_recent_activity(contributor=person, limit=5)
    assert [i.when for i in items] == [T0 + timedelta(day) for day in range(19, 14, -1)]


def test_the_page_shows_recent_activity_with_its_links(client, member, person, kafka):
    project, _repo = kafka
    jira = _identity(person, Identity.Kind.JIRA, "mei")
    IssueFactory(project=project, key="KAFKA-77", summary="Null pointer", reporter=jira)
    client.force_login(member)
    page = client.get("/people/mei/").content.decode()
    assert 'href="https://issues.apache.org/jira/browse/KAFKA-77">Null pointer</a>' in page
    assert ">reported</span>" in page


def test_it_leaves_out_issues_deleted_in_jira_and_shows_moved_ones_by_new_key(person, kafka):
    project, _repo = kafka
    jira = _identity(person, Identity.Kind.JIRA, "mei")
    IssueFactory(project=project, key="KIP-7", reporter=jira, gone=Issue.Gone.MOVED_OUT)
    IssueFactory(project=project, key="KAFKA-9", reporter=jira, gone=Issue.Gone.DELETED)

    items = get_recent_activity(contributor=person)

    assert [(item.where, item.url.rpartition("/")[2]) for item in items] == [("KIP-7", "KIP-7")]
