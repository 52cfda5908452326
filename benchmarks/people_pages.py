"""The contributor page and the mentor dashboard under concurrent load, served by gunicorn.

Generates 1,000 contributors, 50 mentors and 1,000,000 source records in a throwaway
PostgreSQL database (``benchmarks/dataset.py``), serves the app with gunicorn on the
production settings (DEBUG off, collected static files, sync workers), and loads it from a
second process on 127.0.0.1: concurrent signed-in clients ask for the pages of people drawn
at random, the dashboard of the mentor with 50 mentees, and two floors in the same mix
(``/healthz/``, answered before sessions, and the empty people search, a signed-in page
with no data), so a noisy machine shows in the floors too. As in production, figures from
records are cached in Redis and warmed after a sync (contributors/warming.py): the
targets are measured after the warm step, and the first views of 200 pages with an empty
cache before it (a person not warmed yet: a new member, someone found by search) have the
same target. Server-side p50/p95 come from
gunicorn's access log (``%(D)s``, the request time in µs); client-side figures include the
wait for a free worker and are printed for information. Exits 1 when a target is missed.

    .venv/bin/python benchmarks/people_pages.py [--workers 2] [--clients 4] [--requests 3000]

``--keep`` leaves the database for profiling; ``--reuse`` measures the database in
DATABASE_URL, filled by an earlier ``--keep`` run, without generating again.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
# As in production, figures are cached in Redis, shared by the workers (a database of its
# own, emptied first).
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
# Shared with the server, which must accept the sessions made here.
os.environ.setdefault("SECRET_KEY", "bench-" + secrets.token_urlsafe(40))
# The sign-ins below would log a line each (django-axes): only warnings are printed.
os.environ.setdefault("LOG_LEVEL", "WARNING")

import support  # sets Django up on a throwaway database: before the imports below
from dataset import Dataset, add_dataset_arguments, dataset_for
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from support import report

from contributors.warming import warm_figures

# The request mix: what people open most, the page of the person with the most records
# (32,000 at the default size, 30 times the median; for information), and two floors.
MIX = {
    "contributor_page": 0.62,
    "busiest_page": 0.03,
    "mentor_dashboard": 0.20,
    "healthz": 0.075,
    "search": 0.075,
}
WARMUP = 200
FIRST_VIEWS = 200
GOALS_MS = {"contributor_page": 60, "mentor_dashboard": 120}
LOG_FORMAT = "%(U)s|%(q)s|%(s)s|%(D)s"

Request = tuple[str, str, str]  # kind, path, session cookie


def signed_in_sessions(usernames: list[str]) -> dict[str, str]:
    """A signed-in session per username, made as a sign-in would (a row in the session
    table, keyed to the password hash), without a password hash per sign-in."""
    cookies = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        client = Client()
        client.force_login(user)
        cookies[user.username] = f"sessionid={client.cookies['sessionid'].value}"
    return cookies


def _plan(data: Dataset, cookies: dict[str, str], count: int, rng) -> list[Request]:
    """``count`` requests in the MIX, each with a reader's session."""
    mentor = cookies[data.mentor_slug]
    # Readers: the mentor (sees mentees' private parts), the organizer (everyone's), others.
    readers = list(cookies.values())
    others = [slug for slug in data.slugs if slug != data.busy_slug]
    plan = []
    for kind in rng.choices(list(MIX), weights=list(MIX.values()), k=count):
        if kind == "contributor_page":
            plan.append((kind, f"/people/{rng.choice(others)}/", rng.choice(readers)))
        elif kind == "busiest_page":
            plan.append((kind, f"/people/{data.busy_slug}/", rng.choice(readers)))
        elif kind == "mentor_dashboard":
            plan.append((kind, "/mentor/", mentor))
        elif kind == "healthz":
            plan.append((kind, "/healthz/", ""))
        else:
            plan.append((kind, "/people/", rng.choice(readers)))
    return plan


def _get(port: int, path: str, cookie: str) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - start


