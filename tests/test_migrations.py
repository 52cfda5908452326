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


TODAY = [
    ("contributors", "0010_hashed_expiring_api_tokens"),
    ("projects", "0009_sync_state_warning"),
    ("community", "0003_quarter_figures"),
]


def test_identities_move_to_projects_with_their_rows_links_and_permissions():
    from datetime import UTC, datetime

    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    executor = MigrationExecutor(connection)
    executor.migrate(TODAY)
    before = executor.loader.project_state(TODAY).apps
    Person = before.get_model("contributors", "Contributor")
    Identity = before.get_model("contributors", "Identity")
    Pair = before.get_model("contributors", "IdentityPair")
    Commit = before.get_model("projects", "Commit")
    Repository = before.get_model("projects", "Repository")
    Project = before.get_model("projects", "Project")
    ana = Person.objects.create(display_name="Ana", slug="ana")
    email = Identity.objects.create(kind="git_email", value="ana@example.org", contributor=ana)
    name = Identity.objects.create(kind="git_name", value="ana", display="Ana")
    Pair.objects.create(first=email, second=name, occurrences=3)
    repository = Repository.objects.create(
        project=Project.objects.create(name="Kafka", slug="kafka"), owner="apache", name="kafka"
    )
    when = datetime(2026, 11, 2, tzinfo=UTC)
    Commit.objects.create(
        repository=repository, sha="a" * 40, author=email, authored_at=when,
        committed_at=when, subject="MINOR: fix",
    )  # fmt: skip
    identity_type = ContentType.objects.get(app_label="contributors", model="identity")
    reviewers = Group.objects.create(name="identity reviewers")
    reviewers.permissions.add(
        Permission.objects.get(content_type=identity_type, codename="change_identity")
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    after = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps

    Identity = after.get_model("projects", "Identity")
    assert sorted(Identity.objects.values_list("value", "contributor__slug")) == [
        ("ana", None),
        ("ana@example.org", "ana"),
    ]
    assert after.get_model("projects", "IdentityPair").objects.get().occurrences == 3
    assert after.get_model("projects", "Commit").objects.get().author.value == "ana@example.org"
    moved = ContentType.objects.get(pk=identity_type.pk)
    assert (moved.app_label, moved.model) == ("projects", "identity")
    assert not ContentType.objects.filter(app_label="contributors", model="identity").exists()
    assert reviewers.permissions.filter(content_type=moved, codename="change_identity").exists()
