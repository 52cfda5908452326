"""The role matrix of tests/test_roles.py walked over the pages, as tests/test_api.py walks
it over the API: the same viewers, the same answers."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from contributors.models import Identity
from contributors.roles import Role
from tests.factories import CheckInNoteFactory, IdentityFactory
from tests.test_roles import PRIVATE, VIEWERS, cast, people  # noqa: F401

pytestmark = pytest.mark.django_db

MEMBERS = {Role.CONTRIBUTOR, Role.MENTOR, Role.ORGANIZER}


def client_for(user) -> Client:
    client = Client()
    if not isinstance(user, AnonymousUser):
        client.force_login(user)
    return client


def expect(viewer: str, allowed: bool) -> int:
    """200 when allowed; anonymous visitors are sent to sign in, others refused."""
    if allowed:
        return 200
    return 302 if viewer == "anonymous" else 403


@pytest.mark.parametrize("viewer", VIEWERS)
def test_everyone_sees_the_home_page(cast, viewer):  # noqa: F811
    assert client_for(cast[viewer]).get("/").status_code == 200


@pytest.mark.parametrize("viewer", VIEWERS)
def test_people_pages_are_for_members(cast, viewer):  # noqa: F811
    client = client_for(cast[viewer])
    allowed = VIEWERS[viewer] in MEMBERS
    assert client.get("/people/", {"q": "mei"}).status_code == expect(viewer, allowed)
    for person in people(cast).values():
        assert client.get(f"/people/{person.slug}/").status_code == expect(viewer, allowed)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_mentor_dashboard_is_for_mentors_and_organizers(cast, viewer):  # noqa: F811
    allowed = VIEWERS[viewer] in (Role.MENTOR, Role.ORGANIZER)
    assert client_for(cast[viewer]).get("/mentor/").status_code == expect(viewer, allowed)


@pytest.mark.parametrize("viewer", [v for v in VIEWERS if VIEWERS[v] in MEMBERS])
def test_private_parts_show_on_pages_as_in_the_api(cast, viewer):  # noqa: F811
    everyone = people(cast)
    for name, person in everyone.items():
        IdentityFactory(contributor=person, kind=Identity.Kind.GIT_EMAIL, value=f"{name}@p.test")
        CheckInNoteFactory(mentee=person, body=f"Note about {name}")
    client = client_for(cast[viewer])
    seen = set()
    for name, person in everyone.items():
        page = client.get(f"/people/{person.slug}/").content.decode()
        shown = {
            "email": f"{name}@p.test" in page,
            "note": f"Note about {name}" in page,
            "section": 'id="check-in-notes"' in page,
        }
        assert len(set(shown.values())) == 1, (name, shown)  # all private parts or none
        if shown["email"]:
            seen.add(name)
    assert seen == PRIVATE[viewer]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_navigation_offers_what_the_role_opens(cast, viewer):  # noqa: F811
    page = client_for(cast[viewer]).get("/").content.decode()
    assert ('href="/people/"' in page) is (VIEWERS[viewer] in MEMBERS)
    assert ('href="/camps/"' in page) is (VIEWERS[viewer] in MEMBERS)
    assert 'href="/community/"' in page and 'href="/community/sponsorship/"' in page
    assert ('href="/mentor/"' in page) is (VIEWERS[viewer] in (Role.MENTOR, Role.ORGANIZER))
    opens_admin = VIEWERS[viewer] == Role.ORGANIZER or viewer == "staff"
    assert ('href="/admin/"' in page) is opens_admin


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_admin_opens_to_staff_and_organizers(cast, viewer):  # noqa: F811
    user = cast[viewer]
    response = client_for(user).get("/admin/contributors/contributor/")
    if VIEWERS[viewer] == Role.ORGANIZER:
        assert response.status_code == 200
    elif getattr(user, "is_staff", False):
        assert response.status_code == 403  # signed in to the admin, without permissions
    else:
        assert response.status_code == 302


def test_an_account_linked_to_nobody_is_told_why(client, outsider):
    client.force_login(outsider)
    response = client.get("/people/")
    assert response.status_code == 403
    assert "not linked to anyone in the community yet" in response.content.decode()
