"""Commit credits as they count: each project's convention applied to the stored trailers.

A credit counts as a review, a co-author or a merge when its kind means that in the
commit's project (``Project.credit_meanings``), and never for the commit's own author: an
``Author:`` line naming the git author, or an author's own sign-off, credits nobody new.
"Own" is decided by person where both sides are linked to one, else by identity.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import F, Q

from projects.models import Commit, CommitCredit, Project, Title
from projects.models.conventions import CREDIT_KINDS, DEFAULT_MEANINGS, Meaning, kinds_meaning

# On CommitCredit rows: the credited identity is the commit's author.
OWN_COMMIT = Q(identity=F("commit__author")) | Q(
    identity__contributor=F("commit__author__contributor")
)


def own_commit_of(identities: object) -> Q:
    """``OWN_COMMIT`` for one person's credits, given all that person's identities (ids or a
    subquery of them): the same rule, without joining either side's person."""
    return Q(commit__author__in=identities)


def conventions() -> list[tuple[int, dict]]:
    """The projects whose convention is not the default, with it: one query."""
    return list(Project.objects.exclude(credit_meanings={}).values_list("pk", "credit_meanings"))


def credited_as(
    meaning: Meaning | str,
    *,
    project: Project | None = None,
    known: list[tuple[int, dict]] | None = None,
) -> Q:
    """On CommitCredit rows: the kind means ``meaning`` in the commit's project (in
    ``project`` only, when given). The projects whose convention differs from the default
    are read in one query, unless ``known`` (from ``conventions()``) holds them."""
    if project is not None:
        kinds = project.credit_kinds(meaning)
        return Q(kind__in=kinds) if kinds else Q(pk__in=[])
    by_kinds: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for pk, convention in conventions() if known is None else known:
        kinds = kinds_meaning(convention, meaning)
        if kinds != DEFAULT_MEANINGS[meaning]:
            by_kinds[kinds].append(pk)
    default = DEFAULT_MEANINGS[meaning]
    others = [pk for pks in by_kinds.values() for pk in pks]
    parts = []
    if default:
        parts.append(Q(kind__in=default))
        if others:
            parts[0] &= ~Q(commit__repository__project__in=others)
    parts += [
        Q(kind__in=kinds, commit__repository__project__in=pks)
        for kinds, pks in by_kinds.items()
        if kinds
    ]
    if not parts:
        return Q(pk__in=[])
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return q


# Detection: a kind of credit that mostly names someone other than the author, and those
# people mostly the project's committers (or, without titles, a few people), is their mark
# of a review and merge: YuniKorn's committers sign off what they merged.
_OTHERS_SHARE = 0.5
_COMMITTERS_SHARE = 0.5
_FEW_SHARE = 0.8  # of the credits held by the ten people credited most
_FEW = 10
_COMMITTER_ROLES = (Title.Role.COMMITTER, Title.Role.PMC_MEMBER, Title.Role.PMC_CHAIR)


@dataclass
class KindEvidence:
    kind: str
    credits: int = 0
    commits: int = 0
    of_others: int = 0  # credits naming someone other than the commit's author
    by_committers: int = 0  # of those, credits naming a committer of the project
    by_few: int = 0  # of those, credits naming the ten people credited most
    people: int = 0  # distinct people (or unresolved identities) in those


@dataclass
class Detection:
    project: Project
    commits: int
    has_titles: bool
    evidence: list[KindEvidence] = field(default_factory=list)
    proposed: dict[str, list[str]] = field(default_factory=dict)


def detect_meanings(*, project: Project) -> Detection:
    """Propose what ``project``'s credit kinds mean, from its own stored history."""
    committers = set(
        Title.objects.filter(project=project, role__in=_COMMITTER_ROLES).values_list(
            "contributor_id", flat=True
        )
    )
    by_kind: dict[str, KindEvidence] = {}
    commits: dict[str, set[int]] = defaultdict(set)
    people: dict[str, Counter] = defaultdict(Counter)
    for kind, commit, identity, person, author, author_person in (
        CommitCredit.objects.filter(commit__repository__project=project)
        .values_list(
            "kind",
            "commit_id",
            "identity_id",
            "identity__contributor_id",
            "commit__author_id",
            "commit__author__contributor_id",
        )
        .order_by()
    ):
        evidence = by_kind.setdefault(kind, KindEvidence(kind))
        evidence.credits += 1
        commits[kind].add(commit)
        own = identity == author or (person is not None and person == author_person)
        if own:
            continue
        evidence.of_others += 1
        evidence.by_committers += person in committers
        people[kind][("person", person) if person is not None else ("identity", identity)] += 1
    for kind, evidence in by_kind.items():
        evidence.commits = len(commits[kind])
        evidence.people = len(people[kind])
        evidence.by_few = sum(n for _, n in people[kind].most_common(_FEW))
    detection = Detection(
        project=project,
        commits=Commit.objects.filter(repository__project=project).count(),
        has_titles=bool(committers),
        evidence=[by_kind[kind] for kind in CREDIT_KINDS if kind in by_kind],
    )
    proposed: dict[str, list[str]] = {meaning: [] for meaning in Meaning.values}
    for evidence in detection.evidence:
        if evidence.kind == CommitCredit.Kind.REVIEWER:
            proposed[Meaning.REVIEWED].append(evidence.kind)
        elif evidence.kind in (CommitCredit.Kind.CO_AUTHOR, CommitCredit.Kind.AUTHOR_LINE):
            proposed[Meaning.CO_AUTHORED].append(evidence.kind)
        elif _marks_review_and_merge(evidence, has_titles=detection.has_titles):
            proposed[Meaning.REVIEWED].append(evidence.kind)
            proposed[Meaning.MERGED_BY].append(evidence.kind)
    detection.proposed = proposed
    return detection


def _marks_review_and_merge(evidence: KindEvidence, *, has_titles: bool) -> bool:
    if not evidence.credits or evidence.of_others < _OTHERS_SHARE * evidence.credits:
        return False
    if has_titles:
        return evidence.by_committers >= _COMMITTERS_SHARE * evidence.of_others
    # Without titles: a few people, or the ten named most hold most of them.
    return evidence.people <= _FEW or evidence.by_few >= _FEW_SHARE * evidence.of_others
