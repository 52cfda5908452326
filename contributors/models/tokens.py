"""API tokens: what a script sends as ``Authorization: Token <key>``.

Only a digest of the key is stored, so a copy of the database signs nobody in; the key is
shown once, when the token is made. Every token expires, and each one is bound to the
password its account had when it was made: changing the password revokes every token.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for, e.g. 'camp report script'.")
    )
    # SHA-256 of the key: keys are 256 random bits, so a fast digest is as safe as a slow one.
    digest = models.CharField(_("digest"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        _("starts with"),
        max_length=8,
        editable=False,
        help_text=_("The key's first characters, to tell tokens apart."),
    )
    # The account's session hash when the token was made: it changes with the password.
    password_stamp = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
