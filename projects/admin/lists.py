"""Mailing-list messages: written by the lists sync, read here."""

from django.contrib import admin
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from projects.admin.synced import SyncedRecordAdmin
from projects.models import ListMessage, MailingList


@admin.register(ListMessage)
class ListMessageAdmin(SyncedRecordAdmin):
    list_display = [
        "short_subject",
        "mailing_list",
        "sender_display",
        "sent_at",
        "kind",
        "vote",
        "is_design",
        "is_machine",
        "announced_role",
    ]
    list_filter = ["is_machine", "kind", "vote", "is_design", "announced_role", "mailing_list"]
    list_select_related = ["mailing_list"]
    search_fields = ["subject", "^message_id", "sender_display", "announced_name"]
    date_hierarchy = "sent_at"
    raw_id_fields = ["sender"]
    show_full_result_count = False

    @admin.display(description=_("subject"), ordering="subject")
    def short_subject(self, obj: ListMessage) -> str:
        return Truncator(obj.subject).chars(80)


@admin.register(MailingList)
class MailingListAdmin(admin.ModelAdmin):
    """Lists are usually added on their project's page; here all of them, to search."""

    list_display = ["address", "project", "created_at"]
    list_filter = ["project"]
    list_select_related = ["project"]
    search_fields = ["address", "project__name"]
    autocomplete_fields = ["project"]
    readonly_fields = ["created_at"]
