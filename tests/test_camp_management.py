"""Camp management pages and their API twin: the list of camps, creating and editing a camp,
enrolling people one by one, pairing mentors and changing status (with the camp's
mentorships following), who may do what, and query budgets."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from camps import enrolling
from camps.forms import CampForm
from camps.models import Cohort, Enrollment
from contributors.models import Contributor, Identity, Mentorship
from osc4you.demo import plan_demo
from osc4you.demo.cast import CAMPS
from tests.factories import (
    CohortFactory,
    ContributorFactory,
    EnrollmentFactory,
    IdentityFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STARTS, ENDS = date(2025, 1, 1), date(2025, 5, 31)
DURING, BEFORE, AFTER = date(2025, 2, 10), date(2024, 12, 20), date(2025, 7, 1)


@pytest.fixture
def kafka():
    return ProjectFactory(name="Kafka", slug="kafka")


@pytest.fixture
def ozone():
    return ProjectFactory(name="Ozone", slug="ozone")


@pytest.fixture
def wang():
    return ContributorFactory(display_name="Wang Ming", slug="wang-ming", github_login="wangming")


@pytest.fixture
def chen():
    return ContributorFactory(display_name="Chen Hui", slug="chen-hui", github_login="chenhui")


@pytest.fixture
def camp(kafka, ozone, wang, chen):
    cohort = CohortFactory(name="Spinach", slug="spinach", starts_on=STARTS, ends_on=ENDS)
    cohort.projects.set([kafka, ozone])
    cohort.mentors.set([wang, chen])
    return cohort


# Who may do what ---------------------------------------------------------------------------

WRITES = [
    ("get", "camps:create", False, {}),
    (
        "post",
        "camps:create",
        False,
        {"name": "X", "starts_on": "2025-01-01", "ends_on": "2025-02-01"},
    ),
    ("get", "camps:edit", True, {}),
    (
        "post",
        "camps:edit",
        True,
        {"name": "Renamed", "starts_on": "2025-01-01", "ends_on": "2025-02-01"},
    ),
    ("get", "camps:participants", True, {}),
    ("post", "camps:participants", True, {"who": "wangming"}),
    ("get", "camps:import", True, {}),
    ("get", "camps:import-template", True, {}),
]


def _url(name: str, camp, with_slug: bool) -> str:
    return reverse(name, args=[camp.slug]) if with_slug else reverse(name)


@pytest.mark.parametrize(("method", "name", "with_slug", "data"), WRITES)
def test_it_sends_anonymous_visitors_to_sign_in(client, camp, method, name, with_slug, data):
    response = getattr(client, method)(_url(name, camp, with_slug), data)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("viewer", ["outsider", "member", "mentee", "mentor"])
@pytest.mark.parametrize(("method", "name", "with_slug", "data"), WRITES)
def test_it_refuses_everyone_but_organizers(
    client, request, camp, viewer, method, name, with_slug, data
):
    client.force_login(request.getfixturevalue(viewer))
    before = (Cohort.objects.count(), Enrollment.objects.count(), Cohort.objects.get().name)
    response = getattr(client, method)(_url(name, camp, with_slug), data)
    assert response.status_code == 403
    assert (Cohort.objects.count(), Enrollment.objects.count(), Cohort.objects.get().name) == before


def test_it_refuses_a_camp_mentor_who_is_not_an_organizer(client, camp, wang):
    user = UserFactory(username="wang")
    wang.user = user
    wang.save()
    client.force_login(user)
    assert client.get(reverse("camps:participants", args=[camp.slug])).status_code == 403
    enrollment = EnrollmentFactory(cohort=camp, mentor=wang, project=camp.projects.first())
    response = client.post(
        reverse("camps:participant-update", args=[camp.slug, enrollment.pk]),
        {"status": "dropped"},
    )
    assert response.status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ACTIVE


@pytest.mark.parametrize(("method", "name", "with_slug", "data"), WRITES)
def test_it_lets_organizers_in(client, organizer, camp, method, name, with_slug, data):
    client.force_login(organizer)
    response = getattr(client, method)(_url(name, camp, with_slug), data)
    assert response.status_code in (200, 302)


def test_the_list_is_for_members(client, camp, outsider, member):
    url = reverse("camps:list")
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(member)
    assert client.get(url).status_code == 200


# The list ----------------------------------------------------------------------------------


def test_it_lists_camps_with_their_counts(client, camp, member, kafka):
    for status in ["active", "active", "graduated", "dropped"]:
        EnrollmentFactory(cohort=camp, status=status, project=kafka, mentor=None)
    CohortFactory(
        name="Coriander", slug="coriander", starts_on=date(2024, 1, 1), ends_on=date(2024, 5, 1)
    )
    client.force_login(member)
    response = client.get(reverse("camps:list"))
    rows = response.context["rows"]
    assert [row.cohort.name for row in rows] == ["Spinach", "Coriander"]
    spinach = rows[0]
    assert (spinach.participants, spinach.active, spinach.graduated, spinach.dropped) == (
        4,
        2,
        1,
        1,
    )
    assert [project.name for project in spinach.projects] == ["Kafka", "Ozone"]
    assert len(spinach.mentors) == 2
    text = response.content.decode()
    assert "New camp" not in text
    assert reverse("camps:edit", args=["spinach"]) not in text


def test_organizers_see_the_actions(client, camp, organizer):
    client.force_login(organizer)
    text = client.get(reverse("camps:list")).content.decode()
    assert "New camp" in text
    for name in ("camps:edit", "camps:participants", "camps:import"):
        assert reverse(name, args=["spinach"]) in text


@pytest.mark.parametrize("camps", [1, 12])
def test_the_list_reads_in_a_fixed_number_of_queries(
    client, member, camps, kafka, django_assert_max_num_queries
):
    for _n in range(camps):
        cohort = CohortFactory()
        cohort.projects.set([kafka])
        cohort.mentors.set([ContributorFactory()])
        EnrollmentFactory.create_batch(3, cohort=cohort, project=kafka)
    client.force_login(member)
    # session, user, roles (organizer group, own contributor, mentees), camps with counts,
    # their projects, their mentors: 8.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("camps:list"))
    assert len(response.context["rows"]) == camps


# Creating and editing a camp ---------------------------------------------------------------


def _camp_data(**overrides) -> dict:
    data = {
        "name": "Spinach Bun Camp",
        "slug": "",
        "starts_on": "2025-09-01",
        "ends_on": "2026-01-31",
        "description": "",
        "projects": [],
        "mentors": "",
    }
    data.update(overrides)
    return data


def test_it_creates_a_camp(client, organizer, kafka, wang, chen):
    wang.apache_id = "wming"
    wang.save()
    client.force_login(organizer)
    response = client.post(
        reverse("camps:create"),
        _camp_data(projects=[kafka.pk], mentors="@wangming, chen-hui\nWMING"),
    )
    camp = Cohort.objects.get()
    assert response["Location"] == reverse("camps:participants", args=["spinach-bun-camp"])
    assert (camp.name, camp.slug, camp.starts_on, camp.ends_on) == (
        "Spinach Bun Camp",
        "spinach-bun-camp",
        date(2025, 9, 1),
        date(2026, 1, 31),
    )
    assert list(camp.projects.all()) == [kafka]
    assert set(camp.mentors.all()) == {wang, chen}


def test_it_makes_a_slug_for_a_chinese_name_and_avoids_taken_ones(client, organizer):
    CohortFactory(slug="camp-2025-09")
    client.force_login(organizer)
    client.post(reverse("camps:create"), _camp_data(name="菠菜饅頭營"))
    assert Cohort.objects.filter(name="菠菜饅頭營", slug="camp-2025-09-2").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "2025-08-31"}, "ends_on", "A camp cannot end before it starts."),
        ({"name": ""}, "name", "This field is required."),
        ({"starts_on": "someday"}, "starts_on", "Enter a valid date."),
        ({"slug": "new"}, "slug", "“new” is taken by a page of its own; choose another slug."),
        ({"slug": "taken"}, "slug", "Camp with this Slug already exists."),
        ({"slug": "not a slug"}, "slug", "Enter a valid “slug”"),
        (
            {"mentors": "wangming nobody1 nobody2"},
            "mentors",
            "Nobody has the GitHub login, slug or Apache id: nobody1, nobody2.",
        ),
    ],
)
def test_it_refuses_a_bad_camp_naming_the_problem(
    client, organizer, wang, overrides, field, message
):
    CohortFactory(slug="taken")
    client.force_login(organizer)
    response = client.post(reverse("camps:create"), _camp_data(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert Cohort.objects.count() == 1


def test_it_refuses_a_mentor_handle_naming_two_people(organizer, wang):
    ContributorFactory(display_name="Other", slug="wangming")
    form = CampForm(data=_camp_data(mentors="wangming"))
    assert not form.is_valid()
    assert form.errors["mentors"] == [
        "“wangming” names several people: Wang Ming (@wangming), Other (wangming)"
    ]


def test_it_edits_a_camp_showing_mentors_by_login(client, organizer, camp, kafka, wang):
    client.force_login(organizer)
    form = client.get(reverse("camps:edit", args=[camp.slug])).context["form"]
    assert form["mentors"].value() == "chenhui, wangming"
    response = client.post(
        reverse("camps:edit", args=[camp.slug]),
        _camp_data(name="Spinach 2", slug="spinach", projects=[kafka.pk], mentors="wangming"),
    )
    assert response.status_code == 302
    camp.refresh_from_db()
    assert (camp.name, camp.slug) == ("Spinach 2", "spinach")
    assert list(camp.projects.all()) == [kafka]
    assert list(camp.mentors.all()) == [wang]


def test_it_keeps_projects_and_mentors_that_participants_are_paired_with(
    client, organizer, camp, kafka, ozone, wang
):
    EnrollmentFactory.create_batch(2, cohort=camp, project=ozone, mentor=wang)
    client.force_login(organizer)
    response = client.post(
        reverse("camps:edit", args=[camp.slug]),
        _camp_data(name="Spinach", slug="spinach", projects=[kafka.pk], mentors="chenhui"),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["projects"] == [
        "Ozone is the project of 2 participants; give them another project on the "
        "participants page first."
    ]
    assert errors["mentors"] == [
        "Wang Ming (@wangming) mentors 2 participants of this camp; pair them with someone "
        "else on the participants page first."
    ]
    assert set(camp.projects.all()) == {kafka, ozone}
    assert wang in camp.mentors.all()


# Enrolling one person ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["someone", "@SomeOne", "some-one-slug", "some@example.org", "apacheid"]
)
def test_it_enrols_someone_found_by_login_slug_email_or_apache_id(
    client, organizer, camp, kafka, wang, who
):
    person = ContributorFactory(
        display_name="Some One",
        slug="some-one-slug",
        github_login="someone",
        apache_id="apacheid",
        is_member=False,
    )
    IdentityFactory(contributor=person, value="some@example.org")
    client.force_login(organizer)
    response = client.post(
        reverse("camps:participants", args=[camp.slug]),
        {"who": who, "project": kafka.pk, "mentor": wang.pk, "goal": "Ship KIP-1"},
    )
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(cohort=camp, contributor=person)
    assert (enrollment.project, enrollment.mentor, enrollment.goal) == (kafka, wang, "Ship KIP-1")
    person.refresh_from_db()
    assert person.is_member
    assert Mentorship.objects.filter(
        mentor=wang, mentee=person, cohort=camp, project=kafka
    ).exists()


def test_it_creates_a_new_member_from_a_name_and_login(client, organizer, camp):
    client.force_login(organizer)
    response = client.post(
        reverse("camps:participants", args=[camp.slug]), {"who": "new-person", "name": "林新人"}
    )
    assert response.status_code == 302
    person = Contributor.objects.get(github_login="new-person")
    assert (person.display_name, person.slug, person.is_member, person.origin) == (
        "林新人",
        "new-person",
        True,
        Contributor.Origin.MANUAL,
    )
    assert person.identities.get().kind == Identity.Kind.GITHUB
    assert Enrollment.objects.filter(cohort=camp, contributor=person).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"who": "unknown"},
            "Nobody has the GitHub login, email, slug or Apache id “unknown”. To enrol someone "
            "new, give their name as well.",
        ),
        ({"who": "bad login!", "name": "Bad"}, "“bad login!” is not a GitHub login"),
        ({"who": "bad@", "name": "Bad"}, "“bad@” is not a valid email address."),
        ({"who": "chenhui", "mentor": "stranger"}, "Select a valid choice."),
        ({"who": "enrolled"}, "Enrolled Person (@enrolled) is already enrolled in this camp."),
    ],
)
def test_it_refuses_a_bad_enrolment_naming_the_problem(client, organizer, camp, data, message):
    EnrollmentFactory(
        cohort=camp,
        contributor=ContributorFactory(display_name="Enrolled Person", github_login="enrolled"),
    )
    if data.get("mentor") == "stranger":  # a crafted POST: not one of the camp's mentors
        data = {**data, "mentor": ContributorFactory().pk}
    before = (Contributor.objects.count(), Enrollment.objects.count())
    client.force_login(organizer)
    response = client.post(reverse("camps:participants", args=[camp.slug]), data)
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert (Contributor.objects.count(), Enrollment.objects.count()) == before


def test_it_refuses_a_mentor_or_project_outside_the_camp(camp, kafka):
    stranger = ContributorFactory(display_name="Stranger", slug="stranger")
    airflow = ProjectFactory(name="Airflow", slug="airflow")
    person = ContributorFactory()
    with pytest.raises(enrolling.ValidationError) as refused:
        enrolling.enrol(cohort=camp, contributor=person, project=airflow, mentor=stranger)
    assert refused.value.messages == [
        "Airflow is not one of this camp's projects.",
        "Stranger (stranger) is not one of this camp's mentors: add them to the camp first.",
    ]
    with pytest.raises(enrolling.ValidationError, match="cannot mentor themselves"):
        enrolling.enrol(cohort=camp, contributor=camp.mentors.first(), mentor=camp.mentors.first())
    assert not Enrollment.objects.exists()


# Pairing mentors and changing status ------------------------------------------------------


def _enrol(camp, person, mentor, project, today):
    return enrolling.enrol(
        cohort=camp, contributor=person, project=project, mentor=mentor, today=today
    )


def _update(enrollment, today, **changes):
    values = {
        "project": enrollment.project,
        "mentor": enrollment.mentor,
        "status": enrollment.status,
        "goal": enrollment.goal,
        **changes,
    }
    return enrolling.update_enrollment(enrollment=enrollment, today=today, **values)


def _mentorships(person) -> list[tuple]:
    return list(
        Mentorship.objects.filter(mentee=person)
        .order_by("pk")
        .values_list("mentor__slug", "project__slug", "started_on", "ended_on")
    )


def test_a_mentorship_opens_with_the_enrolment_and_closes_with_its_status(camp, wang, kafka):
    person = ContributorFactory()
    enrollment = _enrol(camp, person, wang, kafka, DURING)
    assert _mentorships(person) == [("wang-ming", "kafka", DURING, None)]
    later = DURING + timedelta(days=30)
    _update(enrollment, later, status=Enrollment.Status.DROPPED)
    assert _mentorships(person) == [("wang-ming", "kafka", DURING, later)]
    _update(enrollment, later, status=Enrollment.Status.ACTIVE)
    assert _mentorships(person) == [("wang-ming", "kafka", DURING, None)]
    _update(enrollment, AFTER, status=Enrollment.Status.GRADUATED)
    assert _mentorships(person) == [("wang-ming", "kafka", DURING, ENDS)]


def test_a_past_camp_recorded_later_gets_the_camps_own_dates(camp, wang, kafka):
    person = ContributorFactory()
    enrollment = _enrol(camp, person, wang, kafka, AFTER)
    assert _mentorships(person) == [("wang-ming", "kafka", STARTS, None)]
    _update(enrollment, AFTER, status=Enrollment.Status.GRADUATED)
    assert _mentorships(person) == [("wang-ming", "kafka", STARTS, ENDS)]


def test_pairing_someone_else_closes_the_previous_mentorship(camp, wang, chen, kafka, ozone):
    person = ContributorFactory()
    enrollment = _enrol(camp, person, wang, kafka, DURING)
    later = DURING + timedelta(days=10)
    _update(enrollment, later, mentor=chen)
    _update(enrollment, later, project=ozone)
    assert _mentorships(person) == [
        ("wang-ming", "kafka", DURING, later),
        ("chen-hui", "kafka", later, later),
        ("chen-hui", "ozone", later, None),
    ]
    _update(enrollment, later, mentor=None)
    assert _mentorships(person)[-1] == ("chen-hui", "ozone", later, later)


def test_a_pairing_changed_before_the_camp_leaves_no_trace(camp, wang, chen, kafka):
    person = ContributorFactory()
    enrollment = _enrol(camp, person, wang, kafka, BEFORE)
    assert _mentorships(person) == [("wang-ming", "kafka", STARTS, None)]
    _update(enrollment, BEFORE, mentor=chen)
    assert _mentorships(person) == [("chen-hui", "kafka", STARTS, None)]


def test_the_mentor_sees_the_participant_as_a_mentee(client, camp, mentor, kafka):
    camp.mentors.add(mentor.contributor)
    person = ContributorFactory(display_name="Camp Kid")
    _enrol(camp, person, mentor.contributor, kafka, DURING)
    client.force_login(mentor)
    rows = client.get(reverse("mentor-dashboard")).context["rows"]
    assert person in [row.contributor for row in rows]


def test_the_participants_page_saves_a_row(client, organizer, camp, wang, chen, kafka, ozone):
    person = ContributorFactory(display_name="Row Person")
    enrollment = _enrol(camp, person, wang, kafka, DURING)
    client.force_login(organizer)
    response = client.post(
        reverse("camps:participant-update", args=[camp.slug, enrollment.pk]),
        {
            "project": ozone.pk,
            "mentor": chen.pk,
            "status": "graduated",
            "goal": "Become a committer",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/participants/#participant-{enrollment.pk}")
    enrollment.refresh_from_db()
    assert (enrollment.project, enrollment.mentor, enrollment.status, enrollment.goal) == (
        ozone,
        chen,
        "graduated",
        "Become a committer",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"status": "expelled"},
            "Status: Select a valid choice. expelled is not one of the available choices.",
        ),
        ({"status": "active", "project": "999999"}, "Project: Select a valid choice."),
    ],
)
def test_the_participants_page_refuses_a_bad_row(
    client, organizer, camp, wang, kafka, data, message
):
    enrollment = _enrol(camp, ContributorFactory(), wang, kafka, DURING)
    client.force_login(organizer)
    response = client.post(
        reverse("camps:participant-update", args=[camp.slug, enrollment.pk]), data
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.project) == ("active", kafka)


def test_the_participants_page_lists_and_filters_by_status(client, organizer, camp, kafka):
    EnrollmentFactory(
        cohort=camp,
        contributor=ContributorFactory(display_name="Active A"),
        project=kafka,
        mentor=None,
    )
    EnrollmentFactory(
        cohort=camp,
        contributor=ContributorFactory(display_name="Dropped D"),
        status="dropped",
        project=kafka,
        mentor=None,
    )
    client.force_login(organizer)
    url = reverse("camps:participants", args=[camp.slug])
    page = client.get(url).context["page"]
    assert [e.contributor.display_name for e in page.enrollments] == ["Active A", "Dropped D"]
    assert page.tabs == [
        ("active", "active", 1),
        ("graduated", "graduated", 0),
        ("dropped", "dropped", 1),
    ]
    page = client.get(url, {"status": "dropped"}).context["page"]
    assert [e.contributor.display_name for e in page.enrollments] == ["Dropped D"]


@pytest.mark.parametrize("participants", [1, 30])
def test_the_participants_page_reads_in_a_fixed_number_of_queries(
    client, organizer, camp, wang, kafka, participants, django_assert_max_num_queries
):
    for _ in range(participants):
        EnrollmentFactory(cohort=camp, project=kafka, mentor=wang)
    client.force_login(organizer)
    # session, user, camp, enrolments with people, projects and mentors, camp projects,
    # camp mentors, the enrol form's project and mentor choices, the header's own person: 9.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("camps:participants", args=[camp.slug]))
    assert len(response.context["page"].enrollments) == participants


# The API twin ------------------------------------------------------------------------------


def api_for(user=None) -> APIClient:
    api = APIClient()
    if user is not None:
        api.force_authenticate(user)
    return api


def test_the_api_lists_camps_to_members(camp, member, outsider, kafka):
    EnrollmentFactory(cohort=camp, project=kafka, status="graduated")
    assert api_for().get(reverse("api-camps")).status_code == 401
    assert api_for(outsider).get(reverse("api-camps")).status_code == 403
    response = api_for(member).get(reverse("api-camps"))
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "spinach",
            "name": "Spinach",
            "description": "",
            "starts_on": "2025-01-01",
            "ends_on": "2025-05-31",
            "projects": ["kafka", "ozone"],
            "mentors": ["chen-hui", "wang-ming"],
            "participants": 1,
            "statuses": {"active": 0, "graduated": 1, "dropped": 0},
        }
    ]


@pytest.mark.parametrize("viewer", ["member", "mentor"])
def test_the_api_lets_only_organizers_write(request, camp, viewer, wang):
    api = api_for(request.getfixturevalue(viewer))
    assert api.post(reverse("api-camps"), {"name": "X"}, format="json").status_code == 403
    settings_url = reverse("api-camp-settings", args=[camp.slug])
    assert api.patch(settings_url, {"name": "X"}, format="json").status_code == 403
    enrol_url = reverse("api-camp-enrollments", args=[camp.slug])
    assert api.post(enrol_url, {"who": "wangming"}, format="json").status_code == 403
    assert Cohort.objects.get().name == "Spinach"
    assert not Enrollment.objects.exists()


def test_the_api_creates_and_changes_a_camp(organizer, kafka, wang):
    api = api_for(organizer)
    response = api.post(
        reverse("api-camps"),
        {
            "name": "Bun",
            "starts_on": "2025-01-01",
            "ends_on": "2025-03-01",
            "projects": ["kafka"],
            "mentors": ["wangming"],
        },
        format="json",
    )
    assert response.status_code == 201
    assert (response.json()["slug"], response.json()["mentors"]) == ("bun", ["wang-ming"])
    url = reverse("api-camp-settings", args=["bun"])
    response = api.patch(url, {"ends_on": "2024-12-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"ends_on": ["A camp cannot end before it starts."]}
    response = api.patch(url, {"projects": ["nope"]}, format="json")
    assert response.json() == {"projects": ["No project has the slug: nope."]}
    response = api.patch(url, {"description": "Buns.", "mentors": []}, format="json")
    assert response.status_code == 200
    assert (response.json()["description"], response.json()["mentors"]) == ("Buns.", [])
    assert response.json()["projects"] == ["kafka"]
    assert api.get(url).json()["description"] == "Buns."
    assert api.get(reverse("api-camp-settings", args=["nope"])).status_code == 404


def test_the_api_enrols_and_changes_an_enrolment(organizer, camp, wang, chen, kafka):
    api = api_for(organizer)
    url = reverse("api-camp-enrollments", args=[camp.slug])
    response = api.post(
        url,
        {"who": "newbie", "name": "New Bie", "project": "kafka", "mentor": "wangming"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["person"]["slug"], body["project"], body["mentor"], body["status"]) == (
        "new-bie",
        "kafka",
        "wang-ming",
        "active",
    )
    detail = reverse("api-camp-enrollment", args=[camp.slug, body["id"]])
    response = api.patch(detail, {"mentor": "chen-hui", "status": "dropped"}, format="json")
    assert response.status_code == 200
    assert (response.json()["mentor"], response.json()["status"]) == ("chen-hui", "dropped")
    response = api.patch(detail, {"project": "flink"}, format="json")
    assert response.json() == {"project": ["“flink” is not one of this camp's projects."]}
    stranger = ContributorFactory(display_name="Stranger", slug="stranger")
    response = api.patch(detail, {"mentor": stranger.slug}, format="json")
    assert response.json() == {
        "mentor": [
            "Stranger (stranger) is not one of this camp's mentors: add them to the camp first."
        ]
    }
    response = api.post(url, {"who": "newbie"}, format="json")
    assert response.json() == {
        "non_field_errors": ["New Bie (@newbie) is already enrolled in this camp."]
    }


def test_the_api_shows_status_and_goal_only_to_who_may_see_them(
    camp, mentor, mentee, member, organizer, kafka
):
    camp.mentors.add(mentor.contributor)
    EnrollmentFactory(
        cohort=camp,
        contributor=mentee.contributor,
        mentor=mentor.contributor,
        project=kafka,
        goal="Ship KIP-1",
    )
    EnrollmentFactory(
        cohort=camp, contributor=member.contributor, mentor=None, project=kafka, goal="Mine"
    )
    url = reverse("api-camp-enrollments", args=[camp.slug])

    def seen(user) -> dict[str, tuple]:
        rows = api_for(user).get(url).json()["results"]
        return {row["person"]["slug"]: (row["status"], row["goal"]) for row in rows}

    assert seen(organizer) == {
        "mentee-mei": ("active", "Ship KIP-1"),
        "member-mu": ("active", "Mine"),
    }
    assert seen(mentee) == {"mentee-mei": ("active", "Ship KIP-1"), "member-mu": (None, None)}
    assert seen(member) == {"mentee-mei": (None, None), "member-mu": ("active", "Mine")}
    # A mentor of the camp sees everyone's status (the camp page's rule), only their
    # mentees' goals.
    assert seen(mentor) == {"mentee-mei": ("active", "Ship KIP-1"), "member-mu": ("active", None)}


@pytest.mark.parametrize("participants", [1, 30])
def test_the_api_lists_enrolments_in_a_fixed_number_of_queries(
    camp, member, kafka, participants, django_assert_max_num_queries
):
    for _ in range(participants):
        EnrollmentFactory(cohort=camp, project=kafka, mentor=camp.mentors.first())
    # user roles (organizer group, own contributor, mentees), camp, enrolments, camp
    # projects and mentors, camp staff: 8.
    with django_assert_max_num_queries(8):
        response = api_for(member).get(reverse("api-camp-enrollments", args=[camp.slug]))
    assert response.json()["count"] == participants


# The demo -----------------------------------------------------------------------------------


def test_the_demo_camps_name_their_mentors():
    plan = plan_demo(today=date(2025, 6, 1))
    for camp in CAMPS:
        paired = {mentor for _mentee, mentor, _status in camp.enrolments}
        assert {person.github_login for person in plan.cohort_mentors[camp.slug]} == paired


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"starts_on": "9999-01-01", "ends_on": "9999-12-31"}, "starts_on"),
        ({"starts_on": "1999-09-01", "ends_on": "2000-02-01"}, "starts_on"),
        ({"starts_on": "2025-01-01", "ends_on": "2099-01-01"}, "ends_on"),
    ],
    ids=["year-9999", "before-2000", "ends-far-ahead"],
)
def test_the_api_refuses_camp_dates_out_of_range_and_changes_nothing(organizer, camp, dates, field):
    api = api_for(organizer)
    before = list(Cohort.objects.order_by("pk").values_list())
    created = api.post(reverse("api-camps"), {"name": "Far", **dates}, format="json")
    changed = api.patch(reverse("api-camp-settings", args=[camp.slug]), dates, format="json")
    for response in (created, changed):
        assert response.status_code == 400
        assert response.json()[field][0].startswith("Enter a date between 2000-01-01 and ")
    assert list(Cohort.objects.order_by("pk").values_list()) == before
    # Its figures still compute: a year-9999 camp made them overflow.
    assert api.get(reverse("api-camp-figures", args=[camp.slug])).status_code == 200


def test_the_participants_page_names_people_in_both_scripts(client, organizer, camp, wang, kafka):
    person = ContributorFactory(display_name="Lin Pei-Shan", chinese_name="林佩珊")
    _enrol(camp, person, wang, kafka, DURING)
    client.force_login(organizer)

    text = client.get(reverse("camps:participants", args=[camp.slug])).content.decode()

    assert 'Lin Pei-Shan</a> <span class="chinese-name">林佩珊</span>' in text
