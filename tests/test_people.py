"""The contributor page /people/<slug>/ and the people search /people/."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation
from rest_framework.test import APIClient

from contributors.models import Identity
from contributors.progress import calibrate_project
from tests.factories import (
    ActivityMonthFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
    ReviewFactory,
    TitleFactory,
)

pytestmark = pytest.mark.django_db


def _url(slug: str) -> str:
    return f"/people/{slug}/"


def _fill(contributor, *, prs: int = 1):
    """Titles, a camp, rollups, an open PR reviewed by someone else and merged PRs."""
    project = ProjectFactory(name="Kafka", slug="kafka")
    repo = RepositoryFactory(project=project, owner="apache", name="kafka")
    TitleFactory(contributor=contributor, project=project, granted_on=date(2024, 3, 1))
    EnrollmentFactory(
        contributor=contributor, project=project, cohort__name="香菜饅頭營", goal="Ship KIP-1"
    )
    IdentityFactory(contributor=contributor, kind=Identity.Kind.GIT_EMAIL, value="mei@example.org")
    github = IdentityFactory(contributor=contributor, kind=Identity.Kind.GITHUB, value="mei")
    month = timezone.localdate().replace(day=1)
    ActivityMonthFactory(contributor=contributor, project=project, month=month, count=7)
    ActivityMonthFactory(
        contributor=contributor,
        project=project,
        month=month,
        kind="pr_merged",
        count=3,
    )
    waiting = PullRequestFactory(
        repository=repo,
        author=github,
        state="open",
        merged_at=None,
        title="Add the thing",
        created_at=timezone.now() - timedelta(days=9),
    )
    ReviewFactory(pull_request=waiting)
    for _ in range(prs):
        PullRequestFactory(repository=repo, author=github, title="Fix the other thing")


def test_it_redirects_anonymous_to_sign_in(client, mentee):
    response = client.get(_url("mentee-mei"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_page_from_known_data(client, mentee, member):
    _fill(mentee.contributor)
    client.force_login(member)
    response = client.get(_url("mentee-mei"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Mentee Mei" in text
    assert "badge-committer" in text
    assert "香菜饅頭營" in text
    assert "Mentor Ming" in text
    # A committer of Kafka is measured toward its PMC, not toward the title they hold.
    assert "Progress toward committer" not in text
    assert "Progress toward the PMC of Kafka" in text
    assert "Not measured: 0 Kafka PMC members have known committer and PMC dates" in text
    assert "Add the thing" in text
    assert "https://github.com/apache/kafka/pull/" in text
    assert "Fix the other thing" in text
    row = response.context["page"].projects[0]
    assert (row.project, row.commits, row.merged) == ("Kafka", 7, 3)
    assert response.context["page"].waiting[0].age_days == 9
    assert response.context["page"].waiting[0].reviewed is True
    assert response.context["page"].months[-1].commits == 7


def test_it_hides_private_parts_from_others(client, mentee, member):
    _fill(mentee.contributor)
    client.force_login(member)
    text = client.get(_url("mentee-mei")).content.decode()
    assert "mei@example.org" not in text
    assert "Ship KIP-1" not in text


@pytest.mark.parametrize("viewer", ["mentee", "mentor", "organizer"])
def test_it_shows_private_parts_to_self_mentor_and_organizer(client, request, mentee, viewer):
    _fill(mentee.contributor)
    client.force_login(request.getfixturevalue(viewer))
    text = client.get(_url("mentee-mei")).content.decode()
    assert "mei@example.org" in text
    assert "Ship KIP-1" in text


def test_it_hides_people_merged_away(client, member):
    target = ContributorFactory()
    ContributorFactory(slug="gone", merged_into=target)
    client.force_login(member)
    assert client.get(_url("gone")).status_code == 404


@pytest.mark.parametrize("prs", [1, 30])
def test_it_reads_the_page_in_a_fixed_number_of_queries(
    client, mentee, member, prs, django_assert_max_num_queries
):
    _fill(mentee.contributor, prs=prs)
    client.force_login(member)
    # session, user, contributor by slug, roles (organizer group, own contributor, own
    # mentee ids), titles, enrolments, mentorships, rollups, progress (4 more: the
    # projects' credit conventions, reviews with credits, the project with the calibration
    # and the committers' median path, the titles that say the step), open PRs and their
    # reviews, recent activity (merged PRs, reviews, issues reported and resolved: one
    # query, five on SQLite), the mailing lists (counts per project, latest threads): 19.
    recent = 1 if connection.features.supports_slicing_ordering_in_compound else 5
    with django_assert_max_num_queries(18 + recent):
        assert client.get(_url("mentee-mei")).status_code == 200


def test_it_renders_in_traditional_chinese(client, mentee, member):
    _fill(mentee.contributor)
    client.force_login(member)
    with translation.override("zh-hant"):
        response = client.get(_url("mentee-mei"), HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 200
    assert 'lang="zh-hant"' in response.content.decode().lower()


@pytest.mark.parametrize("query", ["Ada Lovelace", "愛達", "adal", "adalove"])
def test_it_finds_people_by_each_field(client, member, query):
    ContributorFactory(
        display_name="Ada Lovelace",
        chinese_name="愛達",
        github_login="adalgh",
        apache_id="adalove",
        slug="ada",
    )
    client.force_login(member)
    response = client.get("/people/", {"q": query})
    assert [p.slug for p in response.context["results"]] == ["ada"]


def test_it_finds_by_email_only_for_organizers(client, organizer, member):
    ada = ContributorFactory(slug="ada")
    IdentityFactory(contributor=ada, kind=Identity.Kind.GIT_EMAIL, value="ada@example.org")
    client.force_login(member)
    assert list(client.get("/people/", {"q": "ada@example"}).context["results"]) == []
    client.force_login(organizer)
    found = client.get("/people/", {"q": "ada@example"}).context["results"]
    assert [p.slug for p in found] == ["ada"]


def test_it_leaves_out_merged_away_people_and_paginates(client, member):
    target = ContributorFactory(display_name="Lin 0", slug="lin-0")
    ContributorFactory(display_name="Lin gone", merged_into=target)
    for n in range(1, 30):
        ContributorFactory(display_name=f"Lin {n:02}")
    client.force_login(member)
    first = client.get("/people/", {"q": "lin"}).context["results"]
    assert first.paginator.count == 30
    assert len(first.object_list) == 25
    second = client.get("/people/", {"q": "lin", "page": 2}).context["results"]
    assert "Lin gone" not in [p.display_name for p in second]


def test_it_refuses_a_search_longer_than_anyone_types(client, member):
    ContributorFactory(display_name="Lin " + "x" * 150)  # the column holds 200
    client.force_login(member)
    response = client.get("/people/", {"q": "Lin " + "x" * 97})
    assert response.status_code == 400
    assert "Search for at most 100 characters." in response.content.decode()
    assert 'maxlength="100"' in response.content.decode()
    # The API twin refuses it the same way; 100 characters are searched.
    api = APIClient()
    api.force_authenticate(member)
    response = api.get("/api/contributors/", {"q": "x" * 101})
    assert response.status_code == 400
    assert response.json() == {"q": ["Search for at most 100 characters."]}
    assert api.get("/api/contributors/", {"q": "x" * 100}).json()["count"] == 1


def test_it_redirects_anonymous_search_to_sign_in(client):
    assert client.get("/people/", {"q": "x"}).status_code == 302


def test_it_passes_chart_data_through_json_script(client, mentee, member):
    _fill(mentee.contributor)
    client.force_login(member)
    response = client.get(_url("mentee-mei"))
    text = response.content.decode()
    assert '<script id="activity-data" type="application/json">' in text
    assert response.context["chart"]["commits"][-1] == 7
    assert response.context["chart"]["cumulative"][-1][1] == 3
    assert "js/people.js" in text
    assert "Too few of the project's committers" in text
    assert response.context["chart"]["committers_path"] is None


def test_it_draws_the_committers_median_path(client, mentee, member):
    _fill(mentee.contributor)
    kafka = ProjectFactory(slug="kafka")
    # (first month, month with merges, merged, title date): paths [0, 2, 2, 2], [1, 1], [0, 3, 3]
    for first, merged_in, merged, title in [
        (date(2023, 1, 1), date(2023, 2, 1), 2, date(2023, 4, 10)),
        (date(2022, 1, 1), date(2022, 1, 1), 1, date(2022, 2, 3)),
        (date(2021, 5, 1), date(2021, 6, 1), 3, date(2021, 7, 20)),
    ]:
        committer = ContributorFactory()
        TitleFactory(contributor=committer, project=kafka, granted_on=title)
        ActivityMonthFactory(contributor=committer, project=kafka, month=first)
        ActivityMonthFactory(
            contributor=committer, project=kafka, month=merged_in, kind="pr_merged", count=merged
        )
    calibrate_project(project=kafka)
    client.force_login(member)
    response = client.get(_url("mentee-mei"))
    # Offsets 0 and 1 have three committers: medians of (0, 1, 0) and (2, 1, 3).
    assert response.context["chart"]["committers_path"] == [0.0, 2.0]
    assert response.context["chart"]["own_path"] == [3]
    assert "median path of 3 committers" in response.content.decode()
