"""The REST API under /api/: content from known data, the role matrix of tests/test_roles.py
walked over every endpoint, token authentication, filters, pagination, query budgets, and
the schema and docs page."""

import os
import re
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from contributors.roles import Role
from contributors.tokens import create_token
from projects.models import ActivityMonth, Title
from tests.factories import (
    ActivityMonthFactory,
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    MentorshipFactory,
    ProjectFactory,
    TitleFactory,
)
from tests.test_roles import PRIVATE, VIEWERS, cast, people  # noqa: F401

PEOPLE_ENDPOINTS = [
    ("api-contributors", {}),
    ("api-contributor", {"slug": "mentee-mei"}),
    ("api-contributor-progress", {"slug": "mentee-mei"}),
    ("api-contributor-activity", {"slug": "mentee-mei"}),
    ("api-titles", {}),
]


def client_for(user) -> APIClient:
    client = APIClient()
    if not isinstance(user, AnonymousUser):
        client.force_authenticate(user)
    return client


def denied_status(viewer: str) -> int:
    # Anonymous callers are asked to authenticate; signed-in ones without the role refused.
    return 401 if viewer == "anonymous" else 403


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(("name", "kwargs"), PEOPLE_ENDPOINTS)
def test_it_opens_people_endpoints_to_members_only(cast, viewer, name, kwargs):  # noqa: F811
    response = client_for(cast[viewer]).get(reverse(name, kwargs=kwargs))
    expected = 200 if VIEWERS[viewer] != Role.ANONYMOUS else denied_status(viewer)
    assert response.status_code == expected


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_opens_mentees_to_mentors_and_organizers(cast, viewer):  # noqa: F811
    response = client_for(cast[viewer]).get(reverse("api-mentees"))
    allowed = VIEWERS[viewer] in (Role.MENTOR, Role.ORGANIZER)
    assert response.status_code == (200 if allowed else denied_status(viewer))


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_opens_projects_to_everyone(cast, viewer):  # noqa: F811
    assert client_for(cast[viewer]).get(reverse("api-projects")).status_code == 200


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if VIEWERS[v] != Role.ANONYMOUS])
def test_it_shows_private_parts_only_to_self_mentors_and_organizers(cast, viewer):  # noqa: F811
    client = client_for(cast[viewer])
    seen = set()
    for name, person in people(cast).items():
        body = client.get(reverse("api-contributor", kwargs={"slug": person.slug})).json()
        if body["private"] is not None:
            seen.add(name)
    assert seen == PRIVATE[viewer]
    listed = client.get(reverse("api-contributors")).json()["results"]
    slugs = {person.slug: name for name, person in people(cast).items()}
    assert {slugs[row["slug"]] for row in listed if row["private"] is not None} == PRIVATE[viewer]


def test_it_shows_a_contributor_with_emails_and_enrolments(mentor, mentee):
    person = mentee.contributor
    person.chinese_name = "梅"
    person.github_login = "meimei"
    person.save()
    IdentityFactory(kind="git_email", value="mei@example.org", contributor=person)
    project = ProjectFactory(slug="kafka")
    EnrollmentFactory(
        cohort=CohortFactory(slug="camp-2025"),
        contributor=person,
        project=project,
        mentor=mentor.contributor,
        goal="First KIP",
    )
    body = client_for(mentor).get(reverse("api-contributor", kwargs={"slug": "mentee-mei"}))
    assert body.json() == {
        "slug": "mentee-mei",
        "display_name": "Mentee Mei",
        "chinese_name": "梅",
        "github_login": "meimei",
        "apache_id": "",
        "avatar_url": "",
        "is_member": True,
        "private": {
            "emails": ["mei@example.org"],
            "enrollments": [
                {
                    "camp": "camp-2025",
                    "project": "kafka",
                    "mentor": "mentor-ming",
                    "status": "active",
                    "goal": "First KIP",
                }
            ],
        },
    }


def test_it_hides_merged_people(mentee):
    merged = ContributorFactory(slug="gone", merged_into=mentee.contributor)
    client = client_for(mentee)
    assert client.get(reverse("api-contributor", kwargs={"slug": merged.slug})).status_code == 404
    slugs = [row["slug"] for row in client.get(reverse("api-contributors")).json()["results"]]
    assert "gone" not in slugs


