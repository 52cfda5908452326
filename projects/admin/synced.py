"""Admin base classes for rows that syncs and tasks write: readable, never edited by hand."""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class SyncedRecordAdmin(admin.ModelAdmin):
    """View, search and filter only.

    Syncs write these rows by idempotent upserts keyed by external ids: a hand edit would
    be overwritten on the next run, or worse, survive and disagree with the source; a
    hand-added row would never be refreshed. Deleting stays open to superusers to clear
    bad data, which the next sync fetches again.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class SyncedRecordInline(admin.TabularInline):
    """Rows of a synced parent, shown for reading, for the reasons on SyncedRecordAdmin."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
