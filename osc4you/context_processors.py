from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest

from contributors import roles
from contributors.accounts import pending_claim_of
from contributors.models import AccountClaim, Contributor


@dataclass(frozen=True)
class Viewer:
    """The viewer's role as the shell's navigation asks it (roles caches the answers on the
    user, so asking twice costs nothing)."""

    user: roles.AnyUser

    @property
    def is_member(self) -> bool:
        return roles.is_member(self.user)

    @property
    def sees_mentor_dashboard(self) -> bool:
        return roles.can_view_mentor_dashboard(self.user)

    @property
    def person(self) -> Contributor | None:
        """The viewer's own contributor record, for a member (the header links to it)."""
        return roles.contributor_of(self.user) if self.is_member else None

    @property
    def sees_admin(self) -> bool:
        return roles.can_use_admin(self.user)

    @property
    def is_unlinked(self) -> bool:
        """Signed in, but linked to nobody in the community."""
        return self.user.is_authenticated and not self.is_member

    @cached_property
    def claim(self) -> AccountClaim | None:
        """For an account linked to nobody: its claim on a person, waiting or decided."""
        return pending_claim_of(self.user) if self.is_unlinked else None


def site(request: HttpRequest) -> dict:
    """Values every page's shell needs: the community's name, whether DEBUG is on, and the
    viewer's role (asked only when a template reads it)."""
    return {
        "community_name": settings.COMMUNITY_NAME,
        "debug": settings.DEBUG,
        "viewer": Viewer(request.user),
    }