def test_it_searches_names_logins_and_apache_ids(mentee):
    ContributorFactory(display_name="Lin Wei", chinese_name="林偉", slug="lin")
    ContributorFactory(display_name="Other", github_login="linwei-gh", slug="gh")
    ContributorFactory(display_name="Third", apache_id="lwei", slug="asf")
    client = client_for(mentee)

    def found(q: str) -> set[str]:
        response = client.get(reverse("api-contributors"), {"q": q})
        return {row["slug"] for row in response.json()["results"]}

    assert found("林") == {"lin"}
    assert found("linwei") == {"gh"}
    assert found("LWEI") == {"asf"}
    assert found("lin") == {"lin", "gh"}


def test_it_searches_emails_for_organizers_only(organizer, mentee):
    IdentityFactory(kind="git_email", value="secret@example.org", contributor=mentee.contributor)
    url = reverse("api-contributors")
    as_organizer = client_for(organizer).get(url, {"q": "secret@"}).json()["results"]
    as_member = client_for(mentee).get(url, {"q": "secret@"}).json()["results"]
    assert [row["slug"] for row in as_organizer] == ["mentee-mei"]
    assert as_member == []


def test_it_reports_progress_in_a_project(mentee):
    project = ProjectFactory(slug="kafka")
    this_month = date.today().replace(day=1)
    ActivityMonthFactory(
        contributor=mentee.contributor,
        project=project,
        month=this_month,
        kind=ActivityMonth.Kind.PR_MERGED,
        count=3,
    )
    url = reverse("api-contributor-progress", kwargs={"slug": "mentee-mei"})
    body = client_for(mentee).get(url, {"project": "kafka"}).json()
    assert body["project"] == "kafka"
    merged = next(s for s in body["signals"] if s["signal"] == "merged_prs")
    assert merged["value"] == 3
    assert 0 < body["readiness"] <= 1
    assert body["calibration"]
    assert client_for(mentee).get(url, {"project": "nope"}).status_code == 400


@pytest.fixture
def activity(mentee):
    kafka, spark = ProjectFactory(slug="kafka"), ProjectFactory(slug="spark")
    ActivityMonthFactory(
        contributor=mentee.contributor, project=kafka, month=date(2025, 3, 1), count=5
    )
    ActivityMonthFactory(
        contributor=mentee.contributor,
        project=spark,
        month=date(2025, 1, 1),
        kind=ActivityMonth.Kind.REVIEW,
        count=2,
    )
    ActivityMonthFactory(project=kafka, month=date(2025, 3, 1), count=9)  # someone else's
    return reverse("api-contributor-activity", kwargs={"slug": "mentee-mei"})


def test_it_lists_a_persons_activity_newest_first(mentee, activity):
    body = client_for(mentee).get(activity).json()
    assert body["count"] == 2
    assert body["results"] == [
        {"month": "2025-03-01", "project": "kafka", "kind": "commit", "count": 5},
        {"month": "2025-01-01", "project": "spark", "kind": "review", "count": 2},
    ]


@pytest.mark.parametrize(
    ("params", "months"),
    [
        ({"project": "spark"}, ["2025-01-01"]),
        ({"kind": "commit"}, ["2025-03-01"]),
        ({"since": "2025-02-01"}, ["2025-03-01"]),
        ({"until": "2025-02-01"}, ["2025-01-01"]),
        ({"since": "2025-01-01", "until": "2025-03-01"}, ["2025-03-01", "2025-01-01"]),
    ],
)
def test_it_filters_activity(mentee, activity, params, months):
    body = client_for(mentee).get(activity, params).json()
    assert [row["month"] for row in body["results"]] == months


def test_it_rejects_an_unknown_activity_kind(mentee, activity):
    response = client_for(mentee).get(activity, {"kind": "bogus"})
    assert response.status_code == 400
    assert "kind" in response.json()


def test_it_paginates_activity(mentee):
    project = ProjectFactory(slug="kafka")
    ActivityMonth.objects.bulk_create(
        ActivityMonth(
            contributor=mentee.contributor, project=project, month=date(2020 + y, m, 1), count=1
        )
        for y in range(5)
        for m in range(1, 13)
    )
    url = reverse("api-contributor-activity", kwargs={"slug": "mentee-mei"})
    first = client_for(mentee).get(url).json()
    assert first["count"] == 60
    assert len(first["results"]) == 50
    second = client_for(mentee).get(first["next"]).json()
    assert len(second["results"]) == 10
    assert second["next"] is None


def test_it_lists_projects(db):
    ProjectFactory(name="Kafka", slug="kafka", jira_key="KAFKA")
    body = APIClient().get(reverse("api-projects")).json()
    assert body["results"][0]["slug"] == "kafka"
    assert body["results"][0]["jira_key"] == "KAFKA"


