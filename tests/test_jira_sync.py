"""The JIRA sync against the fake JIRA server, through the real client."""

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.core.management.base import CommandError

from contributors.models import Identity
from projects.models import Issue, IssueComment, SyncState
from projects.sync.jira import JiraRateLimited, JiraUnavailable, sync_jira
from projects.tasks import sync_jira_task
from tests.factories import ProjectFactory
from tests.fake_jira import FakeJira, Fault, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def kafka(fake_jira):
    fake_jira.dataset.add_project("KAFKA", "Kafka")
    return ProjectFactory(
        name="Apache Kafka", slug="kafka", jira_key="KAFKA", jira_url=fake_jira.url
    )


def state(project) -> SyncState:
    return SyncState.objects.get(kind=SyncState.Kind.JIRA, project=project)


def test_it_stores_issues_with_their_people_and_comments(fake_jira, kafka):
    data = fake_jira.dataset
    data.add_user("chia7712", display_name="Chia-Ping Tsai", email="chia7712@gmail.com")
    issue = data.add_issue(
        "KAFKA", summary="Flaky test", reporter="chia7712", assignee="showuon",
        type="Bug", priority="Major", status="Resolved", resolution="Fixed",
        created="2024-07-01T10:00:00+00:00", resolved="2024-07-03T10:00:00+00:00",
        fix_versions=["3.9.0"], components=["core"], comments=3,
    )  # fmt: skip
    generate("KAFKA", issues=250, comments=900, seed=1, dataset=data)

    result = sync_jira(project=kafka)

    assert (Issue.objects.count(), IssueComment.objects.count()) == (251, 903)
    stored = Issue.objects.get(key=issue.key)
    assert (stored.issue_type, stored.priority, stored.status, stored.resolution) == (
        "Bug",
        "Major",
        "Resolved",
        "Fixed",
    )
    assert (stored.fix_versions, stored.components) == (["3.9.0"], ["core"])
    assert stored.reporter.value == "chia7712" and stored.assignee.value == "showuon"
    assert stored.resolved_at.isoformat() == "2024-07-03T10:00:00+00:00"
    assert stored.comments.count() == 3
    # The display name and a visible email become evidence for identity resolution.
    person = stored.reporter.contributor
    assert person.identities.filter(kind="git_name", value="chia-ping tsai").exists()
    # serverInfo, then three pages of 100: within one request per 50 issues.
    assert result.requests == fake_jira.request_count == 4
    assert state(kafka).status == SyncState.Status.SUCCEEDED


def test_a_re_sync_reads_only_what_changed(fake_jira, kafka):
    generate("KAFKA", issues=300, comments=600, seed=2, dataset=fake_jira.dataset)
    sync_jira(project=kafka)
    first = fake_jira.dataset.issue("KAFKA-5")
    fake_jira.dataset.update_issue(first.key, summary="Renamed")
    fake_jira.dataset.add_issue("KAFKA", summary="Brand new")
    fake_jira.reset_counts()

    result = sync_jira(project=kafka)

    assert fake_jira.request_count == 2  # serverInfo and one page
    assert result.issues <= 10
    assert Issue.objects.get(key="KAFKA-5").summary == "Renamed"
    assert Issue.objects.count() == 301


def test_it_follows_an_issue_moved_to_another_project(fake_jira, kafka):
    fake_jira.dataset.add_project("STREAMS", "Streams")
    streams = ProjectFactory(name="Kafka Streams", slug="streams", jira_key="STREAMS",
                             jira_url=fake_jira.url)  # fmt: skip
    issue = fake_jira.dataset.add_issue("KAFKA", summary="Move me", comments=2)
    sync_jira(project=kafka)

    new_key = fake_jira.dataset.move_issue(issue.key, "STREAMS")
    sync_jira(project=streams)

    moved = Issue.objects.get()  # the same row: JIRA keeps the id
    assert (moved.key, moved.project) == (new_key, streams)
    assert moved.comments.count() == 2


