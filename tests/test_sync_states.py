"""What a SyncState says about its sync: the sentence the admin, pages and commands show."""

import logging
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.models import SyncState
from projects.sync import state as sync_state
from projects.sync.locks import check_running
from projects.times import zoned_datetime, zoned_time
from tests.factories import ProjectFactory, SyncStateFactory
from tests.fake_jira import Fault
from tests.locks import held_elsewhere

pytestmark = pytest.mark.django_db

MOMENT = datetime(2025, 3, 14, 7, 30, tzinfo=UTC)  # 15:30 in Taipei


def test_it_prints_times_with_their_zone(settings):
    assert zoned_time(MOMENT) == "15:30 +08:00"
    assert zoned_datetime(MOMENT) == "March 14, 2025, 3:30 p.m. +08:00"

    settings.TIME_ZONE = "UTC"
    assert zoned_time(MOMENT) == "07:30 +00:00"
    settings.TIME_ZONE = "America/St_Johns"  # a zone half an hour off, west of UTC
    assert zoned_time(MOMENT) == "05:00 -02:30"


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        (
            {"status": SyncState.Status.WAITING, "rate_limit_until": MOMENT},
            "waiting for the rate limit until 15:30 +08:00",
        ),
        (
            {"status": SyncState.Status.FAILED, "finished_at": MOMENT, "last_error": "boom"},
            "failed at 15:30 +08:00: boom",
        ),
        ({"status": SyncState.Status.SUCCEEDED, "finished_at": MOMENT}, "finished at 15:30 +08:00"),
    ],
)
def test_its_sentence_names_the_zone_of_its_times(fields, sentence):
    assert SyncStateFactory(**fields).describe() == sentence


def test_sync_jira_says_until_when_with_the_zone(fake_jira):
    fake_jira.dataset.add_project("KAFKA", "Kafka")
    ProjectFactory(name="Apache Kafka", slug="kafka", jira_key="KAFKA", jira_url=fake_jira.url)
    fake_jira.inject(Fault.TOO_MANY_REQUESTS, path="/search", retry_after=90)

    with pytest.raises(CommandError, match=r"JIRA asks to wait until .* \+08:00;"):
        call_command("sync_jira", "kafka", verbosity=0)


def running(**fields) -> SyncState:
    state = SyncStateFactory(status=SyncState.Status.RUNNING, started_at=MOMENT, **fields)
    SyncState.objects.filter(pk=state.pk).update(updated_at=MOMENT)  # the last page stored
    return SyncState.objects.get(pk=state.pk)


def test_a_running_state_nobody_holds_the_lock_of_reads_interrupted():
    state = running(items_done=300, pages_done=3)

    assert state.is_interrupted
    assert state.describe() == "interrupted at 15:30 +08:00"


def test_a_running_state_whose_sync_holds_the_lock_reads_running(tmp_path):
    state = running(items_done=300, pages_done=3)

    with held_elsewhere("git", state.repository_id):
        assert not SyncState.objects.get(pk=state.pk).is_interrupted
        assert SyncState.objects.get(pk=state.pk).describe() == "running: 300 done, 3 pages"


def test_line_stats_run_under_the_git_lock_and_the_roster_under_one_lock():
    stats = running(kind=SyncState.Kind.GIT_STATS)
    roster = running(kind=SyncState.Kind.APACHE_ROSTER, repository=None)

    with held_elsewhere("git", stats.repository_id), held_elsewhere("apache_roster", 0):
        check_running([stats, roster])
        assert (stats.lock_held, roster.lock_held) == (True, True)
    assert SyncState.objects.get(pk=stats.pk).is_interrupted


def test_the_admin_list_says_interrupted_at_one_query_for_every_row(
    client, organizer, django_assert_num_queries
):
    alive = running(items_done=5)
    client.force_login(organizer)
    url = reverse("admin:projects_syncstate_changelist")
    with held_elsewhere("git", alive.repository_id):
        client.get(url)  # the session and the user are read once, then cached
        with CaptureQueriesContext(connection) as one:
            client.get(url)
        for _ in range(5):
            running(items_done=1)
        with django_assert_num_queries(len(one)):
            response = client.get(url)

    content = response.content.decode()
    assert content.count("interrupted at 15:30 +08:00") == 5
    assert content.count("running: 5 done") == 1


def test_the_next_run_says_the_last_one_was_interrupted(caplog):
    state = running(kind=SyncState.Kind.JIRA, repository=None, project=ProjectFactory())

    with caplog.at_level(logging.WARNING, logger="projects.sync.state"):
        sync_state.begin(state)

    message = "the previous run was interrupted at 2025-03-14 15:30 +08:00"
    assert SyncState.objects.get(pk=state.pk).last_error == message
    assert [record.getMessage() for record in caplog.records] == [f"{state}: {message}"]
    sync_state.succeed(state)
    assert SyncState.objects.get(pk=state.pk).last_error == ""
