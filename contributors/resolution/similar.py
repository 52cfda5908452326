"""Questions about people who are likely one, found by their names; never decided here.

After the rules have run, every person (known, or planned in this run) is compared by the
names and logins they are known by:

* a name a few letters apart ("Isamel Juma", "Matthas J. Sax", "Guohang Wang"): one word
  differs, by an edit distance the length of the word allows;
* the same words in another order ("Lin Dong" and "Dong Lin");
* a first name alone ("Reviewers: Ismael, Guozhang"), or a family name alone, that exactly
  one person with a full name carries in a project the name was credited in;
* one full name inside another ("Jakob Homan" and "Jakob Glen Homan");
* a login written as a name or as an email's user ("tang7526" beside "Chun-Hao Tang" with
  ``tang7526@gmail.com``; a GitHub noreply login on one person, the mail on another).

Each becomes a suggestion with its evidence and the credits confirming would move (those of
the smaller side), which ranks the queue. Bots and assistants are left out.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations

from contributors.models import Identity, MergeSuggestion
from contributors.resolution.bots import looks_like_machine
from contributors.resolution.graph import Graph
from contributors.resolution.names import is_full_name, name_key

Kind = Identity.Kind
Reason = MergeSuggestion.Reason

# An email's user that names a mailbox, not a person: never compared with a login.
_MAILBOX_WORDS = frozenset(
    {"dev", "info", "mail", "contact", "admin", "hello", "me", "git", "github", "noreply"}
)
# A block of names sharing all words but one is compared pair by pair; past this size it is
# a common family name, where a letter apart is more often another person than a typo.
_BLOCK_LIMIT = 60


@dataclass
class PersonNames:
    """What a person (a contributor id, or a planned one's negative reference) is known by."""

    full: set[str] = field(default_factory=set)  # full-name keys
    single: set[str] = field(default_factory=set)  # one-word names and logins
    logins: set[str] = field(default_factory=set)  # GitHub logins and Apache ids
    mail_users: set[str] = field(default_factory=set)  # the part of emails before the @
    identities: list[int] = field(default_factory=list)
    shown: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    projects: dict[int, int] = field(default_factory=dict)  # project -> credits there
    credits: int = 0
    machine: bool = False  # a bot or an assistant


@dataclass
class Similar:
    reason: str
    a: int
    b: int
    details: dict[str, object]
    evidence_ids: list[int]
    credits: int


def allowed_distance(a: str, b: str) -> int:
    """How many edits a word of this length may be apart and still be a typo."""
    shorter = min(len(a), len(b))
    return 2 if shorter >= 8 else 1 if shorter >= 4 else 0


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of two letters is one edit), or ``limit + 1``
    once it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def collect_names(
    graph: Graph, links: dict[int, int], new_members: Iterable[list[int]]
) -> dict[int, PersonNames]:
    """Every current person with their names, logins, identities and credits; planned people
    by their negative reference."""
    people: dict[int, PersonNames] = defaultdict(PersonNames)
    for pk, node in graph.nodes.items():
        who = graph.final(node.contributor) if node.contributor else links.get(pk)
        if who is not None:
            _add_identity(people[who], graph, pk)
    for index, members in enumerate(new_members):
        for pk in members:
            if pk not in links:
                _add_identity(people[-(index + 1)], graph, pk)
    for pk, person in graph.people.items():
        if person.merged_into is None and pk in people:
            names = people[pk]
            names.machine = names.machine or person.is_bot or person.is_assistant
            for login in (person.github_login, person.apache_id):
                if login:
                    names.logins.add(name_key(login))
    return people


