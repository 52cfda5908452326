"""Sign-in with a password or GitHub, sign-out, and linking a GitHub account to its person.

No OAuth flow is completed (no network): the linking is tested by calling it, and through
the adapter with a SocialLogin built as allauth builds one after GitHub answers.
"""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from contributors.accounts import GitHubAccountAdapter, Outcome, SignIn, link_github_account
from contributors.models import AccountClaim, Contributor, Identity
from tests.factories import ContributorFactory, IdentityFactory, UserFactory

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
    # The header names the person behind the account, linked to their page.
    page = reverse("person", args=[mentor.contributor.slug])
    assert f'<a class="signed-in-as" href="{page}" '.encode() in response.content
    assert mentor.contributor.display_name.encode() in response.content
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


# Binding a GitHub sign-in: by GitHub's numeric account id, never by the login alone.

GitHub = Identity.AccountIdSource.GITHUB


def github_login(value: str, person=None, *, account_id=None, source=GitHub) -> Identity:
    return IdentityFactory(
        kind=Identity.Kind.GITHUB,
        value=value.lower(),
        display=value,
        contributor=person,
        account_id=account_id,
        account_id_source=source if account_id is not None else "",
    )


def test_the_real_owner_is_linked_by_the_account_id_github_recorded():
    person = ContributorFactory(github_login="HaoYu-Lu", avatar_url="")
    github_login("HaoYu-Lu", person, account_id=1001)
    user = UserFactory(username="haoyu")
    signed_in = link_github_account(
        user=user, account_id=1001, login="HaoYu-Lu", avatar_url="https://avatars.example/1"
    )
    assert signed_in == SignIn(Outcome.LINKED, person)
    person.refresh_from_db()
    assert person.user == user
    assert person.avatar_url == "https://avatars.example/1"
    # and a second sign-in changes nothing
    assert link_github_account(user=user, account_id=1001, login="haoyu-lu").contributor == person
    assert Contributor.objects.count() == 1 and not AccountClaim.objects.exists()


def test_a_login_registered_again_by_a_new_account_takes_nobody():
    """alice renamed her account away; someone registered "alice" and signs in."""
    alice = ContributorFactory(github_login="alice")
    github_login("alice", alice, account_id=1001)
    newcomer = UserFactory(username="alice-again")
    assert link_github_account(user=newcomer, account_id=2002, login="alice") == SignIn(
        Outcome.LOGIN_REUSED
    )
    alice.refresh_from_db()
    assert alice.user is None
    assert not Contributor.objects.filter(user=newcomer).exists()
    assert not AccountClaim.objects.exists()
    assert Identity.objects.get(value="alice").account_id == 1001


def test_a_login_reused_while_the_person_is_known_by_another_login_claims_nothing():
    """The person's recorded account is 1001 under another login; "alice" has no id yet."""
    alice = ContributorFactory(github_login="alice")
    github_login("alice", alice)
    github_login("alice-old", alice, account_id=1001)
    assert link_github_account(user=UserFactory(), account_id=2002, login="alice") == SignIn(
        Outcome.LOGIN_REUSED
    )
    assert not AccountClaim.objects.exists()


def test_a_renamed_login_signs_in_to_the_same_person():
    person = ContributorFactory(github_login="old-name")
    github_login("old-name", person, account_id=1001)
    user = UserFactory()
    assert link_github_account(user=user, account_id=1001, login="new-name").contributor == person
    renamed = Identity.objects.get(kind=Identity.Kind.GITHUB, value="new-name")
    assert (renamed.contributor, renamed.account_id, renamed.account_id_source) == (
        person,
        1001,
        GitHub,
    )
    assert renamed.link_source == Identity.LinkSource.MANUAL


def test_a_person_imported_by_csv_is_claimed_and_waits_for_an_organizer():
    person = ContributorFactory(github_login="csv-person")  # no identity, no account id
    user = UserFactory()
    signed_in = link_github_account(user=user, account_id=1001, login="CSV-Person")
    assert signed_in.outcome == Outcome.CLAIMED and signed_in.contributor is None
    claim = signed_in.claim
    assert (claim.contributor, claim.login, claim.account_id, claim.status) == (
        person,
        "CSV-Person",
        1001,
        AccountClaim.Status.PENDING,
    )
    person.refresh_from_db()
    assert person.user is None
    # Signing in again keeps the one claim.
    assert link_github_account(user=user, account_id=1001, login="csv-person").claim == claim
    assert AccountClaim.objects.count() == 1


