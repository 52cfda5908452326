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
    return migrate_all([target])


def migrate_all(targets: list[tuple[str, str | None]]):
    """Migrate to every one of ``targets`` (``(app, None)``: none of the app's) and return
    the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


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


# The last migrations before camps had an app of their own: a database of today.
BEFORE_CAMPS = [
    ("camps", None),
    ("contributors", "0011_identities_move_to_projects"),
    ("projects", "0010_identities_from_contributors"),
    ("community", "0004_identities_from_contributors"),
    ("admin", "0003_logentry_add_action_flag_choices"),  # for the log entry's model
]
CAMP_TABLES = [
    "contributors_cohort",
    "contributors_cohort_mentors",
    "contributors_cohort_organizers",
    "contributors_cohort_projects",
    "contributors_enrollment",
]


def _schema_of(tables: list[str]) -> dict:
    """Each table's columns and constraints (names, columns, kinds), as the database has them."""
    with connection.cursor() as cursor:
        return {
            table: (
                sorted(
                    (column.name, column.type_code, column.null_ok)
                    for column in connection.introspection.get_table_description(cursor, table)
                ),
                connection.introspection.get_constraints(cursor, table),
            )
            for table in tables
        }


def _camp_rows(before):
    """A camp with every kind of row that names it, written through today's models."""
    get = before.get_model
    ContentType, Permission = get("contenttypes", "ContentType"), get("auth", "Permission")
    Group, User = get("auth", "Group"), get("auth", "User")
    LogEntry = get("admin", "LogEntry")
    Contributor, Project = get("contributors", "Contributor"), get("projects", "Project")
    Cohort, Enrollment = get("contributors", "Cohort"), get("contributors", "Enrollment")
    Mentorship, Expense = get("contributors", "Mentorship"), get("community", "Expense")

    cohort_type, _ = ContentType.objects.get_or_create(app_label="contributors", model="cohort")
    enrollment_type, _ = ContentType.objects.get_or_create(
        app_label="contributors", model="enrollment"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{content_type.model}",
            defaults={"name": f"Can {action} {content_type.model}"},
        )[0]
        for content_type in (cohort_type, enrollment_type)
        for action in ("add", "change", "delete", "view")
    ]
    # Made by contributors' 0006; a transactional test before this one may have flushed it.
    organizers, _ = Group.objects.get_or_create(name="organizers")
    organizers.permissions.add(*permissions)
    clerk = User.objects.create(username="clerk", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="change_enrollment"))

    people = {
        slug: Contributor.objects.create(display_name=slug.title(), slug=slug, is_member=True)
        for slug in ("mei", "ming", "tsai", "ann")
    }
    kafka = Project.objects.create(name="Apache Kafka", slug="kafka")
    cohort = Cohort.objects.create(
        name="香菜饅頭營", slug="xiangcai", starts_on="2025-02-01", ends_on="2025-06-30"
    )
    cohort.projects.add(kafka)
    cohort.organizers.add(people["tsai"])
    cohort.mentors.add(people["ming"])
    enrollment = Enrollment.objects.create(
        cohort=cohort,
        contributor=people["mei"],
        project=kafka,
        mentor=people["ming"],
        status="graduated",
        goal="First KIP",
    )
    Enrollment.objects.create(cohort=cohort, contributor=people["ann"], status="dropped")
    Mentorship.objects.create(
        mentor=people["ming"], mentee=people["mei"], project=kafka, cohort=cohort
    )
    Expense.objects.create(
        spent_on="2025-03-01",
        person=people["mei"],
        category="travel",
        amount="1200.00",
        currency="TWD",
        camp=cohort,
    )
    LogEntry.objects.create(
        user=clerk,
        content_type=enrollment_type,
        object_id=str(enrollment.pk),
        object_repr="Mei @ 香菜饅頭營",
        action_flag=2,
        change_message="[]",
    )
    return cohort, enrollment, cohort_type, enrollment_type


def test_camps_move_to_their_app_keeping_tables_rows_and_permissions():
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group, User
    from django.contrib.contenttypes.models import ContentType

    from camps.models import Cohort, Enrollment
    from community.models import Expense
    from contributors.models import Mentorship

    cohort, enrollment, cohort_type, enrollment_type = _camp_rows(migrate_all(BEFORE_CAMPS))
    schema = _schema_of(CAMP_TABLES)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert _schema_of(CAMP_TABLES) == schema  # not a table, column or constraint changed
    camp = Cohort.objects.get(pk=cohort.pk)
    assert camp.slug == "xiangcai"
    assert [p.slug for p in camp.projects.all()] == ["kafka"]
    assert [p.slug for p in camp.organizers.all()] == ["tsai"]
    assert [p.slug for p in camp.mentors.all()] == ["ming"]
    assert sorted(camp.enrollments.values_list("contributor__slug", "status", "goal")) == [
        ("ann", "dropped", ""),
        ("mei", "graduated", "First KIP"),
    ]
    assert Enrollment.objects.get(pk=enrollment.pk).mentor.slug == "ming"
    assert Mentorship.objects.get().cohort == camp
    assert Expense.objects.get().camp == camp
    assert list(camp.expenses.all()) == [Expense.objects.get()]

    # The same content types, relabelled: the log and every permission still point at them.
    assert ContentType.objects.get_for_model(Cohort).pk == cohort_type.pk
    assert ContentType.objects.get_for_model(Enrollment).pk == enrollment_type.pk
    assert not ContentType.objects.filter(app_label="contributors", model="cohort").exists()
    log = LogEntry.objects.get()
    assert log.get_edited_object() == Enrollment.objects.get(pk=enrollment.pk)
    organizers = Group.objects.get(name="organizers")
    held = {f"{p.content_type.app_label}.{p.codename}" for p in organizers.permissions.all()}
    assert {"camps.change_cohort", "camps.view_enrollment", "camps.add_enrollment"} <= held
    clerk = User.objects.get(username="clerk")
    assert clerk.has_perm("camps.change_enrollment")
    assert not clerk.has_perm("contributors.change_enrollment")


def test_camps_move_back_to_contributors_on_unapply():
    migrate_all(BEFORE_CAMPS)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    ContentType = migrate_all(BEFORE_CAMPS).get_model("contenttypes", "ContentType")
    assert set(
        ContentType.objects.filter(model__in=["cohort", "enrollment"]).values_list(
            "app_label", flat=True
        )
    ) == {"contributors"}


def test_commit_indexes_that_composites_cover_are_dropped_and_the_foreign_keys_kept():
    def constraints(table: str) -> dict:
        with connection.cursor() as cursor:
            return connection.introspection.get_constraints(cursor, table)

    def single_column_indexes(table: str) -> set[str]:
        return {
            info["columns"][0]
            for info in constraints(table).values()
            if info["index"] and not info["unique"] and len(info["columns"]) == 1
        }

    def foreign_keys(table: str) -> set[str]:
        return {info["columns"][0] for info in constraints(table).values() if info["foreign_key"]}

    migrate(("projects", "0011_pmc_step_calibration"))
    assert {"repository_id", "author_id"} <= single_column_indexes("projects_commit")
    assert {"commit_id", "identity_id"} <= single_column_indexes("projects_commitcredit")

    migrate(("projects", "0012_drop_commit_indexes_composites_cover"))
    assert single_column_indexes("projects_commit") == {"committer_id", "pull_request_id"}
    assert single_column_indexes("projects_commitcredit") == set()
    assert {"repository_id", "author_id", "committer_id"} <= foreign_keys("projects_commit")
    assert {"commit_id", "identity_id"} <= foreign_keys("projects_commitcredit")
