"""Credits on a real history: the app's boards beside an independent count, and the
merge-suggestion queue against splits judged by hand.

    .venv/bin/python benchmarks/credits.py MIRROR [MIRROR…] [--since 2024-01-01] [--until …]
        [--project kafka] [--judged benchmarks/judged_splits.toml] [--keep]

Each MIRROR is a bare clone (default: the Kafka mirror benchmarks/git_ingest.py reads);
several go into one project, synced in the order given. The project's slug, which names its
judged pairs, is the mirror's name (``apache+kafka`` → ``kafka``) unless ``--project``.
The app ingests them into a throwaway PostgreSQL database (DATABASE_URL if set), with the
git sync and the identity resolution the pipeline runs. Then, per board (commits, reviews,
co-authors) over the period, it prints the app's top 15 beside a count made here with plain
``git log`` and a few lines of Python (author names; ``Reviewers:``/``Reviewed-by:`` and
``Co-authored-by:`` lines, by name, bots and AI assistants left out by their addresses),
and marks with ≠ an app row whose count git log does not give for that name: where the app
joined several spellings or emails of one person, or a project's convention differs.

Last, the suggestion queue is scored against the project's judged pairs in
``benchmarks/judged_splits.toml``: ``same`` pairs are splits (two records, one person),
``different`` ones are not. Recall is the share of splits either merged by resolution or
asked in the queue; precision the share of judged questions asked that are splits. Each
side of a pair is a name or an email as written in the history.
"""

import argparse
import re
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

import support  # sets Django up on a throwaway database: before the imports below
from django.core.management import call_command

from contributors.models import Contributor, MergeSuggestion
from contributors.resolution.bots import looks_like_assistant, looks_like_bot
from contributors.resolution.names import name_key
from projects.commits import LeaderboardKind, leaderboard, period
from projects.models import Identity, Project, Repository
from projects.sync.git import sync_repository
from projects.sync.git_names import first_name_first

TOP = 15
DEFAULT_MIRROR = Path("/work/.mirror/apache+kafka/repo")  # as benchmarks/git_ingest.py
JUDGED = Path(__file__).resolve().parent / "judged_splits.toml"
_LINE = re.compile(r"^(reviewers|reviewed-by|co-authored-by):\s*(.+)$", re.IGNORECASE)
_EMAIL = re.compile(r"<[^>]*>|\S+@\S+")


def ingest(slug: str, mirrors: list[Path]) -> Project:
    call_command("migrate", verbosity=0)
    project, _ = Project.objects.get_or_create(slug=slug, defaults={"name": slug})
    for index, mirror in enumerate(mirrors):
        repository, _ = Repository.objects.get_or_create(
            project=project,
            owner="bench",
            name=f"{slug}-{index}",
            defaults={"clone_url": str(mirror)},
        )
        result = sync_repository(repository=repository, with_stats=False)
        print(
            f"{mirror}: {result.commits_new:,} commits, {result.credits_new:,} credits, "
            f"{result.identities:,} identities"
        )
    return project


def independent_count(
    mirrors: list[Path], since: str | None, until: str | None
) -> dict[str, Counter[str]]:
    """The boards by name, from ``git log`` alone."""
    boards: dict[str, Counter[str]] = {kind: Counter() for kind in LeaderboardKind.CHOICES}
    window = [f"--since={since}" if since else "", f"--until={until} 23:59:59" if until else ""]
    for mirror in mirrors:
        log = subprocess.run(
            ["git", f"--git-dir={mirror}", "log", "--no-merges", "--format=%an%x1f%ae%x1f%B%x1e"]
            + [arg for arg in window if arg],
            capture_output=True,
            text=True,
            errors="replace",
            check=True,
        ).stdout
        for entry in log.split("\x1e"):
            if "\x1f" not in entry:
                continue
            name, email, body = entry.strip("\n").split("\x1f", 2)
            if not _machine(name, email):
                boards[LeaderboardKind.COMMIT][name_key(name)] += 1
            seen: dict[str, set[str]] = {"review": set(), "coauthor": set()}
            for line in body.splitlines():
                match = _LINE.match(line.strip())
                if not match:
                    continue
                kind = "coauthor" if match[1].lower() == "co-authored-by" else "review"
                for part in match[2].split(",") if kind == "review" else [match[2]]:
                    email = (_EMAIL.findall(part) or [""])[0].strip("<>")
                    key = name_key(_EMAIL.sub(" ", part))
                    if key and not _machine(key, email):
                        seen[kind].add(key)
            for kind, keys in seen.items():
                boards[kind].update(keys)
    return boards


def _machine(name: str, email: str) -> bool:
    return any(looks_like_bot(v) or looks_like_assistant(v) for v in (name, email) if v)


