"""Planning, in memory and without queries: union-find over identities seen together, then
rules 4 and 5 decide who each cluster and each name seen alone is, and what to ask."""

from collections import defaultdict
from dataclasses import dataclass, field

from contributors.models import Contributor, Identity, MergeSuggestion
from contributors.resolution.graph import Graph, is_free
from contributors.resolution.names import is_full_name, name_key
from contributors.resolution.similar import collect_names, find_similar

Kind = Identity.Kind

# Kinds whose value is a name or a login a name-only credit may refer to.
_NAMED_KINDS = (Kind.GIT_NAME, Kind.GITHUB, Kind.APACHE)


@dataclass
class NewPerson:
    members: list[int]


@dataclass
class Suggestion:
    kind: str
    reason: str
    identity: int | None
    a: int  # person reference: a contributor id, or -(index + 1) of a new person
    b: int | None
    evidence_ids: list[int]
    details: dict[str, object] = field(default_factory=dict)  # edit distance, first name…
    credits: int = 0  # commits and credits confirming would move


@dataclass
class Plan:
    links: dict[int, int] = field(default_factory=dict)  # identity id -> person reference
    new_people: list[NewPerson] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    # People resolution made itself that a pair now shows are one: merged, older one kept.
    merges: list[list[int]] = field(default_factory=list)
    considered: int = 0
    unresolved: int = 0


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


@dataclass
class _Clusters:
    """Free identities grouped with those they were seen with: members by root, and the
    roots a run looks at."""

    members: dict[int, list[int]]
    wanted: set[int]


def build_plan(graph: Graph, scope: set[int] | None) -> Plan:
    """What resolution decides, in the order of the rules in the package's docstring; the
    identities in ``scope`` (None: all) are the ones it looks at."""
    plan = Plan()
    free = {pk for pk, node in graph.nodes.items() if is_free(node)}
    clusters = _cluster(graph, free, scope)
    left_alone = _left_alone(graph, free, scope)
    plan.unresolved += len(left_alone)
    mergeable = _mergeable(graph)
    name_only, undecided_names = _rule_4_seen_together(
        graph, clusters, scope, left_alone, plan, mergeable
    )
    known_by = _known_names(graph, plan)
    _rule_5_names_alone(graph, name_only, known_by, undecided_names, plan)
    _suggest_new_people_named_like_others(graph, known_by, plan)
    if scope is not None:
        _suggest_linked_people_seen_together(graph, scope, plan, mergeable)
    _suggest_similar_people(graph, plan)
    return plan


def _suggest_similar_people(graph: Graph, plan: Plan) -> None:
    people = collect_names(graph, plan.links, (p.members for p in plan.new_people))
    for credits_of in plan.suggestions:  # rank the other questions by credits as well
        sides = [credits_of.a] + ([credits_of.b] if credits_of.b is not None else [])
        moved = [people[ref].credits for ref in sides if ref in people]
        if credits_of.identity is not None:
            moved = [graph.credit_count([credits_of.identity])]
        credits_of.credits = min(moved, default=0)
        credits_of.details.setdefault("credits", credits_of.credits)
    merged = {ref for group in plan.merges for ref in group[1:]}
    for similar in find_similar(people):
        if similar.a in merged or similar.b in merged:
            continue
        plan.suggestions.append(
            Suggestion(
                MergeSuggestion.Kind.PEOPLE,
                similar.reason,
                None,
                similar.a,
                similar.b,
                similar.evidence_ids,
                similar.details,
                similar.credits,
            )
        )


def _mergeable(graph: Graph) -> set[int]:
    """People resolution may merge by itself: made by it, no member, nothing linked by hand."""
    by_hand = {
        graph.final(node.contributor)
        for node in graph.nodes.values()
        if node.contributor is not None and node.link_source == Identity.LinkSource.MANUAL
    }
    return {
        pk
        for pk, person in graph.people.items()
        if person.merged_into is None
        and person.origin == Contributor.Origin.RESOLVED
        and not person.is_member
        and pk not in by_hand
    }


def _owners_by_field(graph: Graph) -> dict[tuple[str, str], int]:
    """A login entered on a person (by hand, or kept by someone since merged) is theirs."""
    owners: dict[tuple[str, str], int] = {}
    for pk, person in graph.people.items():
        for kind, value in (
            (Kind.GITHUB, person.github_login),
            (Kind.APACHE, person.apache_id),
            (Kind.JIRA, person.jira_user),
        ):
            if value:
                owners[(kind, value)] = graph.final(pk)
    return owners


def _cluster(graph: Graph, free: set[int], scope: set[int] | None) -> _Clusters:
    found = _UnionFind()
    for pk in free:
        found.find(pk)
        for other in graph.neighbours.get(pk, ()):
            if other in free:
                found.union(pk, other)
    members: dict[int, list[int]] = defaultdict(list)
    for pk in sorted(free):
        members[found.find(pk)].append(pk)
    wanted = set(members) if scope is None else {found.find(pk) for pk in scope if pk in free}
    return _Clusters(members, wanted)


def _left_alone(graph: Graph, free: set[int], scope: set[int] | None) -> set[int]:
    """Generic names in scope: looked at, and left unresolved on purpose."""
    return {
        pk
        for pk in (graph.nodes if scope is None else scope)
        if pk not in free
        and graph.nodes[pk].contributor is None
        and not graph.nodes[pk].link_source
    }


