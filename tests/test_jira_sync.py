"""The JIRA sync against the fake JIRA server, through the real client."""

import pytest
from celery.exceptions import Retry
from django.core.management import call_command
from django.core.management.base import CommandError

from contributors.models import Identity
from projects.models import Issue, IssueComment, SyncState
from projects.sync.errors import MalformedResponse, RateLimited, Unavailable
from projects.sync.jira import sync_jira
from projects.tasks import sync_jira_task
from tests.factories import ProjectFactory
from tests.fake_jira import DROP, FakeJira, Fault, generate

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

    assert fake_jira.request_count == 3  # serverInfo, one page, the count of the project
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

    with pytest.raises(RateLimited):
        sync_jira(project=kafka)

    assert Issue.objects.count() == 200  # the pages before the 429 are kept
    assert state(kafka).status == SyncState.Status.WAITING
    assert state(kafka).rate_limit_until is not None
    fake_jira.reset_counts()
    sync_jira(project=kafka)
    assert Issue.objects.count() == 350
    # Pages three and four (none is read twice), then the count of the project: the run
    # that began with the first page was cut short, so its ids seen are not all of them.
    assert fake_jira.count("/search") == 3


def test_the_task_retries_after_the_wait(fake_jira, kafka):
    generate("KAFKA", issues=120, comments=100, seed=4, dataset=fake_jira.dataset)
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, path="/search", retry_after=90)

    with pytest.raises(Retry) as retry:
        sync_jira_task.apply(args=[kafka.pk])

    assert 90 <= retry.value.when <= 100


def test_it_names_a_malformed_page_and_keeps_earlier_pages(fake_jira, kafka):
    generate("KAFKA", issues=250, comments=200, seed=5, dataset=fake_jira.dataset)
    fake_jira.inject(Fault.MALFORMED_BODY, at=2, path="/search")

    with pytest.raises(Unavailable, match="KAFKA issues: malformed response from JIRA"):
        sync_jira(project=kafka)

    assert Issue.objects.count() == 100
    assert "malformed response" in state(kafka).last_error


# A 200 whose body is not what JIRA's API promises: an error, never "nothing there".
PAGE = "page at startAt 0"
MALFORMED = [
    ("/search", {"issues": DROP}, f"KAFKA issues: malformed response from JIRA ({PAGE}: "
     "'issues' is missing)"),
    ("/search", {"issues": {"1": {}}}, "'issues' is an object, not a list"),
    ("/search", {"total": DROP}, "'total' is missing"),
    ("/search", {"total": "130"}, "'total' is a string, not a whole number"),
    ("/search", {"startAt": DROP}, "'startAt' is missing"),
    ("/search", {"startAt": 100}, "'startAt' is 100, not the 0 asked for"),
    ("/search", {"issues": []}, "no issues though 'total' is 130"),
    ("/search", {"": ["not", "an", "object"]}, f"({PAGE}: not an object but a list)"),
    ("/search", {"issues.3.fields.updated": 12},
     f"({PAGE}, issue KAFKA-4: 'fields.updated' is a number, not a string)"),
    ("/search", {"issues.3.fields.created": "yesterday"},
     "issue KAFKA-4: 'fields.created' is not a JIRA date: 'yesterday'"),
    ("/search", {"issues.3.fields.reporter": "chia7712"},
     "issue KAFKA-4: 'fields.reporter' is a string, not an object"),
    ("/search", {"issues.3.fields.fixVersions": "3.9.0"},
     "issue KAFKA-4: 'fields.fixVersions' is a string, not a list"),
    ("/search", {"issues.3.fields.comment": DROP}, "issue KAFKA-4: 'fields.comment' is missing"),
    ("/search", {"issues.3.key": DROP}, "issue 13000004: 'key' is missing"),
    ("/comment", {"comments": DROP}, "KAFKA-1 comments: malformed response from JIRA (page at "
     "startAt 50: 'comments' is missing)"),
    ("/comment", {"comments": None}, "'comments' is null, not a list"),
    ("/comment", {"comments": []}, "no comments though 'total' is 95"),
    ("/comment", {"total": DROP}, "(page at startAt 50: 'total' is missing)"),
    ("/comment", {"startAt": "50"}, "'startAt' is a string, not a whole number"),
    ("/comment", {"comments.0.created": "soon"}, "comment 17000051: 'created' is not a JIRA date"),
    ("/comment", {"comments.0.author": []}, "'author' is a list, not an object"),
    ("/serverInfo", {"serverTime": "noon"},
     "JIRA server info: malformed response from JIRA ('serverTime' is not a JIRA date: 'noon')"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "changes", "message"), MALFORMED)
