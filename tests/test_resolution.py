"""Identity resolution: every identity becomes a person, ambiguity becomes a suggestion."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributors.merges import dismiss_suggestion, link_identity
from contributors.models import Contributor, Identity, IdentityPair, MergeSuggestion
from contributors.resolution import looks_like_bot, name_key, resolve_identities
from projects.models import ActivityMonth, CommitCredit
from tests.factories import (
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    ProjectFactory,
    RepositoryFactory,
)

pytestmark = pytest.mark.django_db

EMAIL, NAME, GITHUB, APACHE = (
    Identity.Kind.GIT_EMAIL,
    Identity.Kind.GIT_NAME,
    Identity.Kind.GITHUB,
    Identity.Kind.APACHE,
)


def seen(kind: str, raw: str, contributor: Contributor | None = None, **fields) -> Identity:
    """An identity as a sync stores it: normalized value, first spelling as display."""
    fields.setdefault(
        "link_source", Identity.LinkSource.RULE if contributor else Identity.LinkSource.UNRESOLVED
    )
    return IdentityFactory(
        kind=kind,
        value=Identity.normalize(kind, raw),
        display=" ".join(raw.split()),
        contributor=contributor,
        **fields,
    )


def together(a: Identity, b: Identity, occurrences: int = 1) -> None:
    first, second = sorted([a, b], key=lambda identity: identity.pk)
    IdentityPair.objects.create(first=first, second=second, occurrences=occurrences)


def person_of(identity: Identity) -> Contributor | None:
    identity.refresh_from_db()
    return identity.contributor


def state() -> tuple[list, list, list]:
    """Everything resolution writes, to compare before and after a re-run."""
    return (
        list(Identity.objects.order_by("pk").values_list("pk", "contributor_id", "link_source")),
        list(Contributor.objects.order_by("pk").values()),
        list(MergeSuggestion.objects.order_by("pk").values()),
    )


def test_it_puts_every_spelling_of_chia_ping_tsai_on_one_person() -> None:
    gmail = seen(EMAIL, "chia7712@gmail.com")
    apache_email = seen(EMAIL, "chia7712@apache.org")
    typo_email = seen(EMAIL, "chia771@gmail.com")
    name = seen(NAME, "Chia-Ping Tsai")  # also the name-only credit and the broken "<…" forms
    typo_name = seen(NAME, "Chia-Ping Tasi")
    accented = seen(NAME, "Chiá-Ping  Tsai")  # name only, never seen with an email
    spaced = seen(NAME, "chia ping tsai")  # name only
    glued = seen(NAME, "Chia-Ping Tsai chia7712@gmail.com")  # an unparsed "Name email"
    together(name, gmail, occurrences=40)
    together(name, apache_email, occurrences=12)
    together(name, typo_email)
    together(typo_name, gmail)
    spellings = [gmail, apache_email, typo_email, name, typo_name, accented, spaced, glued]
    repository = RepositoryFactory()
    # Commits by someone unknown: a credit on one's own commit counts for nobody.
    for identity in spellings:
        CommitCreditFactory(identity=identity, commit__author=None, commit__repository=repository)

    summary = resolve_identities()

    person = Contributor.objects.get()
    apache_id = Identity.objects.get(kind=APACHE, value="chia7712")
    assert {person_of(identity) for identity in [*spellings, apache_id]} == {person}
    assert (person.display_name, person.slug, person.apache_id) == (
        "Chia-Ping Tsai",
        "chia-ping-tsai",
        "chia7712",
    )
    assert (person.origin, person.is_member, person.is_bot) == ("resolved", False, False)
    assert (summary.people_created, summary.linked, summary.suggestions_created) == (1, 9, 0)
    # Every credit counts for him, and none stays on an unresolved identity.
    reviews = ActivityMonth.objects.get(kind=ActivityMonth.Kind.COMMIT_REVIEW)
    assert (reviews.contributor, reviews.count) == (person, len(spellings))
    assert not ActivityMonth.objects.filter(identity__isnull=False).exists()


def test_it_changes_nothing_on_a_rerun() -> None:
    name, email = seen(NAME, "Luke Chen"), seen(EMAIL, "showuon@gmail.com")
    together(name, email)
    seen(NAME, "Wei Chen", ContributorFactory())
    seen(NAME, "Wei-Chen", ContributorFactory())
    seen(NAME, "Wei Chen.")  # ambiguous: a suggestion per candidate
    resolve_identities()
    before = state()

    again = resolve_identities()

    assert state() == before
    assert (again.linked, again.people_created, again.suggestions_created) == (0, 0, 0)
    assert again.considered == 1  # the ambiguous name, looked at and left alone


@pytest.mark.parametrize(
    ("email", "login"),
    [
        ("12345+Octo-Cat@users.noreply.github.com", "Octo-Cat"),
        ("octocat@users.noreply.github.com", "octocat"),
    ],
)
def test_it_reads_the_github_login_in_a_noreply_email(email: str, login: str) -> None:
    address = seen(EMAIL, email)

    resolve_identities()

    github = Identity.objects.get(kind=GITHUB, value=login.lower())
    person = person_of(address)
    assert person_of(github) == person
    assert (person.github_login, github.display) == (login, login)
    assert IdentityPair.objects.filter(first=address, second=github).exists()


def test_a_noreply_email_records_the_account_id_it_names_as_a_commit_emails_word() -> None:
    seen(EMAIL, "43372967+showuon@users.noreply.github.com")
    seen(EMAIL, "octocat@users.noreply.github.com")  # the old form names no id

    resolve_identities()

    logins = Identity.objects.filter(kind=GITHUB).order_by("value")
    assert [(i.value, i.account_id, i.account_id_source) for i in logins] == [
        ("octocat", None, ""),
        ("showuon", 43372967, Identity.AccountIdSource.COMMIT_EMAIL),
    ]


def test_two_noreply_emails_naming_one_login_with_two_ids_record_neither() -> None:
    seen(EMAIL, "1+twice@users.noreply.github.com")
    seen(EMAIL, "2+twice@users.noreply.github.com")

    resolve_identities()

    assert Identity.objects.get(kind=GITHUB, value="twice").account_id is None


def test_a_noreply_email_never_replaces_the_id_github_recorded() -> None:
    login = seen(
        GITHUB, "showuon", account_id=501, account_id_source=Identity.AccountIdSource.GITHUB
    )
    seen(EMAIL, "999+showuon@users.noreply.github.com")

    resolve_identities()

    login.refresh_from_db()
    assert (login.account_id, login.account_id_source) == (501, "github")


def test_it_joins_a_noreply_email_to_the_person_of_that_login() -> None:
    known = ContributorFactory(github_login="showuon")
    login = seen(GITHUB, "showuon", known)
    address = seen(EMAIL, "43372967+showuon@users.noreply.github.com")

    resolve_identities()

    assert person_of(address) == known
    assert person_of(login) == known
    assert Contributor.objects.count() == 1


def test_it_joins_an_apache_email_to_the_person_with_that_apache_id() -> None:
    # Entered by hand with an Apache id and no identities yet.
    member = ContributorFactory(display_name="Jane Doe", apache_id="jdoe")
    address = seen(EMAIL, "jdoe@apache.org")
    other = seen(EMAIL, "jdoe@example.org")  # same local part, another domain: no rule

    resolve_identities()

    assert person_of(address) == member
    assert person_of(Identity.objects.get(kind=APACHE, value="jdoe")) == member
    assert person_of(other) not in (None, member)


def test_it_joins_a_name_seen_with_an_email_to_that_emails_person() -> None:
    known = ContributorFactory()
    email = seen(EMAIL, "jane@example.org", known)
    name = seen(NAME, "Jane Doe")
    new_email = seen(EMAIL, "jane@work.example")
    together(name, email)
    together(name, new_email)

    summary = resolve_identities()

    assert person_of(name) == known
    assert person_of(new_email) == known
    assert summary.people_created == 0


def test_it_joins_a_name_only_credit_to_the_one_person_with_that_name() -> None:
    known = ContributorFactory(display_name="Someone")
    seen(NAME, "Kamal Chandraprakash", known)
    credit = seen(NAME, "kamal-chandraprakash")

    resolve_identities()

    assert person_of(credit) == known


def test_it_joins_a_name_only_credit_to_a_person_entered_by_hand() -> None:
    member = ContributorFactory(display_name="Lin Yu-Ting", github_login="")
    credit = seen(NAME, "lin yu ting")

    resolve_identities()

    assert person_of(credit) == member


def test_it_joins_a_login_written_as_a_name() -> None:
    # "Reviewers: @showuon" is parsed to the name "showuon".
    known = ContributorFactory()
    seen(GITHUB, "showuon", known)
    credit = seen(NAME, "showuon")

    resolve_identities()

    assert person_of(credit) == known


def test_it_leaves_an_ambiguous_name_unresolved_with_the_evidence() -> None:
    first, second = ContributorFactory(), ContributorFactory()
    seen(NAME, "Wei Chen", first)
    seen(EMAIL, "wei@first.example", first)
    seen(NAME, "Wéi-Chen", second)
    credit = seen(NAME, "wei  chen.")

    summary = resolve_identities()

    assert person_of(credit) is None
    suggestions = MergeSuggestion.objects.order_by("contributor_id")
    assert [(s.kind, s.reason, s.identity, s.contributor) for s in suggestions] == [
        ("identity", "same_name", credit, first),
        ("identity", "same_name", credit, second),
    ]
    assert suggestions[0].evidence["names"] == ["wei chen.", "Wei Chen"]
    assert suggestions[1].evidence["names"] == ["wei chen.", "Wéi-Chen"]
    assert (summary.unresolved, summary.people_created) == (1, 0)
    assert Contributor.objects.count() == 2


def test_it_never_merges_two_people_seen_together() -> None:
    alice, alicia = ContributorFactory(), ContributorFactory()
    email = seen(EMAIL, "alice@example.org", alice)
    login = seen(GITHUB, "alice-gh", alicia)
    bridge = seen(NAME, "Alice Wang")
    new_email = seen(EMAIL, "alice@work.example")
    credit = seen(NAME, "alice-wang")  # name only, waits for the same decision
    together(bridge, email)
    together(bridge, login)
    together(bridge, new_email)

    resolve_identities()

    assert person_of(bridge) is None
    assert person_of(new_email) is None
    assert person_of(credit) is None
    assert (person_of(email), person_of(login)) == (alice, alicia)
    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.kind, suggestion.reason) == ("people", "seen_together")
    assert (suggestion.contributor, suggestion.other) == (alice, alicia)
    assert suggestion.evidence["names"] == ["Alice Wang"]
    assert suggestion.evidence["emails"] == ["alice@example.org", "alice@work.example"]
    assert suggestion.evidence["logins"] == ["github:alice-gh"]
    assert Contributor.objects.count() == 2


def test_it_suggests_people_whose_linked_identities_are_seen_together() -> None:
    first, second = ContributorFactory(), ContributorFactory()
    name = seen(NAME, "Bo Lin", first)
    email = seen(EMAIL, "bo@example.org", second)
    together(name, email)

    resolve_identities()  # only unresolved identities: nothing to say
    assert not MergeSuggestion.objects.exists()
    resolve_identities(identity_ids=[name.pk, email.pk])

    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.contributor, suggestion.other) == (first, second)
    assert (person_of(name), person_of(email)) == (first, second)


def test_it_suggests_a_new_person_who_shares_a_name_with_someone() -> None:
    known = ContributorFactory(display_name="Jane Doe", slug="jane-doe")
    name, email = seen(NAME, "Jane Doe"), seen(EMAIL, "jane@elsewhere.example")
    together(name, email)

    resolve_identities()

    newcomer = person_of(email)
    assert newcomer != known
    assert newcomer.slug == "jane-doe-2"
    suggestion = MergeSuggestion.objects.get()
    assert (suggestion.reason, suggestion.contributor, suggestion.other) == (
        "same_name",
        known,
        newcomer,
    )


def test_it_never_brings_back_a_dismissed_suggestion() -> None:
    seen(NAME, "Wei Chen", ContributorFactory())
    seen(NAME, "Wei-Chen", ContributorFactory())
    credit = seen(NAME, "Wei Chen.")
    resolve_identities()
    for suggestion in MergeSuggestion.objects.all():
        dismiss_suggestion(suggestion=suggestion)

    summary = resolve_identities()

    assert summary.suggestions_created == 0
    assert not MergeSuggestion.objects.filter(status=MergeSuggestion.Status.PENDING).exists()
    assert MergeSuggestion.objects.filter(identity=credit).count() == 2
    assert person_of(credit) is None


def test_it_keeps_links_made_by_hand() -> None:
    first, second = ContributorFactory(), ContributorFactory()
    email = seen(EMAIL, "bo@example.org", first)
    name = seen(NAME, "Bo Lin")
    kept_apart = seen(EMAIL, "bo@old.example")
    together(name, email)
    together(kept_apart, name)
    link_identity(identity=name, contributor=second)
    link_identity(identity=kept_apart, contributor=None)

    resolve_identities()
    resolve_identities(identity_ids=Identity.objects.values_list("pk", flat=True))

    name.refresh_from_db()
    kept_apart.refresh_from_db()
    assert (name.contributor, name.link_source) == (second, "manual")
    assert (kept_apart.contributor, kept_apart.link_source) == (None, "manual")
    assert person_of(email) == first
    # Seen together, yet linked apart by hand: not a question to ask again.
    assert not MergeSuggestion.objects.exists()


def test_it_resolves_only_the_identities_it_is_given() -> None:
    name, email = seen(NAME, "Ann Lee"), seen(EMAIL, "ann@example.org")
    together(name, email)
    elsewhere = seen(EMAIL, "bob@example.org")

    resolve_identities(identity_ids=[email.pk])

    assert person_of(name) == person_of(email) is not None
    assert person_of(elsewhere) is None


def test_it_leaves_generic_names_unresolved_and_unlinking() -> None:
    root = seen(NAME, "root")
    first, second = seen(EMAIL, "a@host.example"), seen(EMAIL, "b@host.example")
    together(root, first)
    together(root, second)

    summary = resolve_identities()

    assert person_of(root) is None
    assert person_of(first) != person_of(second)
    assert summary.unresolved == 1


def test_it_flags_bots() -> None:
    bots = [
        seen(GITHUB, "dependabot[bot]"),
        seen(EMAIL, "49699333+dependabot[bot]@users.noreply.github.com"),
        seen(EMAIL, "noreply@github.com"),
        seen(NAME, "Apache Jenkins Server"),
        seen(EMAIL, "jenkins@builds.apache.org"),
        seen(GITHUB, "renovate-bot"),
        seen(NAME, "github-actions"),
        seen(EMAIL, "asf-ci@apache.org"),
    ]
    people = [seen(NAME, "Tom Jenkins"), seen(NAME, "Abbot Robot"), seen(EMAIL, "bot.lin@x.org")]

    resolve_identities()

    assert [person_of(identity).is_bot for identity in bots] == [True] * len(bots)
    assert [person_of(identity).is_bot for identity in people] == [False] * len(people)


def test_it_flags_a_known_person_when_a_bot_identity_joins() -> None:
    known = ContributorFactory()
    name = seen(NAME, "Kafka Release Bot", known)
    email = seen(EMAIL, "release-bot@kafka.example")
    together(name, email)

    summary = resolve_identities()

    known.refresh_from_db()
    assert known.is_bot is True
    assert summary.bots_flagged == 1


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Chia-Ping Tsai", "chia ping tsai"),
        ("chia ping  tsai", "chia ping tsai"),
        ("Chiá-Ping Tsai", "chia ping tsai"),
        ("Chia-Ping Tsai <chia7712@gmail.com", "chia ping tsai"),
        ("蔡嘉平", "蔡嘉平"),
        ("dependabot[bot]", "dependabot bot"),
    ],
)
def test_it_compares_names_without_case_spacing_hyphens_or_accents(raw: str, key: str) -> None:
    assert name_key(raw) == key


def test_it_knows_bots_from_people() -> None:
    assert looks_like_bot("k8s-ci-robot")
    assert not looks_like_bot("talbot@example.org")


def test_it_rebuilds_the_rollups_of_the_people_it_links() -> None:
    email = seen(EMAIL, "new@example.org")
    repository = RepositoryFactory(project=ProjectFactory())
    CommitFactory.create_batch(3, author=email, repository=repository)
    # A review of someone else's commit: one's own counts for nobody.
    CommitCreditFactory(identity=email, commit__repository=repository)
    ActivityMonth.objects.create(
        identity=email, project=repository.project, month="2025-03-01", kind="commit", count=2
    )

    resolve_identities()

    person = person_of(email)
    rows = ActivityMonth.objects.values_list("contributor", "identity", "kind", "count")
    assert sorted(rows) == [(person.pk, None, "commit", 3), (person.pk, None, "commit_review", 1)]


def _clusters(n: int, offset: int) -> None:
    for i in range(offset, offset + n):
        name, email = seen(NAME, f"Person Number{i}"), seen(EMAIL, f"p{i}@example.org")
        login = seen(EMAIL, f"{i}+login{i}@users.noreply.github.com")
        together(name, email)
        together(name, login)
        seen(NAME, f"person-number{i}")  # a name-only credit
    seen(NAME, f"Shared Name{offset}", ContributorFactory())
    seen(NAME, f"Shared-Name{offset}", ContributorFactory())
    seen(NAME, f"shared name{offset}.")  # ambiguous: suggestions


def test_it_resolves_with_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:
    CommitCreditFactory(
        identity=seen(EMAIL, "someone@example.org"), kind=CommitCredit.Kind.REVIEWER
    )
    _clusters(1, offset=0)
    with CaptureQueriesContext(connection) as one:
        resolve_identities()
    _clusters(40, offset=100)

    # savepoint, advisory lock (PostgreSQL only), identities, pairs, people, credits (commits,
    # commit credits); GitHub logins:
    # look up, create, read back; pairs: one upsert (on PostgreSQL a scratch table, COPY,
    # insert and drop); account ids the noreply emails name: read, write; new people,
    # identity links, suggestions
    # asked before, new suggestions, stale suggestions; rollups: savepoint, identities, two
    # deletes, the credit conventions, one insert of every kind's counts; releases
    with django_assert_max_num_queries(len(one)):
        summary = resolve_identities()

    assert (summary.people_created, summary.linked) == (40, 40 * 5)
    assert summary.suggestions_created == 2
    assert len(one) <= 26
