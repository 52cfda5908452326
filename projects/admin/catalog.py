"""Catalog: what is followed (projects, their repositories, titles). Organizers edit these."""

from functools import partial
from typing import TYPE_CHECKING, Any, TypedDict

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from projects import pipeline
from projects.models import CommitCredit, MailingList, Project, Repository, Title
from projects.models.conventions import Meaning, kinds_meaning

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Counted(TypedDict):
    repository_count: int


def _meanings(convention: dict | None) -> dict[str, tuple[str, ...]]:
    """A stored convention with its defaults filled in, for comparing two."""
    return {meaning: kinds_meaning(convention or {}, meaning) for meaning in Meaning.values}


class RepositoryInline(admin.TabularInline):
    model = Repository
    fields = ["owner", "name", "github_id", "clone_url", "default_branch"]
    extra = 0
    show_change_link = True


class ProjectForm(forms.ModelForm):
    """The project, with what its credit trailers mean as one box of credit kinds each."""

    reviewed_by = forms.MultipleChoiceField(
        label=_("credits that mean reviewed"),
        choices=CommitCredit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_authored_by = forms.MultipleChoiceField(
        label=_("credits that mean co-authored"),
        choices=CommitCredit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    merged_by = forms.MultipleChoiceField(
        label=_("credits that mean merged by"),
        choices=CommitCredit.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kafka's defaults: Reviewers lines are reviews; Author and Co-authored-by lines "
            "co-authors. Credits naming the commit's own author never count. A change "
            "recounts the stored credits; nothing is fetched again."
        ),
    )
    _MEANING_FIELDS = {
        "reviewed_by": Meaning.REVIEWED,
        "co_authored_by": Meaning.CO_AUTHORED,
        "merged_by": Meaning.MERGED_BY,
    }

    class Meta:
        model = Project
        fields = [
            "name",
            "slug",
            "foundation",
            "homepage",
            "description",
            "issue_tracker",
            "jira_key",
            "jira_url",
            "design_prefix",
            "is_demo",
            "progress_targets",
            "progress_weights",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, meaning in self._MEANING_FIELDS.items():
            self.fields[name].initial = list(self.instance.credit_kinds(meaning))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.instance.credit_meanings = {
            meaning.value: sorted(cleaned.get(name) or [])
            for name, meaning in self._MEANING_FIELDS.items()
        }
        return cleaned


class MailingListInline(admin.TabularInline):
    model = MailingList
    fields = ["address"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    form = ProjectForm
    list_display = [
        "name",
        "slug",
        "foundation",
        "issue_tracker",
        "jira_key",
        "repository_count",
        "is_demo",
    ]
    list_filter = ["foundation", "issue_tracker", "is_demo"]
    search_fields = ["name", "slug", "jira_key", "repositories__name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at"]
    inlines = [RepositoryInline, MailingListInline]

    def save_model(self, request: HttpRequest, obj: Project, form: Any, change: bool) -> None:
        before = (
            Project.objects.filter(pk=obj.pk).values_list("credit_meanings", flat=True).first()
            if change
            else None
        )
        super().save_model(request, obj, form, change)
        if change and _meanings(before) != _meanings(obj.credit_meanings):
            people = pipeline.credit_meanings_changed(project_id=obj.pk)
            self.message_user(
                request,
                ngettext(
                    "What the credits mean changed: %(count)d person credited on "
                    "%(project)s is counted again.",
                    "What the credits mean changed: %(count)d people credited on "
                    "%(project)s are counted again.",
                    people,
                )
                % {"count": people, "project": obj.name},
                messages.SUCCESS,
            )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Project]:
        # distinct=True: a search on repositories__name joins repositories a second time.
        return (
            super()
            .get_queryset(request)
            .annotate(repository_count=Count("repositories", distinct=True))
        )

    @admin.display(description=_("repositories"), ordering="repository_count")
    def repository_count(self, obj: "WithAnnotations[Project, _Counted]") -> int:
        return obj.repository_count


@admin.register(Repository)
class RepositoryAdmin(admin.ModelAdmin):
    list_display = ["full_name", "project", "default_branch", "github_id", "created_at"]
    list_filter = ["project__foundation", "project"]
    list_select_related = ["project"]
    search_fields = ["owner", "name", "project__name", "clone_url"]
    ordering = ["owner", "name"]
    autocomplete_fields = ["project"]
    readonly_fields = ["created_at"]
    actions = ["sync_now"]

    @admin.display(description=_("repository"), ordering="name")
    def full_name(self, obj: Repository) -> str:
        return obj.full_name

    @admin.action(description=_("Sync now (git, and GitHub when a token is set)"))
    def sync_now(self, request: HttpRequest, queryset: QuerySet[Repository]) -> None:
        # Imported here: the tasks bring every source's client (PyGithub among them), and
        # the admin is loaded by every command's start-up.
        from projects.tasks import sync_git_task, sync_github_task

        # Queued after the commit: the worker must find the rows this request may change.
        ids = list(queryset.values_list("pk", flat=True))
        for repository_id in ids:
            transaction.on_commit(partial(sync_git_task.delay, repository_id))
            if settings.GITHUB_TOKEN:
                transaction.on_commit(partial(sync_github_task.delay, repository_id))
        self.message_user(
            request,
            ngettext(
                "Sync of %(count)d repository started; follow it in Sync states.",
                "Sync of %(count)d repositories started; follow them in Sync states.",
                len(ids),
            )
            % {"count": len(ids)},
            messages.SUCCESS,
        )


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["contributor", "role", "project", "granted_on", "source", "note"]
    list_filter = ["role", "source", "project__foundation", "project"]
    list_select_related = ["contributor", "project"]
    search_fields = [
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "contributor__apache_id",
        "project__name",
        "note",
    ]
    date_hierarchy = "granted_on"
    ordering = ["-granted_on", "contributor__display_name"]
    autocomplete_fields = ["contributor", "project"]
    readonly_fields = ["announcement", "created_at"]