def run_load(port: int, plan: list[Request], clients: int, suffix: str = "") -> dict:
    """Run the plan with ``clients`` concurrent connections (gunicorn's sync workers close
    each connection, so one request per connection, as a browser without keep-alive)."""
    pending = iter(plan)
    lock = threading.Lock()
    results: list[tuple[str, int, float]] = []

    def client() -> None:
        while True:
            with lock:
                item = next(pending, None)
            if item is None:
                return
            kind, path, cookie = item
            status, seconds = _get(port, path + suffix, cookie)
            with lock:
                results.append((kind, status, seconds))

    start = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"results": results, "seconds": time.perf_counter() - start}


def in_second_process(function: Callable, *args) -> dict:
    connections.close_all()  # a forked child must not share the parent's sockets
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(function, args)


def _collect_static(env: dict[str, str], scratch: Path) -> None:
    """collectstatic into the scratch STATIC_ROOT, as a deployment does before starting."""
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
    if subprocess.run(command, cwd=support.ROOT, env=env, capture_output=True).returncode == 0:
        return
    # The build copies Chart.js without the source map its last line names, and the
    # manifest storage refuses to collect a file naming a missing one: collect once more
    # with the map (or a stub) found beside it. Pages are served the same either way.
    extra = scratch / "collect" / "vendor"
    extra.mkdir(parents=True)
    source = support.ROOT / "node_modules/chart.js/dist/chart.umd.min.js.map"
    (extra / "chart.umd.min.js.map").write_bytes(source.read_bytes() if source.exists() else b"{}")
    (scratch / "collect_settings.py").write_text(
        "from osc4you.settings import *  # noqa: F403\n"
        f"STATICFILES_DIRS = [*STATICFILES_DIRS, {str(scratch / 'collect')!r}]  # noqa: F405\n"
    )
    print("note: collectstatic needed vendor/chart.umd.min.js.map beside Chart.js")
    subprocess.run(
        [*command, "--settings", "collect_settings"],
        cwd=support.ROOT,
        env={**env, "PYTHONPATH": str(scratch)},
        check=True,
    )


