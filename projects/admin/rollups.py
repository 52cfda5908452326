"""Monthly counts the dashboards read: rebuilt from the records, never edited."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from projects.admin.synced import SyncedRecordAdmin
from projects.models import ActivityMonth


@admin.register(ActivityMonth)
class ActivityMonthAdmin(SyncedRecordAdmin):
    list_display = ["month", "project", "subject", "kind", "count"]
    list_filter = ["kind", "project", "month", ("contributor", admin.EmptyFieldListFilter)]
    list_select_related = ["project", "contributor", "identity"]
    search_fields = [
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "identity__value",
        "project__name",
    ]
    date_hierarchy = "month"
    ordering = ["-month", "project__name", "kind"]
    raw_id_fields = ["contributor", "identity"]
    show_full_result_count = False

    @admin.display(description=_("person or identity"))
    def subject(self, obj: ActivityMonth) -> str:
        return str(obj.contributor or obj.identity)