def test_a_login_matched_only_through_data_without_an_id_is_claimed():
    person = ContributorFactory(github_login="")
    github_login("chia7712", person)  # seen in git data, no account id
    signed_in = link_github_account(user=UserFactory(), account_id=1001, login="chia7712")
    assert signed_in.outcome == Outcome.CLAIMED
    assert signed_in.claim.identity == Identity.objects.get(value="chia7712")


def test_an_id_only_a_commit_email_gave_is_claimed_not_trusted():
    """Anyone can write 1001+alice@users.noreply.github.com into a commit."""
    person = ContributorFactory(github_login="alice")
    github_login("alice", person, account_id=1001, source=Identity.AccountIdSource.COMMIT_EMAIL)
    assert link_github_account(user=UserFactory(), account_id=1001, login="alice").outcome == (
        Outcome.CLAIMED
    )


def test_it_never_takes_a_person_linked_to_another_account():
    owner = UserFactory(username="owner")
    person = ContributorFactory(github_login="taken", user=owner)
    github_login("taken", person, account_id=1001)
    intruder = UserFactory(username="intruder")
    assert link_github_account(user=intruder, account_id=1001, login="taken") == SignIn(
        Outcome.TAKEN
    )
    unverified = ContributorFactory(github_login="claimed-by-login", user=UserFactory())
    assert link_github_account(user=intruder, account_id=3, login="claimed-by-login") == SignIn(
        Outcome.TAKEN
    )
    person.refresh_from_db(), unverified.refresh_from_db()
    assert person.user == owner and unverified.user != intruder
    assert not Contributor.objects.filter(user=intruder).exists()
    assert not AccountClaim.objects.exists()


def test_it_follows_a_merge_to_the_surviving_person():
    survivor = ContributorFactory()
    merged = ContributorFactory(merged_into=survivor)
    github_login("old-login", merged, account_id=1001)
    user = UserFactory()
    assert link_github_account(user=user, account_id=1001, login="old-login").contributor == (
        survivor
    )


def test_it_creates_a_person_for_an_unknown_account_and_records_its_id():
    unlinked = github_login("newcomer")  # seen in data, linked to nobody, no id
    user = UserFactory()
    person = link_github_account(
        user=user, account_id=1001, login="Newcomer", name="New Comer"
    ).contributor
    assert person.user == user
    assert (person.display_name, person.github_login, person.slug) == (
        "New Comer",
        "Newcomer",
        "new-comer",
    )
    assert person.origin == Contributor.Origin.SIGN_IN
    assert not person.is_member
    unlinked.refresh_from_db()
    assert (unlinked.contributor, unlinked.account_id, unlinked.account_id_source) == (
        person,
        1001,
        GitHub,
    )


def test_a_new_person_gets_the_accounts_earlier_logins_nobody_holds():
    old = github_login("before-rename", account_id=1001)
    person = link_github_account(user=UserFactory(), account_id=1001, login="now").contributor
    old.refresh_from_db()
    assert old.contributor == person and old.link_source == Identity.LinkSource.MANUAL


def test_an_account_recorded_on_two_people_links_neither():
    github_login("one", ContributorFactory(), account_id=1001)
    github_login("two", ContributorFactory(), account_id=1001)
    user = UserFactory()
    assert link_github_account(user=user, account_id=1001, login="two") == SignIn(Outcome.AMBIGUOUS)
    assert not Contributor.objects.filter(user=user).exists()


def test_a_user_keeps_the_contributor_they_have():
    user = UserFactory()
    own = ContributorFactory(user=user)
    github_login("someone-else", ContributorFactory(), account_id=1001)
    assert link_github_account(user=user, account_id=1001, login="someone-else").contributor == own


def _sociallogin(uid: str, login: str, username: str = "") -> SocialLogin:
    user = get_user_model()(username=username or login)
    account = SocialAccount(
        provider="github", uid=uid, extra_data={"login": login, "name": login.title()}
    )
    return SocialLogin(user=user, account=account)


def test_the_adapter_binds_a_first_github_sign_in_by_its_uid(rf, github_configured):
    person = ContributorFactory(github_login="minghsun")
    github_login("minghsun", person, account_id=42)
    sociallogin = _sociallogin("42", "minghsun")
    request = rf.get("/")
    request.session = {}
    GitHubAccountAdapter(request).save_user(request, sociallogin)
    person.refresh_from_db()
    assert person.user == sociallogin.user
    assert SocialAccount.objects.get(uid="42").user == sociallogin.user


