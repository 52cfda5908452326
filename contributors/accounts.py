"""Accounts: who may sign up, and binding a GitHub sign-in to the person it belongs to.

Local sign-up is closed: organizers create password accounts in the admin (the demo creates
its own). Anyone may sign in with GitHub. A login can be renamed or deleted and registered
again by someone else, so a sign-in is bound by GitHub's numeric account id (allauth's
``SocialAccount.uid``), never by the login alone:

- the id is recorded, by GitHub's API, on one of a person's GitHub identities: the account is
  linked to that person;
- only the login matches a person (imported from a CSV file, or known from data that carries
  no id, or an id that only a commit's email gave): the account claims the person, and an
  organizer confirms or rejects the claim in the admin (``confirm_claim``);
- the login is recorded for another account id: it was registered again by someone else;
  nobody is linked and nothing is claimed;
- nobody has the login or the id: a person is created for the account, with the id recorded.

A person already linked to an account is never linked to another one.
"""

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import cast, overload

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _

from contributors.merges.common import decided, refresh_rollups
from contributors.models import AccountClaim, Contributor, Identity
from contributors.resolution.names import free_slug

log = logging.getLogger(__name__)

GitHub = Identity.AccountIdSource.GITHUB


class ClaimError(Exception):
    """A claim that can no longer be decided as asked; the message says why."""


class Outcome(StrEnum):
    LINKED = "linked"
    CLAIMED = "claimed"  # waiting for an organizer
    TAKEN = "taken"  # the person belongs to another account
    LOGIN_REUSED = "login_reused"  # the login is recorded for another GitHub account
    AMBIGUOUS = "ambiguous"  # the account id is recorded on several people


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    contributor: Contributor | None = None
    claim: AccountClaim | None = None


@overload
def _survivor(contributor: Contributor) -> Contributor: ...
@overload
def _survivor(contributor: None) -> None: ...
def _survivor(contributor: Contributor | None) -> Contributor | None:
    # A merged person's row stays behind as a pointer; the account belongs to the survivor.
    while contributor is not None and contributor.merged_into_id is not None:
        contributor = Contributor.objects.select_for_update().get(pk=contributor.merged_into_id)
    return contributor


@transaction.atomic
def link_github_account(
    *, user: User, account_id: int, login: str, name: str = "", avatar_url: str = ""
) -> SignIn:
    """Bind ``user``, signed in as GitHub account ``account_id`` (now called ``login``), to
    its person as the module's docstring says. A user who has a person keeps it."""
    current = Contributor.objects.filter(user=user).first()
    if current is not None:
        return SignIn(Outcome.LINKED, current)
    login = login.strip()
    value = Identity.normalize(Identity.Kind.GITHUB, login) if login else ""
    login_identity = (
        Identity.objects.select_for_update().filter(kind=Identity.Kind.GITHUB, value=value).first()
        if value
        else None
    )
    people = _people_with_account(account_id)
    if len(people) > 1:
        log.error(
            "GitHub account %s is recorded on %d people (%s): merge them before it can sign in",
            account_id,
            len(people),
            ", ".join(map(str, sorted(people))),
        )
        return SignIn(Outcome.AMBIGUOUS)
    if people:
        (person,) = people.values()
        return _link(user, person, account_id, login, login_identity, avatar_url)
    candidate = _person_with_login(login, login_identity)
    if _held_by_another_account(account_id, login_identity, candidate):
        log.warning(
            "GitHub account %s signed in as %s, a login recorded for another account; not linked",
            account_id,
            login,
        )
        return SignIn(Outcome.LOGIN_REUSED)
    if candidate is not None:
        return _claim(user, candidate, account_id, login, login_identity)
    person = Contributor.objects.create(
        display_name=name.strip() or login or str(account_id),
        slug=free_slug(name.strip() or login, fallback=login or f"github-{account_id}"),
        github_login=login,
        avatar_url=avatar_url[:500],
        origin=Contributor.Origin.SIGN_IN,
    )
    return _link(user, person, account_id, login, login_identity, avatar_url)


