"""Bad input to the API: bodies that are not one JSON object, too deep or too large, wrong
types, huge strings, unknown or malformed query parameters and addresses. Each gets a 4xx
JSON answer naming the problem, and nothing stored changes."""

import json

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from community.models import Expense
from contributors.models import CheckInNote
from osc4you.lib.parsers import MAX_DEPTH
from tests.factories import (
    ActivityMonthFactory,
    CohortFactory,
    ContributorFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

NOTES = "/api/contributors/mentee-mei/notes/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def stored() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("contributors", "projects", "camps", "community")
    }


def post_raw(client: APIClient, url: str, body: str):
    return client.post(url, data=body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "found"),
    [("[1, 2]", "a list"), ('"a note"', "a string"), ("5", "a number"), ("null", "null")],
)
def test_it_refuses_a_body_that_is_not_an_object(mentor, mentee, body, found):
    before = stored()
    response = post_raw(api(mentor), NOTES, body)
    assert response.status_code == 400
    assert response.json() == {"detail": f"The body must be a JSON object of fields, not {found}."}
    assert stored() == before


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 100_000])
def test_it_refuses_a_body_nested_too_deeply(organizer, depth):
    before = stored()
    body = '{"name": ' + "[" * depth + "]" * depth + "}"
    response = post_raw(api(organizer), reverse("api-camps"), body)
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"The body nests objects and lists more than {MAX_DEPTH} deep."
    }
    assert stored() == before


def test_it_refuses_a_body_larger_than_the_upload_limit(organizer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = stored()
    body = json.dumps({"name": "x" * 1000, "starts_on": "2025-01-01", "ends_on": "2025-02-01"})
    response = post_raw(api(organizer), reverse("api-camps"), body)
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is larger than 1000 bytes."}
    assert stored() == before


def test_it_refuses_an_upload_larger_than_the_limit(organizer, settings):
    camp = CohortFactory()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api(organizer).post(
        reverse("api-camp-import", args=[camp.slug]),
        {"file": ("x" * 2000).encode()},
        format="multipart",
    )
    assert response.status_code == 413


def test_it_reads_form_bodies_no_more(organizer):
    response = api(organizer).post(reverse("api-camps"), {"name": "X"}, format="multipart")
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"body": ["a list"]}, "body"),
        ({"body": 5}, "body"),
        ({"body": "fine", "written_on": ["2025-01-01"]}, "written_on"),
    ],
)
def test_it_refuses_wrong_types_in_a_note(mentor, mentee, body, field):
    response = api(mentor).post(NOTES, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not CheckInNote.objects.exists()


def test_it_gives_a_note_the_pages_messages(mentor, mentee):
    for body, message in [
        ({}, "Write what you talked about."),
        ({"body": "x" * 5001}, "Keep a note under 5000 characters."),
    ]:
        response = api(mentor).post(NOTES, body, format="json")
        assert response.status_code == 400
        [(_field, [text])] = response.json().items()
        assert text.startswith(message)
    assert not CheckInNote.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": 5, "starts_on": "2025-01-01", "ends_on": "2025-02-01"}, "name"),
        ({"name": "x" * 201, "starts_on": "2025-01-01", "ends_on": "2025-02-01"}, "name"),
        (
            {"name": "X", "starts_on": "2025-01-01", "ends_on": "2025-02-01", "mentors": [1]},
            "mentors",
        ),
        (
            {
                "name": "X",
                "starts_on": "2025-01-01",
                "ends_on": "2025-02-01",
                "mentors": ["a"] * 101,
            },
            "mentors",
        ),
        (
            {
                "name": "X",
                "starts_on": "2025-01-01",
                "ends_on": "2025-02-01",
                "description": "x" * 5001,
            },
            "description",
        ),
    ],
    ids=[
        "name-a-number",
        "name-too-long",
        "mentor-a-number",
        "too-many-mentors",
        "long-description",
    ],
)
def test_it_refuses_wrong_types_and_huge_strings_for_a_camp(organizer, body, field):
    before = stored()
    response = api(organizer).post(reverse("api-camps"), body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert stored() == before


@pytest.mark.parametrize("page", ["0", "-1", "abc", "2", "9" * 5000])
def test_it_refuses_a_page_that_does_not_exist_naming_it(organizer, page):
    ProjectFactory()
    response = api(organizer).get(reverse("api-projects"), {"page": page})
    assert response.status_code == 400
    assert list(response.json()) == ["page"]


def test_it_answers_an_unknown_api_address_in_json(organizer):
    response = api(organizer).get("/api/contributors/not%20a%20slug/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_it_refuses_an_unknown_project_naming_the_parameter(organizer, mentee):
    client = api(organizer)
    for url in (
        reverse("api-contributor-progress", args=["mentee-mei"]),
        reverse("api-contributor-activity", args=["mentee-mei"]),
        reverse("api-titles"),
    ):
        response = client.get(url, {"project": "nope"})
        assert response.status_code == 400, url
        assert response.json() == {"project": ["There is no project “nope”."]}, url


def test_it_still_filters_by_a_known_project(organizer, mentee):
    kafka = ProjectFactory(slug="kafka")
    ActivityMonthFactory(contributor=mentee.contributor, project=kafka)
    ActivityMonthFactory(contributor=mentee.contributor)
    url = reverse("api-contributor-activity", args=["mentee-mei"])
    response = api(organizer).get(url, {"project": "kafka"})
    assert [row["project"] for row in response.json()["results"]] == ["kafka"]


def test_it_refuses_an_unknown_mentor_naming_the_parameter(organizer):
    response = api(organizer).get(reverse("api-mentees"), {"mentor": "nobody"})
    assert response.status_code == 400
    assert response.json() == {"mentor": ["Nobody has the slug “nobody”."]}


# A NUL character fails any PostgreSQL query comparing with it (a 500 before, on PostgreSQL).


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/community/sponsorship/?camp=a%00b", "camp"),
        ("/api/titles/?project=%00", "project"),
        ("/people/?q=%00", "q"),
        ("/community/?project=kafka%00", "project"),
        ("/mentor/?mentor=%00", "mentor"),
    ],
)
def test_it_refuses_a_nul_in_a_parameter_naming_it(client, organizer, url, name):
    client.force_login(organizer)
    response = client.get(url)
    assert response.status_code == 400
    message = f"The parameter “{name}” holds a NUL character."
    if url.startswith("/api/"):
        assert response.json() == {name: [message]}
    else:
        assert response.content.decode() == message


def test_it_refuses_a_nul_in_a_slug_of_a_body(organizer):
    person = ContributorFactory()
    expense = Expense.objects.create(
        spent_on="2025-01-01", person=person, category="travel", amount=3, currency="TWD"
    )
    before = stored()
    url = reverse("api-expense", args=[expense.pk])
    for body in ({"person": "a\x00b"}, {"camp": "a\x00b"}, {"person": 5}):
        response = api(organizer).patch(url, body, format="json")
        assert response.status_code == 400
        assert list(response.json()) == list(body)
    assert stored() == before
