"""The organizers' back office for people, identities, camps and mentorships.

Contributor, Identity and Enrollment tables grow with every sync (a person per author ever
seen), so every foreign key to them is an autocomplete: a plain select would render one
option per row.
"""

from django.contrib import admin
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contributors.models import (
    Cohort,
    Contributor,
    Enrollment,
    Identity,
    IdentityPair,
    Mentorship,
)
from projects.admin import SyncedRecordAdmin
from projects.models import Title


class IdentityInline(admin.TabularInline):
    model = Identity
    fields = ["kind", "value", "display", "link_source", "created_at"]
    readonly_fields = ["created_at"]
    extra = 0
    show_change_link = True


class TitleInline(admin.TabularInline):
    model = Title
    fields = ["project", "role", "granted_on", "source", "note"]
    autocomplete_fields = ["project"]
    extra = 0


class ContributorEnrollmentInline(admin.TabularInline):
    model = Enrollment
    # Enrollment points at Contributor twice (participant and mentor); this lists the
    # camps the person took part in.
    fk_name = "contributor"
    fields = ["cohort", "project", "mentor", "status", "enrolled_on"]
    autocomplete_fields = ["cohort", "project", "mentor"]
    extra = 0


class CohortEnrollmentInline(admin.TabularInline):
    model = Enrollment
    fields = ["contributor", "project", "mentor", "status", "enrolled_on", "goal"]
    autocomplete_fields = ["contributor", "project", "mentor"]
    extra = 0


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
    list_filter = ["is_member", "is_bot", "origin"]
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
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["display_name", "slug", "chinese_name", "avatar_url", "user"]}),
        (_("Accounts"), {"fields": ["github_login", "apache_id", "jira_user"]}),
        (_("Status"), {"fields": ["is_member", "is_bot", "origin", "created_at", "updated_at"]}),
    ]
    inlines = [IdentityInline, TitleInline, ContributorEnrollmentInline]
    actions = ["mark_as_member", "unmark_as_member"]

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
    def identity_count(self, obj: Contributor) -> int:
        return obj.identity_count

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


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    list_display = ["kind", "display", "value", "contributor", "link_source", "created_at"]
    list_display_links = ["display", "value"]
    list_filter = [
        "kind",
        "link_source",
        ("contributor", admin.EmptyFieldListFilter),
        "contributor__is_member",
    ]
    list_select_related = ["contributor"]
    search_fields = [
        "value",
        "display",
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "contributor__apache_id",
    ]
    ordering = ["kind", "value"]
    autocomplete_fields = ["contributor"]
    readonly_fields = ["created_at"]
    # Counting every identity again for "x of y" costs a full scan on each filtered page.
    show_full_result_count = False


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "enrollment_count"]
    search_fields = ["name", "slug", "description"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["projects", "organizers"]
    inlines = [CohortEnrollmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return super().get_queryset(request).annotate(enrollment_count=Count("enrollments"))

    @admin.display(description=_("enrolments"), ordering="enrollment_count")
    def enrollment_count(self, obj: Cohort) -> int:
        return obj.enrollment_count


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["contributor", "cohort", "project", "mentor", "status", "enrolled_on"]
    list_filter = ["status", "cohort", "project"]
    list_select_related = ["contributor", "cohort", "project", "mentor"]
    search_fields = [
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "mentor__display_name",
        "mentor__chinese_name",
        "cohort__name",
        "project__name",
        "goal",
    ]
    ordering = ["cohort", "contributor__display_name"]
    autocomplete_fields = ["cohort", "contributor", "project", "mentor"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "project", "cohort", "started_on", "ended_on"]
    list_filter = ["cohort", "project"]
    list_select_related = ["mentor", "mentee", "project", "cohort"]
    search_fields = [
        "mentor__display_name",
        "mentor__chinese_name",
        "mentor__github_login",
        "mentee__display_name",
        "mentee__chinese_name",
        "mentee__github_login",
        "project__name",
        "cohort__name",
    ]
    date_hierarchy = "started_on"
    ordering = ["mentor__display_name", "mentee__display_name"]
    autocomplete_fields = ["mentor", "mentee", "project", "cohort"]


@admin.register(IdentityPair)
class IdentityPairAdmin(SyncedRecordAdmin):
    """Evidence written by syncs: which identities were seen together, and how often."""

    list_display = ["first", "second", "occurrences"]
    list_select_related = ["first", "second"]
    search_fields = ["first__value", "second__value"]
    raw_id_fields = ["first", "second"]
    ordering = ["-occurrences"]
