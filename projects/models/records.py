"""What the sources say happened. Each row is keyed by its external id, so every sync is an
idempotent upsert; people are referenced through identities, never directly."""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _identity_fk(
    verbose_name: "StrOrPromise", related_name: str, *, db_index: bool = True
) -> models.ForeignKey:
    # PROTECT: an identity with records is never deleted; people are merged instead.
    return models.ForeignKey(
        "projects.Identity",
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        db_index=db_index,
    )


class Commit(models.Model):
    # Neither foreign key below gets an index of its own: the (repository, …) and
    # (author, committed_at) indexes in Meta lead with them, and each index costs every insert.
    repository = models.ForeignKey(
        "projects.Repository",
        verbose_name=_("repository"),
        on_delete=models.CASCADE,
        related_name="commits",
        db_index=False,
    )
    sha = models.CharField(_("SHA"), max_length=40)
    author = _identity_fk(_("author"), "authored_commits", db_index=False)
    committer = _identity_fk(_("committer"), "committed_commits")
    authored_at = models.DateTimeField(_("authored"))
    committed_at = models.DateTimeField(_("committed"), help_text=_("When it landed."))
    subject = models.TextField(_("subject"))
    pr_number = models.PositiveIntegerField(
        _("PR number"), null=True, blank=True, help_text=_('Parsed from "(#123)".')
    )
    pull_request = models.ForeignKey(
        "projects.PullRequest",
        verbose_name=_("pull request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commits",
    )
    is_merge = models.BooleanField(_("merge commit"), default=False)
    # Filled by the stats pass, which runs after the metadata pass.
    files_changed = models.PositiveIntegerField(_("files changed"), null=True, blank=True)
    additions = models.PositiveIntegerField(_("additions"), null=True, blank=True)
    deletions = models.PositiveIntegerField(_("deletions"), null=True, blank=True)

    class Meta:
        verbose_name = _("commit")
        verbose_name_plural = _("commits")
        ordering = ["-committed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["repository", "sha"],
                name="commit_unique_sha",
                violation_error_message=_("This commit is already stored."),
            ),
        ]
        indexes = [
            # Leaderboards and camp windows: a repository's commits in a date range.
            models.Index(fields=["repository", "committed_at"], name="commit_repo_date"),
            # A person's commits in a date range.
            models.Index(fields=["author", "committed_at"], name="commit_author_date"),
            # Linking pull requests to the commits that landed them.
            models.Index(fields=["repository", "pr_number"], name="commit_repo_pr"),
            # The stats pass resumes from the commits still without stats.
            models.Index(
                fields=["repository", "id"],
                condition=Q(files_changed__isnull=True),
                name="commit_without_stats",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sha[:10]} {self.subject[:60]}"


class CommitCredit(models.Model):
    """A person credited on a commit by a trailer or a body line: reviewers, co-authors…"""

    class Kind(models.TextChoices):
        REVIEWER = "reviewer", _("reviewer")
        CO_AUTHOR = "co_author", _("co-author")
        SIGNED_OFF = "signed_off", _("signed off")
        AUTHOR_LINE = "author_line", _("author line")

    # No index of their own: the unique (commit, identity, kind) and the (identity, kind)
    # index lead with them.
    commit = models.ForeignKey(
        Commit,
        verbose_name=_("commit"),
        on_delete=models.CASCADE,
        related_name="credits",
        db_index=False,
    )
    identity = models.ForeignKey(
        "projects.Identity",
        verbose_name=_("identity"),
        on_delete=models.PROTECT,
        related_name="commit_credits",
        db_index=False,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    raw = models.TextField(_("raw line"), help_text=_("The line as written in the message."))

    class Meta:
        verbose_name = _("commit credit")
        verbose_name_plural = _("commit credits")
        constraints = [
            models.UniqueConstraint(
                fields=["commit", "identity", "kind"],
                name="credit_unique_per_commit",
                violation_error_message=_("This credit is already stored."),
            ),
        ]
        indexes = [
            # Reviews credited to a person, leaderboards by kind.
            models.Index(fields=["identity", "kind"], name="credit_identity_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.identity} on {self.commit_id}"


class PullRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed without merge")
        MERGED = "merged", _("merged")

    repository = models.ForeignKey(
        "projects.Repository",
        verbose_name=_("repository"),
        on_delete=models.CASCADE,
        related_name="pull_requests",
    )
    number = models.PositiveIntegerField(_("number"))
    github_id = models.BigIntegerField(_("GitHub id"), null=True, blank=True)
    author = _identity_fk(_("author"), "authored_pull_requests")
    state = models.CharField(_("state"), max_length=8, choices=State.choices)
    is_draft = models.BooleanField(_("draft"), default=False)
    title = models.TextField(_("title"))
    labels = models.JSONField(_("labels"), default=list, blank=True)
    created_at = models.DateTimeField(_("opened"))
    updated_at = models.DateTimeField(_("updated"))
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    merged_by = _identity_fk(_("merged by"), "merged_pull_requests")
    merge_commit_sha = models.CharField(_("merge commit"), max_length=40, blank=True)
    additions = models.PositiveIntegerField(_("additions"), null=True, blank=True)
    deletions = models.PositiveIntegerField(_("deletions"), null=True, blank=True)
    changed_files = models.PositiveIntegerField(_("changed files"), null=True, blank=True)

    class Meta:
        verbose_name = _("pull request")
        verbose_name_plural = _("pull requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["repository", "number"],
                name="pull_request_unique_number",
                violation_error_message=_("This pull request is already stored."),
            ),
            models.UniqueConstraint(
                fields=["github_id"],
                condition=Q(github_id__isnull=False),
                name="pull_request_unique_github_id",
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_at__isnull=False),
                name="pull_request_merged_has_date",
            ),
        ]
        indexes = [
            # A person's pull requests over time; open ones waiting for review.
            models.Index(fields=["author", "created_at"], name="pr_author_created"),
            models.Index(fields=["author", "state"], name="pr_author_state"),
            # Incremental sync walks by update time.
            models.Index(fields=["repository", "updated_at"], name="pr_repo_updated"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title[:60]}"


class Review(models.Model):
    class State(models.TextChoices):
        APPROVED = "approved", _("approved")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        COMMENTED = "commented", _("commented")
        DISMISSED = "dismissed", _("dismissed")
        PENDING = "pending", _("pending")

    pull_request = models.ForeignKey(
        PullRequest,
        verbose_name=_("pull request"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    github_id = models.BigIntegerField(_("GitHub id"), unique=True)
    reviewer = _identity_fk(_("reviewer"), "reviews")
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["reviewer", "submitted_at"], name="review_reviewer_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()} on {self.pull_request_id}"


class ReviewComment(models.Model):
    pull_request = models.ForeignKey(
        PullRequest,
        verbose_name=_("pull request"),
        on_delete=models.CASCADE,
        related_name="review_comments",
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    github_id = models.BigIntegerField(_("GitHub id"), unique=True)
    author = _identity_fk(_("author"), "review_comments")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["author", "created_at"], name="review_comment_author_date"),
        ]

    def __str__(self) -> str:
        return f"comment {self.github_id} on {self.pull_request_id}"


class PullRequestComment(models.Model):
    """A comment on a pull request's conversation, not on its diff (GitHub's IssueComment on
    a pull request). Written by anyone but the pull request's author, it is taking part in
    the review (projects.reviewing)."""

    pull_request = models.ForeignKey(
        PullRequest,
        verbose_name=_("pull request"),
        on_delete=models.CASCADE,
        related_name="conversation_comments",
    )
    github_id = models.BigIntegerField(_("GitHub id"), unique=True)
    author = _identity_fk(_("author"), "pull_request_comments")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("pull request comment")
        verbose_name_plural = _("pull request comments")
        ordering = ["-created_at"]
        indexes = [
            # A person's review participation in a date range (progress, camps, recent).
            models.Index(fields=["author", "created_at"], name="pr_comment_author_date"),
        ]

    def __str__(self) -> str:
        return f"comment {self.github_id} on {self.pull_request_id}"


class Issue(models.Model):
    class Tracker(models.TextChoices):
        JIRA = "jira", _("JIRA")
        GITHUB = "github", _("GitHub")

    class Gone(models.TextChoices):
        """Why a stored issue no longer counts for its project; blank while it does."""

        MOVED_OUT = "moved_out", _("moved to a project not followed")
        DELETED = "deleted", _("deleted or hidden in JIRA")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="issues",
    )
    repository = models.ForeignKey(
        "projects.Repository",
        verbose_name=_("repository"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="issues",
        help_text=_("For GitHub issues."),
    )
    tracker = models.CharField(_("tracker"), max_length=8, choices=Tracker.choices)
    external_id = models.CharField(
        _("external id"), max_length=64, help_text=_("Stable across moves and renames.")
    )
    key = models.CharField(_("key"), max_length=64, help_text=_("KAFKA-9654 or owner/name#12."))
    reporter = _identity_fk(_("reporter"), "reported_issues")
    assignee = _identity_fk(_("assignee"), "assigned_issues")
    creator = _identity_fk(_("creator"), "created_issues")
    issue_type = models.CharField(_("type"), max_length=64, blank=True)
    priority = models.CharField(_("priority"), max_length=64, blank=True)
    status = models.CharField(_("status"), max_length=64)
    resolution = models.CharField(_("resolution"), max_length=64, blank=True)
    summary = models.TextField(_("summary"))
    fix_versions = models.JSONField(_("fix versions"), default=list, blank=True)
    components = models.JSONField(_("components"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # Kept rather than removed: the issue and its comments stay (a move or a lost permission
    # can be undone), and a sync that finds it in a followed project again clears the mark.
    gone = models.CharField(
        _("gone"),
        max_length=12,
        choices=Gone.choices,
        blank=True,
        default="",
        db_default="",  # the bulk writers list their columns; this one may be left out
        help_text=_("Set when JIRA no longer lists the issue in its project: not counted."),
    )

    class Meta:
        verbose_name = _("issue")
        verbose_name_plural = _("issues")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["tracker", "external_id"],
                name="issue_unique_external_id",
                violation_error_message=_("This issue is already stored."),
            ),
        ]
        indexes = [
            models.Index(fields=["key"], name="issue_key"),
            models.Index(fields=["reporter", "created_at"], name="issue_reporter_created"),
            models.Index(fields=["assignee", "resolved_at"], name="issue_assignee_resolved"),
            models.Index(fields=["project", "updated_at"], name="issue_project_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.summary[:60]}"


class IssueComment(models.Model):
    issue = models.ForeignKey(
        Issue, verbose_name=_("issue"), on_delete=models.CASCADE, related_name="comments"
    )
    external_id = models.CharField(_("external id"), max_length=64)
    author = _identity_fk(_("author"), "issue_comments")
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("issue comment")
        verbose_name_plural = _("issue comments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "external_id"],
                name="issue_comment_unique_external_id",
                violation_error_message=_("This comment is already stored."),
            ),
        ]
        indexes = [
            models.Index(fields=["author", "created_at"], name="issue_comment_author_date"),
        ]

    def __str__(self) -> str:
        return f"comment {self.external_id} on {self.issue_id}"
