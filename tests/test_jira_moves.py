"""Issues that leave a followed JIRA project: moved (JIRA keeps the numeric id and gives a
new key) or deleted. One row each, under its current project, counted once."""

import pytest
from django.db.models import Sum

from projects.models import ActivityMonth, Issue, IssueComment
from projects.sync.errors import MalformedResponse, RateLimited
from projects.sync.jira import sync_jira
from tests.factories import ProjectFactory
from tests.fake_jira import DROP, Fault, generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def kafka(fake_jira):
    fake_jira.dataset.add_project("KAFKA", "Kafka")
    return ProjectFactory(
        name="Apache Kafka", slug="kafka", jira_key="KAFKA", jira_url=fake_jira.url
    )


@pytest.fixture
def streams(fake_jira):
    fake_jira.dataset.add_project("STREAMS", "Streams")
    return ProjectFactory(
        name="Kafka Streams", slug="streams", jira_key="STREAMS", jira_url=fake_jira.url
    )


@pytest.fixture
def kip(fake_jira):
    """A JIRA project nobody follows here."""
    return fake_jira.dataset.add_project("KIP", "Kafka Improvement Proposals")


def reported(project) -> int:
    """Issues reported in the project, as the rollups count them."""
    rows = ActivityMonth.objects.filter(project=project, kind=ActivityMonth.Kind.ISSUE_REPORTED)
    return rows.aggregate(n=Sum("count"))["n"] or 0


def commented(project) -> int:
    rows = ActivityMonth.objects.filter(project=project, kind=ActivityMonth.Kind.ISSUE_COMMENT)
    return rows.aggregate(n=Sum("count"))["n"] or 0


def test_the_old_projects_sync_moves_the_row_to_the_followed_project(fake_jira, kafka, streams):
    data = fake_jira.dataset
    data.add_issue("KAFKA", summary="Stays")
    issue = data.add_issue("KAFKA", summary="Move me", reporter="chia7712", comments=2)
    sync_jira(project=kafka)

    new_key = data.move_issue(issue.key, "STREAMS")
    sync_jira(project=kafka)

    moved = Issue.objects.get(external_id=str(issue.id))
    assert (moved.key, moved.project, moved.gone) == (new_key, streams, "")
    assert moved.comments.count() == 2
    assert (reported(kafka), reported(streams)) == (1, 1)
    assert (commented(kafka), commented(streams)) == (0, 2)
    sync_jira(project=streams)  # and the new project's own sync finds the same row
    assert Issue.objects.count() == 2
    assert Issue.objects.get(external_id=str(issue.id)).key == new_key
    assert (reported(kafka), reported(streams)) == (1, 1)


def test_an_issue_moved_to_a_project_not_followed_keeps_its_row_uncounted(fake_jira, kafka, kip):
    data = fake_jira.dataset
    data.add_issue("KAFKA", summary="Stays", reporter="chia7712")
    issue = data.add_issue("KAFKA", summary="To KIP", reporter="chia7712", comments=3)
    sync_jira(project=kafka)
    assert reported(kafka) == 2

    new_key = data.move_issue(issue.key, "KIP")
    sync_jira(project=kafka)

    row = Issue.objects.get(external_id=str(issue.id))
    assert (row.key, row.project, row.gone) == (new_key, kafka, Issue.Gone.MOVED_OUT)
    assert row.comments.count() == 3  # nothing lost
    assert (reported(kafka), commented(kafka)) == (1, 0)


def test_an_issue_moved_back_counts_again_under_its_new_key(fake_jira, kafka, kip):
    data = fake_jira.dataset
    issue = data.add_issue("KAFKA", summary="Round trip")
    sync_jira(project=kafka)
    data.move_issue(issue.key, "KIP")
    sync_jira(project=kafka)

    back = data.move_issue(issue.key, "KAFKA")
    sync_jira(project=kafka)

    row = Issue.objects.get()
    assert (row.key, row.gone) == (back, "")
    assert back == "KAFKA-2" and reported(kafka) == 1


def test_an_issue_deleted_in_jira_is_kept_marked_and_not_counted(fake_jira, kafka):
    data = fake_jira.dataset
    data.add_issue("KAFKA", summary="Stays")
    spam = data.add_issue("KAFKA", summary="Spam", comments=2)
    sync_jira(project=kafka)

    data.delete_issue(spam.key)
    sync_jira(project=kafka)

    row = Issue.objects.get(summary="Spam")
    assert (row.key, row.gone) == (spam.key, Issue.Gone.DELETED)
    assert row.comments.count() == 2
    assert (reported(kafka), commented(kafka)) == (1, 0)
    fake_jira.reset_counts()
    sync_jira(project=kafka)  # marked once: not looked up again
    assert fake_jira.count("/issue/") == 0


