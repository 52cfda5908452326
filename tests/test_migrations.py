"""Data migrations, run on a database at the migration before them with rows in it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _latest_schema_after():
    """Leave the database at the newest migrations for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate(target: tuple[str, str]):
    """Migrate to ``target`` and return the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state([target]).apps


def test_account_ids_are_read_from_the_noreply_emails_already_stored():
    before = migrate(("contributors", "0008_camp_mentors"))
    Identity = before.get_model("contributors", "Identity")
    for kind, value in [
        ("git_email", "43372967+showuon@users.noreply.github.com"),
        ("github", "showuon"),
        ("git_email", "1+twice@users.noreply.github.com"),
        ("git_email", "2+twice@users.noreply.github.com"),
        ("github", "twice"),
        ("git_email", "octocat@users.noreply.github.com"),
        ("github", "octocat"),
    ]:
        Identity.objects.create(kind=kind, value=value, display=value)

    after = migrate(("contributors", "0009_github_account_ids_and_claims"))

    logins = after.get_model("contributors", "Identity").objects.filter(kind="github")
    assert sorted(logins.values_list("value", "account_id", "account_id_source")) == [
        ("octocat", None, ""),
        ("showuon", 43372967, "commit_email"),
        ("twice", None, ""),  # two ids for one login: neither is believed
    ]


def test_plain_text_api_tokens_are_dropped_with_drfs_token_table():
    migrate(("contributors", "0009_github_account_ids_and_claims"))
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "authtoken_token" ("key" varchar(40) PRIMARY KEY)')
        cursor.execute("""INSERT INTO "authtoken_token" ("key") VALUES ('readable-key')""")
        cursor.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('authtoken', '0001_initial', CURRENT_TIMESTAMP)"
        )

    migrate(("contributors", "0010_hashed_expiring_api_tokens"))

    assert "authtoken_token" not in connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations WHERE app = 'authtoken'")
        assert cursor.fetchone() == (0,)