def _rule_4_seen_together(
    graph: Graph,
    clusters: _Clusters,
    scope: set[int] | None,
    left_alone: set[int],
    plan: Plan,
    mergeable: set[int],
) -> tuple[list[int], set[str]]:
    """Rule 4: a cluster seen with one person extends that person; seen with none, it becomes
    a new one (but a name alone waits for rule 5); seen with several, an organizer is asked.
    Returns the names seen alone and the names of clusters waiting for an organizer."""
    nodes, owners = graph.nodes, _owners_by_field(graph)
    looked_at = (set() if scope is None else set(scope)) | left_alone
    name_only: list[int] = []
    new_clusters: list[int] = []
    undecided_names: set[str] = set()
    for root in sorted(clusters.wanted):
        cluster = clusters.members[root]
        looked_at.update(cluster)
        anchors: dict[int, list[int]] = defaultdict(list)  # person -> identities showing it
        for pk in cluster:
            node = nodes[pk]
            owner = owners.get((node.kind, node.value))
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
        elif set(anchors) <= mergeable:
            # Seen with several people this step made: one person, whichever repository
            # was synced first.
            plan.merges.append(sorted(anchors))
            for pk in cluster:
                plan.links[pk] = min(anchors)
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
                        Suggestion(
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
        plan.new_people.append(NewPerson(clusters.members[root]))
        ref = -len(plan.new_people)
        for pk in clusters.members[root]:
            plan.links[pk] = ref
    return name_only, undecided_names


def _known_names(graph: Graph, plan: Plan) -> dict[str, dict[int, list[int]]]:
    """The names and logins each person is known by (planned links included), by name key,
    with the identities that show it."""
    known_by: dict[str, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for pk, node in graph.nodes.items():
        who = graph.final(node.contributor) if node.contributor else plan.links.get(pk)
        if who is not None and node.kind in _NAMED_KINDS:
            known_by[name_key(node.value)][who].append(pk)
    for pk, person in graph.people.items():
        if person.merged_into is None:
            key = name_key(person.display_name)
            if is_full_name(key):
                known_by[key].setdefault(pk, [])
            for login in (person.github_login, person.apache_id):
                if login:
                    known_by[name_key(login)].setdefault(pk, [])
    return known_by


def _rule_5_names_alone(
    graph: Graph,
    name_only: list[int],
    known_by: dict[str, dict[int, list[int]]],
    undecided_names: set[str],
    plan: Plan,
) -> None:
    """Rule 5: a name seen alone joins the one person known by it; known by nobody it becomes
    a person; known by several, an organizer is asked for each. The order of a full name's
    words never makes two people ("Elek Márton" is "Márton Elek"): a name no one is known
    by as written is looked up with its words in any order."""
    in_any_order: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for known, people in known_by.items():
        if " " in known:
            for person, shown in people.items():
                in_any_order[order_free(known)].setdefault(person, []).extend(shown)
    by_key: dict[str, list[int]] = defaultdict(list)
    spelled: dict[str, set[str]] = defaultdict(set)  # the keys as written, per group
    for pk in name_only:
        written = name_key(graph.nodes[pk].value)
        key = order_free(written) if " " in written and written not in known_by else written
        by_key[key].append(pk)
        spelled[key].add(written)
    for key, group in by_key.items():
        candidates = known_by.get(key) or (in_any_order.get(key, {}) if " " in key else {})
        if len(candidates) == 1:
            (person,) = candidates
            for pk in group:
                plan.links[pk] = person
        elif spelled[key] & undecided_names:
            plan.unresolved += len(group)  # decided with that cluster, on a later run
        elif not candidates:
            plan.new_people.append(NewPerson(group))
            for pk in group:
                plan.links[pk] = -len(plan.new_people)
        else:
            plan.unresolved += len(group)
            for pk in group:
                for person, shown in sorted(candidates.items()):
                    plan.suggestions.append(
                        Suggestion(
                            MergeSuggestion.Kind.IDENTITY,
                            MergeSuggestion.Reason.SAME_NAME,
                            pk,
                            person,
                            None,
                            [pk, *shown],
                        )
                    )


def order_free(key: str) -> str:
    """A name key with its words sorted: the same for every order of the words."""
    return " ".join(sorted(key.split()))


def _suggest_new_people_named_like_others(
    graph: Graph, known_by: dict[str, dict[int, list[int]]], plan: Plan
) -> None:
    """New people sharing a full name with someone else: likely one person, for a human."""
    nodes = graph.nodes
    for index, new_person in enumerate(plan.new_people):
        ref = -(index + 1)
        names = [pk for pk in new_person.members if nodes[pk].kind == Kind.GIT_NAME]
        keys = {name_key(nodes[pk].value) for pk in names}
        for key in sorted(k for k in keys if is_full_name(k)):
            for person, shown in sorted(known_by.get(key, {}).items()):
                if person != ref:
                    named = [pk for pk in names if name_key(nodes[pk].value) == key]
                    plan.suggestions.append(
                        Suggestion(
                            MergeSuggestion.Kind.PEOPLE,
                            MergeSuggestion.Reason.SAME_NAME,
                            None,
                            ref,
                            person,
                            [*named, *shown],
                        )
                    )


def _suggest_linked_people_seen_together(
    graph: Graph, scope: set[int], plan: Plan, mergeable: set[int]
) -> None:
    """Linked identities seen together yet belonging to two people; unless linked by hand,
    which already answered the question. Two people this step made are merged instead: the
    pair would have joined them had the repositories been synced in the other order."""
    nodes, manual = graph.nodes, Identity.LinkSource.MANUAL
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
                if person in mergeable and other_person in mergeable:
                    plan.merges.append(sorted((person, other_person)))
                    continue
                plan.suggestions.append(
                    Suggestion(
                        MergeSuggestion.Kind.PEOPLE,
                        MergeSuggestion.Reason.SEEN_TOGETHER,
                        None,
                        min(person, other_person),
                        max(person, other_person),
                        sorted({pk, other}),
                    )
                )
