"""Where each source's sync stands: written by tasks only."""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from projects.admin.synced import SyncedRecordAdmin
from projects.models import SyncState
from projects.sync.locks import check_running
from projects.times import zoned_datetime


@admin.register(SyncState)
class SyncStateAdmin(SyncedRecordAdmin):
    list_display = [
        "kind",
        "target",
        "state",
        "last_success",
        "short_error",
        "short_warning",
        "pages_done",
        "items_done",
        "items_total",
        "waiting_until",
        "updated",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["repository", "project"]
    search_fields = [
        "repository__owner",
        "repository__name",
        "project__name",
        "project__slug",
        "last_error",
        "warning",
    ]
    ordering = ["kind", "repository__owner", "repository__name", "project__name"]

    def get_changelist_instance(self, request: HttpRequest) -> ChangeList:
        changelist = super().get_changelist_instance(request)
        # Which running syncs still hold their lock, for the page at once: one query.
        check_running(changelist.result_list)
        return changelist

    @admin.display(description=_("repository or project"))
    def target(self, obj: SyncState) -> str:
        return str(obj.repository or obj.project or _("all"))

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj: SyncState) -> str:
        return Truncator(obj.describe()).chars(80)

    @admin.display(description=_("last error"))
    def short_error(self, obj: SyncState) -> str:
        return Truncator(obj.last_error).chars(60)

    @admin.display(description=_("warning"))
    def short_warning(self, obj: SyncState) -> str:
        return Truncator(obj.warning).chars(60)

    # Times carry their zone: a worker, its logs and the organizer may each be in another.
    @admin.display(description=_("last success"), ordering="last_success_at")
    def last_success(self, obj: SyncState) -> str | None:
        return zoned_datetime(obj.last_success_at) if obj.last_success_at else None

    @admin.display(description=_("waiting until"), ordering="rate_limit_until")
    def waiting_until(self, obj: SyncState) -> str | None:
        return zoned_datetime(obj.rate_limit_until) if obj.rate_limit_until else None

    @admin.display(description=_("updated"), ordering="updated_at")
    def updated(self, obj: SyncState) -> str:
        return zoned_datetime(obj.updated_at)
