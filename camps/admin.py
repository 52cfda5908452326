"""Camps and their enrolments, edited by organizers; a person's enrolments are inline on
their page too."""

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from camps.models import Cohort, Enrollment
from contributors.admin.people import ContributorAdmin

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Counted(TypedDict):
    enrollment_count: int


class CohortEnrollmentInline(admin.TabularInline):
    model = Enrollment
    fields = ["contributor", "project", "mentor", "status", "enrolled_on", "goal"]
    autocomplete_fields = ["contributor", "project", "mentor"]
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "enrollment_count"]
    search_fields = ["name", "slug", "description"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["projects", "organizers", "mentors"]
    inlines = [CohortEnrollmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return super().get_queryset(request).annotate(enrollment_count=Count("enrollments"))

    @admin.display(description=_("enrolments"), ordering="enrollment_count")
    def enrollment_count(self, obj: "WithAnnotations[Cohort, _Counted]") -> int:
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


class ContributorEnrollmentInline(admin.TabularInline):
    model = Enrollment
    # Enrollment points at Contributor twice (participant and mentor); this lists the
    # camps the person took part in.
    fk_name = "contributor"
    fields = ["cohort", "project", "mentor", "status", "enrolled_on"]
    autocomplete_fields = ["cohort", "project", "mentor"]
    extra = 0


# On a person's admin page, after their identities and titles.
ContributorAdmin.inlines = [*ContributorAdmin.inlines, ContributorEnrollmentInline]
