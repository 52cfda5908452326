"""GitHub sync against the fake GitHub server: requests used and pull requests per second.

    .venv/bin/python benchmarks/github_sync.py [--conversations 30000]

One repository with 5,000 pull requests, 30,000 conversation comments (20 pull requests
with more than a page of them), 15,000 reviews and 20,000 review comments is synced into
PostgreSQL (DATABASE_URL if set, else a throwaway database on 127.0.0.1), then synced again
with nothing new. The floors, in the same run, show how loaded the machine is: every page
fetched and read as the sync does with nothing stored (GitHub's side and the parsing), and
the database's round trips. The requests a per-pull-request REST crawl would need for the
same data are printed beside ours. Exits 1 when a goal is missed.
"""

import argparse
import multiprocessing
import time

import support
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from support import report

from projects.models import PullRequest, PullRequestComment, Repository, Review, ReviewComment
from projects.sync import github_client, github_store
from projects.sync.github import sync_github
from tests.factories import ProjectFactory
from tests.fake_github import FakeGitHub, generate

PULLS, REVIEWS, COMMENTS = 5000, 15000, 20000
LONG_CONVERSATIONS = 20  # pull requests with 101-140 conversation comments
REQUESTS_PER_PULL_REQUEST = 1 / 40  # the budget for a first sync


def serve(urls, stop, counts, conversations: int) -> None:
    """The fake GitHub, in its own process: GitHub's work is not on the sync's clock."""
    with FakeGitHub() as fake:
        upstream = fake.dataset.add_repository("apache", "kafka")
        generate(
            upstream, pull_requests=PULLS, reviews=REVIEWS, review_comments=COMMENTS,
            pull_request_comments=conversations,
            many_conversations=LONG_CONVERSATIONS if conversations else 0,
        )  # fmt: skip
        urls.put(fake.url)
        while not stop.wait(0.05):
            counts.value = fake.request_count


def fetch_only(repository: Repository) -> tuple[float, int]:
    """The floor: every page fetched, read and completed as the sync does, nothing stored.
    Returns the seconds and the pull requests read."""
    gh = github_client.client()
    start = time.perf_counter()
    after, pulls = None, 0
    while True:
        page = github_client.fetch_pull_requests(
            gh, owner=repository.owner, name=repository.name, after=after
        )
        github_store.complete_pull_requests(gh, repository, page.nodes)
        pulls += len(page.nodes)
        if not page.has_next_page:
            return time.perf_counter() - start, pulls
        after = page.end_cursor


def round_trips(count: int = 1000) -> float:
    """The database's floor: seconds for ``count`` trivial queries, one after the other."""
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for _ in range(count):
            cursor.execute("SELECT 1")
            cursor.fetchone()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--conversations", type=int, default=30000, help="conversation comments (0: none)"
    )
    conversations = parser.parse_known_args()[0].conversations
    call_command("migrate", verbosity=0)
    context = multiprocessing.get_context("fork")
    urls, stop, counts = context.Queue(), context.Event(), context.Value("i", 0)
    server = context.Process(target=serve, args=(urls, stop, counts, conversations), daemon=True)
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
            PullRequestComment.objects.count(),
            Review.objects.count(),
            ReviewComment.objects.count(),
        )
        again = sync_github(repository=repository)
        time.sleep(0.2)
        served = counts.value
        floor_seconds, floor_pulls = fetch_only(repository)
        database_seconds = round_trips()
    finally:
        stop.set()
        server.join(timeout=10)

    # A REST crawl: list pages of 100, then each pull request's reviews, review comments
    # and conversation (issue) comments.
    rest = -(-PULLS // 100) + (3 if conversations else 2) * PULLS
    print(f"database: {connection.vendor}; fake GitHub: {PULLS:,} PRs, {conversations:,} "
          f"conversation comments, {REVIEWS:,} reviews, {COMMENTS:,} review comments")  # fmt: skip
    print(f"figure stored: {stored[0]:,} PRs, {stored[1]:,} conversation comments, "
          f"{stored[2]:,} reviews, {stored[3]:,} review comments")  # fmt: skip
    print(f"figure first_sync: {first.requests} requests, {seconds:.2f} s")
    print(f"figure requests_served_by_fake_github: {served} (first sync and re-sync)")
    print(f"figure rest_crawl_would_need: {rest:,} requests ({rest / first.requests:.0f}x more)")
    floor_rate = floor_pulls / floor_seconds
    slower = seconds / floor_seconds
    print(f"floor fetch_only: {floor_seconds:.2f} s, {floor_rate:,.0f} PRs/s (pages fetched and "
          f"read, nothing stored; the sync took {slower:.1f}x as long)")  # fmt: skip
    print(f"floor database: {database_seconds * 1000:.0f} ms for 1,000 SELECT 1 round trips")
    rate = stored[0] / seconds
    per_pull = first.requests / PULLS
    results = [
        stored == (PULLS, conversations, REVIEWS, COMMENTS),
        report("first_sync_requests", first.requests, "<= 125", first.requests <= 125),
        report(
            "first_sync_requests_per_pull_request",
            per_pull,
            "<= 1/40 = 0.025",
            per_pull <= REQUESTS_PER_PULL_REQUEST,
            digits=4,
        ),
        report("no_change_resync_requests", again.requests, "<= 2", again.requests <= 2),
        report("pull_requests_per_second", rate, ">= 1,000/s", rate >= 1000, "/s"),
    ]
    if not results[0]:
        print(f"stored counts {stored} differ from the dataset: MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    support.run(main)
