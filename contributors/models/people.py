"""People: everyone seen in the data, ``is_member`` marking the community's own.

The ways a person appears in sources (emails, names, logins) are identities, recorded by
the syncs with the records that name them (``projects.models.identities``); resolution links
each identity to a Contributor, so linking or merging people never touches a source record.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Contributor(models.Model):
    class Origin(models.TextChoices):
        RESOLVED = "resolved", _("created by identity resolution")
        MANUAL = "manual", _("entered by hand")
        DEMO = "demo", _("demo data")
        SIGN_IN = "sign_in", _("created at sign-in")

    display_name = models.CharField(_("display name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    chinese_name = models.CharField(_("Chinese name"), max_length=100, blank=True)
    apache_id = models.CharField(_("Apache id"), max_length=64, blank=True)
    github_login = models.CharField(_("GitHub login"), max_length=39, blank=True)
    jira_user = models.CharField(_("JIRA user"), max_length=255, blank=True)
    avatar_url = models.URLField(_("avatar URL"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
    )
    is_member = models.BooleanField(
        _("community member"), default=False, help_text=_("One of the community's own people.")
    )
    is_bot = models.BooleanField(_("bot"), default=False)
    # An AI assistant named as a co-author (Claude, Copilot, Cursor): shown on its commits,
    # never ranked or counted as a person (``projects.people.NOT_PEOPLE``).
    is_assistant = models.BooleanField(_("AI assistant"), default=False)
    origin = models.CharField(
        _("origin"), max_length=16, choices=Origin.choices, default=Origin.MANUAL
    )
    # A merged person keeps their row (emptied of identities, titles and camps) rather than
    # being deleted: their slug and old links still lead somewhere (follow ``merged_into``),
    # merge suggestions and the merge log keep pointing at a real row, and an undo restores
    # the same row. Lists and counts of people leave these rows out.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        help_text=_("Set when this person was merged into another; undoing the merge clears it."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("apache_id"),
                condition=~Q(apache_id=""),
                name="contributor_unique_apache_id",
                violation_error_message=_("Another contributor has this Apache id."),
            ),
            models.UniqueConstraint(
                Lower("github_login"),
                condition=~Q(github_login=""),
                name="contributor_unique_github_login",
                violation_error_message=_("Another contributor has this GitHub login."),
            ),
        ]
        indexes = [
            # Member lists and community figures filter on membership first.
            models.Index(fields=["is_member", "display_name"], name="contributor_member_name"),
        ]

    def __str__(self) -> str:
        if self.chinese_name:
            return f"{self.display_name} ({self.chinese_name})"
        return self.display_name
