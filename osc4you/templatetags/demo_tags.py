from django import template
from django.conf import settings
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What each demo login shows off.
ROLES = {
    "organizer": _("an organizer: every page, the admin, camps and exports"),
    "mentor": _("a mentor: the mentor dashboard and the mentees' private parts"),
    "mentee": _("a camp participant: their own page in full"),
}


@register.simple_tag
def demo_sign_ins() -> dict | None:
    """The demo logins for the sign-in page, when DEMO_SIGN_IN_HINTS is on and they exist."""
    if not settings.DEMO_SIGN_IN_HINTS:
        return None
    # Imported here: the system checks load every tag library at each command's start-up,
    # and the demo brings its whole cast along.
    from osc4you.demo import LOGIN_PASSWORD, existing_demo_logins

    logins = [(username, ROLES.get(username, "")) for username in existing_demo_logins()]
    return {"logins": logins, "password": LOGIN_PASSWORD} if logins else None
