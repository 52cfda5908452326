"""The batch writers a first sync leans on, on both of their paths: PostgreSQL's COPY and
array parameters, and the portable statements SQLite runs (also run here on PostgreSQL, so
CI checks both). Each states its queries: one statement per batch, whatever its size."""

from datetime import UTC, date, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from contributors.models import Contributor, Identity
from contributors.resolution.write import _link
from projects import bulk
from projects.identities import record_account_ids, upsert_identities
from projects.models import ActivityMonth, Commit, CommitCredit
from projects.rollups import refresh_activity_months
from tests.factories import CommitFactory, ContributorFactory, IdentityFactory, RepositoryFactory

pytestmark = pytest.mark.django_db
WHEN = datetime(2025, 3, 10, tzinfo=UTC)
_COMMIT = ("repository", "sha", "authored_at", "committed_at", "subject", "is_merge")


@pytest.fixture(params=["fast", "portable"])
def path(request, monkeypatch):
    """Each test runs on PostgreSQL's fast path and on the portable one."""
    if request.param == "fast":
        if connection.vendor != "postgresql":
            pytest.skip("COPY and array parameters are PostgreSQL's")
    else:
        monkeypatch.setattr(bulk, "fast_path", lambda: False)
    return request.param


def commit_rows(repository, shas):
    return [(repository.pk, sha, WHEN, WHEN, f"Change {sha}", False) for sha in shas]


def test_insert_returning_gives_back_only_the_rows_it_inserted(path, django_assert_num_queries):
    repository = RepositoryFactory()
    stored = CommitFactory(repository=repository, sha="a" * 40)
    rows = commit_rows(repository, ["a" * 40, "b" * 40, "c" * 40])

    with django_assert_num_queries(1):  # a small batch: one INSERT on either path
        inserted = bulk.insert_returning(Commit, _COMMIT, rows, returning=("sha", "id"))

    ids = dict(inserted)
    assert set(ids) == {"b" * 40, "c" * 40}  # the stored one was skipped, not returned
    assert Commit.objects.get(sha="b" * 40).pk == ids["b" * 40]
    assert Commit.objects.get(pk=stored.pk).subject == stored.subject  # left as it was
    assert Commit.objects.filter(repository=repository).count() == 3


def test_insert_returning_takes_a_large_batch_in_a_few_statements(
    path, django_assert_max_num_queries
):
    repository = RepositoryFactory()
    rows = commit_rows(repository, [f"{n:040x}" for n in range(3000)])

    # fast: scratch table, COPY (which no wrapper sees), insert, drop, whatever the size;
    # portable: one INSERT per ~1,600 rows (6 values each)
    with django_assert_max_num_queries(3):
        inserted = bulk.insert_returning(Commit, _COMMIT, rows, returning=("id",))

    assert len(inserted) == 3000 == Commit.objects.count()
    assert bulk.insert_returning(Commit, _COMMIT, [], returning=("id",)) == []


def test_copy_rows_writes_rows_new_records_own(path, django_assert_max_num_queries):
    commit = CommitFactory()
    people = IdentityFactory.create_batch(3)
    rows = [(commit.pk, person.pk, CommitCredit.Kind.REVIEWER, "Reviewers: …") for person in people]

    with django_assert_max_num_queries(1):  # fast: the COPY alone, which no wrapper sees
        written = bulk.copy_rows(CommitCredit, ("commit", "identity", "kind", "raw"), rows)

    assert written == 3
    assert set(commit.credits.values_list("identity", flat=True)) == {p.pk for p in people}


def test_update_rows_sets_each_rows_own_values(path, django_assert_num_queries):
    logins = IdentityFactory.create_batch(3, kind=Identity.Kind.GITHUB, contributor=None)
    github = Identity.AccountIdSource.GITHUB
    rows = [(login.pk, 1000 + n, github) for n, login in enumerate(logins[:2])]

    with django_assert_num_queries(1):
        assert bulk.update_rows(Identity, ("account_id", "account_id_source"), rows) == 2

    assert [Identity.objects.get(pk=login.pk).account_id for login in logins] == [1000, 1001, None]


def test_upsert_identities_reads_and_creates_a_batch_in_two_statements(
    path, django_assert_max_num_queries
):
    existing = IdentityFactory(kind=Identity.Kind.GIT_EMAIL, value="jane@example.org")
    seen = [(Identity.Kind.GIT_EMAIL, "Jane@Example.org"), (Identity.Kind.GIT_NAME, "Jane Doe")]
    seen += [(Identity.Kind.GIT_EMAIL, f"p{n}@example.org") for n in range(300)]

    # look the keys up (fast: one query; portable: one per kind), insert the missing
    with django_assert_max_num_queries(3):
        ids = upsert_identities(seen)

    assert ids[(Identity.Kind.GIT_EMAIL, "jane@example.org")] == existing.pk
    jane = Identity.objects.get(pk=ids[(Identity.Kind.GIT_NAME, "jane doe")])
    assert (jane.display, jane.link_source, jane.account_id, jane.created_at is not None) == (
        "Jane Doe",
        "",
        None,
        True,
    )
    assert Identity.objects.count() == 302
    assert upsert_identities(seen) == ids  # idempotent: nothing new the second time