def test_it_lists_and_filters_titles(mentee, mentor):
    kafka, spark = ProjectFactory(slug="kafka"), ProjectFactory(slug="spark")
    TitleFactory(contributor=mentor.contributor, project=kafka, granted_on=date(2024, 5, 1))
    TitleFactory(
        contributor=mentor.contributor,
        project=spark,
        role=Title.Role.PMC_MEMBER,
        granted_on=date(2021, 5, 1),
    )
    TitleFactory(contributor=mentee.contributor, project=spark, granted_on=date(2025, 1, 1))
    client = client_for(mentee)
    url = reverse("api-titles")

    def rows(**params) -> list[tuple]:
        results = client.get(url, params).json()["results"]
        return [(r["contributor"], r["project"], r["role"]) for r in results]

    assert rows() == [
        ("mentee-mei", "spark", "committer"),
        ("mentor-ming", "kafka", "committer"),
        ("mentor-ming", "spark", "pmc_member"),
    ]
    assert rows(project="kafka") == [("mentor-ming", "kafka", "committer")]
    assert rows(role="pmc_member") == [("mentor-ming", "spark", "pmc_member")]
    assert rows(since="2024-01-01") == [
        ("mentee-mei", "spark", "committer"),
        ("mentor-ming", "kafka", "committer"),
    ]


def test_it_lists_the_signed_in_mentors_mentees(mentor, mentee):
    ContributorFactory(slug="stranger")
    body = client_for(mentor).get(reverse("api-mentees")).json()
    assert [row["slug"] for row in body["results"]] == ["mentee-mei"]
    assert body["results"][0]["private"] is not None
    assert body["results"][0]["readiness"] == 0


def test_it_lets_organizers_ask_for_any_mentors_mentees(organizer, mentor, mentee):
    url = reverse("api-mentees")
    body = client_for(organizer).get(url, {"mentor": "mentor-ming"}).json()
    assert [row["slug"] for row in body["results"]] == ["mentee-mei"]
    assert client_for(organizer).get(url).json()["results"] == []


def test_it_refuses_another_mentors_mentees_to_a_mentor(mentor, mentee):
    other = ContributorFactory(slug="other-mentor")
    MentorshipFactory(mentor=other, mentee=ContributorFactory())
    response = client_for(mentor).get(reverse("api-mentees"), {"mentor": "other-mentor"})
    assert response.status_code == 403


def test_it_authenticates_with_a_token(mentee):
    _token, key = create_token(user=mentee, name="script")
    client = APIClient()
    url = reverse("api-contributors")
    assert client.get(url).status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get(url).status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get(url).status_code == 401


def test_it_authenticates_with_a_session(client, mentee):
    client.force_login(mentee)
    assert client.get(reverse("api-contributors")).status_code == 200


