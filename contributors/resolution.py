"""Identity resolution: turning every identity a source recorded into a person.

A re-runnable step over stored identities and the pairs syncs saw them in; it reads them in a
few bulk queries, builds clusters in memory with union-find and writes the outcome in bulk.
Rules, most certain first:

1. A person's decision stands. Identities linked by hand (``link_source=manual``: linked,
   merged, split, or unlinked on purpose) are never changed, and resolution never moves or
   unlinks an identity that is already linked: it only links unresolved ones.
2. Same email: one identity already, as values are stored normalized.
3. A GitHub noreply email (``12345+login@users.noreply.github.com``) is that GitHub login, and
   ``<id>@apache.org`` is that Apache id: the login identity is created and paired.
4. Identities seen together (``IdentityPair``: a name with an email, a login with an email)
   are one person; so are an identity and the contributor whose GitHub login, Apache id or
   JIRA user field holds its value.
5. A name seen alone (a name-only credit) joins the one person known by its name key (case,
   spacing, hyphens, accents ignored) or by that login.

A cluster touching exactly one person extends that person; touching none, it becomes a new
person. Ambiguity is never settled here: a cluster touching two people, or a name-only
identity matching several, stays unresolved and becomes a ``MergeSuggestion`` carrying its
evidence. A suggestion already decided (dismissed or confirmed) is never made again.
"""

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify

from contributors.identities import record_pairs, upsert_identities
from contributors.models import Contributor, Identity, IdentityPair, MergeSuggestion

Kind = Identity.Kind

# Every pattern that marks an identity as a bot, matched against normalized values (emails,
# names and logins alike). One tuple so a new bot is one line here.
BOT_PATTERNS: tuple[str, ...] = (
    r"\[bot\]",  # GitHub Apps: dependabot[bot], github-actions[bot], in logins and emails
    r"^dependabot",  # Dependabot under any spelling: dependabot-preview, dependabot@…
    r"^renovate",  # Renovate: renovate-bot, renovate@whitesourcesoftware.com
    r"^github-actions",  # GitHub Actions' login and name
    r"^noreply@github\.com$",  # GitHub's web-flow committer of merges made in the web UI
    r"^(web-flow|github)$",  # that committer's login and name
    r"^(apache )?jenkins( server)?$",  # "Apache Jenkins Server" and friends as git names
    r"^jenkins[-_.]?(bot|ci)?@",  # Jenkins as an email
    r"@builds\.apache\.org$",  # any ASF build machine
    r"^asf[-_]?(ci|bot|infra)",  # asf-ci, asfbot, asf-ci-deploy
    r"^(hudson|travis|travis-ci|codecov|greenkeeper|mergify|snyk-bot|k8s-ci-robot)\b",
    r"(^|[\s._-])bot($|@)",  # "release bot", "kafka-bot", "ci_bot@…"; not "Abbot"
)
_BOT = re.compile("|".join(f"(?:{pattern})" for pattern in BOT_PATTERNS))

# Names machines write when nobody configured git; they name no one, so they link nothing
# (otherwise "root" seen with fifty emails would make fifty people one) and stay unresolved.
GENERIC_NAMES = frozenset(
    {
        "root",
        "ubuntu",
        "admin",
        "administrator",
        "user",
        "unknown",
        "your name",
        "localhost",
        "none",
        "nobody",
        "anonymous",
        "no author",
    }
)

_NOREPLY = re.compile(
    r"^(?:\d+\+)?(?P<login>[a-z0-9][a-z0-9-]{0,38}(?:\[bot\])?)@users\.noreply\.github\.com$",
    re.IGNORECASE,
)
_APACHE = re.compile(r"^(?P<id>[a-z0-9][a-z0-9._-]{0,63})@apache\.org$", re.IGNORECASE)
_EMAIL_IN_NAME = re.compile(r"\S*@\S*")
_NOT_WORD = re.compile(r"[\W_]+")

# Kinds whose value is a name or a login a name-only credit may refer to.
_NAMED_KINDS = (Kind.GIT_NAME, Kind.GITHUB, Kind.APACHE)
_EVIDENCE_LIMIT = 20


