"""Where each source's sync stands: written by tasks only."""

from datetime import datetime

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from projects.admin.synced import SyncedRecordAdmin
from projects.models import SyncState


@admin.register(SyncState)
class SyncStateAdmin(SyncedRecordAdmin):
    list_display = [
        "kind",
        "target",
        "state",
        "last_success_at",
        "short_error",
        "pages_done",
        "items_done",
        "items_total",
        "waiting_until",
        "updated_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["repository", "project"]
    search_fields = [
        "repository__owner",
        "repository__name",
        "project__name",
        "project__slug",
        "last_error",
    ]
    ordering = ["kind", "repository__owner", "repository__name", "project__name"]

    @admin.display(description=_("repository or project"))
    def target(self, obj: SyncState) -> str:
        return str(obj.repository or obj.project or _("all"))

    @admin.display(description=_("state"), ordering="status")
    def state(self, obj: SyncState) -> str:
        return Truncator(obj.describe()).chars(80)

    @admin.display(description=_("last error"))
    def short_error(self, obj: SyncState) -> str:
        return Truncator(obj.last_error).chars(60)

    @admin.display(description=_("waiting until"), ordering="rate_limit_until")
    def waiting_until(self, obj: SyncState) -> datetime | None:
        return obj.rate_limit_until
