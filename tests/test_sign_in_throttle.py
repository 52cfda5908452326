"""One throttle for both sign-in doors, keyed on the client address and the name together."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ATTACKER, ORGANIZER_DESK = "203.0.113.9", "198.51.100.7"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts requests per address in the cache, which outlives each test's rollback.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organizer_account(db):
    return UserFactory(username="organizer", is_staff=True, is_superuser=True)


def site_sign_in(client: Client, name: str, password: str, address: str):
    return client.post(
        reverse("account_login"), {"login": name, "password": password}, REMOTE_ADDR=address
    )


def admin_sign_in(client: Client, name: str, password: str, address: str):
    return client.post(
        reverse("admin:login"),
        {"username": name, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail(times: int, *, door=site_sign_in, name="organizer", address=ATTACKER) -> list[int]:
    """Sign in with a wrong password ``times`` times; the statuses answered."""
    return [door(Client(), name, "wrong", address).status_code for _ in range(times)]


def test_the_admin_door_is_throttled(organizer_account):
    # The form again with its error four times; the fifth failure locks.
    assert fail(5, door=admin_sign_in) == [200, 200, 200, 200, 429]
    response = admin_sign_in(Client(), "organizer", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert b"Too many failed sign-ins" in response.content
    assert b"Try again in 15 minutes" in response.content
    assert "_auth_user_id" not in response.wsgi_request.session


def test_both_doors_count_toward_one_limit(organizer_account):
    fail(3, door=site_sign_in)
    fail(2, door=admin_sign_in)
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 429
    assert admin_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 429


def test_nobody_can_lock_an_organizer_out_from_elsewhere(organizer_account):
    fail(20)  # the attacker, from its own address
    client = Client()
    response = site_sign_in(client, "organizer", PASSWORD, ORGANIZER_DESK)
    assert response.status_code == 302
    assert admin_sign_in(Client(), "organizer", PASSWORD, ORGANIZER_DESK).status_code == 302


def test_other_names_from_the_same_address_are_not_locked(organizer_account):
    UserFactory(username="mentor")
    fail(5, name="organizer")
    assert site_sign_in(Client(), "mentor", PASSWORD, ATTACKER).status_code == 302


def test_a_name_is_one_key_however_it_is_spelled(organizer_account):
    fail(3, name="Organizer")
    fail(2, name=" organizer ")
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 429


def test_success_before_the_limit_starts_the_count_again(organizer_account):
    fail(4)
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 302
    fail(4)
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 302


def test_the_lock_lifts_after_its_time(organizer_account):
    fail(5)
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert site_sign_in(Client(), "organizer", PASSWORD, ATTACKER).status_code == 302


def test_behind_a_proxy_the_address_the_proxy_saw_counts(organizer_account, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    def through_the_proxy(password: str, forwarded_for: str) -> int:
        return (
            Client()
            .post(
                reverse("account_login"),
                {"login": "organizer", "password": password},
                REMOTE_ADDR="10.0.0.2",  # the proxy
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )
            .status_code
        )

    for spoofed in range(5):  # a client writing another address each time changes nothing
        through_the_proxy("wrong", f"192.0.2.{spoofed}, {ATTACKER}")
    assert through_the_proxy(PASSWORD, ATTACKER) == 429
    assert through_the_proxy(PASSWORD, ORGANIZER_DESK) == 302


def test_the_lockout_page_speaks_chinese(organizer_account):
    fail(5)
    response = Client().post(
        reverse("account_login"),
        {"login": "organizer", "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        headers={"accept-language": "zh-hant"},
    )
    assert response.status_code == 429
    assert b"site-header" in response.content


def test_a_flood_of_sign_in_requests_gets_the_sites_own_429_page(organizer_account):
    statuses = [
        site_sign_in(Client(), f"nobody{n}", "wrong", ATTACKER).status_code for n in range(31)
    ]
    assert statuses[-1] == 429
    response = site_sign_in(Client(), "organizer", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert b"site-header" in response.content and b"Too many requests" in response.content