def name_key(raw: str) -> str:
    """A name as compared across spellings: no case, accents, hyphens or extra spaces.

    "Chia-Ping Tsai", "chia ping tsai" and "Chiá-Ping  Tsai" share the key "chia ping tsai".
    An email left inside a name by a broken trailer ("Name <a@b") is dropped.
    """
    text = unicodedata.normalize("NFKD", _EMAIL_IN_NAME.sub(" ", raw))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def looks_like_bot(value: str) -> bool:
    """Whether an identity value (email, name or login) matches one of ``BOT_PATTERNS``."""
    return _BOT.search(value.lower()) is not None


def is_full_name(key: str) -> bool:
    """Two words or more, or a name in a script without spaces (蔡嘉平)."""
    return " " in key or (bool(key) and not key.isascii())


@dataclass
class ResolutionSummary:
    considered: int = 0  # identities looked at: those given, or the unresolved ones
    linked: int = 0  # of those, linked to a person (known or new)
    people_created: int = 0
    identities_created: int = 0  # GitHub logins and Apache ids read from emails
    suggestions_created: int = 0
    unresolved: int = 0  # left for an organizer: ambiguous, or a generic name
    bots_flagged: int = 0
    identity_ids: list[int] = field(default_factory=list)  # linked by this run
    contributor_ids: list[int] = field(default_factory=list)  # created or extended


@dataclass(slots=True)
class _Node:
    pk: int
    kind: str
    value: str
    display: str
    contributor: int | None
    link_source: str


@dataclass(slots=True)
class _Person:
    display_name: str
    slug: str
    merged_into: int | None
    github_login: str
    apache_id: str
    jira_user: str
    is_bot: bool


@dataclass
class _NewPerson:
    members: list[int]


@dataclass
class _Suggestion:
    kind: str
    reason: str
    identity: int | None
    a: int  # person reference: a contributor id, or -(index + 1) of a new person
    b: int | None
    evidence_ids: list[int]


@dataclass
class _Plan:
    links: dict[int, int] = field(default_factory=dict)  # identity id -> person reference
    new_people: list[_NewPerson] = field(default_factory=list)
    suggestions: list[_Suggestion] = field(default_factory=list)
    considered: int = 0
    unresolved: int = 0


class _Graph:
    """Identities, the pairs between them and the people, as plain Python objects."""

    def __init__(
        self,
        nodes: dict[int, _Node],
        pairs: Iterable[tuple[int, int, int]],
        people: dict[int, _Person],
    ) -> None:
        self.nodes = nodes
        self.people = people
        self.neighbours: dict[int, list[int]] = defaultdict(list)
        self.seen: Counter[int] = Counter()
        for first, second, occurrences in pairs:
            self.add_pair(first, second, occurrences)

    def add_pair(self, first: int, second: int, occurrences: int = 1) -> None:
        self.neighbours[first].append(second)
        self.neighbours[second].append(first)
        self.seen[first] += occurrences
        self.seen[second] += occurrences

    def final(self, contributor: int | None) -> int | None:
        """The person a contributor id stands for now, following merges."""
        hops = 0
        while contributor is not None and hops < 50:
            after = self.people.get(contributor)
            if after is None or after.merged_into is None:
                return contributor
            contributor, hops = after.merged_into, hops + 1
        return contributor


# Reading


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


def _load() -> _Graph:
    nodes = {
        pk: _Node(pk, kind, value, display, contributor, link_source)
        for pk, kind, value, display, contributor, link_source in Identity.objects.values_list(
            "pk", "kind", "value", "display", "contributor_id", "link_source"
        ).order_by()
    }
    pairs = IdentityPair.objects.values_list("first_id", "second_id", "occurrences").order_by()
    people = {
        pk: _Person(name, slug, merged_into, login.lower(), apache.lower(), jira.lower(), bot)
        for pk, name, slug, merged_into, login, apache, jira, bot in (
            Contributor.objects.values_list(
                "pk",
                "display_name",
                "slug",
                "merged_into_id",
                "github_login",
                "apache_id",
                "jira_user",
                "is_bot",
            ).order_by()
        )
    }
    return _Graph(nodes, pairs, people)


def _is_free(node: _Node) -> bool:
    """Unresolved, not kept apart by hand, and able to name someone."""
    if node.contributor is not None or node.link_source == Identity.LinkSource.MANUAL:
        return False
    if node.kind == Kind.GIT_NAME:
        key = name_key(node.value)
        return bool(key) and key not in GENERIC_NAMES
    return True