def test_an_incremental_run_finds_a_move_within_a_small_budget(fake_jira, kafka, kip):
    generate("KAFKA", issues=250, comments=300, seed=11, dataset=fake_jira.dataset)
    sync_jira(project=kafka)
    fake_jira.reset_counts()
    sync_jira(project=kafka)
    # serverInfo, the page since the cursor, the count: nothing vanished, nothing listed.
    assert fake_jira.request_count == 3

    fake_jira.dataset.move_issue("KAFKA-7", "KIP")
    fake_jira.reset_counts()
    result = sync_jira(project=kafka)

    # serverInfo, the page since the cursor, the count, three pages of ids, the issue.
    assert fake_jira.request_count == 7
    assert fake_jira.count("/issue/") == 1 and result.moved == 1
    assert Issue.objects.get(key="KIP-1").gone == Issue.Gone.MOVED_OUT
    assert Issue.objects.filter(project=kafka, gone="").count() == 249


def test_a_whole_pass_finds_moves_without_counting_again(fake_jira, kafka, kip):
    generate("KAFKA", issues=250, comments=300, seed=12, dataset=fake_jira.dataset)
    sync_jira(project=kafka)
    fake_jira.dataset.move_issue("KAFKA-7", "KIP")
    fake_jira.dataset.delete_issue("KAFKA-8")
    fake_jira.reset_counts()

    sync_jira(project=kafka, full=True)

    assert fake_jira.request_count == 1 + 3 + 2  # serverInfo, three pages, two issues
    gone = dict(Issue.objects.exclude(gone="").values_list("key", "gone"))
    assert gone == {"KIP-1": Issue.Gone.MOVED_OUT, "KAFKA-8": Issue.Gone.DELETED}


def test_the_same_issue_via_both_projects_is_one_row_counted_once(fake_jira, kafka, streams):
    data = fake_jira.dataset
    issue = data.add_issue("KAFKA", reporter="chia7712", comments=1)
    sync_jira(project=kafka)
    sync_jira(project=streams)

    data.move_issue(issue.key, "STREAMS")
    sync_jira(project=streams)
    sync_jira(project=kafka)
    sync_jira(project=streams)

    assert Issue.objects.count() == 1 and IssueComment.objects.count() == 1
    assert (reported(kafka), reported(streams)) == (0, 1)


def test_it_finds_a_move_on_jira_cloud(fake_jira_cloud, settings):
    settings.JIRA_API = "cloud"
    data = fake_jira_cloud.dataset
    data.add_project("KAFKA")
    data.add_project("KIP")
    generate("KAFKA", issues=120, comments=100, seed=13, dataset=data)
    project = ProjectFactory(jira_key="KAFKA", jira_url=fake_jira_cloud.url)
    sync_jira(project=project)

    data.move_issue("KAFKA-3", "KIP")
    sync_jira(project=project)

    assert fake_jira_cloud.count("/search/approximate-count") == 1
    assert Issue.objects.get(key="KIP-1").gone == Issue.Gone.MOVED_OUT


def test_a_rate_limit_during_the_look_up_is_waited_out(fake_jira, kafka, kip):
    data = fake_jira.dataset
    issue = data.add_issue("KAFKA", summary="Move me")
    data.add_issue("KAFKA")
    sync_jira(project=kafka)
    data.move_issue(issue.key, "KIP")
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, path="/issue/", retry_after=30)

    with pytest.raises(RateLimited):
        sync_jira(project=kafka)
    assert Issue.objects.get(summary="Move me").key == "KAFKA-1"

    sync_jira(project=kafka)
    assert Issue.objects.get(summary="Move me").key == "KIP-1"


def test_a_malformed_answer_for_a_vanished_issue_changes_nothing(fake_jira, kafka, kip):
    data = fake_jira.dataset
    issue = data.add_issue("KAFKA", summary="Move me", comments=2)
    data.add_issue("KAFKA")
    sync_jira(project=kafka)
    data.move_issue(issue.key, "KIP")
    fake_jira.inject(Fault.ALTERED_BODY, path="/issue/", changes={"fields.comment": DROP})

    with pytest.raises(MalformedResponse) as raised:
        sync_jira(project=kafka)

    assert str(raised.value) == (
        f"KAFKA issue {issue.id}: malformed response from JIRA (issue KIP-1: "
        "'fields.comment' is missing)"
    )
    row = Issue.objects.get(summary="Move me")
    assert (row.key, row.gone, row.comments.count()) == ("KAFKA-1", "", 2)
    sync_jira(project=kafka)
    assert Issue.objects.get(summary="Move me").key == "KIP-1"
