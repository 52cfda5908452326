"""The sign-in page lists the demo sign-ins while they exist, where the deployment allows."""

import pytest

from tests.factories import UserFactory
from tests.test_settings import run_with

pytestmark = pytest.mark.django_db


def _demo_logins() -> None:
    for username in ("organizer", "mentor", "mentee"):
        UserFactory(username=username, email=f"{username}@demo.example.com")


def test_it_lists_the_demo_sign_ins_with_their_roles(client, settings):
    settings.DEMO_SIGN_IN_HINTS = True
    _demo_logins()
    page = client.get("/accounts/login/").content.decode()
    assert "Demo sign-ins" in page
    assert "<kbd>demo</kbd>" in page
    for username, role in (
        ("organizer", "an organizer"),
        ("mentor", "a mentor"),
        ("mentee", "a camp participant"),
    ):
        assert f"<kbd>{username}</kbd> — {role}" in page


def test_it_says_nothing_when_the_hints_are_off(client, settings):
    settings.DEMO_SIGN_IN_HINTS = False
    _demo_logins()
    assert "Demo sign-ins" not in client.get("/accounts/login/").content.decode()


def test_it_says_nothing_without_the_demo_accounts(client, settings):
    settings.DEMO_SIGN_IN_HINTS = True
    # A real account named like a demo one, with its own email, is not a demo sign-in.
    UserFactory(username="mentor", email="ming@example.org")
    assert "Demo sign-ins" not in client.get("/accounts/login/").content.decode()


@pytest.mark.parametrize(("debug", "expected"), [("1", "True"), ("0", "False")])
def test_the_hints_follow_debug_by_default(debug, expected):
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.DEMO_SIGN_IN_HINTS)"
    result = run_with({"DEBUG": debug, "SECRET_KEY": "tests-only-secret-" + "s" * 60}, code)
    assert result.stdout.strip() == expected, result.stderr


def test_it_promises_github_sign_in_only_where_it_is_configured(client, settings):
    github = settings.SOCIALACCOUNT_PROVIDERS["github"]
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {**github, "APPS": []}}
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with GitHub" not in page
    assert "sign in with GitHub" not in page
    assert "Accounts are created by the organizers" in page

    app = {"client_id": "abc", "secret": "def", "key": ""}
    settings.SOCIALACCOUNT_PROVIDERS = {"github": {**github, "APPS": [app]}}
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with GitHub" in page
    assert "Members sign in with GitHub." in page
