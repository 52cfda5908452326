"""The admin site: open to organizers (the "organizers" group) as well as staff.

Organizers run the community from here, so membership of the group is enough to sign in;
what each may change is still the admin's model permissions, which the group is granted
(``contributors.roles.grant_organizer_permissions``, after every migrate).
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class OrganizersAdminSite(admin.AdminSite):
    site_header = _("osc4you administration")
    site_title = _("osc4you admin")

    def has_permission(self, request: HttpRequest) -> bool:
        # Imported here: this module loads with INSTALLED_APPS, before any model.
        from contributors.roles import can_use_admin

        return can_use_admin(request.user)


class OrganizersAdminConfig(AdminConfig):
    default_site = "osc4you.admin.OrganizersAdminSite"