# Rule 3: logins written inside emails


def _derive_logins(graph: _Graph, scope: set[int]) -> int:
    """Create and pair the GitHub login or Apache id each email in scope names."""
    wanted: dict[int, tuple[str, str]] = {}
    for pk in scope:
        node = graph.nodes[pk]
        kept_apart = node.contributor is None and node.link_source == Identity.LinkSource.MANUAL
        if node.kind != Kind.GIT_EMAIL or kept_apart:
            continue
        for pattern, kind in ((_NOREPLY, Kind.GITHUB), (_APACHE, Kind.APACHE)):
            # The display keeps the login's case; the value is the fallback.
            match = pattern.match(node.display or node.value) or pattern.match(node.value)
            if match:
                wanted[pk] = (kind, match.group(1))
    if not wanted:
        return 0
    existing = {
        (node.kind, node.value): node.pk
        for node in graph.nodes.values()
        if node.kind in (Kind.GITHUB, Kind.APACHE)
    }
    missing = [
        key
        for key in wanted.values()
        if (key[0], Identity.normalize(key[0], key[1])) not in existing
    ]
    created = 0
    if missing:
        ids = upsert_identities(missing)
        for (kind, value), pk in ids.items():
            if pk not in graph.nodes:
                graph.nodes[pk] = _Node(pk, kind, value, "", None, "")
                created += 1
            existing[(kind, value)] = pk
        for kind, raw in missing:
            graph.nodes[existing[(kind, Identity.normalize(kind, raw))]].display = raw
    new_pairs = []
    for email, (kind, raw) in wanted.items():
        login = existing[(kind, Identity.normalize(kind, raw))]
        if login not in graph.neighbours[email]:
            new_pairs.append((email, login))
            graph.add_pair(email, login)
            scope.add(login)
    record_pairs(new_pairs)
    return created


# Planning: in memory, no queries


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = parent.setdefault(item, item)
        while root != parent[root]:
            parent[root] = parent[parent[root]]
            root = parent[root]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The older identity stays the root, so clusters come out the same on every run.
            if root_b < root_a:
                root_a, root_b = root_b, root_a
            self.parent[root_b] = root_a


