from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from contributors.roles import Role, role_of


@dataclass(frozen=True)
class Viewer:
    """What the shell needs to know about the viewer's role, for the navigation."""

    role: Role
    signed_in: bool
    is_staff: bool

    @property
    def is_member(self) -> bool:
        return self.role != Role.ANONYMOUS

    @property
    def sees_mentor_dashboard(self) -> bool:
        return self.role in (Role.MENTOR, Role.ORGANIZER)

    @property
    def sees_admin(self) -> bool:
        return self.is_staff or self.role == Role.ORGANIZER

    @property
    def is_unlinked(self) -> bool:
        """Signed in, but linked to nobody in the community."""
        return self.signed_in and self.role == Role.ANONYMOUS


def site(request: HttpRequest) -> dict:
    """Values every page's shell needs: the community's name, whether DEBUG is on, and the
    viewer's role (asked only when a template reads it)."""
    return {
        "community_name": settings.COMMUNITY_NAME,
        "debug": settings.DEBUG,
        "viewer": SimpleLazyObject(
            lambda: Viewer(
                role=role_of(request.user),
                signed_in=request.user.is_authenticated,
                is_staff=getattr(request.user, "is_staff", False),
            )
        ),
    }
