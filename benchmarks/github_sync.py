"""GitHub sync against the fake GitHub server: requests used and pull requests per second.

    .venv/bin/python benchmarks/github_sync.py

One repository with 5,000 pull requests, 15,000 reviews and 20,000 review comments is
synced into PostgreSQL (DATABASE_URL if set, else a throwaway database on 127.0.0.1),
then synced again with nothing new. The requests a per-pull-request REST crawl would need
for the same data are printed beside ours. Exits 1 when a goal is missed.
"""

import multiprocessing
import sys
import time

import support
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from support import report

from projects.models import PullRequest, Repository, Review, ReviewComment
from projects.sync.github import sync_github
from tests.factories import ProjectFactory
from tests.fake_github import FakeGitHub, generate

PULLS, REVIEWS, COMMENTS = 5000, 15000, 20000


def serve(urls, stop, counts) -> None:
    """The fake GitHub, in its own process: GitHub's work is not on the sync's clock."""
    with FakeGitHub() as fake:
        upstream = fake.dataset.add_repository("apache", "kafka")
        generate(upstream, pull_requests=PULLS, reviews=REVIEWS, review_comments=COMMENTS)
        urls.put(fake.url)
        while not stop.wait(0.05):
            counts.value = fake.request_count


def main() -> int:
    call_command("migrate", verbosity=0)
    context = multiprocessing.get_context("fork")
    urls, stop, counts = context.Queue(), context.Event(), context.Value("i", 0)
    server = context.Process(target=serve, args=(urls, stop, counts), daemon=True)
    server.start()
    try:
        settings.GITHUB_API_URL = urls.get(timeout=60)
        settings.GITHUB_TOKEN = "benchmark"
        repository = Repository.objects.create(
            project=ProjectFactory(name="Apache Kafka", slug="kafka"),
            owner="apache",
            name="kafka",
            clone_url="https://github.com/apache/kafka.git",
        )
        start = time.perf_counter()
        first = sync_github(repository=repository)
        seconds = time.perf_counter() - start
        stored = (
            PullRequest.objects.count(),
            Review.objects.count(),
            ReviewComment.objects.count(),
        )
        again = sync_github(repository=repository)
        time.sleep(0.2)
        served = counts.value
    finally:
        stop.set()
        server.join(timeout=10)

    # A REST crawl: list pages of 100, then reviews and review comments per pull request.
    rest = -(-PULLS // 100) + 2 * PULLS
    print(f"database: {connection.vendor}; fake GitHub: {PULLS:,} PRs, {REVIEWS:,} reviews, "
          f"{COMMENTS:,} review comments")  # fmt: skip
    print(f"figure stored: {stored[0]:,} PRs, {stored[1]:,} reviews, {stored[2]:,} comments")
    print(f"figure first_sync: {first.requests} requests, {seconds:.2f} s")
    print(f"figure requests_served_by_fake_github: {served} (first sync and re-sync)")
    print(f"figure rest_crawl_would_need: {rest:,} requests ({rest / first.requests:.0f}x more)")
    rate = stored[0] / seconds
    results = [
        stored == (PULLS, REVIEWS, COMMENTS),
        report("first_sync_requests", first.requests, "<= 125", first.requests <= 125),
        report("no_change_resync_requests", again.requests, "<= 2", again.requests <= 2),
        report("pull_requests_per_second", rate, ">= 1,000/s", rate >= 1000, "/s"),
    ]
    if not results[0]:
        print(f"stored counts {stored} differ from the dataset: MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        support.drop_database()
    sys.exit(code)
