"""Making API tokens and checking them on each API call (``ApiTokenAuthentication``)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from contributors.models.tokens import ApiToken

MAX_DAYS = 365
# last_used_at is written at most this often, not on every call.
USE_RECORDED_EVERY = timedelta(hours=1)


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(*, user: User, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user`` valid for ``days`` (API_TOKEN_DAYS by default); returns it
    with its key, which is never stored and cannot be shown again."""
    token = ApiToken(user=user, name=name)
    key = issue(token, days=days)
    token.save()
    return token, key


def issue(token: ApiToken, *, days: int | None = None) -> str:
    """Give an unsaved token its key's digest, its password stamp and its expiry; returns
    the key."""
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValueError(f"a token lasts 1 to {MAX_DAYS} days, not {days}")
    key = secrets.token_urlsafe(32)
    token.digest, token.prefix = digest_of(key), key[:8]
    token.password_stamp = token.user.get_session_auth_hash()
    token.expires_at = timezone.now() + timedelta(days=days)
    return key


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``, checked against the stored digest, the expiry date and
    the account's current password; each refusal says which."""

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.select_related("user").filter(digest=digest_of(key)).first()
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.expires_at <= now:
            raise AuthenticationFailed(_("This token has expired; ask for a new one."))
        user = token.user
        if not user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if not constant_time_compare(token.password_stamp, user.get_session_auth_hash()):
            raise AuthenticationFailed(
                _("This token was revoked when the account's password changed.")
            )
        if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token
