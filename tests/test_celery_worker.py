"""A real Celery worker process, on the real broker, writes to the real database.

Runs where DATABASE_URL names PostgreSQL and REDIS_URL names Redis, as in .ci/run; it is
an error, not a skip, for CI to lack them.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from osc4you.celery import app as celery_app
from projects.models import ActivityMonth, PullRequest, Review, SyncState
from projects.tasks import refresh_activity_months_task, sync_github_task
from tests.factories import CommitFactory, IdentityFactory, RepositoryFactory
from tests.fake_github import generate

ROOT = Path(__file__).resolve().parent.parent


def services_configured() -> bool:
    return bool(settings.REDIS_URL) and connection.vendor == "postgresql"


pytestmark = pytest.mark.integration


def database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{quote(db['USER'])}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, fake_github, monkeypatch):
    if not services_configured():
        if os.environ.get("CI"):
            pytest.fail("CI must run with DATABASE_URL (PostgreSQL) and REDIS_URL (Redis)")
        pytest.skip("needs DATABASE_URL=postgres://… and REDIS_URL=redis://…")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)  # through the broker
    queue = f"osc4you-test-{uuid.uuid4().hex[:8]}"
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "GITHUB_API_URL": fake_github.url,  # the worker syncs from the test's fake GitHub
        "GITHUB_TOKEN": "worker-token",
    }
    process = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "osc4you", "worker",
            "--pool=solo", "--queues", queue, "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        yield queue
    finally:
        process.terminate()
        try:
            output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            output, _ = process.communicate()
        print(output)  # shown by pytest when the test fails


def test_it_runs_a_task_in_a_worker_that_writes_to_postgresql(worker):
    author = IdentityFactory()
    repository = RepositoryFactory()
    CommitFactory.create_batch(3, author=author, repository=repository)
    assert not refresh_activity_months_task.app.conf.task_always_eager

    result = refresh_activity_months_task.apply_async(args=[[author.pk], []], queue=worker)

    assert result.get(timeout=90) == 1
    row = ActivityMonth.objects.get()
    assert (row.contributor_id, row.kind, row.count) == (author.contributor_id, "commit", 3)


def test_it_runs_a_github_sync_in_a_worker(worker, fake_github):
    upstream = fake_github.dataset.add_repository("apache", "yunikorn-core")
    generate(upstream, pull_requests=80, reviews=120, review_comments=100, seed=11)
    repository = RepositoryFactory(owner="apache", name="yunikorn-core")

    result = sync_github_task.apply_async(args=[repository.pk], queue=worker)

    assert result.get(timeout=90) == {"requests": 2, "pull_requests": 80}
    assert PullRequest.objects.filter(repository=repository).count() == 80
    assert Review.objects.count() == 120
    state = SyncState.objects.get(kind=SyncState.Kind.GITHUB, repository=repository)
    assert state.status == SyncState.Status.SUCCEEDED
