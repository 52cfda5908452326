"""Organisations, affiliations, the community settings and the ledger, for organizers.

Only organizers (``contributors.roles.is_organizer``) see these, whatever the staff
permissions say. A change to who works where recounts the figures once it is saved; the
figures themselves are written by ``community.snapshot`` only and shown read-only.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from community.domains import split_domains
from community.models import (
    Affiliation,
    CommunitySettings,
    Expense,
    MemberQuarter,
    Organization,
    OrganizationFigures,
    ProjectFigures,
    ProjectQuarter,
    ReviewMonth,
)
from community.tasks import refresh_after_commit
from contributors.roles import is_organizer


class OrganizersOnly:
    """Admin permissions from the organizer role rather than per-model staff permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_organizer(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_organizer(request.user)

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return is_organizer(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_organizer(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_organizer(request.user)


class ReadOnly(OrganizersOnly):
    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class RecountsFigures(admin.ModelAdmin):
    """Saving or deleting a row recounts every project's figures after the commit."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        refresh_after_commit()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        refresh_after_commit()

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        refresh_after_commit()


class OrganizationForm(forms.ModelForm):
    domains = forms.CharField(
        label=_("email domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line or separated by commas, such as example.co.jp. Subdomains count "
            "too. Free-mail domains such as gmail.com are refused: they name nobody's employer."
        ),
    )

    class Meta:
        model = Organization
        fields = ["name", "slug", "domains", "homepage", "is_community"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("domains", "\n".join(self.instance.email_domains))

    def clean_domains(self) -> list[str]:
        domains, errors = split_domains(self.cleaned_data["domains"])
        taken = {
            domain: other.name
            for other in Organization.objects.exclude(pk=self.instance.pk).only(
                "name", "email_domains"
            )
            for domain in other.email_domains
        }
        errors.extend(
            ValidationError(
                _("%(domain)s already counts for %(organization)s."),
                params={"domain": domain, "organization": taken[domain]},
            )
            for domain in domains
            if domain in taken
        )
        if errors:
            raise ValidationError(errors)
        return domains

    def save(self, commit: bool = True) -> Organization:
        self.instance.email_domains = self.cleaned_data["domains"]
        return super().save(commit)


class AffiliationInline(OrganizersOnly, admin.TabularInline):
    model = Affiliation
    fields = ["contributor", "since", "until", "note"]
    autocomplete_fields = ["contributor"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(RecountsFigures, OrganizersOnly, admin.ModelAdmin):
    form = OrganizationForm
    list_display = ["name", "domain_list", "is_community", "is_demo"]
    list_filter = ["is_community", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AffiliationInline]
    actions = ["recount"]

    @admin.display(description=_("email domains"))
    def domain_list(self, obj: Organization) -> str:
        return ", ".join(obj.email_domains)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        refresh_after_commit()  # inline affiliations change who counts where

    @admin.action(description=_("Recount the community figures now"))
    def recount(self, request: HttpRequest, queryset: QuerySet) -> None:
        refresh_after_commit()
        self.message_user(
            request, gettext("Every project's figures are being recounted."), messages.SUCCESS
        )


@admin.register(Affiliation)
class AffiliationAdmin(RecountsFigures, OrganizersOnly, admin.ModelAdmin):
    list_display = ["contributor", "organization", "since", "until", "note"]
    list_filter = ["organization"]
    list_select_related = ["contributor", "organization"]
    search_fields = [
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "organization__name",
    ]
    autocomplete_fields = ["contributor", "organization"]


@admin.register(CommunitySettings)
class CommunitySettingsAdmin(OrganizersOnly, admin.ModelAdmin):
    list_display = ["__str__", "public_leaderboards", "updated_at"]
    fields = ["public_leaderboards"]

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False  # the one row is created on first use

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        CommunitySettings.objects.get_current()  # the row exists before anyone edits it
        return super().get_queryset(request)


@admin.register(Expense)
class ExpenseAdmin(OrganizersOnly, admin.ModelAdmin):
    list_display = ["spent_on", "person", "category", "amount", "currency", "camp"]
    list_filter = ["category", "currency", "camp"]
    list_select_related = ["person", "camp"]
    search_fields = ["person__display_name", "person__chinese_name", "note"]
    date_hierarchy = "spent_on"
    autocomplete_fields = ["person", "camp"]
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ProjectFigures)
class ProjectFiguresAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "project", "commits", "merged_prs", "reviews", "issues", "people", "organizations",
        "community_rank", "computed_at",
    ]  # fmt: skip
    list_select_related = ["project"]


@admin.register(OrganizationFigures)
class OrganizationFiguresAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["project", "rank", "name", "commits", "merged_prs", "reviews", "issues"]
    list_filter = ["project"]
    list_select_related = ["project", "organization"]
    ordering = ["project", "rank"]


@admin.register(ProjectQuarter)
class ProjectQuarterAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "quarter", "project", "commits", "member_commits", "merged_prs", "member_merged_prs",
        "reviews", "member_reviews", "issues", "member_issues", "members",
    ]  # fmt: skip
    list_filter = ["project"]
    list_select_related = ["project"]
    date_hierarchy = "quarter"


@admin.register(MemberQuarter)
class MemberQuarterAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["quarter", "contributor", "project", "merged_prs", "commits", "reviews"]
    list_filter = ["project"]
    list_select_related = ["contributor", "project"]
    search_fields = ["contributor__display_name", "contributor__chinese_name"]
    date_hierarchy = "quarter"
    show_full_result_count = False


@admin.register(ReviewMonth)
class ReviewMonthAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["month", "project", "contributor", "identity", "count"]
    list_filter = ["project"]
    list_select_related = ["project", "contributor", "identity"]
    search_fields = ["contributor__display_name", "identity__value"]
    date_hierarchy = "month"
    show_full_result_count = False