def print_boards(
    project: Project, mirrors: list[Path], since: str | None, until: str | None
) -> int:
    within = period(since=since, until=until)
    counted = independent_count(mirrors, since, until)
    differing = 0
    for kind in LeaderboardKind.CHOICES:
        rows = leaderboard(project=project, kind=kind, within=within, limit=None)[:TOP]
        theirs = counted[kind].most_common(TOP)
        print(f"\n== {kind} board, top {TOP}: app | git log")
        for i in range(TOP):
            app = f"{rows[i].name} {rows[i].count}" if i < len(rows) else ""
            git = f"{theirs[i][0]} {theirs[i][1]}" if i < len(theirs) else ""
            same = i < len(rows) and counted[kind].get(name_key(rows[i].name)) == rows[i].count
            differing += not same and bool(app)
            print(f"{i + 1:>2}. {app:<40} | {git:<40} {'' if same or not app else '≠'}")
    print(f"\nrows of the app's boards whose count git log does not give: {differing}")
    return differing


def _people_by_value() -> dict[str, set[int]]:
    """Name keys and emails → the people holding them (after merges)."""
    final = dict(Contributor.objects.values_list("pk", "merged_into_id"))

    def follow(pk: int) -> int:
        while final.get(pk):
            pk = final[pk]
        return pk

    found: dict[str, set[int]] = {}
    for kind, value, contributor in Identity.objects.filter(contributor__isnull=False).values_list(
        "kind", "value", "contributor_id"
    ):
        key = value if kind == Identity.Kind.GIT_EMAIL else name_key(value)
        found.setdefault(key, set()).add(follow(contributor))
    return found


def score_queue(slug: str, judged_file: Path) -> None:
    judged = tomllib.loads(judged_file.read_text()).get(slug, {}) if judged_file.exists() else {}
    by_value = _people_by_value()

    def people(side: str) -> set[int]:
        # A name as the sync stores it: "Doroszlai, Attila" is read "Attila Doroszlai".
        return by_value.get(
            side.lower() if "@" in side else name_key(first_name_first(side)), set()
        )

    asked = set()
    for suggestion in MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING):
        if suggestion.other_id is not None:
            asked.add(frozenset((suggestion.contributor_id, suggestion.other_id)))
        else:
            asked.add(frozenset((suggestion.contributor_id, -suggestion.identity_id)))
    same, different = judged.get("same", []), judged.get("different", [])
    merged = queued = missed = gone = 0
    for a, b in same:
        left, right = people(a), people(b)
        if not left or not right:  # one spelling makes no record now: nothing left to split
            gone += 1
        elif left == right:
            merged += 1
        elif any(frozenset((x, y)) in asked for x in left for y in right):
            queued += 1
        else:
            missed += 1
            print(f"missed split: {a} / {b}")
    false_questions = sum(
        1
        for a, b in different
        if any(frozenset((x, y)) in asked for x in people(a) for y in people(b))
    )
    false_merges = sum(1 for a, b in different if people(a) and people(a) == people(b))
    total = MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING).count()
    asked_judged = queued + false_questions
    print(f"\n== suggestion queue ({total} pending) against {len(same)} judged splits")
    if same:
        print(
            f"recall: {(merged + queued + gone) / len(same):.0%} ({merged} merged by "
            f"resolution, {gone} no longer a record of their own, {queued} asked in the "
            f"queue, {missed} missed)"
        )
    if asked_judged:
        print(
            f"precision: {queued / asked_judged:.0%} ({queued} of {asked_judged} judged "
            f"questions are splits; {false_merges} of {len(different)} judged different "
            "people merged)"
        )
    top = MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING).order_by(
        "-credits", "pk"
    )[:TOP]
    print("top of the queue (by credits moved):")
    for suggestion in top.select_related("contributor", "other", "identity"):
        print(f"  {suggestion.credits:>4}  {suggestion.get_reason_display()}: {suggestion}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", nargs="*", type=Path, default=[DEFAULT_MIRROR])
    parser.add_argument("--project", help="project slug (default: from the first mirror)")
    parser.add_argument("--since", help="first day of the boards, e.g. 2024-01-01")
    parser.add_argument("--until", help="last day of the boards")
    parser.add_argument("--judged", type=Path, default=JUDGED)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    for mirror in args.mirrors:
        if not (mirror / "HEAD").exists():
            print(f"{mirror} is not a bare git mirror (no HEAD)", file=sys.stderr)
            return 2
    slug = args.project or args.mirrors[0].parent.name.split("+")[-1].split("-")[0]
    project = ingest(slug, args.mirrors)
    print_boards(project, args.mirrors, args.since, args.until)
    score_queue(slug, args.judged)
    return 0


if __name__ == "__main__":
    support.run(main)
