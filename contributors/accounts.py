"""Accounts: who may sign up, and linking a GitHub sign-in to the person it belongs to.

Local sign-up is closed: organizers create password accounts in the admin (the demo creates
its own). Anyone may sign in with GitHub; the new account is linked to the Contributor with
that GitHub login, found through the contributor's ``github_login`` or a resolved GitHub
identity. When nobody has that login yet, a Contributor and its GitHub identity are created,
so that the person's history appears once identity resolution links their other identities.
A contributor already linked to another account is never taken over: that sign-in gets an
account without a contributor, and an organizer sorts it out in the admin.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from contributors.models import Contributor, Identity
from contributors.resolution.names import free_slug

log = logging.getLogger(__name__)


@transaction.atomic
def link_github_account(
    *, user: AbstractBaseUser, login: str, name: str = "", avatar_url: str = ""
) -> Contributor | None:
    """Link ``user`` to the contributor with the GitHub ``login``, creating one if nobody
    has it; returns the user's contributor, or None when that contributor belongs to
    another account. A user who already has a contributor keeps it."""
    current = Contributor.objects.filter(user=user).first()
    if current is not None or not login.strip():
        return current
    login = login.strip()
    value = Identity.normalize(Identity.Kind.GITHUB, login)
    identity = (
        Identity.objects.select_for_update().filter(kind=Identity.Kind.GITHUB, value=value).first()
    )
    contributor = Contributor.objects.select_for_update().filter(
        github_login__iexact=login
    ).first() or (identity.contributor if identity is not None else None)
    # A merged person's row stays behind as a pointer; the account belongs to the survivor.
    while contributor is not None and contributor.merged_into_id is not None:
        contributor = Contributor.objects.select_for_update().get(pk=contributor.merged_into_id)
    if contributor is None:
        contributor = Contributor.objects.create(
            display_name=name.strip() or login,
            slug=free_slug(name.strip() or login, fallback=login),
            github_login=login,
            avatar_url=avatar_url[:500],
            origin=Contributor.Origin.SIGN_IN,
        )
    elif contributor.user_id is not None:
        log.warning(
            "GitHub login %s signed in as user %s, but contributor %s belongs to user %s",
            login,
            user.pk,
            contributor.pk,
            contributor.user_id,
        )
        return None
    if identity is None:
        identity = Identity(kind=Identity.Kind.GITHUB, value=value, display=login)
    if identity.contributor_id is None:
        # The person proved they own the login: a decision resolution keeps, like a hand link.
        identity.contributor = contributor
        identity.link_source = Identity.LinkSource.MANUAL
        identity.save()
    contributor.user = user
    if not contributor.avatar_url and avatar_url:
        contributor.avatar_url = avatar_url[:500]
    contributor.save(update_fields=["user", "avatar_url", "updated_at"])
    return contributor


def link_social_login(sociallogin: SocialLogin) -> Contributor | None:
    """``link_github_account`` for a completed GitHub sign-in; other providers link nobody."""
    if sociallogin.account.provider != "github" or sociallogin.user.pk is None:
        return None
    data = sociallogin.account.extra_data or {}
    return link_github_account(
        user=sociallogin.user,
        login=str(data.get("login") or ""),
        name=str(data.get("name") or ""),
        avatar_url=str(data.get("avatar_url") or ""),
    )


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """No local sign-up: password accounts are created by organizers."""
        return False


class GitHubAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return True

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form=None):
        """A first GitHub sign-in: create the account, then link it."""
        user = super().save_user(request, sociallogin, form)
        link_social_login(sociallogin)
        return user

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A returning GitHub user: link them if their contributor appeared since."""
        if sociallogin.is_existing:
            link_social_login(sociallogin)