def _plan(graph: _Graph, scope: set[int] | None) -> _Plan:
    nodes, people = graph.nodes, graph.people
    plan = _Plan()
    free = {pk for pk, node in nodes.items() if _is_free(node)}

    # A login entered on a person (by hand, or kept by someone since merged) is theirs.
    owner_by_field: dict[tuple[str, str], int] = {}
    for pk, person in people.items():
        for kind, value in (
            (Kind.GITHUB, person.github_login),
            (Kind.APACHE, person.apache_id),
            (Kind.JIRA, person.jira_user),
        ):
            if value:
                owner_by_field[(kind, value)] = graph.final(pk)

    clusters = _UnionFind()
    for pk in free:
        clusters.find(pk)
        for other in graph.neighbours.get(pk, ()):
            if other in free:
                clusters.union(pk, other)
    members: dict[int, list[int]] = defaultdict(list)
    for pk in sorted(free):
        members[clusters.find(pk)].append(pk)
    wanted_roots = (
        set(members) if scope is None else {clusters.find(pk) for pk in scope if pk in free}
    )
    looked_at = set() if scope is None else set(scope)
    # Generic names in scope: looked at, and left unresolved on purpose.
    for pk in nodes if scope is None else scope:
        node = nodes[pk]
        if pk not in free and node.contributor is None and not node.link_source:
            looked_at.add(pk)
            plan.unresolved += 1

    # Rule 4: who each cluster is already seen with.
    name_only: list[int] = []
    new_clusters: list[int] = []
    undecided_names: set[str] = set()  # names of clusters waiting for an organizer
    for root in sorted(wanted_roots):
        cluster = members[root]
        looked_at.update(cluster)
        anchors: dict[int, list[int]] = defaultdict(list)  # person -> identities showing it
        for pk in cluster:
            node = nodes[pk]
            owner = owner_by_field.get((node.kind, node.value))
            if owner is not None:
                anchors[owner].append(pk)
            for other in graph.neighbours.get(pk, ()):
                person = graph.final(nodes[other].contributor)
                if person is not None:
                    anchors[person].append(other)
        if not anchors:
            if len(cluster) == 1 and nodes[cluster[0]].kind == Kind.GIT_NAME:
                name_only.append(cluster[0])
            else:
                new_clusters.append(root)
        elif len(anchors) == 1:
            (person,) = anchors
            for pk in cluster:
                plan.links[pk] = person
        else:
            plan.unresolved += len(cluster)
            undecided_names.update(
                name_key(nodes[pk].value) for pk in cluster if nodes[pk].kind in _NAMED_KINDS
            )
            people_ids = sorted(anchors)
            shown = sorted(set(cluster).union(*anchors.values()))
            for i, a in enumerate(people_ids):
                for b in people_ids[i + 1 :]:
                    plan.suggestions.append(
                        _Suggestion(
                            MergeSuggestion.Kind.PEOPLE,
                            MergeSuggestion.Reason.SEEN_TOGETHER,
                            None,
                            a,
                            b,
                            shown,
                        )
                    )
    plan.considered = len(looked_at)
    for root in new_clusters:
        plan.new_people.append(_NewPerson(members[root]))
        ref = -len(plan.new_people)
        for pk in members[root]:
            plan.links[pk] = ref

    # Rule 5: names and logins each person is known by.
    known_by: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, node in nodes.items():
        person = graph.final(node.contributor) if node.contributor else plan.links.get(pk)
        if person is not None and node.kind in _NAMED_KINDS:
            known_by[name_key(node.value)][person].append(pk)
    for pk, person in people.items():
        if person.merged_into is None:
            key = name_key(person.display_name)
            if is_full_name(key):
                known_by[key].setdefault(pk, [])
            for login in (person.github_login, person.apache_id):
                if login:
                    known_by[name_key(login)].setdefault(pk, [])

    by_key: dict[str, list[int]] = defaultdict(list)
    for pk in name_only:
        by_key[name_key(nodes[pk].value)].append(pk)
    for key, group in by_key.items():
        candidates = known_by.get(key, {})
        if len(candidates) == 1:
            (person,) = candidates
            for pk in group:
                plan.links[pk] = person
        elif key in undecided_names:
            plan.unresolved += len(group)  # decided with that cluster, on a later run
        elif not candidates:
            plan.new_people.append(_NewPerson(group))
            for pk in group:
                plan.links[pk] = -len(plan.new_people)
        else:
            plan.unresolved += len(group)
            for pk in group:
                for person, shown in sorted(candidates.items()):
                    plan.suggestions.append(
                        _Suggestion(
                            MergeSuggestion.Kind.IDENTITY,
                            MergeSuggestion.Reason.SAME_NAME,
                            pk,
                            person,
                            None,
                            [pk, *shown],
                        )
                    )

    # New people sharing a full name with someone else: likely one person, for a human to say.
    for index, new_person in enumerate(plan.new_people):
        ref = -(index + 1)
        names = [pk for pk in new_person.members if nodes[pk].kind == Kind.GIT_NAME]
        keys = {name_key(nodes[pk].value) for pk in names}
        for key in sorted(k for k in keys if is_full_name(k)):
            for person, shown in sorted(known_by.get(key, {}).items()):
                if person != ref:
                    named = [pk for pk in names if name_key(nodes[pk].value) == key]
                    plan.suggestions.append(
                        _Suggestion(
                            MergeSuggestion.Kind.PEOPLE,
                            MergeSuggestion.Reason.SAME_NAME,
                            None,
                            ref,
                            person,
                            [*named, *shown],
                        )
                    )

    # Linked identities seen together yet belonging to two people; unless linked by hand,
    # which already answered the question.
    manual = Identity.LinkSource.MANUAL
    if scope is not None:
        for pk in sorted(scope):
            node = nodes[pk]
            person = graph.final(node.contributor)
            if person is None or node.link_source == manual:
                continue
            for other in graph.neighbours.get(pk, ()):
                if nodes[other].link_source == manual:
                    continue
                other_person = graph.final(nodes[other].contributor)
                if other_person is not None and other_person != person:
                    plan.suggestions.append(
                        _Suggestion(
                            MergeSuggestion.Kind.PEOPLE,
                            MergeSuggestion.Reason.SEEN_TOGETHER,
                            None,
                            min(person, other_person),
                            max(person, other_person),
                            sorted({pk, other}),
                        )
                    )
    return plan


