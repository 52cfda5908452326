"""A large synthetic community for load benchmarks, written fast into an empty database.

``build_dataset`` writes four projects, contributors and mentors with identities, sign-in
accounts, titles, mentorships, optionally a camp, and about ``records`` source records
(commits, reviewer credits, pull requests, reviews, JIRA issues) spread over eight years,
then rebuilds the monthly rollups and calibrates every project, as a sync would leave them.
One mentor has exactly ``BUSY_MENTEES`` mentees, the others about twenty. Records go in
by COPY with explicit ids in 50,000-row batches; nothing is random across runs with the
same seed.

Django must be set up before importing this (``benchmarks/support.py`` does it). Every
account's username is its contributor's slug; all share ``Dataset.password``.
"""

import argparse
import bisect
import itertools
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity, Mentorship
from contributors.progress import calibrate_all
from contributors.roles import ORGANIZERS_GROUP
from projects.bulk import insert_ignoring_conflicts, relax_commit
from projects.models import (
    Commit,
    CommitCredit,
    Issue,
    Project,
    PullRequest,
    Repository,
    Review,
    Title,
)
from projects.rollups import refresh_activity_months

BUSY_MENTEES = 50
OTHER_MENTEES = 20
PASSWORD = "bench-password"
ORGANIZER = "bench-organizer"
CAMP_SLUG = "bench-camp"
HISTORY_MONTHS = 96
BATCH = 50_000

# Shares of the records by kind; commits include one squash commit per merged PR.
SHARES = {"pull_requests": 0.22, "reviews": 0.20, "commits": 0.38, "credits": 0.12}

# (slug, name, JIRA key, repositories, share of the activity)
PROJECTS = (
    ("kafka", "Apache Kafka", "KAFKA", ("kafka", "kafka-site"), 0.40),
    ("ozone", "Apache Ozone", "HDDS", ("ozone", "ozone-docs"), 0.25),
    ("yunikorn", "Apache YuniKorn", "YUNIKORN", ("yunikorn-core", "yunikorn-k8shim"), 0.20),
    ("gravitino", "Apache Gravitino", "GRAVITINO", ("gravitino",), 0.15),
)
GIVEN = ("Wei", "Yu", "Chia", "Hsin", "Ming", "Ting", "Jun", "Kai", "Lin", "Pei", "Ann", "Ben")
FAMILY = ("Chen", "Lin", "Huang", "Chang", "Lee", "Wang", "Wu", "Liu", "Tsai", "Yang", "Hsu")
SURNAMES = "陳林黃張李王吳劉蔡楊許"
GIVEN_CHARS = "家宇冠廷志明怡君雅婷承恩柏翰詩涵品妍"
VERBS = ("Fix", "Improve", "Refactor", "Add tests for", "Document", "Speed up", "Simplify")
THINGS = ("the log cleaner", "the scheduler cache", "the metadata shell", "quota checks")


@dataclass
class _Person:
    index: int
    slug: str
    name: str
    login: str
    weight: float
    start: float  # epoch seconds of the first and last activity
    end: float
    projects: tuple[int, int]  # main, second (indexes into PROJECTS)
    mentor: bool
    title_on: date | None = None  # committer title in the main project
    identities: dict[str, int] = field(default_factory=dict)  # kind → identity id


@dataclass(frozen=True)
class Dataset:
    """What ``build_dataset`` made; usernames are the contributors' slugs."""

    slugs: tuple[str, ...]  # contributors then mentors
    mentor_slugs: tuple[str, ...]
    busy_slug: str  # the contributor with the most records
    mentor_slug: str  # the mentor with BUSY_MENTEES mentees
    busy_mentees: tuple[str, ...]
    organizer: str  # a username in the organizers group, linked to no contributor
    password: str
    records: int
    camp_slug: str | None
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for the report


