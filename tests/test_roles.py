"""The role matrix over contributors/roles.py: who is what, and who sees whose private parts.

The cast (tests/conftest.py) plus a colleague (a contributor who mentors nobody), a staff
user outside the organizers group, an organizer by group, and a former mentee. The pages and
the API reuse ``VIEWERS`` and ``PRIVATE`` to walk the same matrix.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from camps.models import Enrollment
from contributors.models import Contributor
from contributors.roles import (
    ORGANIZERS_GROUP,
    IsMentorOrOrganizer,
    IsOrganizer,
    Role,
    can_view_mentor_dashboard,
    can_view_private,
    is_organizer,
    mentee_ids_of,
    mentees_of,
    mentor_or_organizer_required,
    organizer_required,
    role_of,
)
from tests.factories import ContributorFactory, EnrollmentFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Viewers, each with the role they hold.
VIEWERS = {
    "anonymous": Role.ANONYMOUS,
    "outsider": Role.ANONYMOUS,  # signed in, linked to nobody
    "staff": Role.ANONYMOUS,  # is_staff alone is no role
    "colleague": Role.CONTRIBUTOR,
    "mentee": Role.CONTRIBUTOR,
    "mentor": Role.MENTOR,
    "organizer": Role.ORGANIZER,  # a superuser
    "group_organizer": Role.ORGANIZER,
}

# Whose private parts each viewer sees, among the mentee, the mentor, the colleague and
# the former mentee.
PRIVATE = {
    "anonymous": set(),
    "outsider": set(),
    "staff": set(),
    "colleague": {"colleague"},
    "mentee": {"mentee"},
    "mentor": {"mentor", "mentee"},
    "organizer": {"mentee", "mentor", "colleague", "former_mentee"},
    "group_organizer": {"mentee", "mentor", "colleague", "former_mentee"},
}


@pytest.fixture
def cast(mentor, mentee, outsider, organizer) -> dict:
    colleague = UserFactory(username="colleague")
    ContributorFactory(display_name="Colleague Chen", slug="colleague-chen", user=colleague)
    former = ContributorFactory(display_name="Former Fang", slug="former-fang")
    MentorshipFactory(
        mentor=mentor.contributor,
        mentee=former,
        ended_on=timezone.localdate() - timedelta(days=1),
    )
    group_organizer = UserFactory(username="group-organizer")
    group_organizer.groups.add(Group.objects.get(name=ORGANIZERS_GROUP))
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "staff": UserFactory(username="staff", is_staff=True),
        "colleague": colleague,
        "mentee": mentee,
        "mentor": mentor,
        "organizer": organizer,
        "group_organizer": group_organizer,
    }


def people(cast: dict) -> dict[str, Contributor]:
    return {
        "mentee": cast["mentee"].contributor,
        "mentor": cast["mentor"].contributor,
        "colleague": cast["colleague"].contributor,
        "former_mentee": Contributor.objects.get(slug="former-fang"),
    }


def test_the_migration_creates_the_organizers_group():
    assert Group.objects.filter(name=ORGANIZERS_GROUP).count() == 1


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_gives_each_user_their_role(cast, viewer):
    assert role_of(cast[viewer]) == VIEWERS[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_shows_private_parts_only_to_self_mentors_and_organizers(cast, viewer):
    seen = {name for name, person in people(cast).items() if can_view_private(cast[viewer], person)}
    assert seen == PRIVATE[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_it_opens_the_mentor_dashboard_to_mentors_and_organizers(cast, viewer):
    allowed = VIEWERS[viewer] in (Role.MENTOR, Role.ORGANIZER)
    assert can_view_mentor_dashboard(cast[viewer]) is allowed
    assert is_organizer(cast[viewer]) is (VIEWERS[viewer] == Role.ORGANIZER)


def test_it_lists_current_mentees_from_mentorships_and_enrolments(cast):
    mentor = cast["mentor"]
    enrolled = EnrollmentFactory(mentor=mentor.contributor).contributor
    EnrollmentFactory(mentor=mentor.contributor, status=Enrollment.Status.GRADUATED)
    assert list(mentees_of(mentor)) == sorted(
        [cast["mentee"].contributor, enrolled], key=lambda c: c.display_name
    )
    assert mentee_ids_of(cast["colleague"]) == frozenset()
    assert mentee_ids_of(cast["anonymous"]) == frozenset()


def test_it_makes_a_mentor_of_an_enrolment_mentor_alone(db):
    user = UserFactory(username="camp-mentor")
    EnrollmentFactory(mentor=ContributorFactory(user=user))
    assert role_of(user) == Role.MENTOR


def test_an_inactive_user_has_no_role(cast):
    for name in ("mentor", "organizer", "group_organizer"):
        user = cast[name]
        user.is_active = False
        user.save()
        user.refresh_from_db()
        assert role_of(user) == Role.ANONYMOUS
        assert not can_view_private(user, cast["mentee"].contributor)


def test_it_asks_the_database_once_per_user(cast, django_assert_num_queries):
    mentor = cast["mentor"]
    with django_assert_num_queries(3):  # group, contributor, mentees (one union)
        for _ in range(3):
            role_of(mentor)
            can_view_private(mentor, cast["mentee"].contributor)


def _view(request):
    return HttpResponse("ok")


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize(
    ("decorator", "permission", "roles"),
    [
        (organizer_required, IsOrganizer, {Role.ORGANIZER}),
        (mentor_or_organizer_required, IsMentorOrOrganizer, {Role.MENTOR, Role.ORGANIZER}),
    ],
)
def test_the_view_decorators_and_api_permissions_agree(cast, viewer, decorator, permission, roles):
    user = cast[viewer]
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user
    allowed = VIEWERS[viewer] in roles
    if allowed:
        assert decorator(_view)(request).status_code == 200
    elif user.is_authenticated:
        with pytest.raises(PermissionDenied):
            decorator(_view)(request)
    else:
        response = decorator(_view)(request)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/somewhere/%3Fx%3D1"
    api_request = APIRequestFactory().get("/api/")
    api_request.user = user
    assert permission().has_permission(api_request, None) is allowed
