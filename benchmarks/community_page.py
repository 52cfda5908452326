"""The community page under concurrent load, anonymous and signed in, served by gunicorn.

Generates the 1,000-contributor / 1,000,000-record community of ``benchmarks/dataset.py`` in
a throwaway PostgreSQL database, makes 40% of the people outsiders working for eight
organisations (affiliations, some dated) so the page has a ranking to show, recounts the
figures as a sync would (``refresh_all_figures``, timed for information), then serves the
app with gunicorn and loads it from a second process with the harness of
``benchmarks/people_pages.py``: anonymous visitors and signed-in members ask for
``/community/`` with a quarter drawn from the picker's twelve (members also narrow the
leaderboards to a project half the time), with ``/healthz/`` as a floor. Server-side p50/p95
come from gunicorn's access log. The target is the slower of the two p95s. Exits 1 when it
is missed.

    .venv/bin/python benchmarks/community_page.py [--workers 2] [--clients 4] [--requests 2000]

``--keep`` leaves the database; ``--reuse`` measures the database in DATABASE_URL, filled by
an earlier ``--keep`` run of this script (or of ``people_pages.py``, which this then turns
into one with outsiders and organisations), without generating again.
"""

import argparse
import os
import random
import shutil
import tempfile
import time
import warnings
from collections import defaultdict
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlencode

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

# people_pages sets the shared SECRET_KEY and Django up (through support): import it first.
from people_pages import in_second_process, percentile, run_load, serve, signed_in_sessions  # noqa: I001
import support
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from dataset import add_dataset_arguments, dataset_for
from support import report

from community.figures import quarter_choices
from community.models import Affiliation, Organization
from community.snapshot import refresh_all_figures
from contributors.models import Contributor
from projects.models import Project

GOAL_MS = 150
OUTSIDERS = 0.4
ORGANIZATIONS = 8
WARMUP = 100
# What visitors ask for; the floor shows a noisy machine in the same run.
MIX = {"anonymous": 0.45, "signed_in": 0.45, "healthz": 0.10}
PAGES = ("anonymous", "signed_in")


def make_outsiders(rng: random.Random) -> int:
    """Turn a share of the members into outsiders at organisations, once per database;
    returns the affiliations made."""
    if Organization.objects.filter(is_community=False).exists():
        return 0
    people = list(Contributor.objects.filter(user__isnull=False).order_by("pk"))
    outsiders = rng.sample(people, int(len(people) * OUTSIDERS))
    Contributor.objects.filter(pk__in=[p.pk for p in outsiders]).update(is_member=False)
    organizations = Organization.objects.bulk_create(
        Organization(name=f"Bench Company {n}", slug=f"bench-company-{n}")
        for n in range(ORGANIZATIONS)
    )
    affiliations = []
    for person in outsiders:
        if rng.random() < 0.8:  # the rest stay unattributed (example.com names nobody)
            moved = rng.random() < 0.2  # a job change three years ago
            affiliations.append(
                Affiliation(
                    contributor=person,
                    organization=rng.choice(organizations),
                    since=date(date.today().year - 3, 1, 1) if moved else None,
                )
            )
    Affiliation.objects.bulk_create(affiliations)
    return len(affiliations)


def _plan(cookies: list[str], slugs: list[str], count: int, rng) -> list[tuple[str, str, str]]:
    quarters = [quarter.slug for quarter in quarter_choices()]
    plan = []
    for who in rng.choices(list(MIX), weights=list(MIX.values()), k=count):
        if who == "healthz":
            plan.append((who, "/healthz/?who=healthz", ""))
            continue
        query = {"quarter": rng.choice(quarters), "who": who}
        if who == "signed_in" and rng.random() < 0.5:
            query["project"] = rng.choice(slugs)
        cookie = rng.choice(cookies) if who == "signed_in" else ""
        plan.append((who, f"/community/?{urlencode(query)}", cookie))
    return plan


def _server_times(access_log: Path) -> dict[str, list[float]]:
    """Milliseconds per kind from the access log (``who`` in the query), warm-up left out."""
    times = defaultdict(list)
    for line in access_log.read_text().splitlines():
        _path, query, _status, micros = line.split("|")
        fields = parse_qs(query)
        if "who" in fields and "warmup" not in fields:  # not the start-up probes either
            times[fields["who"][0]].append(int(micros) / 1000)
    return times


def _query_counts(username: str) -> dict[str, int]:
    counts = {}
    for who in PAGES:
        client = Client(HTTP_HOST="127.0.0.1")
        if who == "signed_in":
            client.force_login(Contributor.objects.get(slug=username).user)
        client.get("/community/")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/community/").status_code == 200, who
        counts[who] = len(queries)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests")
    add_dataset_arguments(parser)
    args = parser.parse_args()
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    rng = random.Random(13)
    dataset_for(args, parser)
    affiliations = make_outsiders(rng)
    start = time.perf_counter()
    projects = refresh_all_figures()
    recount = time.perf_counter() - start
    members = Contributor.objects.filter(is_member=True).count()
    print(
        f"community: {members:,} members, {Organization.objects.count() - 1} organisations, "
        f"{affiliations:,} affiliations made"
    )
    print(f"figure recount_all_projects: {recount:.1f} s ({projects} projects, after each sync)")

    readers = [
        c.slug
        for c in Contributor.objects.filter(is_member=True, user__isnull=False).order_by("pk")[:10]
    ]
    queries = _query_counts(readers[0])
    cookies = list(signed_in_sessions(readers).values())
    slugs = list(Project.objects.values_list("slug", flat=True))
    scratch = Path(tempfile.mkdtemp(prefix="osc4you-bench-serve-"))
    server, port, access_log = serve(args.workers, scratch)
    try:
        warmup = _plan(cookies, slugs, WARMUP, rng)
        in_second_process(run_load, port, warmup, args.clients, "&warmup=1")
        plan = _plan(cookies, slugs, args.requests, rng)
        run = in_second_process(run_load, port, plan, args.clients)
        time.sleep(0.5)  # the last access-log lines are written after their responses
    finally:
        server.terminate()
        server.wait()
    server_ms = _server_times(access_log)
    shutil.rmtree(scratch, ignore_errors=True)

    failed = sum(status != 200 for _kind, status, _seconds in run["results"])
    print(
        f"server: gunicorn {args.workers} sync workers on {os.cpu_count()} cores; "
        f"{args.clients} concurrent clients in a second process"
    )
    print(
        f"figure throughput: {len(run['results']) / run['seconds']:.1f} requests/s "
        f"({len(run['results']):,} requests, {failed} not 200)"
    )
    for kind in MIX:
        note = f"{queries[kind]} queries" if kind in queries else "floor"
        print(
            f"figure community_page_{kind}: server p50 {percentile(server_ms[kind], 50):.1f} ms, "
            f"p95 {percentile(server_ms[kind], 95):.1f} ms (n={len(server_ms[kind])}, {note})"
        )
    slowest = max(percentile(server_ms[kind], 95) for kind in PAGES)
    results = [
        report("community_page_p95", slowest, f"<= {GOAL_MS} ms", slowest <= GOAL_MS, " ms"),
        report("requests_failed", failed, "== 0", failed == 0, digits=0),
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    support.run(main)
