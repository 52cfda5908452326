"""Community figures: members' shares and the organisations' ranking from known records,
review counting, attribution by affiliation and email domain, the quarter's leaderboards,
who sees names, titles over time, the API twin and query budgets."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from community.figures import Quarter, community_figures, default_quarter
from community.models import (
    Affiliation,
    CommunitySettings,
    Organization,
    OrganizationFigures,
    ProjectFigures,
    ReviewMonth,
    community_organization,
)
from community.snapshot import refresh_all_figures, refresh_project_figures, tally_project
from community.tasks import refresh_project_figures_task
from contributors.models import Identity
from projects import pipeline
from projects.models import ActivityMonth, CommitCredit, Project, PullRequest, Review, Title
from projects.rollups import refresh_activity_months
from tests.factories import (
    ActivityMonthFactory,
    CommitCreditFactory,
    CommitFactory,
    ContributorFactory,
    IdentityFactory,
    IssueFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
    TitleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Kind = ActivityMonth.Kind
Q1 = Quarter(2025, 1)


@pytest.fixture(autouse=True)
def fresh_settings_cache():
    """The settings row is cached; a rolled-back test must not leave its copy behind."""
    cache.clear()
    yield
    cache.clear()


class Person:
    """A contributor with a commit email, a GitHub login and a JIRA user."""

    def __init__(self, name: str, email: str, *, member: bool, bot: bool = False) -> None:
        self.contributor = ContributorFactory(display_name=name, is_member=member, is_bot=bot)
        self.email = IdentityFactory(contributor=self.contributor, value=email)
        self.github = IdentityFactory(
            contributor=self.contributor, kind=Identity.Kind.GITHUB, value=email.split("@")[0]
        )
        self.jira = IdentityFactory(
            contributor=self.contributor, kind=Identity.Kind.JIRA, value=email.split("@")[0]
        )


@pytest.fixture
def kafka():
    return ProjectFactory(name="Apache Kafka", slug="kafka")


@pytest.fixture
def known(kafka):
    """Kafka's whole history, with what each figure must come to:

    commits: Mei 3 (a merge commit of hers left out), Olaf 2, Ola 1, an unresolved
    stranger@bigcorp.com 1, a bot 1 (left out) → 7, members 3.
    merged PRs: Mei 1 (her open one left out), Olaf 2 → 3, members 1.
    reviews: Mei reviewed Olaf's PR #1 twice on GitHub and is credited on the commit that
    landed it (once), is credited on a commit with no PR (once) and reviewed her own PR (no
    review); Olaf reviewed Mei's PR → 3, members 2.
    issues: Mei 1, Olaf 1 → 2, members 1.
    organisations: bigcorp.com (Olaf, Ola, the stranger: 4 commits) first, the community
    (3 commits) second.
    """
    repo = RepositoryFactory(project=kafka)
    mei = Person("Mei", "mei@gmail.com", member=True)
    olaf = Person("Olaf", "olaf@bigcorp.com", member=False)
    ola = Person("Ola", "ola@bigcorp.com", member=False)
    bot = Person("release-bot", "release-bot@bigcorp.com", member=False, bot=True)
    stranger = IdentityFactory(value="stranger@bigcorp.com", contributor=None)

    pr1 = PullRequestFactory(repository=repo, author=olaf.github)
    PullRequestFactory(repository=repo, author=olaf.github)
    mine = PullRequestFactory(repository=repo, author=mei.github)
    PullRequestFactory(
        repository=repo, author=mei.github, state=PullRequest.State.OPEN, merged_at=None
    )
    for _ in range(3):
        CommitFactory(repository=repo, author=mei.email)
    CommitFactory(repository=repo, author=mei.email, is_merge=True)
    landed = CommitFactory(repository=repo, author=olaf.email, pull_request=pr1)
    unlinked = CommitFactory(repository=repo, author=olaf.email)
    CommitFactory(repository=repo, author=ola.email)
    CommitFactory(repository=repo, author=stranger)
    CommitFactory(repository=repo, author=bot.email)

    ReviewFactory(pull_request=pr1, reviewer=mei.github, state=Review.State.COMMENTED)
    ReviewFactory(pull_request=pr1, reviewer=mei.github)
    CommitCreditFactory(commit=landed, identity=mei.email, kind=CommitCredit.Kind.REVIEWER)
    CommitCreditFactory(commit=unlinked, identity=mei.email, kind=CommitCredit.Kind.REVIEWER)
    ReviewFactory(pull_request=mine, reviewer=mei.github)
    ReviewFactory(pull_request=mine, reviewer=olaf.github)

    IssueFactory(project=kafka, reporter=mei.jira)
    IssueFactory(project=kafka, reporter=olaf.jira)

    refresh_activity_months(identity_ids=Identity.objects.values_list("pk", flat=True))
    refresh_project_figures(project=kafka)
    return {"mei": mei, "olaf": olaf, "ola": ola, "stranger": stranger}


def test_it_counts_members_and_the_projects_totals_from_known_records(known, kafka):
    figures = ProjectFigures.objects.get(project=kafka)
    assert (figures.commits, figures.merged_prs, figures.reviews, figures.issues) == (7, 3, 3, 2)
    assert figures.people == 4  # Mei, Olaf, Ola, the stranger; not the bot

    (row,) = community_figures(quarter=Q1, with_names=False).projects
    assert (row.commits.members, row.commits.total, row.commits.percent) == (3, 7, 42.9)
    assert (row.merged_prs.members, row.merged_prs.total) == (1, 3)
    assert (row.reviews.members, row.reviews.total, row.reviews.percent) == (2, 3, 66.7)
    assert (row.issues.members, row.issues.total, row.issues.percent) == (1, 2, 50.0)
    assert row.members == 1


def test_it_ranks_the_community_among_organisations(known, kafka):
    (row,) = community_figures(quarter=Q1, with_names=False).projects

    assert (row.community_rank, row.organizations) == (2, 2)
    assert [(o.rank, o.name, o.commits, o.people) for o in row.leading] == [
        (1, "bigcorp.com", 4, 3),
        (2, "OpenSource4You", 3, 1),
    ]
    assert [o.is_community for o in row.leading] == [False, True]
    assert row.leading[0].commit_share == 57.1


def test_a_review_counts_once_per_pull_request_however_it_was_seen(known, kafka):
    reviews = dict(ReviewMonth.objects.values_list("contributor__display_name", "count"))
    assert reviews == {"Mei": 2, "Olaf": 1}


def test_an_affiliation_overrides_the_email_domain_and_splits_by_date(kafka):
    repo = RepositoryFactory(project=kafka)
    acme = Organization.objects.create(name="Acme", slug="acme", email_domains=["acme.io"])
    north = Organization.objects.create(name="Northwind", slug="northwind")
    moved = Person("Moved", "moved@bigcorp.com", member=False)
    Affiliation.objects.create(
        contributor=moved.contributor, organization=north, until=date(2025, 1, 31)
    )
    Affiliation.objects.create(
        contributor=moved.contributor, organization=acme, since=date(2025, 3, 1)
    )
    for day in (date(2025, 1, 20), date(2025, 2, 10), date(2025, 3, 5)):
        moment = datetime.combine(day, datetime.min.time(), tzinfo=UTC).replace(hour=6)
        CommitFactory(repository=repo, author=moved.email, committed_at=moment)
    # A subdomain of a listed domain counts for its organisation.
    sub = Person("Sub", "sub@dev.acme.io", member=False)
    CommitFactory(repository=repo, author=sub.email)
    refresh_activity_months(identity_ids=Identity.objects.values_list("pk", flat=True))

    refresh_project_figures(project=kafka)

    counts = {
        (row.organization.name if row.organization else row.domain): row.commits
        for row in OrganizationFigures.objects.select_related("organization")
    }
    # February has no affiliation: the email's domain, shared by nobody else, names no one.
    assert counts == {"Northwind": 1, "Acme": 2}
    assert ProjectFigures.objects.get(project=kafka).commits == 4


def test_free_mail_and_personal_domains_name_no_organisation(kafka):
    repo = RepositoryFactory(project=kafka)
    for name, email in (
        ("Gmail", "a@gmail.com"),
        ("Gmail too", "b@gmail.com"),
        ("No-reply", "123+x@users.noreply.github.com"),
        ("Apache", "c@apache.org"),
        ("Personal", "me@my-name.dev"),
    ):
        CommitFactory(repository=repo, author=Person(name, email, member=False).email)
    refresh_activity_months(identity_ids=Identity.objects.values_list("pk", flat=True))

    figures = refresh_project_figures(project=kafka)

    assert figures.commits == 5
    assert figures.organizations == 0
    assert not OrganizationFigures.objects.exists()


def test_recounting_twice_writes_the_same_rows(known, kafka):
    before = (
        list(OrganizationFigures.objects.values_list("organization", "domain", "rank", "commits")),
        list(ReviewMonth.objects.values_list("contributor", "month", "count")),
    )

    refresh_project_figures(project=kafka)

    after = (
        list(OrganizationFigures.objects.values_list("organization", "domain", "rank", "commits")),
        list(ReviewMonth.objects.values_list("contributor", "month", "count")),
    )
    assert after == before
    assert Organization.objects.filter(is_community=True).count() == 1


def test_the_task_recounts_and_skips_a_deleted_project(known, kafka):
    ProjectFigures.objects.all().delete()

    assert refresh_project_figures_task.apply(args=[kafka.pk], throw=True).get() == 2
    assert refresh_project_figures_task.apply(args=[kafka.pk + 99], throw=True).get() == 0
    assert ProjectFigures.objects.filter(project=kafka).exists()


def test_a_sync_recounts_the_figures_after_it_commits(kafka, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.records_committed(project_id=kafka.pk)
        assert not ProjectFigures.objects.exists()  # not before the commit

    assert ProjectFigures.objects.filter(project=kafka).exists()


def test_refresh_all_counts_every_project(kafka):
    ProjectFactory()
    assert refresh_all_figures() == 2
    assert ProjectFigures.objects.count() == 2


# The quarter: figures and leaderboards counted from monthly rows, edges included.


def _month_rows(person, project, month: date, *, commits=0, merged=0, issues=0, reviews=0):
    for kind, count in ((Kind.COMMIT, commits), (Kind.PR_MERGED, merged),
                        (Kind.ISSUE_REPORTED, issues)):  # fmt: skip
        if count:
            ActivityMonthFactory(
                contributor=person, project=project, month=month, kind=kind, count=count
            )
    if reviews:
        ReviewMonth.objects.create(contributor=person, project=project, month=month, count=reviews)


@pytest.fixture
def quarter_data(kafka):
    ozone = ProjectFactory(name="Apache Ozone", slug="ozone")
    ann = ContributorFactory(display_name="Ann", chinese_name="安安")
    bo = ContributorFactory(display_name="Bo")
    cy = ContributorFactory(display_name="Cy")
    outsider = ContributorFactory(display_name="Outsider Otto", is_member=False)
    _month_rows(ann, kafka, date(2025, 1, 1), reviews=3, merged=2, commits=2)
    _month_rows(ann, ozone, date(2025, 3, 1), reviews=1)
    _month_rows(bo, kafka, date(2025, 2, 1), reviews=4, merged=2, commits=5, issues=1)
    _month_rows(cy, kafka, date(2025, 3, 1), merged=1)
    # Just outside the quarter, on both sides.
    _month_rows(cy, kafka, date(2024, 12, 1), reviews=9, merged=9)
    _month_rows(cy, kafka, date(2025, 4, 1), reviews=9, merged=9)
    _month_rows(outsider, kafka, date(2025, 2, 1), reviews=20, merged=20, commits=30)
    for project in (kafka, ozone):
        tally_project(project=project)
    return {"ozone": ozone, "ann": ann, "bo": bo, "cy": cy}


def test_the_quarters_leaderboards_rank_members_inside_the_quarter(quarter_data):
    boards = community_figures(quarter=Q1, with_names=True).leaderboards

    assert [(r.rank, r.person.display_name, r.reviews) for r in boards.reviewers] == [
        (1, "Ann", 4),
        (1, "Bo", 4),
    ]
    assert [
        (r.rank, r.person.display_name, r.merged_prs, r.commits, r.issues)
        for r in boards.contributors
    ] == [(1, "Bo", 2, 5, 1), (2, "Ann", 2, 2, 0), (3, "Cy", 1, 0, 0)]
    assert boards.reviewers[0].person.chinese_name == "安安"


def test_a_leaderboard_shows_ten_ranks_and_everyone_tied_at_the_last(kafka):
    for n in range(13):  # 12 reviews down to 3, then two more at 3
        person = ContributorFactory(display_name=f"M{n:02}")
        _month_rows(person, kafka, date(2025, 2, 1), reviews=max(12 - n, 3))
    _month_rows(ContributorFactory(display_name="Zero"), kafka, date(2025, 2, 1), merged=1)
    tally_project(project=kafka)

    boards = community_figures(quarter=Q1, with_names=True).leaderboards

    assert [(r.rank, r.reviews) for r in boards.reviewers] == [
        (n + 1, 12 - n) for n in range(9)
    ] + [(10, 3), (10, 3), (10, 3), (10, 3)]
    assert "Zero" not in [r.person.display_name for r in boards.reviewers]


def test_a_project_narrows_the_leaderboards(quarter_data):
    boards = community_figures(
        quarter=Q1, with_names=True, project=quarter_data["ozone"]
    ).leaderboards

    assert [(r.person.display_name, r.reviews) for r in boards.reviewers] == [("Ann", 1)]
    assert boards.contributors == []


def test_the_quarters_shares_count_everyone_inside_the_quarter(quarter_data, kafka):
    page = community_figures(quarter=Q1, with_names=False)

    rows = {row.project.slug: row for row in page.quarter_rows}
    assert (rows["kafka"].merged_prs.members, rows["kafka"].merged_prs.total) == (5, 25)
    assert (rows["kafka"].reviews.members, rows["kafka"].reviews.total) == (7, 27)
    assert (page.quarter_totals["reviews"].members, page.quarter_totals["reviews"].total) == (8, 28)
    assert page.leaderboards is None and page.titles_in_quarter is None


def test_the_default_quarter_is_the_last_complete_one():
    assert default_quarter(date(2025, 4, 2)) == Q1
    assert default_quarter(date(2025, 1, 15)) == Quarter(2024, 4)
    assert Quarter.parse(" 2025-q1 ") == Q1
    with pytest.raises(ValueError):
        Quarter.parse("2025Q5")


def test_titles_are_counted_per_year_and_role(kafka):
    member = ContributorFactory()
    TitleFactory(contributor=member, project=kafka, granted_on=date(2022, 5, 1))
    TitleFactory(
        contributor=member, project=kafka, role=Title.Role.PMC_MEMBER, granted_on=date(2024, 8, 1)
    )
    TitleFactory(contributor=ContributorFactory(), project=kafka, granted_on=date(2024, 2, 1))
    TitleFactory(contributor=ContributorFactory(is_member=False), project=kafka)  # not ours

    page = community_figures(quarter=Quarter(2024, 1), with_names=True)

    assert page.title_roles == [("committer", "committer"), ("pmc_member", "PMC member")]
    assert [(row.year, row.counts) for row in page.titles_by_year] == [
        (2022, [1, 0]),
        (2023, [0, 0]),
        (2024, [1, 1]),
    ]
    assert [t.granted_on for t in page.titles_in_quarter] == [date(2024, 2, 1)]


# The page: aggregates for everyone, names for signed-in members or when made public.


def test_anonymous_visitors_see_aggregates_but_no_names(client, known):
    response = client.get(reverse("community:figures"), {"quarter": "2025Q1"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "bigcorp.com" in content and "42.9%" in content
    assert response.context["page"].leaderboards is None
    assert "Mei" not in content
    assert "are for signed-in members" in content


@pytest.mark.parametrize("who", ["member", "mentee", "organizer"])
def test_signed_in_members_see_the_named_leaderboards(client, known, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("community:figures"), {"quarter": "2025Q1"})

    boards = response.context["page"].leaderboards
    assert [row.person.display_name for row in boards.reviewers] == ["Mei"]
    assert 'href="/people/' in response.content.decode()


def test_an_account_linked_to_nobody_sees_what_anonymous_visitors_see(client, known, outsider):
    client.force_login(outsider)

    response = client.get(reverse("community:figures"), {"quarter": "2025Q1"})

    assert response.context["page"].leaderboards is None
    assert "Mei" not in response.content.decode()


def test_organizers_can_make_the_leaderboards_public(client, known):
    client.get(reverse("community:figures"))  # caches the settings
    settings_row = CommunitySettings.objects.get_current()
    settings_row.public_leaderboards = True
    settings_row.save()

    response = client.get(reverse("community:figures"), {"quarter": "2025Q1"})

    content = response.content.decode()
    assert "Mei" in content
    assert 'href="/people/' not in content  # anonymous visitors cannot open people's pages


def test_a_bad_quarter_or_project_is_named_and_the_defaults_shown(client, known):
    response = client.get(reverse("community:figures"), {"quarter": "2025Q9", "project": "nope"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "“2025Q9” is not a quarter such as 2025Q1" in content
    assert "There is no project “nope”" in content
    assert response.context["page"].quarter == default_quarter()


def test_the_page_says_when_nothing_is_counted_yet(client):
    response = client.get(reverse("community:figures"))
    assert "The figures have not been counted yet" in response.content.decode()


def test_only_organizers_ask_for_a_recount(
    client, member, organizer, kafka, django_capture_on_commit_callbacks
):
    url = reverse("community:refresh")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302  # to sign in
        client.force_login(member)
        assert client.post(url).status_code == 403
    assert not ProjectFigures.objects.exists()

    client.force_login(organizer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)

    assert "being recounted" in response.content.decode()
    assert ProjectFigures.objects.filter(project=kafka).exists()  # tasks run in-process here


def test_the_page_renders_in_traditional_chinese(client, known):
    response = client.get(reverse("community:figures"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 200


def _many(projects: int, people: int) -> None:
    for p in range(projects):
        project = ProjectFactory(name=f"Project {p:02}", slug=f"p{p}")
        repo = RepositoryFactory(project=project)
        for n in range(people):
            person = Person(f"P{p}-{n}", f"p{p}n{n}@corp{n % 3}.com", member=n % 2 == 0)
            CommitFactory(repository=repo, author=person.email)
            ReviewFactory(pull_request=PullRequestFactory(repository=repo), reviewer=person.github)
            TitleFactory(contributor=person.contributor, project=project)
    refresh_activity_months(identity_ids=Identity.objects.values_list("pk", flat=True))
    refresh_all_figures()


@pytest.mark.parametrize("projects,people", [(1, 1), (4, 12)])
def test_the_pages_queries_do_not_grow_with_the_data(
    client, member, projects, people, django_assert_max_num_queries
):
    _many(projects, people)
    CommunitySettings.objects.get_current()
    # Anonymous: settings (cached), projects, project figures, leading organisations, the
    # quarter's figures, titles per year: 5.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("community:figures")).status_code == 200

    client.force_login(member)
    # Signed in: session, user, organizer group, own contributor, mentee ids; the five
    # above; the leaderboards' two and the quarter's new titles: 13.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("community:figures"), {"quarter": "2025Q1"})
    assert len(response.context["page"].projects) == projects


# The API twin: the same figures and the same rules.


def test_the_api_gives_anyone_the_figures_but_names_to_members(client, known, member):
    url = reverse("api-community")

    anonymous = client.get(url, {"quarter": "2025Q1"}).json()
    client.force_login(member)
    signed_in = client.get(url, {"quarter": "2025Q1", "project": "kafka"}).json()

    (kafka_row,) = anonymous["projects"]
    assert kafka_row["commits"] == {"members": 3, "total": 7, "percent": 42.9}
    assert kafka_row["community_rank"] == 2
    assert kafka_row["leading"][0]["name"] == "bigcorp.com"
    assert anonymous["quarter"] == "2025Q1"
    assert anonymous["leaderboards"] is None and anonymous["titles_in_quarter"] is None
    assert signed_in["leaderboards"]["project"] == "kafka"
    assert signed_in["leaderboards"]["reviewers"][0]["person"]["display_name"] == "Mei"


def test_the_api_names_a_bad_quarter_or_project(client):
    response = client.get(reverse("api-community"), {"quarter": "soon", "project": "nope"})

    assert response.status_code == 400
    assert response.json() == {
        "quarter": ["“soon” is not a quarter such as 2025Q1."],
        "project": ["There is no project “nope”."],
    }


def test_the_api_refuses_writes(client, organizer):
    client.force_login(organizer)
    assert client.post(reverse("api-community")).status_code == 405


# The admin: organisations and their domains, edited by organizers.


def test_an_organizer_lists_an_organisations_domains(client, organizer):
    client.force_login(organizer)
    response = client.post(
        "/admin/community/organization/add/",
        {
            "name": "Acme",
            "slug": "acme",
            "domains": "acme.io, @Dev.Acme.com\nacme.io",
            "homepage": "",
            "affiliations-TOTAL_FORMS": 0,
            "affiliations-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302
    assert Organization.objects.get(slug="acme").email_domains == ["acme.io", "dev.acme.com"]


def test_free_mail_and_taken_domains_are_refused_by_name(client, organizer):
    Organization.objects.create(name="Acme", slug="acme", email_domains=["acme.io"])
    client.force_login(organizer)

    response = client.post(
        "/admin/community/organization/add/",
        {
            "name": "Other",
            "slug": "other",
            "domains": "gmail.com acme.io not_a_domain",
            "affiliations-TOTAL_FORMS": 0,
            "affiliations-INITIAL_FORMS": 0,
        },
    )

    content = response.content.decode()
    assert "“gmail.com” is shared by unrelated people" in content
    assert "acme.io already counts for Acme." in content
    assert "“not_a_domain” is not an email domain" in content
    assert not Organization.objects.filter(slug="other").exists()


def test_the_community_is_not_an_affiliation(kafka):
    person = ContributorFactory(is_member=False)
    affiliation = Affiliation(contributor=person, organization=community_organization())
    with pytest.raises(Exception, match="Members count for the community"):
        affiliation.full_clean()


def test_staff_who_do_not_organize_see_none_of_it(client):
    staff = UserFactory(username="staff", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/community/expense/").status_code == 403


def test_the_community_row_comes_with_the_migrations():
    assert Organization.objects.filter(is_community=True).count() == 1
    assert Project.objects.count() == 0


def test_the_demo_brings_organisations_figures_and_a_ledger():
    from django.core.management import call_command

    from community.demo import EXPENSES, ORGANIZATIONS
    from community.models import Expense
    from osc4you.demo import flush_demo

    def counts() -> tuple[int, ...]:
        return (
            Organization.objects.filter(is_demo=True).count(),
            Affiliation.objects.count(),
            Expense.objects.count(),
            ProjectFigures.objects.count(),
            OrganizationFigures.objects.count(),
        )

    call_command("seed_demo", today=date(2026, 3, 18), scale=0.05, verbosity=0)
    first = counts()
    call_command("seed_demo", today=date(2026, 3, 18), scale=0.05, verbosity=0)

    assert counts() == first
    affiliations = sum(len(staff) for _slug, _name, staff in ORGANIZATIONS)
    assert first[:4] == (len(ORGANIZATIONS), affiliations, len(EXPENSES), 4)
    assert ProjectFigures.objects.filter(community_rank__isnull=False).count() == 4
    flush_demo()
    assert counts()[:3] == (0, 0, 0)
    assert Organization.objects.filter(is_community=True).exists()


def test_the_command_recounts_the_projects_named_or_all(kafka):
    from io import StringIO

    from django.core.management import CommandError, call_command

    ozone = ProjectFactory(name="Apache Ozone", slug="ozone")
    out = StringIO()
    call_command("refresh_community_figures", "ozone", stdout=out, stderr=StringIO())
    assert "Recounted 1 project in" in out.getvalue()
    assert list(ProjectFigures.objects.values_list("project", flat=True)) == [ozone.pk]

    call_command("refresh_community_figures", stdout=out, stderr=StringIO())
    assert ProjectFigures.objects.count() == 2

    with pytest.raises(CommandError, match=r"No project has the slug nope, gone\."):
        call_command("refresh_community_figures", "nope", "gone", stderr=StringIO())


def test_a_merge_moves_affiliations_and_ledger_entries_and_recounts(
    kafka, django_capture_on_commit_callbacks
):
    from community.models import Expense
    from contributors.merges import merge_contributors, undo_merge

    source, target = ContributorFactory(is_member=False), ContributorFactory(is_member=False)
    acme = Organization.objects.create(name="Acme", slug="acme")
    affiliation = Affiliation.objects.create(contributor=source, organization=acme)
    expense = Expense.objects.create(
        spent_on=date(2025, 1, 1), person=source, category="travel", amount=1, currency="TWD"
    )
    CommitFactory(
        repository=RepositoryFactory(project=kafka), author=IdentityFactory(contributor=source)
    )
    refresh_activity_months(contributor_ids=[source.pk])

    with django_capture_on_commit_callbacks(execute=True):
        merge = merge_contributors(source=source, target=target)

    affiliation.refresh_from_db()
    expense.refresh_from_db()
    assert (affiliation.contributor, expense.person) == (target, target)
    assert OrganizationFigures.objects.get(project=kafka).organization == acme

    undo_merge(merge=merge)

    affiliation.refresh_from_db()
    expense.refresh_from_db()
    assert (affiliation.contributor, expense.person) == (source, source)


@pytest.mark.parametrize(
    "page",
    ["projectfigures", "organizationfigures", "projectquarter", "memberquarter", "reviewmonth"],
)
def test_organizers_read_the_counts_in_the_admin_but_cannot_change_them(
    client, organizer, known, page
):
    client.force_login(organizer)
    assert client.get(f"/admin/community/{page}/").status_code == 200
    assert client.get(f"/admin/community/{page}/add/").status_code == 403


@pytest.mark.parametrize("quarter", ["9999Q4", "1969Q4"])
def test_it_refuses_a_quarter_out_of_range(client, quarter):
    response = client.get(reverse("api-community"), {"quarter": quarter})
    assert response.status_code == 400
    assert list(response.json()) == ["quarter"]
    # The page shows the default quarter with a sentence saying why.
    page = client.get(reverse("community:figures"), {"quarter": quarter})
    assert page.status_code == 200
    assert f"“{quarter}” is not a quarter such as 2025Q1" in page.content.decode()
