"""People: the contributor list, with their identities and titles inline (and the camps
they attended, which ``camps.admin`` adds), and the actions that mark members and merge
people."""

from typing import TYPE_CHECKING, TypedDict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contributors.merges import MergeError, choose_merge_target, merge_contributors
from contributors.models import Contributor, Identity
from contributors.roles import signed_in_user
from projects.models import Title

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _IdentityCount(TypedDict):
    identity_count: int


class IdentityInline(admin.TabularInline):
    model = Identity
    fields = ["kind", "value", "display", "link_source", "created_at"]
    # Identities added here are linked by hand; the link source is not typed in.
    readonly_fields = ["link_source", "created_at"]
    extra = 0
    show_change_link = True


class TitleInline(admin.TabularInline):
    model = Title
    fields = ["project", "role", "granted_on", "source", "note"]
    autocomplete_fields = ["project"]
    extra = 0


class ContributorActionForm(helpers.ActionForm):
    merge_into = forms.CharField(
        label=_("Merge into (slug, optional):"),
        required=False,
        help_text=_("Empty: a community member, else one with an account, else the oldest."),
    )


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "chinese_name",
        "github_login",
        "apache_id",
        "is_member",
        "is_bot",
        "origin",
        "identity_count",
        "user",
    ]
    list_display_links = ["display_name"]
    list_filter = ["is_member", "is_bot", "origin", ("merged_into", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = [
        "display_name",
        "chinese_name",
        "slug",
        "github_login",
        "apache_id",
        "jira_user",
        "identities__value",
        "identities__display",
    ]
    ordering = ["display_name"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]
    # Set by merges only; raw, should a form ever show it, like every key to a big table.
    raw_id_fields = ["merged_into"]
    readonly_fields = ["merged_into", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["display_name", "slug", "chinese_name", "avatar_url", "user"]}),
        (_("Accounts"), {"fields": ["github_login", "apache_id", "jira_user"]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_member",
                    "is_bot",
                    "origin",
                    "merged_into",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    # Apps above contributors add theirs (camps: the person's enrolments).
    inlines = [IdentityInline, TitleInline]
    actions = ["mark_as_member", "unmark_as_member", "merge_selected"]
    action_form = ContributorActionForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contributor]:
        # A correlated subquery rather than Count("identities"): the page's COUNT(*) drops
        # it instead of grouping every contributor, and a search joining identities cannot
        # multiply it.
        identities = (
            Identity.objects.filter(contributor=OuterRef("pk"))
            .order_by()
            .values("contributor")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(identity_count=Coalesce(Subquery(identities), 0))
        )

    @admin.display(description=_("identities"), ordering="identity_count")
    def identity_count(self, obj: "WithAnnotations[Contributor, _IdentityCount]") -> int:
        return obj.identity_count

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Contributor], search_term: str
    ) -> tuple[QuerySet[Contributor], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Nobody picks a merged person in a form: their identities and camps moved on.
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Identity:
            for identity in formset.save(commit=False):
                if identity.pk is None:
                    identity.link_source = Identity.LinkSource.MANUAL
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Merge selected into one person"), permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        people = list(queryset)
        slug = request.POST.get("merge_into", "").strip()
        if slug:
            target = Contributor.objects.filter(slug=slug).first()
            if target is None:
                self.message_user(
                    request,
                    _("No contributor has the slug %(slug)s.") % {"slug": slug},
                    messages.ERROR,
                )
                return
        else:
            target = choose_merge_target(people)
        sources = [person for person in people if person.pk != target.pk]
        if not sources:
            self.message_user(
                request, _("Select at least two people, or one and a slug."), messages.WARNING
            )
            return
        merged = 0
        for source in sources:
            try:
                merge_contributors(source=source, target=target, user=signed_in_user(request))
                merged += 1
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if merged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person merged into %(target)s.",
                    "%(count)d people merged into %(target)s.",
                    merged,
                )
                % {"count": merged, "target": target},
            )

    @admin.action(description=_("Mark as community member"))
    def mark_as_member(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        count = queryset.filter(is_member=False).update(is_member=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d contributor marked as a community member.",
                "%(count)d contributors marked as community members.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Unmark as community member"))
    def unmark_as_member(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        count = queryset.filter(is_member=True).update(is_member=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d contributor is no longer a community member.",
                "%(count)d contributors are no longer community members.",
                count,
            )
            % {"count": count},
        )
