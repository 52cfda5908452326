"""What a SyncState says about its sync: the sentence the admin, pages and commands show."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from projects.models import SyncState
from projects.times import zoned_datetime, zoned_time
from tests.factories import ProjectFactory, SyncStateFactory
from tests.fake_jira import Fault

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
