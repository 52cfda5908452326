"""Mentorships: who mentors whom, in a camp or outside one, edited by organizers."""

from django.contrib import admin

from contributors.models import Mentorship


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
