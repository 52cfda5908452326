"""Sign-in with a password or GitHub, sign-out, and linking a GitHub account to its person.

No OAuth flow is completed (no network): the linking is tested by calling it, and through
the adapter with a SocialLogin built as allauth builds one after GitHub answers.
"""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from contributors.accounts import GitHubAccountAdapter, link_github_account
from contributors.models import Contributor, Identity
from tests.factories import ContributorFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def github_configured(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "github": {"APPS": [{"client_id": "client-id", "secret": "client-secret", "key": ""}]}
    }


@pytest.mark.parametrize("login", ["mentor", "mentor@example.org"])
def test_it_signs_in_with_a_password_by_username_or_email(client: Client, mentor, login):
    response = client.post(
        reverse("account_login"), {"login": login, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.context["user"] == mentor
    assert b'<span class="signed-in-as">mentor</span>' in response.content
    assert reverse("account_logout").encode() in response.content


def test_it_refuses_a_wrong_password(client: Client, mentor):
    response = client.post(reverse("account_login"), {"login": "mentor", "password": "nope"})
    assert response.status_code == 200
    assert b"form-errors" in response.content
    assert not response.context["user"].is_authenticated


def test_it_returns_to_the_page_asked_for(client: Client, mentor):
    response = client.post(
        reverse("account_login"), {"login": "mentor", "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == "/admin/"


def test_the_header_links_to_the_sign_in_page(client: Client):
    response = client.get(reverse("home"))
    assert f'href="{reverse("account_login")}?next=/"'.encode() in response.content
    assert b"admin/login" not in response.content


def test_it_signs_out(client: Client, mentor):
    client.force_login(mentor)
    page = client.get(reverse("account_logout"))
    assert b"You are signed in as mentor" in page.content
    response = client.post(reverse("account_logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert not response.context["user"].is_authenticated
    assert b"signed-in-as" not in response.content


def test_the_sign_in_page_extends_the_site_and_speaks_chinese(client: Client):
    response = client.get(reverse("account_login"), headers={"accept-language": "zh-hant"})
    assert b"css/accounts.css" in response.content
    assert b"site-header" in response.content
    assert "使用者名稱或電子郵件".encode() in response.content


def test_it_hides_github_when_not_configured(client: Client):
    response = client.get(reverse("account_login"))
    assert b"Sign in with GitHub" not in response.content
    assert b"/accounts/github/login/" not in response.content


def test_it_offers_github_when_configured(client: Client, github_configured):
    response = client.get(reverse("account_login"))
    assert b"Sign in with GitHub" in response.content
    assert b'action="/accounts/github/login/?process=login"' in response.content


def test_local_sign_up_is_closed(client: Client):
    response = client.post(
        reverse("account_signup"),
        {"username": "newbie", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "account/signup_closed.html" in [t.name for t in response.templates]
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_it_links_a_github_account_to_the_contributor_with_that_login():
    person = ContributorFactory(github_login="HaoYu-Lu", avatar_url="")
    user = UserFactory(username="haoyu")
    linked = link_github_account(
        user=user, login="haoyu-lu", avatar_url="https://avatars.example/1"
    )
    assert linked == person
    person.refresh_from_db()
    assert person.user == user
    assert person.avatar_url == "https://avatars.example/1"
    identity = Identity.objects.get(kind=Identity.Kind.GITHUB, value="haoyu-lu")
    assert identity.contributor == person
    assert identity.link_source == Identity.LinkSource.MANUAL
    # and a second sign-in changes nothing
    assert link_github_account(user=user, login="haoyu-lu") == person
    assert Contributor.objects.count() == 1


def test_it_links_through_a_resolved_github_identity():
    person = ContributorFactory(github_login="")
    Identity.objects.create(
        kind=Identity.Kind.GITHUB,
        value="chia7712",
        contributor=person,
        link_source=Identity.LinkSource.RULE,
    )
    user = UserFactory()
    assert link_github_account(user=user, login="chia7712") == person
    assert Identity.objects.get(value="chia7712").link_source == Identity.LinkSource.RULE


def test_it_follows_a_merge_to_the_surviving_person():
    survivor = ContributorFactory()
    ContributorFactory(github_login="old-login", merged_into=survivor)
    user = UserFactory()
    assert link_github_account(user=user, login="old-login") == survivor


def test_it_never_takes_a_contributor_linked_to_another_account():
    owner = UserFactory(username="owner")
    person = ContributorFactory(github_login="taken", user=owner)
    intruder = UserFactory(username="intruder")
    assert link_github_account(user=intruder, login="taken") is None
    person.refresh_from_db()
    assert person.user == owner
    assert not Contributor.objects.filter(user=intruder).exists()


def test_it_creates_a_person_for_an_unknown_login():
    unlinked = Identity.objects.create(kind=Identity.Kind.GITHUB, value="newcomer")
    user = UserFactory()
    person = link_github_account(user=user, login="Newcomer", name="New Comer")
    assert person.user == user
    assert (person.display_name, person.github_login, person.slug) == (
        "New Comer",
        "Newcomer",
        "new-comer",
    )
    assert person.origin == Contributor.Origin.SIGN_IN
    assert not person.is_member
    unlinked.refresh_from_db()
    assert unlinked.contributor == person


def test_a_user_keeps_the_contributor_they_have():
    user = UserFactory()
    own = ContributorFactory(user=user)
    ContributorFactory(github_login="someone-else")
    assert link_github_account(user=user, login="someone-else") == own


def test_the_adapter_links_a_first_github_sign_in(rf, github_configured):
    person = ContributorFactory(github_login="minghsun")
    user = get_user_model()(username="minghsun")
    account = SocialAccount(
        provider="github", uid="42", extra_data={"login": "minghsun", "name": "Ming"}
    )
    sociallogin = SocialLogin(user=user, account=account)
    request = rf.get("/")
    request.session = {}
    GitHubAccountAdapter(request).save_user(request, sociallogin)
    person.refresh_from_db()
    assert person.user == user
    assert SocialAccount.objects.get(uid="42").user == user
