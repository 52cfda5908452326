"""Identities, whose person changes only through ``link_identity`` or a split, and the pairs
syncs saw them in."""

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contributors.merges import link_identity, split_identity
from contributors.models import Contributor, Identity, IdentityPair
from contributors.roles import signed_in_user
from projects.admin.synced import SyncedRecordAdmin


class IdentityForm(forms.ModelForm):
    class Meta:
        model = Identity
        fields = ["kind", "value", "display", "contributor"]

    def clean_contributor(self) -> Contributor | None:
        person = self.cleaned_data.get("contributor")
        if person is not None and person.merged_into_id is not None:
            raise forms.ValidationError(
                _("%(person)s was merged into %(other)s; choose %(other)s."),
                params={"person": person, "other": person.merged_into},
            )
        return person


@admin.register(Identity)
class IdentityAdmin(admin.ModelAdmin):
    form = IdentityForm
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
    # Account ids come from GitHub (or a commit's noreply address) and bind sign-ins: shown,
    # never typed.
    readonly_fields = ["link_source", "account_id", "account_id_source", "created_at"]
    # Counting every identity again for "x of y" costs a full scan on each filtered page.
    show_full_result_count = False
    actions = ["split_into_own_person"]

    def save_model(self, request: HttpRequest, obj: Identity, form, change: bool) -> None:
        if "contributor" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        # The person changes through link_identity: marked manual, rollups rebuilt.
        chosen = obj.contributor
        obj.contributor_id = form.initial.get("contributor") if change else None
        super().save_model(request, obj, form, change)
        link_identity(identity=obj, contributor=chosen, user=signed_in_user(request))
        obj.refresh_from_db()

    @admin.action(description=_("Split into its own person"), permissions=["change"])
    def split_into_own_person(self, request: HttpRequest, queryset: QuerySet[Identity]) -> None:
        count = 0
        for identity in queryset:
            split_identity(identity=identity, user=signed_in_user(request))
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d identity split into a person of its own.",
                "%(count)d identities split into people of their own.",
                count,
            )
            % {"count": count},
        )


@admin.register(IdentityPair)
class IdentityPairAdmin(SyncedRecordAdmin):
    """Evidence written by syncs: which identities were seen together, and how often."""

    list_display = ["first", "second", "occurrences"]
    list_select_related = ["first", "second"]
    search_fields = ["first__value", "second__value"]
    raw_id_fields = ["first", "second"]
    ordering = ["-occurrences"]
