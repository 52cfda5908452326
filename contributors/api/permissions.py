from rest_framework.permissions import BasePermission

from contributors.roles import Role, role_of


class IsMember(BasePermission):
    """A signed-in user with a role: linked to a contributor, or an organizer.

    Anonymous users and accounts linked to nobody see the community figures only, as in
    the pages.
    """

    def has_permission(self, request, view) -> bool:
        return role_of(request.user) != Role.ANONYMOUS
