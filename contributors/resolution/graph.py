"""Reading: identities, the pairs syncs saw them in and the people, as plain Python
objects, under the lock every writer of links takes."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import overload

from django.db import connection
from django.db.models import Count

from contributors.models import Contributor, Identity, IdentityPair
from contributors.resolution.names import (
    GENERIC_NAMES,
    email_spells_name,
    is_placeholder_email,
    name_key,
)
from projects.models import Commit, CommitCredit

Kind = Identity.Kind


@dataclass(slots=True)
class Node:
    pk: int
    kind: str
    value: str
    display: str
    contributor: int | None
    link_source: str


@dataclass(slots=True)
class Person:
    display_name: str
    slug: str
    merged_into: int | None
    github_login: str
    apache_id: str
    jira_user: str
    is_bot: bool
    is_assistant: bool = False
    is_member: bool = False
    origin: str = ""


# A pair outweighed this many times on both sides is a slip, not a person: "Swapnil Ghike
# <sriram@gmail.com>" once, against that name with another email 31 times and that email
# with another name 7 times. Unless the email spells the name (``_spelled``).
_OUTWEIGHED = 4


def outweighed_pairs(
    nodes: dict[int, Node], pairs: list[tuple[int, int, int]]
) -> set[tuple[int, int]]:
    """The pairs whose occurrences are few against the contrary ones on both sides: the
    same email with other names, and the same name with other emails (by count)."""
    seen_with: Counter[tuple[int, str]] = Counter()  # (identity, kind of the other) -> times
    for first, second, occurrences in pairs:
        seen_with[(first, nodes[second].kind)] += occurrences
        seen_with[(second, nodes[first].kind)] += occurrences
    weak = set()
    for first, second, occurrences in pairs:
        if _spelled(nodes[first], nodes[second]):
            continue
        contrary = min(
            seen_with[(first, nodes[second].kind)], seen_with[(second, nodes[first].kind)]
        )
        if occurrences * _OUTWEIGHED <= contrary - occurrences:
            weak.add((first, second))
    return weak


def _spelled(a: Node, b: Node) -> bool:
    """A name and an email whose user spells it ("PoAn Yang", ``yangpoan@gmail.com``) belong
    together however rarely seen so: Frank Yang signs with that email in another project."""
    kinds = {a.kind: a, b.kind: b}
    name, email = kinds.get(Kind.GIT_NAME), kinds.get(Kind.GIT_EMAIL)
    return name is not None and email is not None and email_spells_name(email.value, name.value)


class Graph:
    """Identities, the pairs between them and the people, as plain Python objects.

    ``credits`` counts each identity's commits and commit credits, ``projects`` where they
    are; a pair outweighed by contrary ones (``outweighed_pairs``) is kept in ``weak`` only
    and joins nobody.
    """

    def __init__(
        self,
        nodes: dict[int, Node],
        pairs: Iterable[tuple[int, int, int]],
        people: dict[int, Person],
        credits: dict[int, dict[int, int]] | None = None,
    ) -> None:
        self.nodes = nodes
        self.people = people
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        self.seen: Counter[int] = Counter()
        # identity -> project -> commits and credits there
        self.credits: dict[int, dict[int, int]] = credits or {}
        pairs = [pair for pair in pairs if pair[0] in nodes and pair[1] in nodes]
        weak = outweighed_pairs(nodes, pairs)
        self.weak = [pair for pair in pairs if (pair[0], pair[1]) in weak]
        for first, second, occurrences in pairs:
            if (first, second) not in weak:
                self.add_pair(first, second, occurrences)

    def credit_count(self, identities: Iterable[int]) -> int:
        """Commits and credits of these identities, in every project."""
        return sum(sum(self.credits.get(pk, {}).values()) for pk in identities)

    def add_pair(self, first: int, second: int, occurrences: int = 1) -> None:
        self.neighbours[first].append(second)
        self.neighbours[second].append(first)
        self.seen[first] += occurrences
        self.seen[second] += occurrences

    @overload
    def final(self, contributor: int) -> int: ...
    @overload
    def final(self, contributor: int | None) -> int | None: ...
    def final(self, contributor: int | None) -> int | None:
        """The person a contributor id stands for now, following merges."""
        hops = 0
        while contributor is not None and hops < 50:
            after = self.people.get(contributor)
            if after is None or after.merged_into is None:
                return contributor
            contributor, hops = after.merged_into, hops + 1
        return contributor


# Any constant will do, as long as everything that links identities takes the same one.
_LOCK_KEY = 7_411_004


def lock_identities() -> None:
    """Wait for any resolution run or hand link in progress; call inside a transaction.

    Two runs (two repositories' syncs finishing together) would read the same unresolved
    identities and create the same people twice, and a run could overwrite a link an organizer
    made meanwhile; PostgreSQL serializes them on this lock until the transaction ends.
    SQLite serializes writers by itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def load_graph() -> Graph:
    nodes = {}
    by_account: dict[int, list[int]] = defaultdict(list)
    for (
        pk,
        kind,
        value,
        display,
        contributor,
        link_source,
        account,
        source,
    ) in Identity.objects.values_list(
        "pk",
        "kind",
        "value",
        "display",
        "contributor_id",
        "link_source",
        "account_id",
        "account_id_source",
    ).order_by():
        nodes[pk] = Node(pk, kind, value, display, contributor, link_source)
        # identity_account_id_on_github_logins: a source comes with an account id.
        if source == Identity.AccountIdSource.GITHUB and account is not None:
            by_account[account].append(pk)
    pairs = list(
        IdentityPair.objects.values_list("first_id", "second_id", "occurrences").order_by()
    )
    # Logins GitHub says are one account (a rename) are seen together, as a pair would say.
    pairs += [
        (first, other, 1) for logins in by_account.values() for first, other in pairwise(logins)
    ]
    people = {
        pk: Person(
            name,
            slug,
            merged_into,
            login.lower(),
            apache.lower(),
            jira.lower(),
            bot,
            assistant,
            member,
            origin,
        )
        for pk, name, slug, merged_into, login, apache, jira, bot, assistant, member, origin in (
            Contributor.objects.values_list(
                "pk",
                "display_name",
                "slug",
                "merged_into_id",
                "github_login",
                "apache_id",
                "jira_user",
                "is_bot",
                "is_assistant",
                "is_member",
                "origin",
            ).order_by()
        )
    }
    return Graph(nodes, pairs, people, _load_credits())


def _load_credits() -> dict[int, dict[int, int]]:
    """Commits written and credits received per identity and project: two grouped queries."""
    credits: dict[int, dict[int, int]] = defaultdict(dict)
    for rows in (
        Commit.objects.filter(is_merge=False, author__isnull=False)
        .values_list("author_id", "repository__project_id")
        .annotate(n=Count("pk"))
        .order_by(),
        CommitCredit.objects.values_list("identity_id", "commit__repository__project_id")
        .annotate(n=Count("pk"))
        .order_by(),
    ):
        for pk, project, n in rows:
            credits[pk][project] = credits[pk].get(project, 0) + n
    return credits


def is_free(node: Node) -> bool:
    """Unresolved, not kept apart by hand, and able to name someone."""
    if node.contributor is not None or node.link_source == Identity.LinkSource.MANUAL:
        return False
    if node.kind == Kind.GIT_NAME:
        key = name_key(node.value)
        return bool(key) and key not in GENERIC_NAMES
    if node.kind == Kind.GIT_EMAIL:
        return not is_placeholder_email(node.value)
    return True
