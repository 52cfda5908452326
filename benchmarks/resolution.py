"""Identity resolution on generated data: ~6,000 identities and ~20,000 pairs.

Builds people the way git history shows them (several spellings of a name, several emails,
a GitHub noreply email, an ``@apache.org`` email, name-only credits, a share of people
already known, a few ambiguous names) in a fresh SQLite database (or DATABASE_URL's), then
times a full ``resolve_identities()`` run, the in-memory planning alone, and a no-change
re-run. Prints each figure beside its goal and exits 1 when one is missed.

    .venv/bin/python benchmarks/resolution.py [--people 460]
"""

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="osc4you-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from contributors import resolution  # noqa: E402
from contributors.models import Contributor, Identity, IdentityPair  # noqa: E402
from contributors.resolution.clusters import build_plan  # noqa: E402
from contributors.resolution.graph import load_graph  # noqa: E402

GOAL_SECONDS = 1.0


def generate(people: int, seed: int = 7) -> tuple[int, int]:
    """Per person: 6 spellings of the name, 6 emails (one noreply, one @apache.org) and a
    GitHub login, every name seen with every email, and the login with every email; every
    fifth person already known by one email; one name-only credit per person."""
    rng = random.Random(seed)
    identities: list[Identity] = []
    known = []
    for i in range(people):
        given, family = f"Given{i}", f"Family{i}"
        names = [
            f"{given} {family}",
            f"{given}-{family}",
            f"{given.lower()}  {family.lower()}.",
            f"{given} {family}x",  # a typo
            f"{family} {given}",
            f"{given[0]}. {family}",
        ]
        emails = [
            f"p{i}@example.org",
            f"p{i}@work{i % 37}.example",
            f"{1000 + i}+login{i}@users.noreply.github.com",
            f"apache{i}@apache.org",
            f"p{i}@old.example",
            f"p{i}.typo@example.org",
        ]
        for raw in names:
            identities.append(Identity(kind="git_name", value=raw.lower(), display=raw))
        for raw in emails:
            identities.append(Identity(kind="git_email", value=raw, display=raw))
        identities.append(Identity(kind="github", value=f"login{i}", display=f"Login{i}"))
        identities.append(Identity(kind="git_name", value=f"given{i}_family{i}", display="x"))
        if i % 5 == 0:
            known.append(Contributor(display_name=f"{given} {family}", slug=f"known-{i}"))
    # Ambiguous: a name-only credit matching two known people.
    for j in range(20):
        identities.append(Identity(kind="git_name", value=f"twin {j}", display=f"Twin {j}"))
    Contributor.objects.bulk_create(known, batch_size=500)
    Identity.objects.bulk_create(identities, batch_size=1000)
    ids = {(row.kind, row.value): row.pk for row in Identity.objects.all()}
    by_slug = {c.slug: c.pk for c in Contributor.objects.all()}
    links = []
    pairs = set()
    for i in range(people):
        name_ids = [
            ids[("git_name", v)]
            for v in (
                f"given{i} family{i}",
                f"given{i}-family{i}",
                f"given{i}  family{i}.".lower(),
                f"given{i} family{i}x",
                f"family{i} given{i}",
                f"g. family{i}",
            )
        ]
        email_ids = [
            ids[("git_email", v)]
            for v in (
                f"p{i}@example.org",
                f"p{i}@work{i % 37}.example",
                f"{1000 + i}+login{i}@users.noreply.github.com",
                f"apache{i}@apache.org",
                f"p{i}@old.example",
                f"p{i}.typo@example.org",
            )
        ]
        login = ids[("github", f"login{i}")]
        pairs.update((min(n, e), max(n, e)) for n in name_ids for e in email_ids)
        pairs.update((min(login, e), max(login, e)) for e in email_ids)
        if i % 5 == 0:
            links.append(Identity(pk=email_ids[0], contributor_id=by_slug[f"known-{i}"]))
    for j in range(20):
        twins = [
            Contributor.objects.create(display_name=f"Twin {j}", slug=f"twin-{j}-{k}")
            for k in range(2)
        ]
        links.append(
            Identity(pk=ids[("git_name", f"given{j} family{j}x")], contributor_id=twins[0].pk)
        )
    Identity.objects.bulk_update(links, ["contributor"], batch_size=500)
    IdentityPair.objects.bulk_create(
        [
            IdentityPair(first_id=a, second_id=b, occurrences=rng.randint(1, 30))
            for a, b in sorted(pairs)
        ],
        batch_size=1000,
    )
    return Identity.objects.count(), IdentityPair.objects.count()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=460)
    people = parser.parse_args().people

    call_command("migrate", verbosity=0)
    identity_count, pair_count = generate(people)
    print(f"{connection.vendor}: {identity_count} identities, {pair_count} pairs")

    # Planning alone: read, build clusters and decide, without writing (rolled back).
    with transaction.atomic():
        load_seconds, graph = timed(load_graph)
        plan_seconds, _ = timed(build_plan, graph, None)
        transaction.set_rollback(True)
    full_seconds, summary = timed(resolution.resolve_identities)
    again_seconds, again = timed(resolution.resolve_identities)

    print(f"figure read_identities_pairs_people: {load_seconds * 1000:.0f} ms")
    print(f"figure union_find_and_rules: {plan_seconds * 1000:.0f} ms")
    missed = False
    for name, seconds in (("full_run", full_seconds), ("no_change_rerun", again_seconds)):
        ok = seconds < GOAL_SECONDS
        missed |= not ok
        print(
            f"target {name}: {seconds * 1000:.0f} ms (goal < {GOAL_SECONDS * 1000:.0f} ms) "
            f"{'met' if ok else 'MISSED'}"
        )
    print(
        f"figure linked {summary.linked}, new people {summary.people_created}, "
        f"suggestions {summary.suggestions_created}, unresolved {summary.unresolved}; "
        f"re-run linked {again.linked}"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
