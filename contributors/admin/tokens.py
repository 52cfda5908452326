"""API tokens: made here and shown once, then listed by name and first characters only.
A token cannot be changed; deleting it revokes it."""

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contributors.models import ApiToken
from contributors.tokens import MAX_DAYS, issue

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldGroups


class ApiTokenForm(forms.ModelForm):
    days = forms.IntegerField(
        label=_("valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=lambda: settings.API_TOKEN_DAYS,
    )

    class Meta:
        model = ApiToken
        fields = ["user", "name"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    form = ApiTokenForm
    list_display = ["name", "user", "prefix", "created_at", "expires_at", "last_used_at", "valid"]
    list_select_related = ["user"]
    list_filter = ["expires_at"]
    search_fields = ["name", "prefix", "user__username"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created_at", "expires_at", "last_used_at"]

    @admin.display(description=_("valid"), boolean=True)
    def valid(self, obj: ApiToken) -> bool:
        return obj.expires_at > timezone.now()

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        # Read-only once made: the list and each row stay viewable.
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj=None) -> "_FieldGroups":
        if obj is None:
            return ["user", "name", "days"]
        return ["name", "user", "prefix", "created_at", "expires_at", "last_used_at"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        # The key goes on the request to the page that answers it (response_add), once.
        request._api_token_key = issue(obj, days=form.cleaned_data["days"])  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        """The one time the key is shown: on the page that answers its creation."""
        return TemplateResponse(
            request,
            "admin/contributors/apitoken/created.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "key": request._api_token_key,  # type: ignore[attr-defined]
                "title": _("Copy the new token now"),
            },
        )

    # Django's answer is a redirect; this one is the page that shows the key.
    def response_post_save_add(  # type: ignore[override]
        self, request: HttpRequest, obj: ApiToken
    ) -> HttpResponse:
        return self.response_add(request, obj)
