"""JIRA sync against the fake JIRA server: requests used and issues per second.

    .venv/bin/python benchmarks/jira_sync.py

A project with 20,000 issues and 100,000 comments is synced into PostgreSQL (DATABASE_URL
if set, else a throwaway database on 127.0.0.1), then synced again with nothing new. The
fake JIRA runs in its own process, so its work is not on the sync's clock. Exits 1 when a
goal is missed.
"""

import multiprocessing
import sys
import time

import support
from django.core.management import call_command
from django.db import connection
from support import report

from projects.models import Issue, IssueComment
from projects.sync.jira import sync_jira
from tests.factories import ProjectFactory
from tests.fake_jira import FakeJira, generate

ISSUES, COMMENTS = 20_000, 100_000


def serve(urls, stop) -> None:
    with FakeJira() as fake:
        fake.dataset.add_project("KAFKA", "Kafka")
        generate("KAFKA", issues=ISSUES, comments=COMMENTS, dataset=fake.dataset)
        urls.put(fake.url)
        stop.wait()


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
        support.drop_database()
    sys.exit(code)
