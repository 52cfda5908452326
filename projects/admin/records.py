"""Source records (commits, credits, pull requests, their comments and reviews, issues):
written by syncs, read here.

Records reach six figures per project, so foreign keys to identities, commits, pull requests
and issues are raw ids (a plain select would render one option per row), big change lists
skip the second "x of y" count, and every column's relation is selected in the list query.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from projects.admin.synced import SyncedRecordAdmin, SyncedRecordInline
from projects.models import (
    Commit,
    CommitCredit,
    Issue,
    IssueComment,
    PullRequest,
    PullRequestComment,
    Review,
    ReviewComment,
)


def _short(text: str, length: int = 80) -> str:
    return Truncator(text).chars(length)


class CommitCreditInline(SyncedRecordInline):
    model = CommitCredit
    fields = ["kind", "identity", "raw"]
    raw_id_fields = ["identity"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CommitCredit]:
        # The read-only identity cell renders str(identity): one query per row otherwise.
        return super().get_queryset(request).select_related("identity")


@admin.register(Commit)
class CommitAdmin(SyncedRecordAdmin):
    list_display = [
        "short_sha",
        "short_subject",
        "repository",
        "author",
        "author_contributor",
        "committed_at",
        "pr_number",
        "is_merge",
    ]
    list_filter = ["is_merge", "repository__project", "repository"]
    list_select_related = ["repository", "author__contributor"]
    search_fields = [
        "^sha",
        "subject",
        "author__value",
        "author__display",
        "author__contributor__display_name",
        "author__contributor__chinese_name",
    ]
    date_hierarchy = "committed_at"
    ordering = ["-committed_at"]
    raw_id_fields = ["author", "committer", "pull_request"]
    show_full_result_count = False
    inlines = [CommitCreditInline]

    @admin.display(description=_("SHA"), ordering="sha")
    def short_sha(self, obj: Commit) -> str:
        return obj.sha[:10]

    @admin.display(description=_("subject"))
    def short_subject(self, obj: Commit) -> str:
        return _short(obj.subject)

    @admin.display(description=_("person"), ordering="author__contributor__display_name")
    def author_contributor(self, obj: Commit) -> str | None:
        return str(obj.author.contributor) if obj.author and obj.author.contributor else None

    def view_on_site(self, obj: Commit) -> str:
        return f"{obj.repository.web_url}/commit/{obj.sha}"


@admin.register(CommitCredit)
class CommitCreditAdmin(SyncedRecordAdmin):
    list_display = ["commit", "kind", "identity", "identity_contributor", "raw"]
    list_filter = ["kind", "commit__repository__project"]
    list_select_related = ["commit", "identity__contributor"]
    search_fields = [
        "^commit__sha",
        "identity__value",
        "identity__contributor__display_name",
        "identity__contributor__chinese_name",
        "raw",
    ]
    ordering = ["-commit__committed_at", "kind"]
    raw_id_fields = ["commit", "identity"]
    show_full_result_count = False

    @admin.display(description=_("person"), ordering="identity__contributor__display_name")
    def identity_contributor(self, obj: CommitCredit) -> str | None:
        return str(obj.identity.contributor) if obj.identity.contributor else None


class ReviewInline(SyncedRecordInline):
    model = Review
    fields = ["reviewer", "state", "submitted_at"]
    raw_id_fields = ["reviewer"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        # The read-only reviewer cell renders str(identity): one query per row otherwise.
        return super().get_queryset(request).select_related("reviewer")


@admin.register(PullRequest)
class PullRequestAdmin(SyncedRecordAdmin):
    list_display = [
        "number",
        "short_title",
        "repository",
        "author",
        "author_contributor",
        "state",
        "is_draft",
        "created_at",
        "merged_at",
    ]
    list_display_links = ["number", "short_title"]
    list_filter = ["state", "is_draft", "repository__project", "repository"]
    list_select_related = ["repository", "author__contributor"]
    search_fields = [
        "number__exact",
        "title",
        "^merge_commit_sha",
        "author__value",
        "author__contributor__display_name",
        "author__contributor__chinese_name",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    raw_id_fields = ["author", "merged_by"]
    show_full_result_count = False
    inlines = [ReviewInline]

    @admin.display(description=_("title"))
    def short_title(self, obj: PullRequest) -> str:
        return _short(obj.title)

    @admin.display(description=_("person"), ordering="author__contributor__display_name")
    def author_contributor(self, obj: PullRequest) -> str | None:
        return str(obj.author.contributor) if obj.author and obj.author.contributor else None

    def view_on_site(self, obj: PullRequest) -> str:
        return f"{obj.repository.web_url}/pull/{obj.number}"


@admin.register(Review)
class ReviewAdmin(SyncedRecordAdmin):
    list_display = ["pull_request", "pull_request__repository", "reviewer", "state", "submitted_at"]
    list_filter = ["state", "pull_request__repository__project"]
    list_select_related = ["pull_request__repository", "reviewer"]
    search_fields = [
        "pull_request__number__exact",
        "pull_request__title",
        "reviewer__value",
        "reviewer__contributor__display_name",
        "reviewer__contributor__chinese_name",
    ]
    date_hierarchy = "submitted_at"
    ordering = ["-submitted_at"]
    raw_id_fields = ["pull_request", "reviewer"]
    show_full_result_count = False


class PullRequestCommentsAdmin(SyncedRecordAdmin):
    """What the admin shows of comments made on a pull request, on its diff or in its
    conversation."""

    list_display = ["github_id", "pull_request", "pull_request__repository", "author", "created_at"]
    list_filter = ["pull_request__repository__project"]
    list_select_related = ["pull_request__repository", "author"]
    search_fields = [
        "github_id__exact",
        "pull_request__number__exact",
        "pull_request__title",
        "author__value",
        "author__contributor__display_name",
        "author__contributor__chinese_name",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    show_full_result_count = False


@admin.register(ReviewComment)
class ReviewCommentAdmin(PullRequestCommentsAdmin):
    raw_id_fields = ["pull_request", "review", "author"]


@admin.register(PullRequestComment)
class PullRequestCommentAdmin(PullRequestCommentsAdmin):
    raw_id_fields = ["pull_request", "author"]

    def view_on_site(self, obj: PullRequestComment) -> str:
        pull = obj.pull_request
        return f"{pull.repository.web_url}/pull/{pull.number}#issuecomment-{obj.github_id}"


@admin.register(Issue)
class IssueAdmin(SyncedRecordAdmin):
    list_display = [
        "key",
        "short_summary",
        "project",
        "tracker",
        "issue_type",
        "status",
        "reporter",
        "assignee",
        "created_at",
        "resolved_at",
    ]
    list_display_links = ["key", "short_summary"]
    list_filter = ["tracker", "project", "gone", "status", "issue_type"]
    list_select_related = ["project", "reporter", "assignee"]
    search_fields = [
        "^key",
        "external_id",
        "summary",
        "reporter__value",
        "assignee__value",
        "reporter__contributor__display_name",
        "reporter__contributor__chinese_name",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    raw_id_fields = ["reporter", "assignee", "creator"]
    show_full_result_count = False

    @admin.display(description=_("summary"))
    def short_summary(self, obj: Issue) -> str:
        return _short(obj.summary)


@admin.register(IssueComment)
class IssueCommentAdmin(SyncedRecordAdmin):
    list_display = ["external_id", "issue", "author", "created_at"]
    list_filter = ["issue__tracker", "issue__project"]
    list_select_related = ["issue", "author"]
    search_fields = [
        "^issue__key",
        "external_id",
        "author__value",
        "author__contributor__display_name",
        "author__contributor__chinese_name",
    ]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    raw_id_fields = ["issue", "author"]
    show_full_result_count = False