def _display_name(graph: _Graph, members: list[int]) -> str:
    """The most often seen proper name of a cluster, else its login, else its email's user."""
    nodes = graph.nodes

    def score(pk: int) -> tuple[bool, int, bool, int]:
        text = nodes[pk].display or nodes[pk].value
        key = name_key(text)
        proper = is_full_name(key) and "@" not in text
        return (proper, graph.seen[pk], text != text.lower(), -pk)

    names = [pk for pk in members if nodes[pk].kind == Kind.GIT_NAME]
    if names:
        best = max(names, key=score)
        return (nodes[best].display or nodes[best].value)[:200]
    for kind in (Kind.GITHUB, Kind.APACHE, Kind.JIRA, Kind.GIT_EMAIL):
        for pk in members:
            if nodes[pk].kind == kind:
                text = nodes[pk].display or nodes[pk].value
                return (text.split("@")[0] if kind == Kind.GIT_EMAIL else text)[:200]
    return "?"


def _slug_base(name: str, fallback: str) -> str:
    # Names in Chinese slugify to nothing; the login or email then names the page.
    return slugify(name)[:100].strip("-") or slugify(fallback)[:100].strip("-") or "person"


def unique_slug(name: str, taken: set[str], fallback: str = "person") -> str:
    """``slugify(name)``, or of ``fallback``, with ``-2``, ``-3``… until not in ``taken``."""
    base = _slug_base(name, fallback)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def free_slug(name: str, fallback: str = "person") -> str:
    """A slug for one new person that nobody holds yet."""
    taken = set(
        Contributor.objects.filter(slug__startswith=_slug_base(name, fallback)).values_list(
            "slug", flat=True
        )
    )
    return unique_slug(name, taken, fallback)


# Writing


def _apply(graph: _Graph, plan: _Plan, summary: ResolutionSummary) -> None:
    nodes, people = graph.nodes, graph.people
    taken_slugs = {person.slug for person in people.values()}
    taken_logins = {p.github_login for p in people.values() if p.github_login}
    taken_apache = {p.apache_id for p in people.values() if p.apache_id}

    new_rows = []
    for new_person in plan.new_people:
        cluster = [nodes[pk] for pk in new_person.members]
        name = _display_name(graph, new_person.members)
        row = Contributor(
            display_name=name,
            origin=Contributor.Origin.RESOLVED,
            is_member=False,
            is_bot=any(looks_like_bot(node.value) for node in cluster),
        )
        # Filled only when the cluster has exactly one, and nobody else holds it already.
        for attribute, kind, taken in (
            ("github_login", Kind.GITHUB, taken_logins),
            ("apache_id", Kind.APACHE, taken_apache),
            ("jira_user", Kind.JIRA, None),
        ):
            values = [node.display or node.value for node in cluster if node.kind == kind]
            length = Contributor._meta.get_field(attribute).max_length
            if len(values) != 1 or len(values[0]) > length:
                continue
            if taken is None or values[0].lower() not in taken:
                setattr(row, attribute, values[0])
                if taken is not None:
                    taken.add(values[0].lower())
        fallback = row.github_login or row.apache_id or name
        row.slug = unique_slug(name, taken_slugs, fallback)
        new_rows.append(row)
    Contributor.objects.bulk_create(new_rows, batch_size=500)
    summary.people_created = len(new_rows)
    summary.bots_flagged = sum(row.is_bot for row in new_rows)

    def resolve_ref(ref: int) -> int:
        return new_rows[-ref - 1].pk if ref < 0 else ref

    links = [(resolve_ref(ref), pk) for pk, ref in sorted(plan.links.items())]
    _link(links)
    summary.linked = len(links)
    summary.identity_ids = [pk for _, pk in links]
    summary.contributor_ids = sorted({contributor for contributor, _ in links})

    extended_bots = sorted(
        {
            ref
            for pk, ref in plan.links.items()
            if ref > 0 and not people[ref].is_bot and looks_like_bot(nodes[pk].value)
        }
    )
    if extended_bots:
        Contributor.objects.filter(pk__in=extended_bots).update(is_bot=True)
        summary.bots_flagged += len(extended_bots)

    summary.suggestions_created = _write_suggestions(graph, plan, resolve_ref)


