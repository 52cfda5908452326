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
   JIRA user field holds its value. Evidence is weighed by count: a pair seen a few times
   against many more contrary ones on both sides (the same email with other names, the same
   name with other emails) is a slip and joins nobody, and placeholder names and emails
   ("John Doe", ``you@example.com``) join nobody either. A pair that shows two people
   resolution made itself are one merges them (logged, undoable), so the people come out
   the same whichever repository was synced first.
5. A name seen alone (a name-only credit) joins the one person known by its name key (case,
   spacing, hyphens, accents ignored) or by that login.

A cluster touching exactly one person extends that person; touching none, it becomes a new
person. Ambiguity is never settled here: a cluster touching two people, or a name-only
identity matching several, stays unresolved and becomes a ``MergeSuggestion`` carrying its
evidence; so do people whose names are alike (``similar``: a typo, another word order, a
first name alone, a login written as a name). Suggestions carry the credits confirming
would move, which ranks the queue. A suggestion already decided (dismissed or confirmed) is
never made again.

A run, module by module: ``graph`` reads everything under the lock, ``logins`` applies rule 3,
``clusters`` plans rules 4 and 5 in memory and ``similar`` the questions about look-alike
names, ``write`` stores the plan; ``names`` and ``bots`` hold what every step compares
against.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models.functions import Lower

from contributors.models import Contributor, Identity
from contributors.resolution.bots import BOT_PATTERNS, looks_like_assistant, looks_like_bot
from contributors.resolution.clusters import build_plan
from contributors.resolution.graph import is_free, load_graph, lock_identities
from contributors.resolution.logins import derive_logins
from contributors.resolution.names import (
    GENERIC_NAMES,
    free_slug,
    is_full_name,
    name_key,
    unique_slug,
)
from contributors.resolution.write import ResolutionSummary, apply_plan

__all__ = [
    "BOT_PATTERNS",
    "GENERIC_NAMES",
    "ResolutionSummary",
    "free_slug",
    "is_full_name",
    "lock_identities",
    "looks_like_assistant",
    "looks_like_bot",
    "name_key",
    "resolve_identities",
    "resolve_sighted",
    "unique_slug",
]


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
        graph = load_graph()
        if scope is not None:
            scope &= graph.nodes.keys()
        derive_from = (
            {pk for pk, node in graph.nodes.items() if is_free(node)} if scope is None else scope
        )
        summary.identities_created = derive_logins(graph, derive_from)
        plan = build_plan(graph, scope)
        summary.considered = plan.considered
        summary.unresolved = plan.unresolved
        apply_plan(graph, plan, summary)
        if refresh_rollups and summary.identity_ids:
            refresh_activity_months(
                identity_ids=summary.identity_ids, contributor_ids=summary.contributor_ids
            )
    return summary


def resolve_sighted(*, identity_ids: set[int]) -> int:
    """The pipeline's resolve step: the identities a sync saw become people; returns how
    many were linked. The pipeline rebuilds the rollups of all of them right after, once."""
    return resolve_identities(identity_ids=identity_ids, refresh_rollups=False).linked


def link_claimed(*, identity_ids: set[int]) -> int:
    """The pipeline's claimed step: of these unlinked Apache ids, resolve those a person's
    ``apache_id`` field names; returns how many were linked. Ids kept apart by hand stay
    apart, and an id nobody claims makes no new person."""
    free = dict(
        Identity.objects.filter(
            pk__in=identity_ids, kind=Identity.Kind.APACHE, contributor__isnull=True
        )
        .exclude(link_source=Identity.LinkSource.MANUAL)
        .values_list("value", "pk")
    )
    if not free:
        return 0
    named = (
        Contributor.objects.annotate(apache=Lower("apache_id"))
        .filter(apache__in=list(free))
        .values_list("apache", flat=True)
    )
    evidence = sorted({free[value] for value in named})
    if not evidence:
        return 0
    # No rollups to refresh: an Apache id is the author of no record.
    return resolve_identities(identity_ids=evidence, refresh_rollups=False).linked
