"""The one retry policy, task by task and error by error: each sync task is run with its
sync replaced by one that stops its state and raises a source's error, as a real sync does.
test_sync_retries.py runs the same policy against the fake servers."""

from datetime import timedelta

import pytest
from celery.exceptions import Retry
from django.utils import timezone

from projects import retries, tasks
from projects.models import Repository, SyncState
from projects.retries import RATE_LIMIT_WAITS, UNAVAILABLE_RETRIES
from projects.sync import roster
from projects.sync.errors import RateLimited, Refused, Unavailable
from projects.times import zoned_time
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


# Each sync task: the sync it calls, its source's name in reasons, its budget of retries
# for Unavailable, the state kind it writes.
TASKS = {
    "git": (tasks, "sync_repository", "git", 3, SyncState.Kind.GIT),
    "github": (tasks, "sync_github", "GitHub", UNAVAILABLE_RETRIES, SyncState.Kind.GITHUB),
    "jira": (tasks, "sync_jira", "JIRA", UNAVAILABLE_RETRIES, SyncState.Kind.JIRA),
    "roster": (roster, "sync_apache_roster", "Apache roster", 3, SyncState.Kind.APACHE_ROSTER),
    "lists": (
        tasks,
        "sync_lists",
        "mailing-list archive",
        UNAVAILABLE_RETRIES,
        SyncState.Kind.LISTS,
    ),
}


@pytest.fixture
def run(monkeypatch):
    """Run task ``name`` after ``done`` retries, its sync stopping as ``error`` says."""
    project = ProjectFactory(slug="kafka", jira_key="KAFKA")
    repository = Repository.objects.create(
        project=project, owner="apache", name="kafka", clone_url="/nowhere"
    )

    def run_task(name: str, error: Exception, *, done: int = 0):
        module, attribute, _source, _budget, kind = TASKS[name]
        state = SyncState.objects.create(
            kind=kind,
            repository=repository if name in ("git", "github") else None,
            project=project if name in ("jira", "lists") else None,
        )

        def sync(**kwargs):
            waiting = isinstance(error, RateLimited)
            state.status = SyncState.Status.WAITING if waiting else SyncState.Status.FAILED
            state.last_error = str(error)
            state.save()
            raise error

        monkeypatch.setattr(module, attribute, sync)
        task, args = {
            "git": (tasks.sync_git_task, [repository.pk]),
            "github": (tasks.sync_github_task, [repository.pk]),
            "jira": (tasks.sync_jira_task, [project.pk]),
            "roster": (tasks.sync_apache_roster_task, []),
            "lists": (tasks.sync_lists_task, [project.pk]),
        }[name]
        task.apply(args=args, retries=done)

    return run_task


def the_state() -> SyncState:
    return SyncState.objects.get()


@pytest.mark.parametrize("name", TASKS)
def test_a_rate_limit_comes_back_at_its_reset(run, name):
    until = timezone.now() + timedelta(minutes=10)

    with pytest.raises(Retry) as retry:
        run(name, RateLimited("limited", until=until))

    expected = 10 * 60 + retries.RATE_LIMIT_MARGIN
    assert expected - 2 <= retry.value.when <= expected
    assert the_state().status == SyncState.Status.WAITING


@pytest.mark.parametrize("name", TASKS)
def test_a_rate_limit_waited_out_too_often_fails_saying_so(run, name):
    until = timezone.now() + timedelta(minutes=10)

    with pytest.raises(RateLimited):
        run(name, RateLimited("limited", until=until), done=RATE_LIMIT_WAITS)

    source = TASKS[name][2]
    state = the_state()
    assert state.status == SyncState.Status.FAILED
    assert state.last_error == (
        f"{source} rate limit still exhausted after 20 waits (last reset {zoned_time(until)})"
    )


@pytest.mark.parametrize("name", TASKS)
def test_an_outage_comes_back_when_the_source_said(run, name):
    with pytest.raises(Retry) as retry:
        run(name, Unavailable("down", retry_in=420))

    assert retry.value.when == 420


@pytest.mark.parametrize("name", TASKS)
def test_an_outage_without_a_word_backs_off(run, name):
    with pytest.raises(Retry) as first:
        run(name, Unavailable("down", retry_in=None))
    SyncState.objects.all().delete()
    with pytest.raises(Retry) as third:
        run(name, Unavailable("down", retry_in=None), done=2)

    assert 0 <= first.value.when <= retries.BACKOFF
    assert 0 <= third.value.when <= 4 * retries.BACKOFF


@pytest.mark.parametrize("name", TASKS)
def test_an_outage_outlasting_the_retries_fails_saying_so(run, name):
    budget = TASKS[name][3]
    with pytest.raises(Retry):
        run(name, Unavailable("down"), done=budget - 1)
    SyncState.objects.all().delete()

    with pytest.raises(Unavailable):
        run(name, Unavailable("down"), done=budget)

    source = TASKS[name][2]
    state = the_state()
    assert state.status == SyncState.Status.FAILED
    assert state.last_error == f"{source} still failing after {budget} retries: down"


@pytest.mark.parametrize("name", TASKS)
def test_a_refusal_is_not_retried_and_the_state_keeps_its_reason(run, name):
    with pytest.raises(Refused):
        run(name, Refused("no access to apache/kafka"))

    state = the_state()
    assert (state.status, state.last_error) == (
        SyncState.Status.FAILED,
        "no access to apache/kafka",
    )


@pytest.mark.parametrize("name", TASKS)
def test_an_unexpected_error_is_not_retried(run, name):
    with pytest.raises(KeyError):
        run(name, KeyError("nodes"))


@pytest.mark.parametrize("name", TASKS)
def test_in_process_nothing_comes_back_so_it_fails_at_once(run, name, settings):
    settings.SYNC_RETRIES_COME_BACK = False

    with pytest.raises(Unavailable):
        run(name, Unavailable("down"))

    source = TASKS[name][2]
    assert the_state().last_error == f"{source} failed and nothing retries it in-process: down"
