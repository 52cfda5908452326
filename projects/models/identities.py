"""The ways people appear in sources: an email or a name on a commit, a GitHub login, a
JIRA user, an Apache id. Syncs record them, normalized, with the records that name them;
resolution (``contributors.resolution``) later links each one to the person behind it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
        "contributors.Contributor",
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
        # The table kept its name when the model moved here from contributors.
        db_table = "contributors_identity"
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
        db_table = "contributors_identitypair"
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
