from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ActivityMonth(models.Model):
    """How many things of one kind a person did in a project in a month.

    Keyed by the contributor once an identity is resolved, by the identity until then.
    Rebuilt from source records by ``projects.rollups.refresh_activity_months``; dashboards
    read these rows instead of scanning source records.
    """

    class Kind(models.TextChoices):
        COMMIT = "commit", _("commits authored")
        COMMIT_REVIEW = "commit_review", _("commits reviewed (credited)")
        COMMIT_COAUTHOR = "commit_coauthor", _("commits co-authored")
        PR_OPENED = "pr_opened", _("pull requests opened")
        PR_MERGED = "pr_merged", _("pull requests merged")
        REVIEW = "review", _("pull request reviews")
        REVIEW_COMMENT = "review_comment", _("review comments")
        ISSUE_REPORTED = "issue_reported", _("issues reported")
        ISSUE_RESOLVED = "issue_resolved", _("issues resolved")
        ISSUE_COMMENT = "issue_comment", _("issue comments")
        LIST_THREAD = "list_thread", _("list threads started")
        LIST_REPLY = "list_reply", _("list replies")
        LIST_VOTE = "list_vote", _("votes cast")
        LIST_DESIGN = "list_design", _("design threads authored")

    contributor = models.ForeignKey(
        "contributors.Contributor",
        verbose_name=_("contributor"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_months",
    )
    identity = models.ForeignKey(
        "projects.Identity",
        verbose_name=_("unresolved identity"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity_months",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="activity_months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("monthly activity")
        verbose_name_plural = _("monthly activity")
        ordering = ["-month", "project", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contributor__isnull=False, identity__isnull=True)
                | Q(contributor__isnull=True, identity__isnull=False),
                name="activity_month_one_subject",
                violation_error_message=_("Monthly activity belongs to a person or an identity."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="activity_month_first_day"),
            models.UniqueConstraint(
                fields=["contributor", "project", "month", "kind"],
                condition=Q(contributor__isnull=False),
                name="activity_month_unique_contributor",
            ),
            models.UniqueConstraint(
                fields=["identity", "project", "month", "kind"],
                condition=Q(identity__isnull=False),
                name="activity_month_unique_identity",
            ),
        ]
        indexes = [
            # Home page and community figures: a month's totals per project and kind.
            models.Index(fields=["month", "kind", "project"], name="activity_month_totals"),
        ]

    def __str__(self) -> str:
        who = self.contributor_id or f"identity {self.identity_id}"
        return f"{who} {self.project_id} {self.month:%Y-%m} {self.kind}: {self.count}"