def _people_with_account(account_id: int) -> dict[int, Contributor]:
    """The people GitHub recorded ``account_id`` on, merges followed."""
    verified = (
        Identity.objects.select_for_update(of=("self",))
        .select_related("contributor")
        .filter(kind=Identity.Kind.GITHUB, account_id=account_id, account_id_source=GitHub)
    )
    return {p.pk: p for p in (_survivor(i.contributor) for i in verified) if p is not None}


def _person_with_login(login: str, login_identity: Identity | None) -> Contributor | None:
    """The person the login names: through its identity, or a person's GitHub login field."""
    through_identity = _survivor(login_identity.contributor if login_identity else None)
    if through_identity is not None or not login:
        return through_identity
    return _survivor(
        Contributor.objects.select_for_update().filter(github_login__iexact=login).first()
    )


def _held_by_another_account(
    account_id: int, login_identity: Identity | None, candidate: Contributor | None
) -> bool:
    """Whether GitHub itself recorded the login, or the person it names, as another account.
    Only GitHub's word counts: a commit email naming another id is anyone's claim, left to
    an organizer."""
    if (
        login_identity is not None
        and login_identity.account_id_source == GitHub
        and login_identity.account_id != account_id
    ):
        return True
    return (
        candidate is not None
        and Identity.objects.filter(
            contributor=candidate, kind=Identity.Kind.GITHUB, account_id_source=GitHub
        )
        .exclude(account_id=account_id)
        .exists()
    )


def _claim(
    user: User,
    candidate: Contributor,
    account_id: int,
    login: str,
    login_identity: Identity | None,
) -> SignIn:
    if candidate.user_id is not None:
        log.warning(
            "GitHub account %s (%s) matches contributor %s, who belongs to user %s",
            account_id,
            login,
            candidate.pk,
            candidate.user_id,
        )
        return SignIn(Outcome.TAKEN)
    claim, _created = AccountClaim.objects.get_or_create(
        user=user,
        defaults={
            "contributor": candidate,
            "identity": login_identity,
            "login": login[:39],
            "account_id": account_id,
        },
    )
    return SignIn(Outcome.CLAIMED, claim=claim)


def _link(
    user: User,
    person: Contributor,
    account_id: int,
    login: str,
    login_identity: Identity | None,
    avatar_url: str,
) -> SignIn:
    if person.user_id is not None and person.user_id != user.pk:
        log.warning(
            "GitHub account %s matches contributor %s, who belongs to user %s",
            account_id,
            person.pk,
            person.user_id,
        )
        return SignIn(Outcome.TAKEN)
    attached = _adopt_login(person, account_id, login, login_identity)
    # The account's other logins that nobody holds yet (names it had before a rename).
    unheld = Identity.objects.filter(
        kind=Identity.Kind.GITHUB,
        account_id=account_id,
        account_id_source=GitHub,
        contributor__isnull=True,
    )
    attached += list(unheld.values_list("pk", flat=True))
    unheld.update(contributor=person, link_source=Identity.LinkSource.MANUAL)
    if attached:
        refresh_rollups(attached, [person.pk])
    person.user = user
    if not person.avatar_url and avatar_url:
        person.avatar_url = avatar_url[:500]
    person.save(update_fields=["user", "avatar_url", "updated_at"])
    return SignIn(Outcome.LINKED, person)


def _adopt_login(
    person: Contributor, account_id: int, login: str, identity: Identity | None
) -> list[int]:
    """GitHub just said that ``account_id`` is called ``login``: record it on the login's
    identity, and give the person that identity if nobody holds it. Returns the identities
    the person got."""
    if not login:
        return []
    if identity is None:
        identity = Identity(kind=Identity.Kind.GITHUB, value=Identity.normalize("github", login))
        identity.display = login
    if identity.account_id not in (None, account_id) and identity.account_id_source == GitHub:
        return []  # another account's login, recorded by GitHub itself
    identity.account_id, identity.account_id_source = account_id, GitHub
    attached = identity.contributor_id is None
    if attached:
        # The person proved they own the login: a decision resolution keeps, like a hand link.
        identity.contributor = person
        identity.link_source = Identity.LinkSource.MANUAL
    identity.save()
    return [identity.pk] if attached else []


