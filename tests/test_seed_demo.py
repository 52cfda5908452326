"""seed_demo: the promised community, the same rows on every run, a clean --flush, logins only
when asked for, and rollups that agree with the records. Most tests seed at --scale 0.05; one
builds the full size; the story it tells is in test_demo_story."""

import re
from datetime import date
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.utils import timezone

from camps.models import Cohort
from community.models import ProjectFigures, ProjectQuarter
from contributors.models import CheckInNote, Contributor, Identity, Mentorship
from contributors.roles import role_of
from osc4you.demo import flush_demo
from osc4you.demo.cast import PEOPLE
from osc4you.demo.texts import CHECK_INS
from projects.models import (
    ActivityMonth,
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    ListMessage,
    Project,
    PullRequest,
    Review,
    ReviewComment,
    Title,
)
from tests.factories import (
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    ProjectFactory,
    RepositoryFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db

# Fixed, so the month logic is deterministic: "this month" is March 2026.
TODAY = date(2026, 3, 18)
THIS_MONTH = date(2026, 3, 1)
LAST_FULL_QUARTER = date(2025, 10, 1)
RECORDS = (
    Commit, CommitCredit, PullRequest, Review, ReviewComment, Issue, IssueComment, ListMessage
)  # fmt: skip
LOGINS = ["mentee", "mentor", "organizer"]


def seed(scale: float = 0.05, **options) -> str:
    out = StringIO()
    call_command("seed_demo", today=TODAY, scale=scale, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("contributors", "projects", "camps", "auth")
    }


def demo_records() -> int:
    return sum(model.objects.count() for model in RECORDS)


def test_it_builds_the_promised_community_at_full_size():
    out = seed(scale=1.0)

    projects = Project.objects.filter(is_demo=True)
    assert sorted(projects.values_list("jira_key", flat=True)) == [
        "AIRFLOW",
        "HDDS",
        "KAFKA",
        "YUNIKORN",
    ]
    assert all("Demo data" in p.description for p in projects)
    assert all(p.issue_tracker == Project.Tracker.JIRA for p in projects)
    assert {
        (p.name, r.full_name, r.default_branch) for p in projects for r in p.repositories.all()
    } == {
        ("Apache Kafka", "apache/kafka", "trunk"),
        ("Apache YuniKorn", "apache/yunikorn-core", "master"),
        ("Apache Ozone", "apache/ozone", "master"),
        ("Apache Airflow", "apache/airflow", "main"),
    }
    people = Contributor.objects.filter(origin=Contributor.Origin.DEMO)
    assert people.count() == len(PEOPLE) > 100  # the members and the rest of each project
    assert people.filter(is_member=True).count() == 45
    assert people.get(github_login="dependabot[bot]").is_bot
    assert Mentorship.objects.values("mentor").distinct().count() == 10
    assert Cohort.objects.count() == 2
    assert 40_000 <= demo_records() <= 60_000
    assert Title.objects.filter(source=Title.Source.DEMO).count() >= 1  # ASF membership
    # Every committer and PMC title is announced on its project's dev@ list, and dated so.
    announced = Title.objects.filter(source=Title.Source.ANNOUNCEMENT)
    assert announced.count() >= 10
    assert not announced.filter(announcement=None).exists()
    assert all(t.announcement.sent_at.date() == t.granted_on for t in announced)
    lists = ListMessage.objects.filter(mailing_list__project__is_demo=True)
    assert 3_000 <= lists.filter(is_machine=False).count() <= 8_000
    assert lists.filter(is_machine=True, sender__isnull=False).count() == 0
    assert lists.exclude(vote="").exists() and lists.filter(is_design=True).exists()
    assert lists.filter(sender_display__regex=r"^[\u4e00-\u9fff]").exists()  # Chinese names
    assert not Identity.objects.exclude(link_source=Identity.LinkSource.DEMO).exists()
    assert not Identity.objects.filter(contributor=None).exists()
    assert ActivityMonth.objects.filter(month=THIS_MONTH, contributor__is_member=True).exists()
    assert Commit.objects.filter(committed_at__date__gte=THIS_MONTH).exists()
    # Nothing happens after today.
    assert not PullRequest.objects.filter(created_at__date__gt=TODAY).exists()
    assert f"Demo community ready: 4 projects, {len(PEOPLE)} contributors (10 mentors), " in out
    assert f"{demo_records():,} activity records." in out
    # The community's share, as the community page counts it: second to a vendor on Kafka
    # and Ozone, a quarter or so of Kafka's commits in the last full quarter.
    ranks = dict(ProjectFigures.objects.values_list("project__slug", "community_rank"))
    assert ranks["kafka"] == ranks["ozone"] == 2
    quarter = ProjectQuarter.objects.get(project__slug="kafka", quarter=LAST_FULL_QUARTER)
    assert 0.15 <= quarter.member_commits / quarter.commits <= 0.40


def test_running_it_twice_writes_the_same_rows():
    seed()
    before = row_counts()
    project_ids = sorted(Project.objects.values_list("pk", flat=True))

    out = seed()

    assert row_counts() == before
    assert sorted(Project.objects.values_list("pk", flat=True)) == project_ids
    assert "Demo community ready" in out


def test_a_run_next_month_moves_the_dates_forward():
    seed()
    before = row_counts()

    call_command("seed_demo", today=date(2026, 4, 2), scale=0.05, verbosity=0)

    # The same rows; only the monthly rollups, which follow the calendar, may differ.
    after = row_counts()
    assert after.pop("projects.ActivityMonth") and before.pop("projects.ActivityMonth")
    assert after == before
    assert ActivityMonth.objects.filter(month=date(2026, 4, 1)).exists()
    # The latest pull request moved forward too (at this scale, one comes every few days).
    latest = timezone.localtime(PullRequest.objects.latest("created_at").created_at).date()
    assert date(2026, 3, 26) <= latest <= date(2026, 4, 2)
    # Three years back from April 2026 starts in May 2023, and nothing lies ahead.
    opened = PullRequest.objects.values_list("created_at__date", flat=True)
    assert date(2023, 5, 1) <= min(opened) <= max(opened) <= date(2026, 4, 2)


def test_a_run_at_another_scale_leaves_no_rows_of_the_last_one():
    seed()
    small = row_counts()

    seed(scale=0.1)
    assert demo_records() > sum(small[model._meta.label] for model in RECORDS)
    seed()

    assert row_counts() == small


@pytest.fixture
def real_data():
    """A project and a person that are not demo data, with a commit and a title."""
    project = ProjectFactory(name="Flyte", slug="flyte")
    person = ContributorFactory(display_name="Real Person", slug="real-person")
    email = IdentityFactory(contributor=person, value="real@example.org")
    commit = CommitFactory(repository=RepositoryFactory(project=project), author=email)
    title = TitleFactory(contributor=person, project=project)
    return [project, person, email, commit, title]


def test_flush_rebuilds_the_demo_and_leaves_other_data_alone(real_data):
    seed()
    before = row_counts()
    demo_ids = set(Project.objects.filter(is_demo=True).values_list("pk", flat=True))

    out = seed(flush=True)

    assert "Removed " in out
    assert row_counts() == before
    assert demo_ids.isdisjoint(Project.objects.filter(is_demo=True).values_list("pk", flat=True))
    for row in real_data:
        assert type(row).objects.filter(pk=row.pk).exists()


def test_flush_demo_removes_every_demo_row(real_data):
    seed(with_logins=True)

    flush_demo()

    assert not Project.objects.filter(is_demo=True).exists()
    assert not Contributor.objects.filter(origin=Contributor.Origin.DEMO).exists()
    assert not Identity.objects.filter(link_source=Identity.LinkSource.DEMO).exists()
    assert not Title.objects.filter(source=Title.Source.DEMO).exists()
    assert not Cohort.objects.exists()
    assert not get_user_model().objects.filter(username__in=LOGINS).exists()
    assert demo_records() == 1  # the real commit
    for row in real_data:
        assert type(row).objects.filter(pk=row.pk).exists()
    assert set(ActivityMonth.objects.values_list("contributor", flat=True)) <= {real_data[1].pk}


def test_if_no_real_data_leaves_a_machine_with_real_projects_alone(real_data):
    before = row_counts()

    out = seed(if_no_real_data=True, with_logins=True)

    assert out == (
        "Real projects are present (Flyte); the demo was not loaded. "
        "Run seed_demo without --if-no-real-data to load it anyway.\n"
    )
    assert row_counts() == before
    assert not Project.objects.filter(is_demo=True).exists()
    assert not get_user_model().objects.exists()


def test_if_no_real_data_names_at_most_five_projects():
    for name in ("Beam", "Flink", "Flyte", "Hudi", "Iceberg", "Spark"):
        ProjectFactory(name=name, slug=name.lower())

    out = seed(if_no_real_data=True)

    assert "(Beam, Flink, Flyte, Hudi, Iceberg, …); the demo was not loaded" in out
    assert not Project.objects.filter(is_demo=True).exists()


def test_if_no_real_data_seeds_when_there_is_only_demo_data():
    out = seed(if_no_real_data=True)
    assert "Demo community ready" in out
    before = row_counts()

    out = seed(if_no_real_data=True)  # the demo itself is not real data

    assert "Demo community ready" in out
    assert row_counts() == before
    assert Project.objects.filter(is_demo=True).count() == 4


def test_it_creates_no_logins_by_default():
    out = seed()

    assert not get_user_model().objects.exists()
    assert "password" not in out


@pytest.mark.parametrize("how", ["debug", "flag"])
def test_it_creates_the_demo_logins_with_debug_or_when_asked(how, settings):
    settings.DEBUG = how == "debug"

    out = seed(with_logins=how == "flag")
    seed(with_logins=how == "flag")  # and a re-run keeps them as they are

    users = {user.username: user for user in get_user_model().objects.all()}
    assert sorted(users) == LOGINS
    assert all(user.check_password("demo") for user in users.values())
    assert users["organizer"].is_staff and users["organizer"].is_superuser
    assert list(users["organizer"].groups.values_list("name", flat=True)) == ["organizers"]
    assert not users["mentor"].is_staff
    roles = {name: role_of(user) for name, user in users.items()}
    assert roles == {"organizer": "organizer", "mentor": "mentor", "mentee": "contributor"}
    mentor, mentee = users["mentor"].contributor, users["mentee"].contributor
    assert Mentorship.objects.filter(mentor=mentor, mentee=mentee).exists()
    assert 'Demo logins (password "demo"): organizer, mentor, mentee.' in out
    # Their check-in notes, written once: the re-run added none.
    for username in ("mentor", "organizer"):
        written = CheckInNote.objects.filter(author=users[username])
        assert written.count() == sum(note[0] == username for note in CHECK_INS)
    assert CheckInNote.objects.filter(mentee=mentee, author=users["mentor"]).exists()


def test_it_refuses_to_take_over_data_that_is_not_demo_data():
    ProjectFactory(name="Apache Kafka", slug="kafka")

    with pytest.raises(CommandError, match="not demo data: project Apache Kafka"):
        seed()

    assert not Contributor.objects.exists()
    assert not Project.objects.filter(is_demo=True).exists()


def test_monthly_rollups_agree_with_the_commits():
    seed()
    person = Contributor.objects.get(slug="ming-hsun-chen")

    rolled_up = ActivityMonth.objects.filter(contributor=person, kind=ActivityMonth.Kind.COMMIT)
    commits = Commit.objects.filter(author__contributor=person)

    assert commits.exists()
    assert rolled_up.aggregate(n=Sum("count"))["n"] == commits.count()


def test_it_rejects_a_scale_out_of_range():
    with pytest.raises(
        CommandError, match=re.escape("--scale must be above 0 and at most 10, not 0.0")
    ):
        seed(scale=0.0)

    assert not Project.objects.exists()


def test_it_prints_nothing_at_verbosity_zero_and_a_bar_otherwise(capsys):
    assert seed(verbosity=0) == ""
    assert capsys.readouterr().err == ""

    seed(verbosity=1)
    assert "rows" in capsys.readouterr().err


def test_its_help_names_every_option():
    from osc4you.management.commands.seed_demo import Command

    text = Command().create_parser("manage.py", "seed_demo").format_help()

    assert "deterministic demo community" in text
    for option in ("--flush", "--with-logins", "--if-no-real-data", "--scale", "--today"):
        assert option in text