def _stamp(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class _Picker:
    """Weighted draws of people, overall and among one project's people."""

    def __init__(self, people: list[_Person], rng: random.Random) -> None:
        self.rng = rng
        self.people = people
        # A weight is a rate: a person's share grows with how long they have been around.
        share = {p.index: p.weight * (p.end - p.start) for p in people}
        self.all = list(itertools.accumulate(share[p.index] for p in people))
        self.per_project = []
        for project in range(len(PROJECTS)):
            members = [p for p in people if project in p.projects]
            # A second project gets a small share of a person's work.
            weights = [share[p.index] * (1 if p.projects[0] == project else 0.15) for p in members]
            self.per_project.append((members, list(itertools.accumulate(weights))))

    def anyone(self) -> _Person:
        return self.people[bisect.bisect(self.all, self.rng.random() * self.all[-1])]

    def in_project(self, project: int) -> _Person:
        members, weights = self.per_project[project]
        return members[bisect.bisect(weights, self.rng.random() * weights[-1])]

    def moment(self, person: _Person) -> float:
        return person.start + self.rng.random() * (person.end - person.start)

    def project_of(self, person: _Person) -> int:
        return person.projects[0] if self.rng.random() < 0.85 else person.projects[1]


def _plan_people(contributors: int, mentors: int, now: float, rng: random.Random) -> list[_Person]:
    month = 30.44 * 86400
    shares = [share for *_rest, share in PROJECTS]
    people = []
    for index in range(contributors + mentors):
        is_mentor = index >= contributors
        given, family = GIVEN[index % len(GIVEN)], FAMILY[index // len(GIVEN) % len(FAMILY)]
        slug = f"mentor-{index - contributors:02d}" if is_mentor else f"person-{index:04d}"
        main = rng.choices(range(len(PROJECTS)), weights=shares)[0]
        second = rng.choice([p for p in range(len(PROJECTS)) if p != main])
        if is_mentor:
            start = now - rng.uniform(40, HISTORY_MONTHS) * month
            weight = rng.lognormvariate(1.0, 0.7)
        elif index < 200:  # camp-aged newcomers: the busy mentor's mentees come from here
            start = now - rng.uniform(2, 18) * month
            weight = rng.lognormvariate(-0.3, 1.0)
        else:
            start = now - HISTORY_MONTHS * month * rng.random() ** 1.5
            weight = rng.lognormvariate(0, 1.2)
        # A quarter stopped contributing at some point: stalled mentees, stale histories.
        end = now if is_mentor or rng.random() < 0.75 else rng.uniform(start, now)
        end = max(end, start + 86400)
        login = slug.replace("-", "")
        person = _Person(
            index, slug, f"{given} {family}", login, weight, start, end, (main, second), is_mentor
        )
        # Committers: every mentor and one in twelve of the long-standing contributors.
        if is_mentor or (start < now - 30 * month and rng.random() < 1 / 12):
            earliest = max(start + 18 * month, now - 58 * month)
            person.title_on = _stamp(rng.uniform(earliest, now - 3 * month)).date()
        people.append(person)
    return people


def _write_people(
    people: list[_Person], password: str, rng: random.Random
) -> dict[int, Contributor]:
    """Accounts, contributors and four linked identities each; returns contributors by index."""
    User = get_user_model()
    hashed = make_password(password)  # hashing is slow by design: once for everyone
    users = User.objects.bulk_create(
        [User(username=p.slug, email=f"{p.slug}@example.com", password=hashed) for p in people]
    )
    contributors = Contributor.objects.bulk_create(
        [
            Contributor(
                display_name=p.name,
                slug=p.slug,
                chinese_name=(rng.choice(SURNAMES) + "".join(rng.sample(GIVEN_CHARS, 2)))
                if rng.random() < 0.6
                else "",
                github_login=p.login,
                apache_id=p.login if p.title_on else "",
                jira_user=p.login,
                user=user,
                is_member=True,
                origin=Contributor.Origin.RESOLVED,
            )
            for p, user in zip(people, users, strict=True)
        ]
    )
    kinds = (
        (Identity.Kind.GITHUB, lambda p: p.login),
        (Identity.Kind.GIT_EMAIL, lambda p: f"{p.slug}@example.com"),
        (Identity.Kind.GIT_NAME, lambda p: f"{p.name} {p.index}"),
        (Identity.Kind.JIRA, lambda p: p.login),
    )
    identities = Identity.objects.bulk_create(
        [
            Identity(
                kind=kind,
                value=Identity.normalize(kind, value(p)),
                display=value(p),
                contributor=contributor,
                link_source=Identity.LinkSource.RULE,
            )
            for p, contributor in zip(people, contributors, strict=True)
            for kind, value in kinds
        ]
    )
    for identity, (p, (kind, _value)) in zip(
        identities, itertools.product(people, kinds), strict=True
    ):
        p.identities[kind] = identity.pk
    return {p.index: c for p, c in zip(people, contributors, strict=True)}


def _write_structure(
    people: list[_Person],
    contributors: dict[int, Contributor],
    projects: list[Project],
    camp: int,
    today: date,
) -> str | None:
    """Titles, mentorships, the organizer account and, if asked, a camp of ``camp``."""
    titles = []
    for p in people:
        if p.title_on is None:
            continue
        project = projects[p.projects[0]]
        person = contributors[p.index]
        titles.append(Title(contributor=person, project=project, role=Title.Role.COMMITTER,
                            granted_on=p.title_on))  # fmt: skip
        if p.mentor and p.index % 3 == 0:  # a third of the mentors sit on the PMC too
            later = min(p.title_on + timedelta(days=400), today)
            titles.append(Title(contributor=person, project=project, role=Title.Role.PMC_MEMBER,
                                granted_on=later))  # fmt: skip
    Title.objects.bulk_create(titles)

    regulars = [p for p in people if not p.mentor]
    mentors = [p for p in people if p.mentor]
    mentees: dict[int, list[_Person]] = {mentors[0].index: regulars[:BUSY_MENTEES]}
    pool = regulars[BUSY_MENTEES:]
    for k, mentor in enumerate(mentors[1:]):
        start = k * OTHER_MENTEES
        mentees[mentor.index] = [pool[(start + j) % len(pool)] for j in range(OTHER_MENTEES)]
    first_mentor: dict[int, int] = {}
    mentorships = []
    for mentor_index, group in mentees.items():
        for mentee in group:
            first_mentor.setdefault(mentee.index, mentor_index)
            mentorships.append(
                Mentorship(
                    mentor=contributors[mentor_index],
                    mentee=contributors[mentee.index],
                    project=projects[mentee.projects[0]],
                    started_on=today - timedelta(days=120),
                )
            )
    Mentorship.objects.bulk_create(mentorships)

    User = get_user_model()
    organizer = User.objects.create(username=ORGANIZER, password=make_password(PASSWORD))
    organizer.groups.add(Group.objects.get_or_create(name=ORGANIZERS_GROUP)[0])
    if not camp:
        return None
    cohort = Cohort.objects.create(
        name="Bench camp",
        slug=CAMP_SLUG,
        starts_on=today - timedelta(days=90),
        ends_on=today + timedelta(days=60),
    )
    cohort.projects.set(projects)
    cohort.organizers.set([contributors[m.index] for m in mentors[:2]])
    # A participant's camp mentor is their mentorship's, so mentee counts stay as stated.
    Enrollment.objects.bulk_create(
        Enrollment(
            cohort=cohort,
            contributor=contributors[p.index],
            project=projects[p.projects[0]],
            mentor=contributors[first_mentor[p.index]] if p.index in first_mentor else None,
            goal="Become a committer",
            enrolled_on=cohort.starts_on,
        )
        for p in regulars[:camp]
    )
    return CAMP_SLUG


class _Records:
    """Generates the source records, keeping only the compact columns later kinds need."""

    def __init__(self, picker: _Picker, repositories: list[list[int]], now: float) -> None:
        self.pick, self.rng, self.now = picker, picker.rng, now
        self.repositories = repositories  # repository ids per project
        self.project_of_repo = {r: p for p, repos in enumerate(repositories) for r in repos}
        self.mentors_by_project = [
            [p for p in picker.people if p.mentor and p.projects[0] == project]
            or [p for p in picker.people if p.mentor]
            for project in range(len(PROJECTS))
        ]
        self.numbers: dict[int, itertools.count] = {}
        self.pr_ids: list[int] = []
        self.pr_created: list[list[tuple[float, int]]] = [[] for _ in PROJECTS]
        self.pr_author: dict[int, int] = {}
        self.merged: list[tuple[int, int, int, int, float]] = []  # id, repo, number, author, at
        self.commit_authors: list[tuple[int, int, int]] = []  # commit id, author, project

    def _title(self, key: str, number: int) -> str:
        return f"{key}-{number}: {self.rng.choice(VERBS)} {self.rng.choice(THINGS)}"

    def pull_requests(self, count: int, first_id: int) -> Iterator[tuple]:
        day = 86400.0
        for pk in range(first_id, first_id + count):
            author = self.pick.anyone()
            project = self.pick.project_of(author)
            repo = self.rng.choice(self.repositories[project])
            number = next(self.numbers.setdefault(repo, itertools.count(1)))
            created = self.pick.moment(author)
            age = self.now - created
            roll = self.rng.random()
            merged = closed = None
            # Open: many of last month's, a few older ones still waiting, none stale.
            if (age < 30 * day and roll < 0.4) or (age < 120 * day and roll < 0.05):
                state = PullRequest.State.OPEN
            elif roll < 0.82:
                state = PullRequest.State.MERGED
                merged = closed = min(created + self.rng.uniform(0.1, 12) * day, self.now)
                self.merged.append((pk, repo, number, author.index, merged))
            else:
                state = PullRequest.State.CLOSED
                closed = min(created + self.rng.uniform(0.1, 30) * day, self.now)
            merger = self.rng.choice(self.mentors_by_project[project])
            self.pr_created[project].append((created, pk))
            self.pr_author[pk] = author.index
            yield (
                pk, repo, number, pk, author.identities[Identity.Kind.GITHUB], state,
                state == PullRequest.State.OPEN and roll < 0.05,
                self._title(PROJECTS[project][2], number), [], _stamp(created),
                _stamp(closed or created), merged and _stamp(merged), closed and _stamp(closed),
                merger.identities[Identity.Kind.GITHUB] if merged else None, "",
                self.rng.randrange(1, 400), self.rng.randrange(0, 200), self.rng.randrange(1, 12),
            )  # fmt: skip

    def reviews(self, count: int, first_id: int) -> Iterator[tuple]:
        for project in self.pr_created:
            project.sort()
        starts = [[created for created, _pk in project] for project in self.pr_created]
        states = (Review.State.APPROVED, Review.State.COMMENTED, Review.State.CHANGES_REQUESTED)
        for pk in range(first_id, first_id + count):
            project = self.rng.choices(range(len(PROJECTS)), weights=[s[-1] for s in PROJECTS])[0]
            reviewer = self.pick.in_project(project)
            at = self.pick.moment(reviewer)
            # A pull request opened shortly before the review, in the same project.
            position = bisect.bisect(starts[project], at) - 1 - self.rng.randrange(0, 40)
            created, pull = self.pr_created[project][max(position, 0)]
            if self.pr_author[pull] == reviewer.index:
                created, pull = self.pr_created[project][max(position - 1, 0)]
            at = max(at, created + 600)
            yield (pk, pull, 10**9 + pk, reviewer.identities[Identity.Kind.GITHUB],
                   self.rng.choice(states), _stamp(at))  # fmt: skip

    def commits(self, count: int, first_id: int) -> Iterator[tuple]:
        """A squash commit per merged PR, then direct commits up to ``count``."""
        pk = first_id
        for pull, repo, number, author, at in self.merged[:count]:
            yield self._commit(pk, repo, self.pick.people[author], at, number, pull)
            pk += 1
        while pk < first_id + count:
            author = self.pick.anyone()
            repo = self.rng.choice(self.repositories[self.pick.project_of(author)])
            yield self._commit(pk, repo, author, self.pick.moment(author), None, None)
            pk += 1

    def _commit(self, pk, repo, author, at, number, pull) -> tuple:
        self.commit_authors.append((pk, author.index, self.project_of_repo[repo]))
        email = author.identities[Identity.Kind.GIT_EMAIL]
        subject = f"{self.rng.choice(VERBS)} {self.rng.choice(THINGS)}" + (
            f" (#{number})" if number else ""
        )
        return (pk, repo, f"{pk:040x}", email, email, _stamp(at - 3600), _stamp(at), subject,
                number, pull, False, self.rng.randrange(1, 30), self.rng.randrange(1, 500),
                self.rng.randrange(0, 300))  # fmt: skip

    def credits(self, count: int, first_id: int) -> Iterator[tuple]:
        """At most one credit per commit, so no two collide on (commit, identity, kind)."""
        chosen = self.rng.sample(self.commit_authors, min(count, len(self.commit_authors)))
        for pk, (commit, author, project) in enumerate(chosen, start=first_id):
            person = self.pick.in_project(project)
            if person.index == author:
                person = self.pick.in_project(project)
            reviewer = self.rng.random() < 0.85
            kind = CommitCredit.Kind.REVIEWER if reviewer else CommitCredit.Kind.CO_AUTHOR
            label = "Reviewers" if reviewer else "Co-authored-by"
            yield (pk, commit, person.identities[Identity.Kind.GIT_NAME], kind,
                   f"{label}: {person.name} <{person.slug}@example.com>")  # fmt: skip

    def issues(self, count: int, first_id: int, projects: list[Project]) -> Iterator[tuple]:
        day = 86400.0
        numbers = [itertools.count(1) for _ in PROJECTS]
        for pk in range(first_id, first_id + count):
            reporter = self.pick.anyone()
            project = self.pick.project_of(reporter)
            number = next(numbers[project])
            created = self.pick.moment(reporter)
            assignee = None
            if self.rng.random() < 0.6:
                assignee = reporter if self.rng.random() < 0.5 else self.pick.in_project(project)
            resolved = created + self.rng.uniform(1, 90) * day
            done = assignee is not None and resolved < self.now and self.rng.random() < 0.7
            jira = Identity.Kind.JIRA
            yield (
                pk, projects[project].pk, None, Issue.Tracker.JIRA, str(pk),
                f"{PROJECTS[project][2]}-{number}", reporter.identities[jira],
                assignee.identities[jira] if assignee else None, reporter.identities[jira],
                self.rng.choice(("Bug", "Improvement", "Task")), "Major",
                "Resolved" if done else "Open", "Fixed" if done else "",
                f"{self.rng.choice(VERBS)} {self.rng.choice(THINGS)}", [], [], _stamp(created),
                _stamp(resolved if done else created), _stamp(resolved) if done else None,
            )  # fmt: skip


_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    PullRequest: ("id", "repository", "number", "github_id", "author", "state", "is_draft",
                  "title", "labels", "created_at", "updated_at", "merged_at", "closed_at",
                  "merged_by", "merge_commit_sha", "additions", "deletions", "changed_files"),
    Review: ("id", "pull_request", "github_id", "reviewer", "state", "submitted_at"),
    Commit: ("id", "repository", "sha", "author", "committer", "authored_at", "committed_at",
             "subject", "pr_number", "pull_request", "is_merge", "files_changed", "additions",
             "deletions"),
    CommitCredit: ("id", "commit", "identity", "kind", "raw"),
    Issue: ("id", "project", "repository", "tracker", "external_id", "key", "reporter",
            "assignee", "creator", "issue_type", "priority", "status", "resolution", "summary",
            "fix_versions", "components", "created_at", "updated_at", "resolved_at"),
}  # fmt: skip


def _next_id(model: type[models.Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _write(model: type[models.Model], rows: Iterable[tuple]) -> int:
    """COPY the rows in batches, one transaction each; returns how many were written."""
    written = 0
    rows = iter(rows)
    while batch := list(itertools.islice(rows, BATCH)):
        with transaction.atomic():
            relax_commit()  # a lost batch only means a rerun
            insert_ignoring_conflicts(model, _FIELDS[model], batch)
        written += len(batch)
    return written


def build_dataset(
    *,
    contributors: int = 1000,
    mentors: int = 50,
    records: int = 1_000_000,
    camp: int = 0,
    seed: int = 7,
    password: str = PASSWORD,
    progress: Callable[[str], None] | None = None,
) -> Dataset:
    """Write the community into the configured database and return what was made.

    ``camp``: how many contributors (the newest first) to enrol in one active camp, 0 for
    none. ``progress`` is called with the name of each step as it starts.
    """
    if contributors < BUSY_MENTEES + OTHER_MENTEES or mentors < 1:
        raise ValueError(f"need at least {BUSY_MENTEES + OTHER_MENTEES} contributors, 1 mentor")
    rng = random.Random(seed)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        seconds[name] = time.perf_counter() - clock
        clock = time.perf_counter()
        if progress is not None:
            progress(name)

    now_moment = timezone.now()
    now, today = now_moment.timestamp(), timezone.localdate(now_moment)
    people = _plan_people(contributors, mentors, now, rng)
    projects = Project.objects.bulk_create(
        Project(name=name, slug=slug, jira_key=key) for slug, name, key, _repos, _s in PROJECTS
    )
    repositories = [
        [
            Repository.objects.create(
                project=project, owner="apache", name=repo, clone_url=f"/mirrors/{repo}.git"
            ).pk
            for repo in repos
        ]
        for project, (_slug, _name, _key, repos, _share) in zip(projects, PROJECTS, strict=True)
    ]
    by_index = _write_people(people, password, rng)
    camp_slug = _write_structure(people, by_index, projects, camp, today)
    step("people")

    generate = _Records(_Picker(people, rng), repositories, now)
    counts = {kind: round(records * share) for kind, share in SHARES.items()}
    counts["issues"] = records - sum(counts.values())
    written = _write(
        PullRequest, generate.pull_requests(counts["pull_requests"], _next_id(PullRequest))
    )
    written += _write(Review, generate.reviews(counts["reviews"], _next_id(Review)))
    written += _write(Commit, generate.commits(counts["commits"], _next_id(Commit)))
    written += _write(CommitCredit, generate.credits(counts["credits"], _next_id(CommitCredit)))
    written += _write(Issue, generate.issues(counts["issues"], _next_id(Issue), projects))
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(_FIELDS)):
            cursor.execute(statement)
    step("records")

    refresh_activity_months(contributor_ids=[c.pk for c in by_index.values()])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have, before anyone measures
    step("rollups")
    calibrate_all(today=today)
    step("calibration")

    mentor_slugs = tuple(p.slug for p in people if p.mentor)
    return Dataset(
        slugs=tuple(p.slug for p in people),
        mentor_slugs=mentor_slugs,
        busy_slug=_busiest(),
        mentor_slug=mentor_slugs[0],
        busy_mentees=tuple(p.slug for p in people[:BUSY_MENTEES]),
        organizer=ORGANIZER,
        password=password,
        records=written,
        camp_slug=camp_slug,
        seconds=seconds,
    )


def _busiest() -> str:
    return (
        Contributor.objects.annotate(total=Sum("activity_months__count"))
        .filter(total__isnull=False)
        .order_by("-total", "pk")
        .values_list("slug", flat=True)
        .first()
    )


def find_dataset(*, password: str = PASSWORD) -> Dataset:
    """The Dataset description of a database ``build_dataset`` filled earlier, read back."""
    people = Contributor.objects.order_by("pk")
    mentors = (
        people.filter(slug__startswith="mentor-")
        .annotate(mentees=Count("mentees_of", filter=Q(mentees_of__ended_on__isnull=True)))
        .order_by("-mentees", "pk")
    )
    mentor = mentors.first()
    return Dataset(
        slugs=tuple(people.values_list("slug", flat=True)),
        mentor_slugs=tuple(mentors.values_list("slug", flat=True)),
        busy_slug=_busiest(),
        mentor_slug=mentor.slug,
        busy_mentees=tuple(
            Mentorship.objects.filter(mentor=mentor)
            .order_by("mentee__slug")
            .values_list("mentee__slug", flat=True)
        ),
        organizer=ORGANIZER,
        password=password,
        records=sum(model.objects.count() for model in _FIELDS),
        camp_slug=CAMP_SLUG if Cohort.objects.filter(slug=CAMP_SLUG).exists() else None,
    )


def add_dataset_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every benchmark on this dataset takes."""
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="measure DATABASE_URL as it is")


def dataset_for(
    args: argparse.Namespace, parser: argparse.ArgumentParser, *, camp: int = 0
) -> Dataset:
    """The dataset the options ask for: the one in DATABASE_URL (``--reuse``), or a new one
    built into the benchmark's database, with a line saying which."""
    import support

    if args.reuse:
        if support.THROWAWAY:
            parser.error("--reuse measures the database named by DATABASE_URL; set it")
        data = find_dataset()
        print(f"dataset: reused, {data.records:,} records")
        return data
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    data = build_dataset(records=args.records, camp=camp)
    steps = ", ".join(f"{name} {s:.0f} s" for name, s in data.seconds.items())
    print(
        f"dataset: {len(data.slugs) - len(data.mentor_slugs):,} contributors, "
        f"{len(data.mentor_slugs)} mentors, {data.records:,} records "
        f"in {time.perf_counter() - start:.0f} s ({steps})"
    )
    return data