def serve(workers: int, scratch: Path) -> tuple[subprocess.Popen, int, Path]:
    """gunicorn on the production settings; returns the process, its port, its access log."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "osc4you.settings",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP on 127.0.0.1, no TLS proxy in front
        "DATA_DIR": str(scratch),
        "STATIC_ROOT": str(scratch / "static"),
        "LOG_LEVEL": "WARNING",
    }
    _collect_static(env, scratch)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    access_log = scratch / "access.log"
    command = [
        Path(sys.executable).parent / "gunicorn",
        "osc4you.wsgi:application",
        *("--workers", str(workers), "--bind", f"127.0.0.1:{port}"),
        *("--access-logfile", str(access_log), "--access-logformat", LOG_FORMAT),
        *("--error-logfile", str(scratch / "error.log")),
    ]
    server = subprocess.Popen(command, cwd=support.ROOT, env=env)
    deadline = time.monotonic() + 60
    while True:
        try:
            if _get(port, "/healthz/", "")[0] == 200:
                return server, port, access_log
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            sys.exit("gunicorn did not start; see " + str(scratch / "error.log"))
        time.sleep(0.2)


def _server_times(access_log: Path, plan: list[Request]) -> dict[str, list[float]]:
    """Milliseconds per kind from the access log, without warm-up and first views."""
    kind_of = {path: kind for kind, path, _cookie in plan}
    times = defaultdict(list)
    for line in access_log.read_text().splitlines():
        path, query, _status, micros = line.split("|")
        if "warmup" not in query and "first" not in query:
            times[kind_of[path]].append(int(micros) / 1000)
    return times


def _first_view_times(access_log: Path) -> list[float]:
    return [
        int(line.split("|")[3]) / 1000
        for line in access_log.read_text().splitlines()
        if line.split("|")[1] == "first"
    ]


def percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _query_counts(data: Dataset) -> dict[str, int]:
    """Queries per page in this process, for the record beside the times; read by the
    mentor, who sees a mentee's private parts (two more queries)."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username=data.mentor_slug))
    counts = {}
    for kind, path in (
        ("contributor_page", f"/people/{data.busy_mentees[0]}/"),
        ("busiest_page", f"/people/{data.busy_slug}/"),
        ("mentor_dashboard", "/mentor/"),
    ):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[kind] = len(queries)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=4, help="concurrent connections")
    parser.add_argument("--requests", type=int, default=3000, help="timed requests")
    add_dataset_arguments(parser)
    args = parser.parse_args()
    # WhiteNoise looks for collected files in this process too; only the server has them.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    data = dataset_for(args, parser, camp=200)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        print(f"figure database_size: {cursor.fetchone()[0] / 2**20:,.0f} MB")
    queries = _query_counts(data)

    rng = random.Random(11)
    viewers = [data.mentor_slug, *rng.sample(data.slugs, 10)]
    cookies = signed_in_sessions([*viewers, data.organizer])
    cookies["organizer"] = cookies.pop(data.organizer)
    scratch = Path(tempfile.mkdtemp(prefix="osc4you-bench-serve-"))
    cache.clear()
    server, port, access_log = serve(args.workers, scratch)
    try:
        # First views, before the figures are warmed: each person's page once, for the
        # record (the cache fills as they are read).
        first = [
            ("contributor_page", f"/people/{slug}/?first", rng.choice(list(cookies.values())))
            for slug in rng.sample(data.slugs, FIRST_VIEWS)
        ]
        in_second_process(run_load, port, first, args.clients)
        time.sleep(0.5)
        first_ms = _first_view_times(access_log)
        # What a sync's last step does (contributors.tasks.warm_figures_task).
        settings.FIGURES_CACHE_SECONDS = 24 * 3600
        cache.clear()
        start = time.perf_counter()
        warmed = warm_figures()
        warm_seconds = time.perf_counter() - start
        warmup = _plan(data, cookies, WARMUP, rng)
        in_second_process(run_load, port, warmup, args.clients, "?warmup")
        load_before = os.getloadavg()[0]
        plan = _plan(data, cookies, args.requests, rng)
        run = in_second_process(run_load, port, plan, args.clients)
        load_after = os.getloadavg()[0]
        time.sleep(0.5)  # the last access-log lines are written after their responses
    finally:
        server.terminate()
        server.wait()
    server_ms = _server_times(access_log, plan)
    shutil.rmtree(scratch, ignore_errors=True)

    client_ms = defaultdict(list)
    failed = 0
    for kind, status, seconds in run["results"]:
        client_ms[kind].append(seconds * 1000)
        failed += status != 200
    print(
        f"server: gunicorn {args.workers} sync workers on {os.cpu_count()} cores; "
        f"{args.clients} concurrent clients in a second process; load average "
        f"{load_before:.1f} → {load_after:.1f}"
    )
    print(
        f"figure throughput: {len(run['results']) / run['seconds']:.1f} requests/s "
        f"({len(run['results']):,} requests, {failed} not 200)"
    )
    print(
        f"figure first_view contributor_page: server p50 {percentile(first_ms, 50):.1f} ms, "
        f"p95 {percentile(first_ms, 95):.1f} ms (n={len(first_ms)}, empty cache, each page once)"
    )
    print(
        f"figure warm_figures: {warmed:,} members' pages and the dashboards in {warm_seconds:.1f} s"
    )
    for kind in MIX:
        server_p = percentile(server_ms[kind], 50), percentile(server_ms[kind], 95)
        client_p = percentile(client_ms[kind], 50), percentile(client_ms[kind], 95)
        note = f"{queries[kind]} queries uncached" if kind in queries else "floor"
        print(
            f"figure {kind}: server p50 {server_p[0]:.1f} ms, p95 {server_p[1]:.1f} ms; "
            f"client p50 {client_p[0]:.1f} ms, p95 {client_p[1]:.1f} ms "
            f"(n={len(server_ms[kind])}, {note})"
        )
    results = [
        report(f"{kind}_p95", percentile(server_ms[kind], 95), f"<= {goal} ms",
               percentile(server_ms[kind], 95) <= goal, " ms")
        for kind, goal in GOALS_MS.items()
    ]  # fmt: skip
    first_p95, goal = percentile(first_ms, 95), GOALS_MS["contributor_page"]
    results.append(
        report(
            "first_view_contributor_page_p95", first_p95, f"<= {goal} ms", first_p95 <= goal, " ms"
        )
    )
    results.append(report("requests_failed", failed, "== 0", failed == 0, digits=0))
    return 0 if all(results) else 1


if __name__ == "__main__":
    support.run(main)
