"""JIRA sync against the fake JIRA server: requests used and issues per second.

    .venv/bin/python benchmarks/jira_sync.py

A project with 20,000 issues and 100,000 comments is synced into PostgreSQL (DATABASE_URL
if set, else a throwaway database on 127.0.0.1), then synced again with nothing new. The
fake JIRA runs in its own process, so its work is not on the sync's clock. Exits 1 when a
goal is missed.
"""

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="osc4you-jira-bench-"))
DATABASE = None
if not os.environ.get("DATABASE_URL"):
    DATABASE = f"osc4you_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DATABASE], check=True)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from projects.models import Issue, IssueComment  # noqa: E402
from projects.sync.jira import sync_jira  # noqa: E402
from tests.factories import ProjectFactory  # noqa: E402
from tests.fake_jira import FakeJira, generate  # noqa: E402

ISSUES, COMMENTS = 20_000, 100_000


def serve(urls, stop) -> None:
    with FakeJira() as fake:
        fake.dataset.add_project("KAFKA", "Kafka")
        generate("KAFKA", issues=ISSUES, comments=COMMENTS, dataset=fake.dataset)
        urls.put(fake.url)
        stop.wait()


def report(name: str, value: float, goal: str, met: bool, unit: str = "") -> bool:
    print(f"target {name}: {value:,.1f}{unit} (goal {goal}) {'met' if met else 'MISSED'}")
    return met


def main() -> int:
    call_command("migrate", verbosity=0)
    context = multiprocessing.get_context("fork")
    urls, stop = context.Queue(), context.Event()
    server = context.Process(target=serve, args=(urls, stop), daemon=True)
    server.start()
    try:
        url = urls.get(timeout=120)
        project = ProjectFactory(name="Apache Kafka", slug="kafka", jira_key="KAFKA", jira_url=url)
        start = time.perf_counter()
        first = sync_jira(project=project)
        seconds = time.perf_counter() - start
        stored = Issue.objects.count(), IssueComment.objects.count()
        again = sync_jira(project=project)
    finally:
        stop.set()
        server.join(timeout=10)
    print(f"database: {connection.vendor}; fake JIRA: {ISSUES:,} issues, {COMMENTS:,} comments")
    print(f"figure stored: {stored[0]:,} issues, {stored[1]:,} comments")
    print(f"figure first_sync: {first.requests} requests, {seconds:.2f} s")
    print(f"figure no_change_resync: {again.requests} requests")
    per_request = stored[0] / first.requests
    rate = stored[0] / seconds
    results = [
        report("issues_per_request", per_request, ">= 50", per_request >= 50),
        report("issues_per_second", rate, ">= 1,000/s", rate >= 1000, "/s"),
    ]
    if stored != (ISSUES, COMMENTS):
        print(f"stored counts {stored} differ from the dataset: MISSED")
        results.append(False)
    return 0 if all(results) else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        if DATABASE:
            connection.close()
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", DATABASE])
    sys.exit(code)
