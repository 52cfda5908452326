"""Password reset: a page that answers without mail, and a rate-limited form with it."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # allauth counts requests in the cache, which outlives each test
    yield
    cache.clear()


def test_without_mail_it_says_an_organizer_resets_passwords(client: Client, settings):
    settings.MAIL_CONFIGURED = False
    UserFactory(username="mentor", email="mentor@example.org")
    page = client.get(RESET)
    assert page.status_code == 200
    assert b"This site sends no mail" in page.content
    posted = client.post(RESET, {"email": "mentor@example.org"})
    assert posted.status_code == 200
    assert b"Ask an organizer" in posted.content
    assert mail.outbox == []


def test_the_sign_in_page_links_to_it(client: Client):
    assert f'href="{RESET}"'.encode() in client.get("/accounts/login/").content


def test_with_mail_it_sends_a_reset_link(client: Client, settings):
    settings.MAIL_CONFIGURED = True
    UserFactory(username="mentor", email="mentor@example.org")
    response = client.post(RESET, {"email": "mentor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["mentor@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_with_mail_requests_are_rate_limited_per_address(client: Client, settings):
    settings.MAIL_CONFIGURED = True
    UserFactory(username="mentor", email="mentor@example.org")
    statuses = [client.post(RESET, {"email": "mentor@example.org"}).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert len(mail.outbox) == 5


def test_no_mail_backend_drops_mail_and_says_so(caplog):
    from django.core.mail import EmailMessage

    from osc4you.mail import NoMailBackend

    sent = NoMailBackend().send_messages([EmailMessage("Reset", "body", to=["a@example.org"])])
    assert sent == 0
    assert "No mail is configured (EMAIL_URL): not sent to 1 recipient(s): Reset" in caplog.text
