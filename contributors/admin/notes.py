from django.contrib import admin

from contributors.models import CheckInNote


@admin.register(CheckInNote)
class CheckInNoteAdmin(admin.ModelAdmin):
    list_display = ["mentee", "written_on", "author", "created_at"]
    list_filter = ["written_on"]
    search_fields = ["mentee__display_name", "mentee__chinese_name", "body", "author__username"]
    date_hierarchy = "written_on"
    autocomplete_fields = ["mentee", "author"]
    list_select_related = ["mentee", "author"]