def test_upsert_identities_gives_new_logins_their_account_id(path):
    key = (Identity.Kind.GITHUB, "octocat")
    ids = upsert_identities([(Identity.Kind.GITHUB, "Octocat")], account_ids={key: 583231})

    login = Identity.objects.get(pk=ids[key])
    assert (login.account_id, login.account_id_source) == (583231, "github")


def test_record_account_ids_writes_changes_in_one_statement(path, django_assert_num_queries):
    logins = IdentityFactory.create_batch(2, kind=Identity.Kind.GITHUB)

    with django_assert_num_queries(2):  # read the recorded ids, write the changes
        assert record_account_ids({logins[0].pk: 7, logins[1].pk: 8}) == 2
    with django_assert_num_queries(1):  # nothing new: the read alone
        assert record_account_ids({logins[0].pk: 7, logins[1].pk: 8}) == 0


def test_links_are_written_in_one_statement_and_keep_a_link_made_meanwhile(
    path, django_assert_num_queries
):
    person, other = ContributorFactory(), ContributorFactory()
    free = IdentityFactory.create_batch(3, contributor=None)
    taken = IdentityFactory(contributor=other, link_source=Identity.LinkSource.MANUAL)

    with django_assert_num_queries(1):
        _link([(person.pk, identity.pk) for identity in [*free, taken]])

    assert {i.contributor_id for i in Identity.objects.filter(pk__in=[i.pk for i in free])} == {
        person.pk
    }
    taken.refresh_from_db()
    assert (taken.contributor_id, taken.link_source) == (other.pk, "manual")


def test_rollups_count_the_same_months_on_both_paths(path, django_assert_max_num_queries):
    repository = RepositoryFactory()
    person = ContributorFactory()
    emails = IdentityFactory.create_batch(600, contributor=person)  # over SQLite's chunk
    alone = IdentityFactory(contributor=None)
    for identity in emails[:3]:
        CommitFactory(repository=repository, author=identity, committed_at=WHEN)
    # 17:00 UTC on 31 March is 1 April in Taipei.
    CommitFactory(
        repository=repository, author=alone, committed_at=datetime(2025, 3, 31, 17, tzinfo=UTC)
    )

    # identities, 2 deletes, the credit conventions, one insert of every kind side by side
    # for the people and one for the unresolved, savepoints; portable: a chunk each
    with django_assert_max_num_queries(8 if path == "fast" else 10):
        written = refresh_activity_months(identity_ids=[i.pk for i in [*emails, alone]])

    assert written == 2
    assert {
        (row.contributor_id, row.identity_id, row.month, row.kind, row.count)
        for row in ActivityMonth.objects.all()
    } == {
        (person.pk, None, date(2025, 3, 1), ActivityMonth.Kind.COMMIT, 3),
        (None, alone.pk, date(2025, 4, 1), ActivityMonth.Kind.COMMIT, 1),
    }


def test_create_objects_sets_the_ids_of_the_rows_it_writes(path, django_assert_max_num_queries):
    people = [Contributor(display_name=f"Person {n}", slug=f"p-{n}") for n in range(600)]

    # fast: the ids in one query, the rows in one COPY (which no wrapper sees);
    # portable: bulk_create, 500 rows a statement
    with django_assert_max_num_queries(2):
        bulk.create_objects(Contributor, people)

    assert len({person.pk for person in people}) == 600
    stored = Contributor.objects.get(pk=people[42].pk)
    assert (stored.slug, stored.origin, stored.is_member) == ("p-42", "manual", False)
    assert stored.created_at is not None and stored.updated_at is not None
    assert Contributor.objects.create(display_name="Next", slug="next").pk > people[-1].pk


def test_create_objects_refuses_a_unique_value_already_stored(path):
    ContributorFactory(slug="taken")
    people = [Contributor(display_name=f"P {n}", slug=f"q-{n}") for n in range(599)]
    people.append(Contributor(display_name="Again", slug="taken"))
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk.create_objects(Contributor, people)


@pytest.mark.django_db(transaction=True)
def test_the_writers_work_outside_a_transaction(path):
    """In autocommit too, where a scratch table dropped on commit would vanish at once."""
    repository = RepositoryFactory()
    rows = commit_rows(repository, [f"{n:040x}" for n in range(bulk.COPY_FROM_ROWS)])
    assert len(bulk.insert_returning(Commit, _COMMIT, rows, returning=("id",))) == len(rows)
    bulk.insert_ignoring_conflicts(Commit, _COMMIT, rows)  # all stored already: skipped
    seen = [(Identity.Kind.GIT_EMAIL, f"q{n}@example.org") for n in range(bulk.COPY_FROM_ROWS)]
    assert len(upsert_identities(seen)) == bulk.COPY_FROM_ROWS
    assert Commit.objects.count() == len(rows)