def test_the_adapter_makes_a_login_only_match_a_claim(rf, github_configured):
    person = ContributorFactory(github_login="minghsun")
    sociallogin = _sociallogin("42", "minghsun")
    request = rf.get("/")
    request.session = {}
    GitHubAccountAdapter(request).save_user(request, sociallogin)
    person.refresh_from_db()
    assert person.user is None
    assert AccountClaim.objects.get().user == sociallogin.user


# The claim, as the claimant and organizers see it, and the organizer's decision.


@pytest.fixture
def claim():
    ContributorFactory(display_name="Csv Person", slug="csv-person", github_login="csvp")
    user = UserFactory(username="csvp")
    return link_github_account(user=user, account_id=1001, login="csvp").claim


def test_the_claimant_reads_that_an_organizer_has_to_confirm(client: Client, claim):
    client.force_login(claim.user)
    home = client.get(reverse("home"))
    assert b"Waiting for an organizer to confirm it" in home.content
    assert b"Csv Person" in home.content
    page = client.get(reverse("person", args=["csv-person"]))
    assert page.status_code == 403
    assert page.content.count(b"Waiting for an organizer") == 1


def test_the_claimed_persons_page_tells_organizers(client: Client, claim, organizer):
    client.force_login(organizer)
    page = client.get(reverse("person", args=["csv-person"]))
    assert b"is waiting for an organizer" in page.content
    assert f"/admin/contributors/accountclaim/{claim.pk}/change/".encode() in page.content


def test_the_claimed_persons_page_says_nothing_to_members(client: Client, claim, member):
    client.force_login(member)
    assert b"waiting for an organizer" not in client.get("/people/csv-person/").content


def test_an_organizer_confirms_a_claim_in_the_admin(client: Client, claim, organizer):
    client.force_login(organizer)
    response = client.post(f"/admin/contributors/accountclaim/{claim.pk}/confirm/", follow=True)
    assert b"Csvp is now linked to Csv Person" in response.content  # admin capitalises
    claim.refresh_from_db()
    assert claim.status == AccountClaim.Status.CONFIRMED and claim.decided_by == organizer
    assert claim.contributor.user == claim.user
    login = Identity.objects.get(kind=Identity.Kind.GITHUB, value="csvp")
    assert (login.contributor, login.account_id, login.account_id_source) == (
        claim.contributor,
        1001,
        GitHub,
    )
    # From now on the account id binds: the next sign-in is linked at once.
    assert link_github_account(user=claim.user, account_id=1001, login="csvp").outcome == (
        Outcome.LINKED
    )


def test_an_organizer_rejects_a_claim_and_the_claimant_is_told(client: Client, claim, organizer):
    client.force_login(organizer)
    client.post(f"/admin/contributors/accountclaim/{claim.pk}/reject/")
    claim.refresh_from_db()
    assert claim.status == AccountClaim.Status.REJECTED
    assert claim.contributor.user is None
    client.force_login(claim.user)
    assert b"An organizer did not confirm" in client.get(reverse("home")).content


def test_a_claim_on_a_person_linked_since_is_refused(client: Client, claim, organizer):
    claim.contributor.user = UserFactory()
    claim.contributor.save()
    client.force_login(organizer)
    response = client.post(f"/admin/contributors/accountclaim/{claim.pk}/confirm/", follow=True)
    assert b"is already linked to another account" in response.content
    claim.refresh_from_db()
    assert claim.status == AccountClaim.Status.PENDING


def test_members_cannot_decide_claims(client: Client, claim, member):
    client.force_login(member)
    response = client.post(f"/admin/contributors/accountclaim/{claim.pk}/confirm/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    claim.refresh_from_db()
    assert claim.status == AccountClaim.Status.PENDING


def test_a_claim_on_a_person_merged_since_is_decided_on_the_survivor(client, claim, organizer):
    from contributors.merges import merge_contributors

    survivor = ContributorFactory(display_name="Survivor", slug="survivor")
    merge_contributors(source=claim.contributor, target=survivor)
    client.force_login(organizer)
    assert b"is waiting for an organizer" in client.get("/people/survivor/").content
    client.post(f"/admin/contributors/accountclaim/{claim.pk}/confirm/")
    survivor.refresh_from_db()
    assert survivor.user == claim.user


def test_a_commit_email_naming_another_id_cannot_block_the_owner_from_claiming():
    """A forged 999+alice@users.noreply.github.com leaves the decision to an organizer."""
    person = ContributorFactory(github_login="alice")
    github_login("alice", person, account_id=999, source=Identity.AccountIdSource.COMMIT_EMAIL)
    signed_in = link_github_account(user=UserFactory(), account_id=1001, login="alice")
    assert signed_in.outcome == Outcome.CLAIMED
