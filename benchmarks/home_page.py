"""Home page: figures from monthly rollups against the same figures scanned from records.

Seeds the demo community into a fresh SQLite database (or DATABASE_URL's, if set), then
times ``community_overview`` (rollups) and a direct count over source records, the floor a
dashboard would pay without rollups, in the same run. Prints each figure beside its goal
and exits 1 when one is missed.

    .venv/bin/python benchmarks/home_page.py
"""

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="osc4you-bench-"))
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.db.models.functions import TruncMonth  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from contributors.overview import community_overview  # noqa: E402
from projects.models import Commit, Project, PullRequest, Review  # noqa: E402

ROUNDS = 15


def overview_from_records() -> dict:
    """The home page's activity figures counted from source records on every request."""
    month = timezone.localdate().replace(day=1)
    first = (month - timedelta(days=330)).replace(day=1)
    members = Q(author__contributor__is_member=True)
    per_project = {
        row["repository__project"]: row
        for row in Commit.objects.filter(members)
        .values("repository__project")
        .annotate(commits=Count("id"))
        .order_by()
    }
    merged = dict(
        PullRequest.objects.filter(members, state="merged")
        .values("repository__project")
        .annotate(n=Count("id"))
        .values_list("repository__project", "n")
    )
    monthly = list(
        Commit.objects.filter(members, committed_at__date__gte=first)
        .annotate(m=TruncMonth("committed_at"))
        .values("m")
        .annotate(n=Count("id"))
        .order_by()
    )
    this_month = {
        "commits": Commit.objects.filter(members, committed_at__date__gte=month).count(),
        "merged": PullRequest.objects.filter(members, merged_at__date__gte=month).count(),
        "reviews": Review.objects.filter(
            reviewer__contributor__is_member=True, submitted_at__date__gte=month
        ).count(),
    }
    return {
        "projects": [(p, per_project.get(p.pk), merged.get(p.pk)) for p in Project.objects.all()],
        "monthly": monthly,
        "this_month": this_month,
    }


def median_ms(function) -> float:
    function()  # warm caches and connections
    samples = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def report(name: str, value: float, goal: str, met: bool, unit: str = "") -> bool:
    print(f"target {name}: {value:.1f}{unit} (goal {goal}) {'met' if met else 'MISSED'}")
    return met


def main() -> int:
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("seed_demo", verbosity=0)
    seed_seconds = time.perf_counter() - start
    records = sum(model.objects.count() for model in (Commit, PullRequest, Review))
    print(f"database: {connection.vendor}; demo seeded in {seed_seconds:.1f} s")
    print(f"figure commits+PRs+reviews stored: {records:,}")

    rollup_ms = median_ms(community_overview)
    scan_ms = median_ms(overview_from_records)
    print(f"figure overview_from_rollups: {rollup_ms:.1f} ms (median of {ROUNDS})")
    print(f"figure overview_from_records: {scan_ms:.1f} ms (median of {ROUNDS})")

    client = Client()
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        status = client.get("/").status_code
    query_count = len(queries)  # read now: later requests reset the query log it reads
    page_ms = median_ms(lambda: client.get("/"))
    print(f"figure home_page: {page_ms:.1f} ms (median of {ROUNDS}), HTTP {status}")

    results = [
        report("rollup_speedup", scan_ms / rollup_ms, ">= 3x", scan_ms / rollup_ms >= 3, "x"),
        report("home_page_queries", query_count, "<= 12", 0 < query_count <= 12),
        report("seed_demo_seconds", seed_seconds, "<= 60 s", seed_seconds <= 60, " s"),
    ]
    return 0 if all(results) and status == 200 else 1


if __name__ == "__main__":
    sys.exit(main())
