"""Calibrated targets: computed after syncs by ``contributors.progress``, never edited."""

from django.contrib import admin

from projects.admin.synced import SyncedRecordAdmin
from projects.models import ProjectCalibration


@admin.register(ProjectCalibration)
class ProjectCalibrationAdmin(SyncedRecordAdmin):
    list_display = ["project", "basis", "committers", "first_year", "last_year", "computed_at"]
    list_filter = ["basis"]
    list_select_related = ["project"]
    search_fields = ["project__name", "project__slug"]
    ordering = ["project__name"]
