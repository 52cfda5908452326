"""What resolution left to organizers and what they decided: merge suggestions to confirm
or dismiss, and the merge log to undo from, each with a button on its row."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contributors.merges import MergeError, confirm_suggestion, dismiss_suggestion, undo_merge
from contributors.models import ContributorMerge, MergeSuggestion
from contributors.roles import signed_in_user

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def post_button(url: str, label: "StrOrPromise") -> str:
    # A submit button of the page's own form (change list or change form, both POST with
    # a CSRF token) sent to another URL: one click, no nested form, no state change on GET.
    return format_html(
        '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
        url,
        label,
    )


class DecisionAdmin(admin.ModelAdmin):
    """Rows written by resolution and by decisions, read here and acted on by buttons.

    The form stays read-only (editing evidence or a merge log would make it lie) and rows are
    never deleted (a deleted dismissal would be suggested again, a deleted merge could not be
    undone). Acting needs the model's change permission; a decision refused with one of
    ``refusals`` is shown as an error message.
    """

    refusals: tuple[type[Exception], ...] = (MergeError,)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_act_permission(self, request: HttpRequest) -> bool:
        meta = self.model._meta
        return request.user.has_perm(f"{meta.app_label}.change_{meta.model_name}")

    def _row_url(self, name: str, pk: int) -> str:
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_{name}", args=[pk])

    def _row_view(self, name: str, act: Callable[[HttpRequest, Any], str]) -> URLPattern:
        """A POST view that acts on one row of the admin's model."""
        meta = self.model._meta

        @require_POST
        def view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
            if not self.has_act_permission(request):
                raise PermissionDenied
            row = get_object_or_404(self.model, pk=pk)
            try:
                self.message_user(request, act(request, row))
            except self.refusals as exc:
                self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
            )

        return path(
            f"<int:pk>/{name}/",
            self.admin_site.admin_view(view),
            name=f"{meta.app_label}_{meta.model_name}_{name}",
        )


