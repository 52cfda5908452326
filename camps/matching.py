"""Finding people from what organizers type: a GitHub login, an email, a slug or an Apache id.

The people table holds everyone ever seen in the data, so lookups are exact (never "contains")
and batched: one call finds the people for a whole CSV file in a fixed number of queries.

- A GitHub login names the person whose ``github_login`` it is (case-insensitive), or the
  person a GitHub identity with that login is linked to.
- An email names the person its email identity is linked to.
- A handle (what the mentor column and the "enrol one" field take) is a GitHub login, a slug or
  an Apache id; a handle matching different people by different fields is ambiguous.

A person merged into another stands for the survivor (``Contributor.merged_into``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.db.models.functions import Lower

from contributors.models import Contributor, Identity

# GitHub's rule: letters, digits and single hyphens inside, at most 39 characters.
_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
_GITHUB_URL = re.compile(r"^(?:https?://)?(?:www\.)?github\.com/(?P<login>[^/?#\s]+)/?$", re.I)
_MERGE_DEPTH = 5  # a chain of merges longer than this is a data error, not followed further


def clean_login(raw: str) -> str | None:
    """The GitHub login in ``raw`` (``name``, ``@name`` or a github.com address), as typed;
    None when it cannot be a GitHub login."""
    text = raw.strip()
    url = _GITHUB_URL.match(text)
    if url:
        text = url.group("login")
    text = text.removeprefix("@")
    return text if _LOGIN.match(text) else None


def clean_email(raw: str) -> str | None:
    """The email in ``raw``, trimmed; None when it is not an email address."""
    text = raw.strip()
    try:
        validate_email(text)
    except ValidationError:
        return None
    return text


def looks_like_email(raw: str) -> bool:
    return "@" in raw.strip().removeprefix("@")


@dataclass
class Found:
    """Who each looked-up value names. Values are keys as ``Identity.normalize`` stores them
    (lower-cased); each maps to the distinct people it names, best match first."""

    by_login: dict[str, list[Contributor]] = field(default_factory=dict)
    by_email: dict[str, list[Contributor]] = field(default_factory=dict)
    by_handle: dict[str, list[Contributor]] = field(default_factory=dict)

    def login(self, raw: str) -> list[Contributor]:
        return self.by_login.get(_key(raw), [])

    def email(self, raw: str) -> list[Contributor]:
        return self.by_email.get(_key(raw), [])

    def handle(self, raw: str) -> list[Contributor]:
        return self.by_handle.get(_key(raw.strip().removeprefix("@")), [])


def _key(raw: str) -> str:
    return Identity.normalize(Identity.Kind.GITHUB, raw)


def _add(index: dict[str, list[Contributor]], key: str, person: Contributor) -> None:
    people = index.setdefault(key, [])
    if all(known.pk != person.pk for known in people):
        people.append(person)


def find_people(
    *, logins: Iterable[str] = (), emails: Iterable[str] = (), handles: Iterable[str] = ()
) -> Found:
    """The people these logins, emails and handles name, in three queries at most (people
    by field, linked identities, survivors of merges), however many values are asked."""
    logins = {_key(raw) for raw in logins if raw.strip()}
    emails = {_key(raw) for raw in emails if raw.strip()}
    handles = {_key(raw.strip().removeprefix("@")) for raw in handles if raw.strip()}
    found = Found()
    if not (logins or emails or handles):
        return found
    by_field = _people_named(logins | handles, handles)
    linked = _linked_identities(logins | handles, emails)
    survivors = _survivors(by_field + [person for _identity, person in linked])

    def final(person: Contributor) -> Contributor:
        return survivors.get(person.pk, person)

    # Order of preference: the login field, then a GitHub identity, then slug, then Apache id.
    for person in by_field:
        login = person.github_login.lower()
        if login in logins:
            _add(found.by_login, login, final(person))
        if login in handles:
            _add(found.by_handle, login, final(person))
    for identity, person in linked:
        if identity.kind == Identity.Kind.GITHUB:
            if identity.value in logins:
                _add(found.by_login, identity.value, final(person))
            if identity.value in handles:
                _add(found.by_handle, identity.value, final(person))
        elif identity.value in emails:
            _add(found.by_email, identity.value, final(person))
    for person in by_field:
        if person.slug in handles:
            _add(found.by_handle, person.slug, final(person))
    for person in by_field:
        apache = person.apache_id.lower()
        if apache and apache in handles:
            _add(found.by_handle, apache, final(person))
    return found


def _people_named(named: set[str], handles: set[str]) -> list[Contributor]:
    """People whose login is among ``named``, or whose slug or Apache id is among
    ``handles`` (one query)."""
    if not named:
        return []
    # The non-empty conditions let PostgreSQL use the partial unique indexes on
    # lower(github_login) and lower(apache_id).
    people = (
        Contributor.objects.annotate(login_key=Lower("github_login"), apache_key=Lower("apache_id"))
        .filter(
            Q(~Q(github_login=""), login_key__in=named)
            | Q(slug__in=handles)
            | Q(~Q(apache_id=""), apache_key__in=handles)
        )
        .order_by("pk")
    )
    return list(people)


def _linked_identities(named: set[str], emails: set[str]) -> list[tuple[Identity, Contributor]]:
    """GitHub identities among ``named`` and email identities among ``emails`` that are
    linked to someone, with their people (one query)."""
    wanted = Q()
    if named:
        wanted |= Q(kind=Identity.Kind.GITHUB, value__in=named)
    if emails:
        wanted |= Q(kind=Identity.Kind.GIT_EMAIL, value__in=emails)
    identities = (
        Identity.objects.filter(wanted, contributor__isnull=False)
        .select_related("contributor")
        .order_by("pk")
    )
    # contributor__isnull=False: each has its person.
    return [(identity, identity.contributor) for identity in identities if identity.contributor]


def _survivors(people: list[Contributor]) -> dict[int, Contributor]:
    """For each merged-away person among ``people``, the person they were merged into."""
    survivors: dict[int, Contributor] = {}
    pending = {person.pk: person.merged_into_id for person in people if person.merged_into_id}
    loaded: dict[int, Contributor] = {}
    for _depth in range(_MERGE_DEPTH):
        missing = {target for target in pending.values() if target not in loaded}
        if not missing:
            break
        for person in Contributor.objects.filter(pk__in=missing):
            loaded[person.pk] = person
        next_pending = {}
        for source, target in pending.items():
            merged = loaded.get(target)
            if merged is None:
                continue
            if merged.merged_into_id:
                next_pending[source] = merged.merged_into_id
            else:
                survivors[source] = merged
        pending = next_pending
    return survivors


def describe(person: Contributor) -> str:
    """How a person is named in messages: display name and login or slug."""
    handle = f"@{person.github_login}" if person.github_login else person.slug
    return f"{person.display_name} ({handle})"
