from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from projects.models.calibration import validate_signal_numbers
from projects.models.conventions import Meaning, kinds_meaning, validate_credit_meanings


class Project(models.Model):
    class Foundation(models.TextChoices):
        ASF = "asf", _("Apache Software Foundation")
        LF = "lf", _("Linux Foundation")
        CNCF = "cncf", _("Cloud Native Computing Foundation")
        OTHER = "other", _("other")

    class Tracker(models.TextChoices):
        JIRA = "jira", _("JIRA")
        GITHUB = "github", _("GitHub issues")
        NONE = "none", _("none")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    foundation = models.CharField(
        _("foundation"), max_length=8, choices=Foundation.choices, default=Foundation.ASF
    )
    homepage = models.URLField(_("homepage"), blank=True)
    description = models.TextField(_("description"), blank=True)
    issue_tracker = models.CharField(
        _("issue tracker"), max_length=8, choices=Tracker.choices, default=Tracker.JIRA
    )
    jira_key = models.CharField(
        _("JIRA key"), max_length=32, blank=True, help_text=_("For example KAFKA.")
    )
    jira_url = models.URLField(
        _("JIRA base URL"), blank=True, help_text=_("Empty means the JIRA_URL setting.")
    )
    design_prefix = models.CharField(
        _("design thread prefix"),
        max_length=60,
        blank=True,
        default="[DISCUSS]",
        help_text=_(
            "Threads on the lists whose subject starts with this are design threads, "
            "e.g. [DISCUSS] KIP-."
        ),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    progress_targets = models.JSONField(
        _("progress targets"),
        default=dict,
        blank=True,
        validators=[validate_signal_numbers],
        help_text=_(
            'Used while fewer than three committers can be measured, e.g. {"merged_prs": 30}.'
        ),
    )
    progress_weights = models.JSONField(
        _("progress weights"),
        default=dict,
        blank=True,
        validators=[validate_signal_numbers],
        help_text=_("Weight of each signal in readiness; unset signals keep the default."),
    )
    credit_meanings = models.JSONField(
        _("credit meanings"),
        default=dict,
        blank=True,
        validators=[validate_credit_meanings],
        help_text=_(
            "Which commit credits mean reviewed, co-authored and merged by; a meaning left "
            "out keeps Kafka's default."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="project_unique_name",
                violation_error_message=_("A project with this name exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def credit_kinds(self, meaning: Meaning | str) -> tuple[str, ...]:
        """The kinds of commit credit that mean ``meaning`` in this project."""
        return kinds_meaning(self.credit_meanings, meaning)


class Repository(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="repositories"
    )
    owner = models.CharField(_("GitHub owner"), max_length=100)
    name = models.CharField(_("GitHub name"), max_length=100)
    github_id = models.BigIntegerField(
        _("GitHub id"), null=True, blank=True, help_text=_("Survives renames of the repository.")
    )
    clone_url = models.CharField(
        _("clone URL"), max_length=500, help_text=_("A URL, or a local path for a mirror.")
    )
    default_branch = models.CharField(
        _("default branch"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the branch the mirror's HEAD names, read at the first sync."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("repository")
        verbose_name_plural = _("repositories")
        ordering = ["owner", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("owner"),
                Lower("name"),
                name="repository_unique_full_name",
                violation_error_message=_("This repository is already followed."),
            ),
            models.UniqueConstraint(
                fields=["github_id"],
                condition=Q(github_id__isnull=False),
                name="repository_unique_github_id",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    @property
    def web_url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"


class Title(models.Model):
    """An open-source title a person holds: committer, PMC member, ASF member, maintainer."""

    class Role(models.TextChoices):
        COMMITTER = "committer", _("committer")
        PMC_MEMBER = "pmc_member", _("PMC member")
        PMC_CHAIR = "pmc_chair", _("PMC chair")
        ASF_MEMBER = "asf_member", _("ASF member")
        MAINTAINER = "maintainer", _("maintainer")

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        APACHE_ROSTER = "apache_roster", _("Apache roster")
        ANNOUNCEMENT = "announcement", _("announcement")
        DEMO = "demo", _("demo data")

    contributor = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        related_name="titles",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="titles",
        help_text=_("Empty for ASF membership."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.MANUAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The list message that dated the title (source "announcement").
    announcement = models.ForeignKey(
        "projects.ListMessage",
        verbose_name=_("announcement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["-granted_on", "contributor__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "project", "role"],
                name="title_unique_per_project",
                violation_error_message=_("This person already holds this title."),
            ),
            models.UniqueConstraint(
                fields=["contributor", "role"],
                condition=Q(project__isnull=True),
                name="title_unique_without_project",
                violation_error_message=_("This person already holds this title."),
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(role="asf_member"),
                name="title_project_unless_asf_member",
                violation_error_message=_("Only ASF membership is held without a project."),
            ),
        ]
        indexes = [
            # Home page and community figures: titles gained, newest first.
            models.Index(fields=["role", "granted_on"], name="title_role_granted"),
        ]

    def __str__(self) -> str:
        where = self.project.name if self.project is not None else "ASF"
        return f"{self.contributor} — {where} {self.get_role_display()}"