def _link(links: list[tuple[int, int]]) -> None:
    """Point identities at people: one statement run for every (contributor, identity).

    ``bulk_update`` would spend seconds building CASE expressions for a few thousand rows;
    the condition keeps a link made meanwhile (by a person) as it is.
    """
    if not links:
        return
    table = connection.ops.quote_name(Identity._meta.db_table)
    contributor = connection.ops.quote_name(Identity._meta.get_field("contributor").column)
    sql = (
        f"UPDATE {table} SET {contributor} = %s, link_source = '{Identity.LinkSource.RULE}' "
        f"WHERE id = %s AND {contributor} IS NULL"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, links)


def _write_suggestions(graph: _Graph, plan: _Plan, resolve_ref) -> int:
    asked: set[tuple[int | None, int, int | None]] = set()
    settled = []  # pending questions about identities this run linked
    for pk, identity, a, b, status in MergeSuggestion.objects.values_list(
        "pk", "identity_id", "contributor_id", "other_id", "status"
    ).order_by():
        if identity in plan.links and status == MergeSuggestion.Status.PENDING:
            settled.append(pk)
        # A question decided about someone since merged still stands for whom they became.
        a = graph.final(a)
        b = graph.final(b) if b is not None else None
        asked.add((identity, a, b) if b is None else (None, min(a, b), max(a, b)))
    for start in range(0, len(settled), 500):
        MergeSuggestion.objects.filter(pk__in=settled[start : start + 500]).delete()
    rows = []
    for suggestion in plan.suggestions:
        a = resolve_ref(suggestion.a)
        b = resolve_ref(suggestion.b) if suggestion.b is not None else None
        if b is not None:
            a, b = min(a, b), max(a, b)
        key = (suggestion.identity, a, b)
        if key in asked or a == b:
            continue
        asked.add(key)
        rows.append(
            MergeSuggestion(
                kind=suggestion.kind,
                reason=suggestion.reason,
                identity_id=suggestion.identity,
                contributor_id=a,
                other_id=b,
                evidence=_evidence(graph, suggestion),
            )
        )
    MergeSuggestion.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def _evidence(graph: _Graph, suggestion: _Suggestion) -> dict[str, object]:
    """What an organizer reads to decide: the names, emails and logins involved."""
    found: dict[str, list[str]] = {"names": [], "emails": [], "logins": []}
    group = {Kind.GIT_NAME: "names", Kind.GIT_EMAIL: "emails"}
    ids = list(dict.fromkeys(suggestion.evidence_ids))
    for pk in ids:
        node = graph.nodes[pk]
        shown = node.display or node.value
        if node.kind in (Kind.GITHUB, Kind.APACHE, Kind.JIRA):
            shown = f"{node.kind}:{shown}"
        bucket = found[group.get(node.kind, "logins")]
        if shown not in bucket and len(bucket) < _EVIDENCE_LIMIT:
            bucket.append(shown)
    return {**found, "identity_ids": ids[: _EVIDENCE_LIMIT * 3]}


def resolve_identities(
    *, identity_ids: Iterable[int] | None = None, refresh_rollups: bool = True
) -> ResolutionSummary:
    """Link the unresolved identities among ``identity_ids`` (None: all of them) to people.

    Idempotent: a second run over the same data changes nothing. Identities given that are
    already linked are checked for pairs with another person's identities (a suggestion).
    Rebuilds the monthly rollups of everyone it linked unless ``refresh_rollups`` is False
    (for a caller that refreshes them itself right after).
    """
    from projects.rollups import refresh_activity_months

    scope = None if identity_ids is None else set(identity_ids)
    summary = ResolutionSummary()
    if scope is not None and not scope:
        return summary
    with transaction.atomic():
        lock_identities()
        graph = _load()
        if scope is not None:
            scope &= graph.nodes.keys()
        derive_from = (
            {pk for pk, node in graph.nodes.items() if _is_free(node)} if scope is None else scope
        )
        summary.identities_created = _derive_logins(graph, derive_from)
        plan = _plan(graph, scope)
        summary.considered = plan.considered
        summary.unresolved = plan.unresolved
        _apply(graph, plan, summary)
        if refresh_rollups and summary.identity_ids:
            refresh_activity_months(
                identity_ids=summary.identity_ids, contributor_ids=summary.contributor_ids
            )
    return summary
