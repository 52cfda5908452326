"""Periods of time and the leaderboards of who wrote, reviewed and co-authored commits.

Dates are the commit date on the default branch: when the change landed. Periods are
half-open, [since, until), in the configured time zone.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from osc4you.lib.calendar import Quarter, start_of
from projects.credits import OWN_COMMIT, credited_as
from projects.models import Commit, CommitCredit, Identity, Project
from projects.models.conventions import Meaning
from projects.people import not_people


class LeaderboardKind:
    COMMIT = "commit"
    REVIEW = "review"
    COAUTHOR = "coauthor"
    MERGE = "merge"
    CHOICES = (COMMIT, REVIEW, COAUTHOR, MERGE)


# What a credit must mean in the project's convention to count on each board.
_CREDIT_OF_KIND = {
    LeaderboardKind.REVIEW: Meaning.REVIEWED,
    LeaderboardKind.COAUTHOR: Meaning.CO_AUTHORED,
    LeaderboardKind.MERGE: Meaning.MERGED_BY,
}


@dataclass(frozen=True)
class Period:
    since: datetime | None = None
    until: datetime | None = None  # exclusive

    def filter(self, field: str) -> Q:
        q = Q()
        if self.since is not None:
            q &= Q(**{f"{field}__gte": self.since})
        if self.until is not None:
            q &= Q(**{f"{field}__lt": self.until})
        return q


ALL_TIME = Period()


def quarter(text: str) -> Period:
    """``2024Q3`` → [2024-07-01, 2024-10-01) in the configured time zone."""
    within = Quarter.parse(text)
    return Period(within.start, within.end)


def period(*, since: str | None = None, until: str | None = None) -> Period:
    """A period from ISO text: a date ``since`` starts that day; a date ``until`` includes
    that whole day, a date-time ``until`` ends at that instant."""

    def parse(text: str, *, end: bool) -> datetime:
        try:
            if "T" not in text and " " not in text.strip():
                day = date.fromisoformat(text.strip())
                return start_of(day + timedelta(days=1) if end else day)
            moment = datetime.fromisoformat(text.strip())
        except (ValueError, OverflowError):  # the day after 9999-12-31 overflows
            raise ValueError(f"{text!r} is not a date (2024-07-01) or date-time") from None
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)

    return Period(
        parse(since, end=False) if since else None, parse(until, end=True) if until else None
    )


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    name: str
    count: int
    contributor_id: int | None
    identity_id: int | None


def leaderboard(
    *,
    project: Project,
    kind: str,
    within: Period = ALL_TIME,
    limit: int | None = 10,
    include_bots: bool = False,
) -> list[LeaderboardRow]:
    """People ranked by distinct commits they wrote or are credited on; ties share a rank.

    Identities not yet resolved to a person are ranked on their own, so the board is
    complete while an organizer works through merge suggestions. ``limit`` counts ranks:
    everyone tied at the last rank shown is included.
    """
    records: QuerySet[Commit] | QuerySet[CommitCredit]
    if kind == LeaderboardKind.COMMIT:
        records = Commit.objects.filter(
            within.filter("committed_at"), repository__project=project, is_merge=False
        )
        person, counted = "author", "pk"
    elif kind in _CREDIT_OF_KIND:
        # A credit of the commit's own author (an "Author:" line naming the git author, an
        # author's own sign-off) counts on no board.
        records = CommitCredit.objects.filter(
            within.filter("commit__committed_at"),
            credited_as(_CREDIT_OF_KIND[kind], project=project),
            commit__repository__project=project,
        ).exclude(OWN_COMMIT)
        person, counted = "identity", "commit_id"
    else:
        raise ValueError(f"unknown leaderboard kind {kind!r}: {', '.join(LeaderboardKind.CHOICES)}")
    if not include_bots:
        records = records.exclude(not_people(f"{person}__contributor__"))

    # People are ranked with their names in one query, through the identity's link.
    people = {
        pk: (n, name)
        for pk, name, n in records.filter(**{f"{person}__contributor__isnull": False})
        .values(ranked=F(f"{person}__contributor"), name=F(f"{person}__contributor__display_name"))
        .annotate(n=Count(counted, distinct=True))
        .values_list("ranked", "name", "n")
    }
    strangers = dict(
        records.filter(**{f"{person}__contributor__isnull": True})
        .values(ranked=F(person))
        .annotate(n=Count(counted, distinct=True))
        .values_list("ranked", "n")
    )
    names = {
        pk: display or value
        for pk, display, value in Identity.objects.filter(pk__in=strangers).values_list(
            "pk", "display", "value"
        )
    }
    entries = [(n, name, pk, None) for pk, (n, name) in people.items()] + [
        (n, names[pk], None, pk) for pk, n in strangers.items()
    ]
    entries.sort(key=lambda entry: (-entry[0], entry[1].casefold()))
    rows: list[LeaderboardRow] = []
    for position, (count, name, contributor_id, identity_id) in enumerate(entries, start=1):
        rank = rows[-1].rank if rows and rows[-1].count == count else position
        if limit is not None and rank > limit:
            break
        rows.append(LeaderboardRow(rank, name, count, contributor_id, identity_id))
    return rows
