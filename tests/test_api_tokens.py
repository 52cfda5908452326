"""API tokens: stored as digests, shown once, expiring, revoked by a password change."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from contributors.models import ApiToken
from contributors.tokens import create_token, digest_of

pytestmark = pytest.mark.django_db

ME = "/api/contributors/mentor-ming/"


def call(client: Client, key: str, path: str = ME):
    return client.get(path, headers={"authorization": f"Token {key}"})


def test_a_token_signs_an_api_call_in(client, mentor):
    _token, key = create_token(user=mentor, name="script")
    response = call(client, key)
    assert response.status_code == 200
    assert response.json()["slug"] == "mentor-ming"


def test_only_a_digest_of_the_key_is_stored(mentor):
    token, key = create_token(user=mentor, name="script")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in stored.values()}
    assert stored["digest"] == digest_of(key) and stored["prefix"] == key[:8]
    assert len(key) >= 43  # 256 random bits


def test_a_wrong_key_is_refused(client, mentor):
    create_token(user=mentor, name="script")
    response = call(client, "not-a-key")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid token."


def test_every_token_expires(client, mentor, settings):
    token, key = create_token(user=mentor, name="script")
    assert token.expires_at - timezone.now() > timedelta(days=settings.API_TOKEN_DAYS - 1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = call(client, key)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_password_change_revokes_every_token(client, mentor):
    _one, first = create_token(user=mentor, name="one")
    _two, second = create_token(user=mentor, name="two")
    mentor.set_password("a brand new passphrase")
    mentor.save()
    for key in (first, second):
        response = call(client, key)
        assert response.status_code == 401
        assert "password changed" in response.json()["detail"]
    _three, third = create_token(user=mentor, name="three")  # made after the change: good
    assert call(client, third).status_code == 200


def test_an_inactive_account_signs_nothing_in(client, mentor):
    _token, key = create_token(user=mentor, name="script")
    mentor.is_active = False
    mentor.save()
    assert call(client, key).status_code == 401


def test_use_is_recorded_at_most_hourly(client, mentor, django_assert_num_queries):
    token, key = create_token(user=mentor, name="script")
    call(client, key)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    call(client, key)
    token.refresh_from_db()
    assert token.last_used_at == first_use


def test_a_token_lasts_between_one_day_and_a_year(mentor):
    for days in (0, 366):
        with pytest.raises(ValueError, match="1 to 365 days"):
            create_token(user=mentor, name="x", days=days)
    assert not ApiToken.objects.exists()


def test_an_organizer_makes_a_token_in_the_admin_and_sees_it_once(client, organizer, mentor):
    client.force_login(organizer)
    response = client.post(
        "/admin/contributors/apitoken/add/",
        {"user": mentor.pk, "name": "camp report script", "days": "30"},
    )
    assert response.status_code == 200
    key = response.context["key"]
    assert f'value="{key}"'.encode() in response.content
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.digest) == (mentor, "camp report script", digest_of(key))
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    # Listed and viewed by its first characters only, never the key.
    listing = client.get("/admin/contributors/apitoken/")
    detail = client.get(f"/admin/contributors/apitoken/{token.pk}/change/")
    for page in (listing, detail):
        assert page.status_code == 200
        assert token.prefix.encode() in page.content
        assert key.encode() not in page.content
    assert call(Client(), key).status_code == 200


def test_a_token_cannot_be_edited_only_revoked(client, organizer, mentor):
    token, key = create_token(user=mentor, name="script")
    client.force_login(organizer)
    client.post(f"/admin/contributors/apitoken/{token.pk}/change/", {"name": "renamed"})
    token.refresh_from_db()
    assert token.name == "script"
    client.post(f"/admin/contributors/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert not ApiToken.objects.exists()
    assert call(Client(), key).status_code == 401