def _evidence_html(evidence: dict) -> str:
    groups = [
        (_("names"), evidence.get("names", [])),
        (_("emails"), evidence.get("emails", [])),
        (_("logins"), evidence.get("logins", [])),
    ]
    # Why resolution asks, for the kinds of question that are about a likeness of names.
    why = [
        (_("edit distance"), evidence.get("edit_distance")),
        (_("first name"), evidence.get("first_name")),
        (_("family name"), evidence.get("family_name")),
        (_("login"), evidence.get("login")),
        (_("more words"), ", ".join(evidence.get("more_words", []))),
        (_("initial"), evidence.get("initial")),
        (_("written together"), evidence.get("joined")),
    ]
    return format_html_join(
        " · ",
        "{}: {}",
        [
            *(
                (label, Truncator(", ".join(values)).chars(120))
                for label, values in groups
                if values
            ),
            *((label, value) for label, value in why if value not in (None, "")),
        ],
    )


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(DecisionAdmin):
    """What resolution could not decide. Confirm links the identity or merges the two people;
    dismiss records that they differ, and resolution never asks again."""

    list_display = [
        "question",
        "reason",
        "credits",
        "readable_evidence",
        "status",
        "created_at",
        "decide",
    ]
    list_filter = ["status", "kind", "reason"]
    list_select_related = ["identity", "contributor", "other"]
    search_fields = [
        "identity__value",
        "contributor__display_name",
        "contributor__slug",
        "other__display_name",
        "other__slug",
    ]
    raw_id_fields = ["identity", "contributor", "other", "decided_by"]
    readonly_fields = ["readable_evidence", "decide"]
    # Open questions first, those that move the most credits first within each status.
    ordering = [
        Case(
            When(status=MergeSuggestion.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
        "-credits",
        "-created_at",
    ]
    actions = ["confirm_selected", "dismiss_selected"]

    @admin.display(description=_("question"))
    def question(self, obj: MergeSuggestion) -> str:
        return str(obj)

    @admin.display(description=_("evidence"))
    def readable_evidence(self, obj: MergeSuggestion) -> str:
        return _evidence_html(obj.evidence)

    @admin.display(description=_("decide"))
    def decide(self, obj: MergeSuggestion) -> str:
        if obj.pk is None or obj.status != MergeSuggestion.Status.PENDING:
            return "-"
        return format_html(
            "{} {}",
            post_button(self._row_url("confirm", obj.pk), _("Confirm")),
            post_button(self._row_url("dismiss", obj.pk), _("Dismiss")),
        )

    def get_urls(self) -> list[URLPattern]:
        def confirm(request: HttpRequest, suggestion: MergeSuggestion) -> str:
            confirm_suggestion(suggestion=suggestion, user=signed_in_user(request))
            return _("Confirmed: %(question)s.") % {"question": suggestion}

        def dismiss(request: HttpRequest, suggestion: MergeSuggestion) -> str:
            dismiss_suggestion(suggestion=suggestion, user=signed_in_user(request))
            return _("Dismissed: %(question)s.") % {"question": suggestion}

        return [
            self._row_view("confirm", confirm),
            self._row_view("dismiss", dismiss),
            *super().get_urls(),
        ]

    def _decide_all(self, request: HttpRequest, queryset, decide, done: Callable[[int], str]):
        count = 0
        for suggestion in queryset.filter(status=MergeSuggestion.Status.PENDING):
            try:
                decide(suggestion=suggestion, user=signed_in_user(request))
                count += 1
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(request, done(count))

    @admin.action(description=_("Confirm selected suggestions"), permissions=["act"])
    def confirm_selected(self, request: HttpRequest, queryset: QuerySet[MergeSuggestion]) -> None:
        self._decide_all(
            request,
            queryset,
            confirm_suggestion,
            lambda count: (
                ngettext(
                    "%(count)d suggestion confirmed.", "%(count)d suggestions confirmed.", count
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Dismiss selected suggestions"), permissions=["act"])
    def dismiss_selected(self, request: HttpRequest, queryset: QuerySet[MergeSuggestion]) -> None:
        self._decide_all(
            request,
            queryset,
            dismiss_suggestion,
            lambda count: (
                ngettext(
                    "%(count)d suggestion dismissed.", "%(count)d suggestions dismissed.", count
                )
                % {"count": count}
            ),
        )


@admin.register(ContributorMerge)
class ContributorMergeAdmin(DecisionAdmin):
    """The merge log: who was merged into whom, by whom, what moved; undone in one click."""

    list_display = ["source", "target", "what_moved", "merged_by", "merged_at", "undone_at", "undo"]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["source", "target", "merged_by"]
    search_fields = ["source__display_name", "source__slug", "target__display_name", "target__slug"]
    raw_id_fields = ["source", "target", "merged_by", "undone_by"]
    readonly_fields = ["what_moved", "undo"]
    date_hierarchy = "merged_at"
    actions = ["undo_selected"]

    @admin.display(description=_("what moved"))
    def what_moved(self, obj: ContributorMerge) -> str:
        moved = obj.moved
        parts = [
            (len(moved.get("identities", [])), _("identities")),
            (len(moved.get("titles", [])) + len(moved.get("titles_dropped", [])), _("titles")),
            (
                len(moved.get("enrollments", [])) + len(moved.get("enrollments_dropped", [])),
                _("enrolments"),
            ),
            (
                len(moved.get("mentoring", []))
                + len(moved.get("mentored", []))
                + len(moved.get("mentorships_dropped", [])),
                _("mentorships"),
            ),
        ]
        return format_html_join(", ", "{} {}", ((n, label) for n, label in parts if n))

    @admin.display(description=_("undo"))
    def undo(self, obj: ContributorMerge) -> str:
        if obj.pk is None or obj.undone_at is not None:
            return "-"
        return post_button(self._row_url("undo", obj.pk), _("Undo"))

    def get_urls(self) -> list[URLPattern]:
        def undo(request: HttpRequest, merge: ContributorMerge) -> str:
            undo_merge(merge=merge, user=signed_in_user(request))
            return _("Undone: %(merge)s.") % {"merge": merge}

        return [self._row_view("undo", undo), *super().get_urls()]

    @admin.action(description=_("Undo selected merges"), permissions=["act"])
    def undo_selected(self, request: HttpRequest, queryset: QuerySet[ContributorMerge]) -> None:
        count = 0
        # Newest first: an older merge into someone merged later needs that one undone first.
        for merge in queryset.filter(undone_at__isnull=True).order_by("-merged_at", "-pk"):
            try:
                undo_merge(merge=merge, user=signed_in_user(request))
                count += 1
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d merge undone.", "%(count)d merges undone.", count)
            % {"count": count},
        )