def _add_identity(names: PersonNames, graph: Graph, pk: int) -> None:
    node = graph.nodes[pk]
    names.identities.append(pk)
    for project, n in graph.credits.get(pk, {}).items():
        names.projects[project] = names.projects.get(project, 0) + n
        names.credits += n
    if not names.machine and looks_like_machine(node.value):
        names.machine = True
    if node.kind == Kind.GIT_EMAIL:
        user = name_key(node.value.split("@")[0])
        if len(user) >= 4 and " " not in user and user not in _MAILBOX_WORDS:
            names.mail_users.add(user)
            names.shown[user].append(pk)
        return
    key = name_key(node.value)
    if not key:
        return
    names.shown[key].append(pk)
    if node.kind in (Kind.GITHUB, Kind.APACHE):
        names.logins.add(key)
    elif is_full_name(key):
        names.full.add(key)
    else:
        names.single.add(key)


def find_similar(people: dict[int, PersonNames]) -> list[Similar]:
    """Every question the names raise, most credits moved first."""
    humans = {pk: names for pk, names in people.items() if not names.machine}
    found: dict[tuple[int, int], Similar] = {}
    for similar in (
        *_typos_and_order(humans),
        *_first_names(humans),
        *_logins(humans),
        *_more_words(humans),
    ):
        key = (min(similar.a, similar.b), max(similar.a, similar.b))
        found.setdefault(key, similar)  # the first reason found is the strongest
    return sorted(found.values(), key=lambda s: (-s.credits, s.a, s.b))


def _similar(
    people: dict[int, PersonNames],
    reason: str,
    a: int,
    b: int,
    keys: tuple[str, str],
    **details: object,
) -> Similar:
    moved = min(people[a].credits, people[b].credits)
    shown = [*people[a].shown.get(keys[0], []), *people[b].shown.get(keys[1], [])]
    return Similar(reason, a, b, {**details, "credits": moved}, shown, moved)


def _typos_and_order(people: dict[int, PersonNames]) -> Iterable[Similar]:
    by_words: dict[tuple[str, ...], set[tuple[int, str]]] = defaultdict(set)
    blocks: dict[tuple[int, int, tuple[str, ...]], set[tuple[int, str]]] = defaultdict(set)
    joined: dict[str, set[tuple[int, str]]] = defaultdict(set)  # "phuchongtran"
    for pk, names in people.items():
        for key in names.full:
            if not key.isascii():
                continue
            words = key.split()
            by_words[tuple(sorted(words))].add((pk, key))
            joined[key.replace(" ", "")].add((pk, key))
            for i in range(len(words)):
                blocks[(len(words), i, tuple(words[:i] + words[i + 1 :]))].add((pk, key))
    for group in by_words.values():
        for (a, key_a), (b, key_b) in combinations(sorted(group), 2):
            if a != b and key_a != key_b and not _share_name(people, a, b):
                yield _similar(people, Reason.NAME_ORDER, a, b, (key_a, key_b))
    for spelled, group in joined.items():  # "Phuc-Hong-Tran" and "phuchong.tran"
        for (a, key_a), (b, key_b) in combinations(sorted(group), 2):
            if a != b and key_a != key_b and not _share_name(people, a, b):
                yield _similar(people, Reason.SIMILAR_NAME, a, b, (key_a, key_b), joined=spelled)
    for (_, i, _), group in blocks.items():
        if len(group) > _BLOCK_LIMIT:
            continue
        for (a, key_a), (b, key_b) in combinations(sorted(group), 2):
            if a == b or _share_name(people, a, b):
                continue
            word_a, word_b = key_a.split()[i], key_b.split()[i]
            if not (word_a.isalpha() and word_b.isalpha()):
                continue  # "Person Number101": numbered, not misspelt
            limit = allowed_distance(word_a, word_b)
            distance = edit_distance(word_a, word_b, limit)
            if 0 < distance <= limit:
                yield _similar(
                    people, Reason.SIMILAR_NAME, a, b, (key_a, key_b), edit_distance=distance
                )


def _share_name(people: dict[int, PersonNames], a: int, b: int) -> bool:
    # Asked already by the same-name rule.
    return bool(people[a].full & people[b].full)


