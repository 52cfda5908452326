"""Planning, in memory and without queries: union-find over identities seen together, then
rules 4 and 5 decide who each cluster and each name seen alone is, and what to ask."""

from collections import defaultdict
from dataclasses import dataclass, field

from contributors.models import Identity, MergeSuggestion
from contributors.resolution.graph import Graph, is_free
from contributors.resolution.names import is_full_name, name_key

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


@dataclass
class Plan:
    links: dict[int, int] = field(default_factory=dict)  # identity id -> person reference
    new_people: list[NewPerson] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
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


def build_plan(graph: Graph, scope: set[int] | None) -> Plan:
    nodes, people = graph.nodes, graph.people
    plan = Plan()
    free = {pk for pk, node in nodes.items() if is_free(node)}

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
        plan.new_people.append(NewPerson(members[root]))
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
                        Suggestion(
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
                        Suggestion(
                            MergeSuggestion.Kind.PEOPLE,
                            MergeSuggestion.Reason.SEEN_TOGETHER,
                            None,
                            min(person, other_person),
                            max(person, other_person),
                            sorted({pk, other}),
                        )
                    )
    return plan
