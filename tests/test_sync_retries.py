"""The sync tasks' one retry policy: when they come back, how often, and what the sync state
says once the retries are spent."""

import subprocess
import sys
import time
from datetime import UTC, datetime

import pytest
from celery.exceptions import Retry
from django.conf import settings

from projects.models import Repository, SyncState
from projects.retries import RATE_LIMIT_WAITS, UNAVAILABLE_RETRIES
from projects.sync.errors import RateLimited, Unavailable
from projects.tasks import sync_git_task, sync_github_task, sync_jira_task
from projects.times import zoned_time
from tests.factories import ProjectFactory
from tests.fake_github import Fault, generate
from tests.fake_jira import Fault as JiraFault
from tests.test_settings import ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def repository(fake_github, settings):
    settings.GITHUB_API_URL = fake_github.url
    settings.GITHUB_TOKEN = "test-token"
    upstream = fake_github.dataset.add_repository("apache", "kafka")
    generate(upstream, pull_requests=10, reviews=10, review_comments=5, seed=21)
    return Repository.objects.create(
        project=ProjectFactory(name="Apache Kafka", slug="kafka"),
        owner="apache",
        name="kafka",
        clone_url="https://github.com/apache/kafka.git",
    )


@pytest.fixture
def kafka(fake_jira):
    fake_jira.dataset.add_project("KAFKA", "Kafka")
    return ProjectFactory(
        name="Apache Kafka", slug="kafka", jira_key="KAFKA", jira_url=fake_jira.url
    )


def github_state(repository) -> SyncState:
    return SyncState.objects.get(kind=SyncState.Kind.GITHUB, repository=repository)


def test_a_rate_limit_outlasting_the_waits_fails_with_the_reason(fake_github, repository):
    reset = fake_github.set_rate_limit("graphql", remaining=0).reset

    with pytest.raises(RateLimited):
        sync_github_task.apply(args=[repository.pk], retries=RATE_LIMIT_WAITS)

    state = github_state(repository)
    last_reset = zoned_time(datetime.fromtimestamp(reset, UTC))
    reason = f"GitHub rate limit still exhausted after 20 waits (last reset {last_reset})"
    assert (state.status, state.last_error) == (SyncState.Status.FAILED, reason)
    assert state.rate_limit_until is None
    assert state.describe().startswith("failed at ") and state.describe().endswith(reason)


def test_a_rate_limit_is_waited_out_beyond_the_unavailability_budget(fake_github, repository):
    fake_github.set_rate_limit("graphql", remaining=0)

    with pytest.raises(Retry):
        sync_github_task.apply(args=[repository.pk], retries=UNAVAILABLE_RETRIES + 1)

    assert github_state(repository).status == SyncState.Status.WAITING


def test_github_down_for_every_retry_fails_saying_so(fake_github, repository):
    fake_github.inject(Fault.BAD_GATEWAY, times=None)

    with pytest.raises(Retry):
        sync_github_task.apply(args=[repository.pk], retries=UNAVAILABLE_RETRIES - 1)
    with pytest.raises(Unavailable):
        sync_github_task.apply(args=[repository.pk], retries=UNAVAILABLE_RETRIES)

    state = github_state(repository)
    assert state.status == SyncState.Status.FAILED
    assert state.last_error == (
        "GitHub still failing after 5 retries: apache/kafka pull requests: GitHub answered 502"
    )


def test_a_jira_rate_limit_outlasting_the_waits_fails_with_the_reason(fake_jira, kafka):
    fake_jira.inject(JiraFault.TOO_MANY_REQUESTS, path="/search", retry_after=90)

    with pytest.raises(RateLimited):
        sync_jira_task.apply(args=[kafka.pk], retries=RATE_LIMIT_WAITS)

    state = SyncState.objects.get(kind=SyncState.Kind.JIRA, project=kafka)
    assert state.status == SyncState.Status.FAILED
    assert state.last_error.startswith("JIRA rate limit still exhausted after 20 waits (last ")


def test_a_failure_of_an_earlier_run_is_left_as_it_was(repository, tmp_path, settings):
    """Only the states this attempt stopped are rewritten when it gives up."""
    settings.GIT_MIRROR_DIR = tmp_path / "mirrors"
    other = SyncState.objects.create(
        kind=SyncState.Kind.GIT_STATS,
        repository=repository,
        status=SyncState.Status.FAILED,
        last_error="an old failure",
    )
    SyncState.objects.filter(pk=other.pk).update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    Repository.objects.filter(pk=repository.pk).update(clone_url=str(tmp_path / "gone"))

    with pytest.raises(Exception, match="cannot sync apache/kafka"):
        sync_git_task.apply(args=[repository.pk], retries=3)

    states = dict(SyncState.objects.values_list("kind", "last_error"))
    assert states["git_stats"] == "an old failure"
    assert states["git"].startswith("git still failing after 3 retries: cannot sync apache/kafka")


def test_no_countdown_outlasts_the_longest_wait(fake_github, repository):
    fake_github.set_rate_limit("graphql", remaining=0, reset=time.time() + 3 * 3600)

    with pytest.raises(Retry) as retry:
        sync_github_task.apply(args=[repository.pk])

    assert retry.value.when == settings.SYNC_RETRY_LONGEST_COUNTDOWN


def test_the_broker_keeps_a_task_unacknowledged_longer_than_any_wait_and_run():
    """Redis gives a task nobody acknowledged to another worker after the visibility
    timeout; a retry waits in its worker for its countdown, then runs (acknowledged late),
    so the timeout must outlast both or the sync runs twice."""
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "from osc4you.celery import app; "
        "print(app.conf.broker_transport_options['visibility_timeout'], "
        "settings.SYNC_RETRY_LONGEST_COUNTDOWN, settings.CELERY_TASK_TIME_LIMIT)"
    )
    for limit in ("3600", "7200"):
        env = {
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "osc4you.settings",
            "DEBUG": "1",
            "DATA_DIR": "/tmp/osc4you-probe",
            "REDIS_URL": "redis://127.0.0.1:6379/4",
            "CELERY_TASK_SOFT_TIME_LIMIT": limit,
        }
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        visibility, longest, time_limit = map(int, result.stdout.split())
        assert longest >= 3600  # GitHub's budget resets hourly
        assert visibility > longest + time_limit


def test_without_a_worker_a_rate_limit_fails_saying_when_to_run_again(
    fake_github, repository, settings
):
    settings.SYNC_RETRIES_COME_BACK = False  # tasks in-process: nothing comes back
    reset = fake_github.set_rate_limit("graphql", remaining=0).reset

    with pytest.raises(RateLimited):
        sync_github_task.delay(repository.pk)

    state = github_state(repository)
    until = zoned_time(datetime.fromtimestamp(reset, UTC))
    assert state.status == SyncState.Status.FAILED
    assert state.last_error == (
        f"GitHub rate limit until {until}; run the sync again then "
        "(tasks run in-process here, so nothing retries them)"
    )


def test_without_a_worker_github_down_fails_at_once(fake_github, repository, settings):
    settings.SYNC_RETRIES_COME_BACK = False
    fake_github.inject(Fault.BAD_GATEWAY, times=None)

    with pytest.raises(Unavailable):
        sync_github_task.delay(repository.pk)

    assert github_state(repository).last_error.startswith(
        "GitHub failed and nothing retries it in-process: "
    )
