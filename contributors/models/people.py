"""People and the ways they appear in sources.

A Contributor is every person seen in the data; ``is_member`` marks the community's own.
Identities (emails, names, logins) point at a Contributor once resolved; source records
point at identities, so linking or merging people never touches a source record.
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


class Identity(models.Model):
    """One way a person appears in a source, stored normalized so the same one is one row."""

    class Kind(models.TextChoices):
        GIT_EMAIL = "git_email", _("git email")
        GIT_NAME = "git_name", _("git name")
        GITHUB = "github", _("GitHub login")
        JIRA = "jira", _("JIRA user")
        APACHE = "apache", _("Apache id")

    class LinkSource(models.TextChoices):
        UNRESOLVED = "", _("unresolved")
        MANUAL = "manual", _("linked by hand")
        RULE = "rule", _("linked by a resolution rule")
        DEMO = "demo", _("demo data")

    class AccountIdSource(models.TextChoices):
        NONE = "", _("not known")
        GITHUB = "github", _("GitHub's API")
        COMMIT_EMAIL = "commit_email", _("a commit's noreply email")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    value = models.CharField(
        _("value"), max_length=320, help_text=_("Normalized: lower-cased, trimmed.")
    )
    display = models.CharField(
        _("as seen"), max_length=320, blank=True, help_text=_("The first spelling seen.")
    )
    contributor = models.ForeignKey(
        Contributor,
        verbose_name=_("contributor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="identities",
    )
    link_source = models.CharField(
        _("linked by"), max_length=16, choices=LinkSource.choices, blank=True, default=""
    )
    # A GitHub login can be renamed, deleted and registered again by someone else; the
    # numeric account id never changes hands, so sign-in binds accounts by it. GitHub's API
    # says it with authority; a commit's 12345+login@users.noreply.github.com address says
    # it too, but anyone can write any address into a commit.
    account_id = models.BigIntegerField(
        _("account id"),
        null=True,
        blank=True,
        help_text=_("GitHub's numeric id of the account behind a GitHub login."),
    )
    account_id_source = models.CharField(
        _("account id from"),
        max_length=16,
        choices=AccountIdSource.choices,
        blank=True,
        default="",
    )
    created_at = models.DateTimeField(_("first seen"), auto_now_add=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        ordering = ["kind", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "value"],
                name="identity_unique_kind_value",
                violation_error_message=_("This identity is already recorded."),
            ),
            models.CheckConstraint(condition=~Q(value=""), name="identity_value_not_empty"),
            models.CheckConstraint(
                condition=Q(account_id__isnull=True, account_id_source="")
                | Q(account_id__isnull=False, kind="github") & ~Q(account_id_source=""),
                name="identity_account_id_on_github_logins",
            ),
        ]
        indexes = [
            # A GitHub sign-in looks its account up by id.
            models.Index(
                fields=["account_id"],
                condition=Q(account_id__isnull=False),
                name="identity_account_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.display or self.value}"

    @staticmethod
    def normalize(kind: str, raw: str) -> str:
        """The stored form of a raw value: trimmed, single-spaced, lower-cased."""
        value = " ".join(raw.split())
        return value.lower()


class IdentityPair(models.Model):
    """Two identities seen together in one source: a name with an email on a commit or in a
    trailer, a login with an email on GitHub. Identity resolution reads these as evidence;
    ``first`` always has the smaller id, so a pair is stored once."""

    first = models.ForeignKey(
        Identity, verbose_name=_("identity"), on_delete=models.CASCADE, related_name="+"
    )
    second = models.ForeignKey(
        Identity, verbose_name=_("seen with"), on_delete=models.CASCADE, related_name="+"
    )
    occurrences = models.PositiveIntegerField(_("times seen together"), default=1)

    class Meta:
        verbose_name = _("identity pair")
        verbose_name_plural = _("identity pairs")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="identity_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=models.F("second")), name="identity_pair_ordered"
            ),
        ]
        indexes = [
            # Resolution looks pairs up from either side.
            models.Index(fields=["second"], name="identity_pair_second"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"