def link_social_login(sociallogin: SocialLogin) -> SignIn | None:
    """``link_github_account`` for a completed GitHub sign-in; other providers link nobody."""
    account = sociallogin.account
    # allauth says AbstractBaseUser | None: a completed sign-in has an AUTH_USER_MODEL user.
    user = cast(User, sociallogin.user)
    if account.provider != "github" or user.pk is None:
        return None
    try:
        account_id = int(account.uid)
    except (TypeError, ValueError):
        log.error("GitHub sign-in with a non-numeric account id %r: not linked", account.uid)
        return None
    data = account.extra_data or {}
    return link_github_account(
        user=user,
        account_id=account_id,
        login=str(data.get("login") or ""),
        name=str(data.get("name") or ""),
        avatar_url=str(data.get("avatar_url") or ""),
    )


def pending_claim_of(user: User | AnonymousUser) -> AccountClaim | None:
    """The claim a signed-in account is waiting on, or the rejection it got."""
    if not user.is_authenticated:
        return None
    return (
        AccountClaim.objects.select_related("contributor")
        .filter(user=user)
        .exclude(status=AccountClaim.Status.CONFIRMED)
        .first()
    )


def claims_on(contributor: Contributor) -> list[AccountClaim]:
    """Sign-ins waiting for an organizer to say whether they are ``contributor``, also as a
    person since merged into them (a claim stays on its row; ``confirm_claim`` follows)."""
    return list(
        AccountClaim.objects.filter(
            Q(contributor=contributor) | Q(contributor__merged_into=contributor),
            status=AccountClaim.Status.PENDING,
        )
    )


@transaction.atomic
def confirm_claim(*, claim: AccountClaim, by: User) -> Contributor:
    """An organizer says the claim is right: link the account to the person and record the
    account id on the login. Refuses (ClaimError) what changed since the claim."""
    claim = AccountClaim.objects.select_for_update().get(pk=claim.pk)
    person = _survivor(Contributor.objects.select_for_update().get(pk=claim.contributor_id))
    if claim.status != AccountClaim.Status.PENDING:
        raise ClaimError(_("This claim was already decided."))
    if person.user_id is not None:
        raise ClaimError(_("%(person)s is already linked to another account.") % {"person": person})
    if Contributor.objects.filter(user_id=claim.user_id).exists():
        raise ClaimError(_("This account is already linked to someone."))
    held = Identity.objects.filter(
        Q(kind=Identity.Kind.GITHUB, account_id=claim.account_id, account_id_source=GitHub)
        & ~Q(contributor=person)
        & Q(contributor__isnull=False)
    )
    if held.exists():
        raise ClaimError(
            _("GitHub account %(id)s is recorded on another person; merge them first.")
            % {"id": claim.account_id}
        )
    identity = claim.identity
    if identity is None:
        identity = Identity.objects.filter(
            kind=Identity.Kind.GITHUB, value=Identity.normalize("github", claim.login)
        ).first()
    attached = _adopt_login(person, claim.account_id, claim.login, identity)
    if attached:
        refresh_rollups(attached, [person.pk])
    person.user_id = claim.user_id
    person.save(update_fields=["user", "updated_at"])
    _decide(claim, AccountClaim.Status.CONFIRMED, by)
    return person


def reject_claim(*, claim: AccountClaim, by: User) -> None:
    """An organizer says the account is not that person; it stays linked to nobody."""
    if claim.status != AccountClaim.Status.PENDING:
        raise ClaimError(_("This claim was already decided."))
    _decide(claim, AccountClaim.Status.REJECTED, by)


def _decide(claim: AccountClaim, status: str, by: User) -> None:
    for field, value in {"status": status, **decided(by)}.items():
        setattr(claim, field, value)
    claim.save(update_fields=["status", "decided_at", "decided_by"])


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """No local sign-up: password accounts are created by organizers."""
        return False


class GitHubAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        """A first GitHub sign-in: create the account, then bind it."""
        user = super().save_user(request, sociallogin, form)
        link_social_login(sociallogin)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A returning GitHub user: bind them if their person appeared since."""
        if sociallogin.is_existing:
            link_social_login(sociallogin)