def test_it_keeps_issues_of_deleted_users(fake_jira, kafka):
    data = fake_jira.dataset
    data.add_issue("KAFKA", summary="Orphan", reporter=None)
    data.add_issue("KAFKA", summary="Gone", reporter="leaver")
    data.delete_user("leaver")

    sync_jira(project=kafka)

    assert Issue.objects.get(summary="Orphan").reporter is None
    assert Issue.objects.get(summary="Gone").reporter.value == "leaver"


def test_it_waits_out_a_429_and_resumes_where_it_stopped(fake_jira, kafka):
    generate("KAFKA", issues=350, comments=500, seed=3, dataset=fake_jira.dataset)
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, at=3, path="/search", retry_after=30)

    with pytest.raises(JiraRateLimited):
        sync_jira(project=kafka)

    assert Issue.objects.count() == 200  # the pages before the 429 are kept
    assert state(kafka).status == SyncState.Status.WAITING
    assert state(kafka).rate_limit_until is not None
    fake_jira.reset_counts()
    sync_jira(project=kafka)
    assert Issue.objects.count() == 350
    assert fake_jira.count("/search") == 2  # pages three and four; none is read twice


def test_the_task_retries_after_the_wait(fake_jira, kafka):
    generate("KAFKA", issues=120, comments=100, seed=4, dataset=fake_jira.dataset)
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, path="/search", retry_after=90)

    with pytest.raises(Retry) as retry:
        sync_jira_task.apply(args=[kafka.pk])

    assert 90 <= retry.value.when <= 100


def test_it_names_a_malformed_page_and_keeps_earlier_pages(fake_jira, kafka):
    generate("KAFKA", issues=250, comments=200, seed=5, dataset=fake_jira.dataset)
    fake_jira.inject(Fault.MALFORMED_BODY, at=2, path="/search")

    with pytest.raises(JiraUnavailable, match="KAFKA issues: malformed response from JIRA"):
        sync_jira(project=kafka)

    assert Issue.objects.count() == 100
    assert "malformed response" in state(kafka).last_error


def test_it_fetches_comments_that_did_not_fit_inline(fake_jira, kafka):
    fake_jira.dataset.add_issue("KAFKA", summary="Busy", comments=130)

    sync_jira(project=kafka)

    assert IssueComment.objects.count() == 130
    assert fake_jira.count("/comment") >= 1


def test_it_reads_dates_in_the_servers_time_zone(kafka):
    with FakeJira(time_zone="Asia/Taipei") as taipei:
        taipei.dataset.add_project("KAFKA")
        generate("KAFKA", issues=150, comments=100, seed=6, dataset=taipei.dataset)
        kafka.jira_url = taipei.url
        kafka.save()
        sync_jira(project=kafka)
        taipei.dataset.update_issue("KAFKA-150", summary="Changed late")

        sync_jira(project=kafka)

    assert Issue.objects.get(key="KAFKA-150").summary == "Changed late"
    assert Issue.objects.count() == 150


def test_it_pages_jira_cloud_with_tokens(fake_jira_cloud, settings):
    settings.JIRA_API = "cloud"
    fake_jira_cloud.dataset.add_project("KAFKA")
    generate("KAFKA", issues=230, comments=300, seed=7, dataset=fake_jira_cloud.dataset)
    project = ProjectFactory(jira_key="KAFKA", jira_url=fake_jira_cloud.url)

    sync_jira(project=project)

    assert Issue.objects.count() == 230
    assert Identity.objects.filter(kind="jira").exists()  # accountIds
    assert fake_jira_cloud.count("/search/jql") == 3


def test_sync_jira_command_reports_and_names_problems(fake_jira, kafka, capsys):
    generate("KAFKA", issues=20, comments=30, seed=8, dataset=fake_jira.dataset)

    call_command("sync_jira", "kafka", verbosity=0)
    assert "Apache Kafka: 20 issues and 30 comments" in capsys.readouterr().out

    with pytest.raises(CommandError, match="unknown project 'nope'"):
        call_command("sync_jira", "nope")
    ProjectFactory(slug="flyte", name="Flyte", jira_key="")
    with pytest.raises(CommandError, match="Flyte has no JIRA key"):
        call_command("sync_jira", "flyte")
