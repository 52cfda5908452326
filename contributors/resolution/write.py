"""Writing a plan: new people in bulk, links in one statement, suggestions not yet asked."""

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.db import connection
from django.db.models import CharField

from contributors.models import Contributor, Identity, MergeSuggestion
from contributors.resolution.bots import looks_like_assistant, looks_like_bot
from contributors.resolution.clusters import Plan, Suggestion
from contributors.resolution.graph import Graph
from contributors.resolution.names import is_full_name, name_key, unique_slug
from projects.bulk import create_objects, fast_path, id_array

Kind = Identity.Kind
_EVIDENCE_LIMIT = 20


@dataclass
class ResolutionSummary:
    considered: int = 0  # identities looked at: those given, or the unresolved ones
    linked: int = 0  # of those, linked to a person (known or new)
    people_created: int = 0
    identities_created: int = 0  # GitHub logins and Apache ids read from emails
    suggestions_created: int = 0
    unresolved: int = 0  # left for an organizer: ambiguous, or a generic name
    bots_flagged: int = 0
    people_merged: int = 0  # made by resolution, shown to be one by a pair seen since
    identity_ids: list[int] = field(default_factory=list)  # linked by this run
    contributor_ids: list[int] = field(default_factory=list)  # created or extended


def _display_name(graph: Graph, members: list[int]) -> str:
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


def apply_plan(graph: Graph, plan: Plan, summary: ResolutionSummary) -> None:
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
            is_assistant=any(looks_like_assistant(node.value) for node in cluster),
        )
        # Filled only when the cluster has exactly one, and nobody else holds it already.
        for attribute, kind, taken in (
            ("github_login", Kind.GITHUB, taken_logins),
            ("apache_id", Kind.APACHE, taken_apache),
            ("jira_user", Kind.JIRA, None),
        ):
            values = [node.display or node.value for node in cluster if node.kind == kind]
            field = Contributor._meta.get_field(attribute)
            assert isinstance(field, CharField) and field.max_length is not None
            if len(values) != 1 or len(values[0]) > field.max_length:
                continue
            if taken is None or values[0].lower() not in taken:
                setattr(row, attribute, values[0])
                if taken is not None:
                    taken.add(values[0].lower())
        fallback = row.github_login or row.apache_id or name
        row.slug = unique_slug(name, taken_slugs, fallback)
        new_rows.append(row)
    create_objects(Contributor, new_rows)
    summary.people_created = len(new_rows)
    summary.bots_flagged = sum(row.is_bot for row in new_rows)

    def resolve_ref(ref: int) -> int:
        return new_rows[-ref - 1].pk if ref < 0 else ref

    links = [(resolve_ref(ref), pk) for pk, ref in sorted(plan.links.items())]
    _link(links)
    summary.linked = len(links)
    summary.identity_ids = [pk for _, pk in links]
    summary.contributor_ids = sorted({contributor for contributor, _ in links})

    # A known person extended by a bot's or an assistant's identity becomes one.
    for attribute, looks_like in (
        ("is_bot", looks_like_bot),
        ("is_assistant", looks_like_assistant),
    ):
        extended = sorted(
            {
                ref
                for pk, ref in plan.links.items()
                if ref > 0 and not getattr(people[ref], attribute) and looks_like(nodes[pk].value)
            }
        )
        if extended:
            Contributor.objects.filter(pk__in=extended).update(**{attribute: True})
            if attribute == "is_bot":
                summary.bots_flagged += len(extended)

    merged_into = _merge_people(plan, summary)

    def resolve_final(ref: int) -> int:
        pk = resolve_ref(ref)
        return merged_into.get(pk, pk)

    summary.suggestions_created = _write_suggestions(graph, plan, resolve_final)


def _merge_people(plan: Plan, summary: ResolutionSummary) -> dict[int, int]:
    """Merge the groups of people a pair showed are one (unless an organizer said they are
    not); returns where each merged person went."""
    from contributors.merges.people import merge_contributors

    if not plan.merges:
        return {}
    dismissed = {
        (a, b)
        for a, b in MergeSuggestion.objects.filter(
            kind=MergeSuggestion.Kind.PEOPLE, status=MergeSuggestion.Status.DISMISSED
        ).values_list("contributor_id", "other_id")
    }
    target_of: dict[int, int] = {}

    def find(pk: int) -> int:
        while pk in target_of:
            pk = target_of[pk]
        return pk

    for group in plan.merges:
        for a, b in pairwise(group):
            root_a, root_b = sorted((find(a), find(b)))
            if root_a != root_b and (min(a, b), max(a, b)) not in dismissed:
                target_of[root_b] = root_a
    people = Contributor.objects.in_bulk({*target_of, *target_of.values()})
    merged = {}
    for source in sorted(target_of):
        target = find(source)
        merge_contributors(source=people[source], target=people[target], by_rule=True)
        merged[source] = target
        summary.people_merged += 1
    summary.contributor_ids = sorted(set(summary.contributor_ids) | set(merged.values()))
    return merged


def _link(links: list[tuple[int, int]]) -> None:
    """Point identities at people: one statement for every (contributor, identity).

    ``bulk_update`` would spend seconds building CASE expressions for a few thousand rows;
    the condition keeps a link made meanwhile (by a person) as it is. PostgreSQL takes the
    links as two arrays in one UPDATE; elsewhere the statement runs once per link.
    """
    if not links:
        return
    table = connection.ops.quote_name(Identity._meta.db_table)
    contributor = connection.ops.quote_name(Identity._meta.get_field("contributor").column)
    rule = Identity.LinkSource.RULE
    with connection.cursor() as cursor:
        if fast_path():
            cursor.execute(
                f"UPDATE {table} SET {contributor} = link.contributor, link_source = '{rule}' "
                f"FROM unnest(%s::bigint[], %s::bigint[]) AS link(contributor, identity) "
                f"WHERE {table}.id = link.identity AND {table}.{contributor} IS NULL",
                [id_array(person for person, _ in links), id_array(pk for _, pk in links)],
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET {contributor} = %s, link_source = '{rule}' "
                f"WHERE id = %s AND {contributor} IS NULL",
                links,
            )


def _write_suggestions(graph: Graph, plan: Plan, resolve_ref: Callable[[int], int]) -> int:
    asked: set[tuple[int | None, int, int | None]] = set()
    b: int | None  # the other person of a question about two
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
                credits=suggestion.credits,
            )
        )
    MergeSuggestion.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def _evidence(graph: Graph, suggestion: Suggestion) -> dict[str, object]:
    """What an organizer reads to decide: the names, emails and logins involved."""
    found: dict[str, list[str]] = {"names": [], "emails": [], "logins": []}
    group: dict[str, str] = {Kind.GIT_NAME: "names", Kind.GIT_EMAIL: "emails"}
    ids = list(dict.fromkeys(suggestion.evidence_ids))
    for pk in ids:
        node = graph.nodes[pk]
        shown = node.display or node.value
        if node.kind in (Kind.GITHUB, Kind.APACHE, Kind.JIRA):
            shown = f"{node.kind}:{shown}"
        bucket = found[group.get(node.kind, "logins")]
        if shown not in bucket and len(bucket) < _EVIDENCE_LIMIT:
            bucket.append(shown)
    return {**found, **suggestion.details, "identity_ids": ids[: _EVIDENCE_LIMIT * 3]}