def test_it_serves_a_valid_openapi_schema(db):
    response = APIClient().get(reverse("api-schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    assert "/api/contributors/{slug}/activity/" in schema["paths"]
    assert "/api/mentees/" in schema["paths"]


def test_it_generates_the_schema_without_warnings(db):
    # Warnings mean a guessed or clashing component, i.e. a schema that misdescribes a view.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", os.devnull)


def test_it_serves_the_docs_page_with_local_assets(db):
    response = APIClient().get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets
    # Static files, and the start-up script the page loads from itself (the CSP's wish).
    assert all(url.startswith(("/static/", "/api/docs/?script=")) for url in assets), assets
    assert "//" not in " ".join(assets)
    script = APIClient().get(reverse("api-docs"), {"script": ""}).content.decode()
    # No validator badge: it would send the schema's address to validator.swagger.io.
    assert '"validatorUrl": null' in script


# Query budgets: the same bound at one row and at thirty.


def many_mentees(mentor, n: int) -> None:
    project = ProjectFactory(slug="kafka")
    camp = CohortFactory()
    for _ in range(n):
        person = ContributorFactory()
        MentorshipFactory(mentor=mentor.contributor, mentee=person)
        IdentityFactory(kind="git_email", contributor=person)
        EnrollmentFactory(
            cohort=camp, contributor=person, project=project, mentor=mentor.contributor
        )
        ActivityMonthFactory(contributor=person, project=project, month=date.today().replace(day=1))
        TitleFactory(contributor=person, project=project)


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_contributors_in_fixed_queries(mentor, django_assert_max_num_queries, n):
    many_mentees(mentor, n)
    client = client_for(mentor)
    # role: organizers group, contributor of the user, mentee ids; count, page, emails,
    # enrolments
    with django_assert_max_num_queries(7):
        response = client.get(reverse("api-contributors"))
    assert len([row for row in response.json()["results"] if row["private"]]) == n + 1


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_mentees_in_fixed_queries(mentor, django_assert_max_num_queries, n):
    many_mentees(mentor, n)
    client = client_for(mentor)
    # role: organizers group, contributor of the user, mentee ids; count, page, emails,
    # enrolments; progress: rollups, GitHub reviews, reviewer credits, projects, titles
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api-mentees"))
    assert len(response.json()["results"]) == n


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_titles_in_fixed_queries(mentor, django_assert_max_num_queries, n):
    many_mentees(mentor, n)
    client = client_for(mentor)
    # role: organizers group, contributor of the user, mentee ids; count, page with people
    # and projects
    with django_assert_max_num_queries(5):
        response = client.get(reverse("api-titles"))
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_activity_in_fixed_queries(mentor, django_assert_max_num_queries, n):
    project = ProjectFactory(slug="kafka")
    ActivityMonth.objects.bulk_create(
        ActivityMonth(
            contributor=mentor.contributor, project=project, month=date(2020, 1, 1), kind=k, count=1
        )
        for k in list(ActivityMonth.Kind)[:1]
    )
    for i in range(n - 1):
        ActivityMonthFactory(
            contributor=mentor.contributor,
            project=project,
            month=date(2021 + i // 12, i % 12 + 1, 1),
        )
    client = client_for(mentor)
    # role: organizers group, contributor of the user, mentee ids; the person, count, page
    # with projects
    with django_assert_max_num_queries(6):
        response = client.get(reverse("api-contributor-activity", kwargs={"slug": "mentor-ming"}))
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [1, 30])
def test_it_lists_projects_in_fixed_queries(db, django_assert_max_num_queries, n):
    for _ in range(n):
        ProjectFactory()
    # count, page
    with django_assert_max_num_queries(2):
        response = APIClient().get(reverse("api-projects"))
    assert response.json()["count"] == n


def test_it_lets_organizers_create_tokens_in_the_admin(client, organizer, mentee):
    client.force_login(organizer)
    response = client.post(
        reverse("admin:contributors_apitoken_add"), {"user": mentee.pk, "name": "x", "days": 7}
    )
    assert response.status_code == 200  # the page that shows the key, once
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.context['key']}")
    assert api.get(reverse("api-mentees")).status_code == 403  # a mentee is no mentor
    assert api.get(reverse("api-contributors")).status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_it_shows_one_person_in_fixed_queries(mentor, django_assert_max_num_queries, n):
    project = ProjectFactory(slug="kafka")
    for i in range(n):
        IdentityFactory(kind="git_email", contributor=mentor.contributor)
        ActivityMonthFactory(
            contributor=mentor.contributor,
            project=project,
            month=date(2025 - i // 12, i % 12 + 1, 1),
            kind=ActivityMonth.Kind.PR_MERGED,
        )
    client = client_for(mentor)
    # role: organizers group, contributor of the user, mentee ids; the person, emails,
    # enrolments
    with django_assert_max_num_queries(6):
        client.get(reverse("api-contributor", kwargs={"slug": "mentor-ming"}))
    mentor.__dict__.pop("_osc4you_roles", None)  # as a new request would find it
    # role: 3 as above; the person, the project; progress: rollups, GitHub reviews, reviewer
    # credits, projects, titles
    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("api-contributor-progress", kwargs={"slug": "mentor-ming"}),
            {"project": "kafka"},
        )
    assert response.status_code == 200


def test_it_documents_the_errors_each_operation_gives(client, db):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    responses = {
        (method.upper(), path): sorted(operation["responses"])
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    assert responses["GET", "/api/projects/"] == ["200", "400", "401"]
    assert responses["GET", "/api/contributors/{slug}/"] == ["200", "401", "403", "404"]
    assert responses["POST", "/api/community/sponsorship/"] == [
        "201", "400", "401", "403", "413", "415"
    ]  # fmt: skip
    projects = schema["paths"]["/api/projects/"]["get"]["responses"]["200"]
    assert projects["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PaginatedProjectList"
    }


@pytest.mark.django_db
def test_the_api_root_lists_where_everything_is(client):
    response = client.get("/api/")

    assert response.status_code == 200
    links = response.json()
    assert links["docs"] == "http://testserver/api/docs/"
    assert links["contributors"] == "http://testserver/api/contributors/"
    for address in links.values():
        assert client.get(address).status_code in (200, 401, 403), address
