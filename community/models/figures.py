"""Counts the community page reads, recomputed from records and rollups by
``community.snapshot`` after syncs and nightly; never edited by hand."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReviewMonth(models.Model):
    """Pull requests a person reviewed in a project in a month, each counted once.

    A review reaches the data as a GitHub review, a "Reviewers:" trailer on the commit that
    landed the pull request, or both; it counts once, in the month it was first seen.
    Trailer credits on commits without a known pull request count once per commit. One's
    own pull request is no review. Keyed like ``ActivityMonth``: by the person once an
    identity is resolved, by the identity until then.
    """

    contributor = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_months",
    )
    identity = models.ForeignKey(
        "projects.Identity",
        verbose_name=_("unresolved identity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="review_months",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="review_months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("pull requests reviewed"))

    class Meta:
        verbose_name = _("monthly reviews")
        verbose_name_plural = _("monthly reviews")
        ordering = ["-month", "project"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contributor__isnull=False, identity__isnull=True)
                | Q(contributor__isnull=True, identity__isnull=False),
                name="review_month_one_subject",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="review_month_first_day"),
            models.UniqueConstraint(
                fields=["contributor", "project", "month"],
                condition=Q(contributor__isnull=False),
                name="review_month_unique_contributor",
            ),
            models.UniqueConstraint(
                fields=["identity", "project", "month"],
                condition=Q(identity__isnull=False),
                name="review_month_unique_identity",
            ),
        ]
        indexes = [
            # A quarter's reviews: the community page's totals and leaderboards.
            models.Index(fields=["month", "project"], name="review_month_totals"),
        ]

    def __str__(self) -> str:
        who = self.contributor_id or f"identity {self.identity_id}"
        return f"{who} {self.project_id} {self.month:%Y-%m}: {self.count}"


class Tally(models.Model):
    """Commits, merged pull requests, reviews and issues, all time."""

    commits = models.PositiveIntegerField(_("commits"), default=0)
    merged_prs = models.PositiveIntegerField(_("merged pull requests"), default=0)
    reviews = models.PositiveIntegerField(_("reviews"), default=0)
    issues = models.PositiveIntegerField(_("issues reported"), default=0)
    people = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        abstract = True


class ProjectFigures(Tally):
    """Everyone's work in a project, all time, bots left out; with the community's place."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="community_figures",
    )
    organizations = models.PositiveIntegerField(_("contributing organisations"), default=0)
    community_rank = models.PositiveIntegerField(
        _("the community's rank"),
        null=True,
        blank=True,
        help_text=_("Among the contributing organisations; empty while members have none."),
    )
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("project figures")
        verbose_name_plural = _("project figures")
        ordering = ["project__name"]

    def __str__(self) -> str:
        return str(self.project)


class OrganizationFigures(Tally):
    """One organisation's work in a project, all time, and its rank there.

    ``organization`` is set for organisations organizers recorded (the community among
    them); ``domain`` for an unrecorded email domain shared by two people or more.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="organization_figures",
    )
    organization = models.ForeignKey(
        "community.Organization",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="figures",
    )
    domain = models.CharField(_("email domain"), max_length=255, blank=True)
    rank = models.PositiveIntegerField(_("rank"))

    class Meta:
        verbose_name = _("organisation figures")
        verbose_name_plural = _("organisation figures")
        ordering = ["project", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, domain="")
                | Q(organization__isnull=True) & ~Q(domain=""),
                name="organization_figures_one_subject",
            ),
        ]
        indexes = [
            # The community page: each project's leading organisations.
            models.Index(fields=["project", "rank"], name="organization_figures_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} #{self.rank} {self.organization or self.domain}"

    @property
    def name(self) -> str:
        return self.organization.name if self.organization is not None else self.domain

    @property
    def is_community(self) -> bool:
        return self.organization is not None and self.organization.is_community


class ProjectQuarter(Tally):
    """Everyone's work in a project in a quarter, bots left out, and the members' part."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="community_quarters",
    )
    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    member_commits = models.PositiveIntegerField(_("commits by members"), default=0)
    member_merged_prs = models.PositiveIntegerField(_("merged pull requests by members"), default=0)
    member_reviews = models.PositiveIntegerField(_("reviews by members"), default=0)
    member_issues = models.PositiveIntegerField(_("issues reported by members"), default=0)
    members = models.PositiveIntegerField(_("members active"), default=0)

    class Meta:
        verbose_name = _("project quarter")
        verbose_name_plural = _("project quarters")
        ordering = ["-quarter", "project"]
        constraints = [
            models.UniqueConstraint(fields=["project", "quarter"], name="project_quarter_unique"),
        ]
        indexes = [
            # The community page: every project's figures in one quarter.
            models.Index(fields=["quarter"], name="project_quarter_quarter"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.quarter:%Y-%m}"


class MemberQuarter(models.Model):
    """A member's work in a project in a quarter: what the leaderboards rank."""

    contributor = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="community_quarters",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="member_quarters",
    )
    quarter = models.DateField(_("quarter"), help_text=_("The first day of the quarter."))
    commits = models.PositiveIntegerField(_("commits"), default=0)
    merged_prs = models.PositiveIntegerField(_("merged pull requests"), default=0)
    reviews = models.PositiveIntegerField(_("reviews"), default=0)
    issues = models.PositiveIntegerField(_("issues reported"), default=0)

    class Meta:
        verbose_name = _("member quarter")
        verbose_name_plural = _("member quarters")
        ordering = ["-quarter", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["contributor", "project", "quarter"], name="member_quarter_unique"
            ),
        ]
        indexes = [
            # The leaderboards: one quarter's members, in every project or one.
            models.Index(fields=["quarter", "project"], name="member_quarter_board"),
        ]

    def __str__(self) -> str:
        return f"{self.contributor_id} {self.project_id} {self.quarter:%Y-%m}"
