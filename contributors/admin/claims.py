"""GitHub sign-ins that claim a person by login alone, confirmed or rejected by organizers."""

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.urls import URLPattern
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contributors.accounts import ClaimError, confirm_claim, reject_claim
from contributors.admin.resolution import DecisionAdmin, post_button
from contributors.models import AccountClaim
from contributors.roles import signed_in_user


@admin.register(AccountClaim)
class AccountClaimAdmin(DecisionAdmin):
    """Confirm links the account to the person and records its GitHub account id on the
    login; reject leaves the account linked to nobody."""

    refusals = (ClaimError,)
    list_display = [
        "login",
        "account_id",
        "contributor",
        "user",
        "status",
        "created_at",
        "decide",
    ]
    list_filter = ["status"]
    list_select_related = ["contributor", "user"]
    search_fields = ["login", "contributor__display_name", "contributor__slug", "user__username"]
    raw_id_fields = ["user", "contributor", "identity", "decided_by"]
    readonly_fields = ["decide"]
    ordering = [
        Case(
            When(status=AccountClaim.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "-created_at",
    ]
    actions = ["confirm_selected", "reject_selected"]

    @admin.display(description=_("decide"))
    def decide(self, obj: AccountClaim) -> str:
        if obj.pk is None or obj.status != AccountClaim.Status.PENDING:
            return "-"
        return format_html(
            "{} {}",
            post_button(self._row_url("confirm", obj.pk), _("Confirm")),
            post_button(self._row_url("reject", obj.pk), _("Reject")),
        )

    def get_urls(self) -> list[URLPattern]:
        def confirm(request: HttpRequest, claim: AccountClaim) -> str:
            person = confirm_claim(claim=claim, by=signed_in_user(request))
            return _("%(login)s is now linked to %(person)s.") % {
                "login": claim.login,
                "person": person,
            }

        def reject(request: HttpRequest, claim: AccountClaim) -> str:
            reject_claim(claim=claim, by=signed_in_user(request))
            return _("Rejected: %(claim)s.") % {"claim": claim}

        return [
            self._row_view("confirm", confirm),
            self._row_view("reject", reject),
            *super().get_urls(),
        ]

    def _decide_all(
        self, request: HttpRequest, queryset, decide, done: Callable[[int], str]
    ) -> None:
        count = 0
        for claim in queryset.filter(status=AccountClaim.Status.PENDING):
            try:
                decide(claim=claim, by=signed_in_user(request))
                count += 1
            except ClaimError as exc:
                self.message_user(request, f"{claim}: {exc}", messages.ERROR)
        self.message_user(request, done(count))

    @admin.action(description=_("Confirm selected claims"), permissions=["act"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[AccountClaim]) -> None:
        self._decide_all(
            request,
            queryset,
            confirm_claim,
            lambda count: (
                ngettext("%(count)d claim confirmed.", "%(count)d claims confirmed.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Reject selected claims"), permissions=["act"])
    def reject_selected(self, request: HttpRequest, queryset: QuerySet[AccountClaim]) -> None:
        self._decide_all(
            request,
            queryset,
            reject_claim,
            lambda count: (
                ngettext("%(count)d claim rejected.", "%(count)d claims rejected.", count)
                % {"count": count}
            ),
        )