def test_a_malformed_answer_stops_the_run_and_keeps_what_is_stored(
    fake_jira, kafka, path, changes, message
):
    data = fake_jira.dataset
    data.add_issue("KAFKA", summary="Busy", comments=95)  # 50 inline, 45 on a comment page
    for _ in range(129):  # KAFKA-2 to KAFKA-130, in this order on the pages
        data.add_issue("KAFKA", comments=1)
    fake_jira.inject(Fault.ALTERED_BODY, path=path, changes=changes)

    with pytest.raises(MalformedResponse) as raised:
        sync_jira(project=kafka)

    assert message in str(raised.value)
    assert isinstance(raised.value, Unavailable)  # retried like an outage
    assert (Issue.objects.count(), IssueComment.objects.count()) == (0, 0)
    assert state(kafka).status == SyncState.Status.FAILED
    assert state(kafka).last_error == str(raised.value)
    assert state(kafka).cursor == {}  # still before the first page
    sync_jira(project=kafka)  # the rerun reads that page again
    assert Issue.objects.count() == 130
    assert Issue.objects.get(summary="Busy").comments.count() == 95


def test_a_comment_page_without_comments_deletes_none_and_is_repaired(fake_jira, kafka):
    data = fake_jira.dataset
    busy = data.add_issue("KAFKA", summary="Busy", comments=95)
    generate("KAFKA", issues=150, comments=200, seed=10, dataset=data)
    sync_jira(project=kafka)
    cursor = state(kafka).cursor
    data.add_comment(busy.key)  # moves the issue to the last page
    fake_jira.inject(Fault.ALTERED_BODY, path="/comment", changes={"comments": DROP})

    with pytest.raises(MalformedResponse, match="KAFKA-1 comments: malformed response"):
        sync_jira(project=kafka)

    assert Issue.objects.get(summary="Busy").comments.count() == 95
    assert state(kafka).cursor == cursor
    sync_jira(project=kafka)
    assert Issue.objects.get(summary="Busy").comments.count() == 96


def test_a_comment_page_cut_short_stops_the_run(fake_jira, kafka):
    fake_jira.dataset.add_issue("KAFKA", summary="Busy", comments=95)
    fake_jira.inject(Fault.MALFORMED_BODY, path="/comment")

    with pytest.raises(
        MalformedResponse, match=r"KAFKA-1 comments: .* \(page at startAt 50: not JSON"
    ):
        sync_jira(project=kafka)

    assert Issue.objects.count() == 0


def test_sync_jira_command_fails_on_a_malformed_page(fake_jira, kafka):
    fake_jira.dataset.add_issue("KAFKA", comments=60)
    fake_jira.inject(Fault.ALTERED_BODY, path="/comment", changes={"total": "many"})

    with pytest.raises(CommandError, match="KAFKA-1 comments: malformed response from JIRA"):
        call_command("sync_jira", "kafka", verbosity=0)

    assert "'total' is a string" in state(kafka).last_error


def test_it_removes_comments_deleted_in_jira_after_a_complete_read(fake_jira, kafka):
    data = fake_jira.dataset
    busy = data.add_issue("KAFKA", summary="Busy", comments=70)
    quiet = data.add_issue("KAFKA", summary="Quiet", comments=3)
    sync_jira(project=kafka)

    data.delete_comment(busy.key, busy.comments[60].id)
    data.delete_comment(quiet.key, quiet.comments[0].id)
    sync_jira(project=kafka)

    assert Issue.objects.get(summary="Busy").comments.count() == 69
    assert Issue.objects.get(summary="Quiet").comments.count() == 2


def test_it_reads_the_comments_again_when_their_count_changes_while_paging(fake_jira, kafka):
    fake_jira.dataset.add_issue("KAFKA", summary="Busy", comments=95)
    # The search saw one comment more than the comment pages do: one was deleted meanwhile.
    fake_jira.inject(
        Fault.ALTERED_BODY, path="/search", changes={"issues.0.fields.comment.total": 96}
    )

    sync_jira(project=kafka)

    assert IssueComment.objects.count() == 95
    assert fake_jira.count("/comment") == 2  # from 50, then the whole list again from 0


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
