"""Check-in notes: mentors write them, the mentee and organizers read them, nobody else does."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from contributors.models import CheckInNote
from tests.factories import ContributorFactory, MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/people/mentee-mei/"
ADD = "/people/mentee-mei/notes/"
API = "/api/contributors/mentee-mei/notes/"


def _note(mentee, author, body="Talked about the first PR.", days_ago=3) -> CheckInNote:
    return CheckInNote.objects.create(
        mentee=mentee.contributor,
        author=author,
        body=body,
        written_on=timezone.localdate() - timedelta(days=days_ago),
    )


def test_it_saves_a_mentors_note_and_shows_it_on_the_page(client, mentor, mentee):
    client.force_login(mentor)
    today = timezone.localdate()
    response = client.post(ADD, {"written_on": today.isoformat(), "body": "  Picked KAFKA-1.  "})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "#check-in-notes"
    note = CheckInNote.objects.get()
    assert (note.mentee, note.author, note.body, note.written_on) == (
        mentee.contributor,
        mentor,
        "Picked KAFKA-1.",
        today,
    )
    page = client.get(PAGE).content.decode()
    assert "Picked KAFKA-1." in page
    assert "Check-in note saved." in page
    assert "Mentor Ming" in page  # the author, by their contributor name


@pytest.mark.parametrize("viewer", ["mentee", "mentor", "organizer"])
def test_it_shows_notes_to_the_mentee_their_mentors_and_organizers(
    client, request, mentor, mentee, viewer
):
    _note(mentee, mentor, body="Ready for a second issue.")
    client.force_login(request.getfixturevalue(viewer))
    assert "Ready for a second issue." in client.get(PAGE).content.decode()


def test_it_hides_notes_from_other_members(client, mentor, mentee, member):
    _note(mentee, mentor, body="Ready for a second issue.")
    client.force_login(member)
    page = client.get(PAGE).content.decode()
    assert "Ready for a second issue." not in page
    assert 'id="check-in-notes"' not in page


def test_it_offers_the_form_to_mentors_and_organizers_only(client, mentor, mentee, organizer):
    for user, expected in ((mentor, True), (organizer, True), (mentee, False)):
        client.force_login(user)
        assert ('action="/people/mentee-mei/notes/"' in client.get(PAGE).content.decode()) is (
            expected
        )


@pytest.mark.parametrize("viewer", ["mentee", "member", "outsider"])
def test_it_refuses_notes_from_anyone_but_mentors_and_organizers(client, request, mentee, viewer):
    client.force_login(request.getfixturevalue(viewer))
    assert client.post(ADD, {"body": "Sneaky"}).status_code == 403
    assert not CheckInNote.objects.exists()


def test_it_sends_anonymous_writers_to_sign_in(client, mentee):
    response = client.post(ADD, {"body": "Hello"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not CheckInNote.objects.exists()


def test_it_lets_organizers_write_notes(client, organizer, mentee):
    client.force_login(organizer)
    client.post(ADD, {"written_on": timezone.localdate().isoformat(), "body": "Camp check-in."})
    assert CheckInNote.objects.get().author == organizer


def test_a_former_mentor_can_no_longer_write(client, mentee):
    former = UserFactory(username="former")
    MentorshipFactory(
        mentor=ContributorFactory(user=former),
        mentee=mentee.contributor,
        ended_on=timezone.localdate() - timedelta(days=1),
    )
    client.force_login(former)
    assert client.post(ADD, {"body": "Still here?"}).status_code == 403


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"written_on": "", "body": "   "}, "Write what you talked about."),
        ({"written_on": "2999-01-01", "body": "From the future"}, "cannot be in the future"),
        ({"written_on": "1999-12-31", "body": "Long ago"}, "Enter a date between 2000-01-01 and"),
        ({"written_on": "not a date", "body": "Hi"}, "Enter a valid date."),
    ],
)
def test_it_explains_a_bad_note_and_stores_nothing(client, mentor, mentee, data, message):
    client.force_login(mentor)
    response = client.post(ADD, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CheckInNote.objects.exists()


def test_the_author_and_organizers_delete_notes_but_others_do_not(
    client, mentor, mentee, organizer
):
    other_mentor = UserFactory(username="other-mentor")
    MentorshipFactory(mentor=ContributorFactory(user=other_mentor), mentee=mentee.contributor)
    first, second = _note(mentee, mentor), _note(mentee, mentor)
    client.force_login(other_mentor)
    assert client.post(f"{ADD}{first.pk}/delete/").status_code == 403
    client.force_login(mentee)
    assert client.post(f"{ADD}{first.pk}/delete/").status_code == 403
    client.force_login(mentor)
    assert client.post(f"{ADD}{first.pk}/delete/").status_code == 302
    client.force_login(organizer)
    assert client.post(f"{ADD}{second.pk}/delete/").status_code == 302
    assert not CheckInNote.objects.exists()


def test_it_refuses_to_delete_through_another_persons_url(client, mentor, mentee, organizer):
    note = _note(mentee, mentor)
    ContributorFactory(slug="someone-else")
    client.force_login(organizer)
    assert client.post(f"/people/someone-else/notes/{note.pk}/delete/").status_code == 404
    assert CheckInNote.objects.filter(pk=note.pk).exists()


def test_it_keeps_a_note_when_its_author_account_goes(client, mentor, mentee):
    note = _note(mentee, mentor, body="Kept for the record.")
    author = UserFactory(username="leaving")
    note.author = author
    note.save()
    author.delete()
    client.force_login(mentee)
    page = client.get(PAGE).content.decode()
    assert "Kept for the record." in page
    assert "a former account" in page


def test_the_dashboard_shows_and_sorts_by_the_last_check_in(client, mentor, mentee):
    quiet = ContributorFactory(display_name="Quiet Qiu", slug="quiet-qiu")
    MentorshipFactory(mentor=mentor.contributor, mentee=quiet)
    _note(mentee, mentor, days_ago=10)
    _note(mentee, mentor, days_ago=2)
    client.force_login(mentor)
    rows = client.get("/mentor/", {"sort": "-check_in"}).context["rows"]
    assert [(r.contributor.slug, r.last_check_in) for r in rows] == [
        ("mentee-mei", timezone.localdate() - timedelta(days=2)),
        ("quiet-qiu", None),
    ]


class TestApi:
    def _client(self, user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    @pytest.mark.parametrize(
        ("viewer", "status"),
        [("mentee", 200), ("mentor", 200), ("organizer", 200), ("member", 403), ("outsider", 403)],
    )
    def test_it_lists_notes_by_the_pages_rules(self, request, mentor, mentee, viewer, status):
        _note(mentee, mentor, body="API note")
        response = self._client(request.getfixturevalue(viewer)).get(API)
        assert response.status_code == status
        if status == 200:
            [row] = response.json()["results"]
            assert (row["body"], row["author"]) == ("API note", "mentor-ming")

    def test_it_asks_anonymous_callers_to_authenticate(self, mentee):
        assert self._client().get(API).status_code == 401

    def test_mentors_add_notes_and_mentees_may_not(self, mentor, mentee):
        response = self._client(mentor).post(API, {"body": "From a script"}, format="json")
        assert response.status_code == 201
        assert response.json()["written_on"] == timezone.localdate().isoformat()
        assert self._client(mentee).post(API, {"body": "Me"}, format="json").status_code == 403
        assert list(CheckInNote.objects.values_list("body", flat=True)) == ["From a script"]

    def test_it_names_what_is_wrong_with_a_posted_note(self, mentor, mentee):
        response = self._client(mentor).post(
            API, {"body": "x", "written_on": str(date(2999, 1, 1))}, format="json"
        )
        assert response.status_code == 400
        assert response.json() == {"written_on": ["A check-in cannot be in the future."]}
        assert not CheckInNote.objects.exists()


def test_the_form_starts_at_today_in_every_language(client, mentor, mentee):
    client.force_login(mentor)
    today = timezone.localdate().isoformat()
    for language in ("en", "zh-hant"):
        client.cookies["django_language"] = language
        page = client.get(PAGE).content.decode()
        assert f'type="date" name="written_on" value="{today}"' in page, language