def _first_names(people: dict[int, PersonNames]) -> Iterable[Similar]:
    """A person known only by one word, which is the first (or the family) name of exactly
    one person with a full name in a project where that word was credited."""
    carriers: dict[tuple[int, str, int], set[int]] = defaultdict(set)  # (project, word, at)
    for pk, names in people.items():
        for key in names.full:
            words = key.split()
            for project in names.projects:
                carriers[(project, words[0], 0)].add(pk)
                carriers[(project, words[-1], -1)].add(pk)
    for pk, names in people.items():
        if names.full:
            continue
        asked = False
        for word in sorted(names.single):
            for project in sorted(names.projects):
                for at, label in ((0, "first_name"), (-1, "family_name")):
                    others = carriers.get((project, word, at), set()) - {pk}
                    if len(others) != 1 or asked:
                        continue
                    (other,) = others
                    full = min(k for k in people[other].full if k.split()[at] == word)
                    asked = True
                    yield _similar(
                        people,
                        Reason.FIRST_NAME,
                        pk,
                        other,
                        (word, full),
                        **{label: word, "project": project},
                    )


def _more_words(people: dict[int, PersonNames]) -> Iterable[Similar]:
    """One full name inside another, first word kept: "Jakob Homan" and "Jakob Glen Homan",
    "Ishita Mandhan" and "Ishita Mandhan (imandhaus.ibm.com)"; or the first word as an
    initial: "n.izhikov" and "Nikolay Izhikov"."""
    by_first: dict[str, set[tuple[int, str]]] = defaultdict(set)
    by_initial: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    for pk, names in people.items():
        for key in names.full:
            words = key.split()
            by_first[words[0]].add((pk, key))
            by_initial[(words[0][0], words[-1])].add((pk, key))
    for group in by_initial.values():
        if len(group) > _BLOCK_LIMIT:
            continue
        for (a, key_a), (b, key_b) in combinations(sorted(group), 2):
            initial, first = sorted((key_a.split()[0], key_b.split()[0]), key=len)
            two_words = len(key_a.split()) == len(key_b.split()) == 2
            if a != b and two_words and len(initial) == 1 and len(first) > 1:
                yield _similar(people, Reason.MORE_WORDS, a, b, (key_a, key_b), initial=initial)
    for group in by_first.values():
        if len(group) > _BLOCK_LIMIT * 3:
            continue
        for (a, key_a), (b, key_b) in combinations(sorted(group), 2):
            if a == b or _share_name(people, a, b):
                continue
            short, long = sorted((key_a.split(), key_b.split()), key=len)
            if len(short) >= 2 and len(short) < len(long) and _within(short, long):
                extra = [word for word in long if word not in short]
                yield _similar(people, Reason.MORE_WORDS, a, b, (key_a, key_b), more_words=extra)


def _within(short: list[str], long: list[str]) -> bool:
    """Whether ``short``'s words appear in ``long`` in order, the last one included."""
    words = iter(long)
    return all(word in words for word in short) and short[-1] in long


def _logins(people: dict[int, PersonNames]) -> Iterable[Similar]:
    """A one-word name that is another's login or email user ("tang7526"), or a login that
    is another's email user (a noreply login on one, the mail on the other). Two emails'
    users alone prove nothing: "jeff@…" is many Jeffs."""
    logins: dict[str, set[int]] = defaultdict(set)
    mail_users: dict[str, set[int]] = defaultdict(set)
    for pk, names in people.items():
        for login in names.logins:
            logins[login].add(pk)
        for user in names.mail_users:
            mail_users[user].add(pk)
    for pk, names in people.items():
        for word, holders in [
            *(
                (word, logins.get(word, set()) | mail_users.get(word, set()))
                for word in names.single
            ),
            *((login, mail_users.get(login, set())) for login in names.logins),
        ]:
            others = holders - {pk}
            if len(word) >= 4 and len(others) == 1:
                (other,) = others
                yield _similar(people, Reason.SAME_LOGIN, pk, other, (word, word), login=word)
