"""The organizers' back office for people, identities, camps and mentorships.

Contributor, Identity and Enrollment tables grow with every sync (a person per author ever
seen), so every foreign key to them is an autocomplete: a plain select would render one
option per row.

Who is who changes only through ``contributors.merges``: changing an identity's person here
links it by hand, and merges, undos, splits and decisions on suggestions are actions (and a
button on each row) that call the same functions the commands call.
"""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contributors.merges import (
    MergeError,
    choose_merge_target,
    confirm_suggestion,
    dismiss_suggestion,
    link_identity,
    merge_contributors,
    split_identity,
    undo_merge,
)
from contributors.models import (
    Cohort,
    Contributor,
    ContributorMerge,
    Enrollment,
    Identity,
    IdentityPair,
    Mentorship,
    MergeSuggestion,
)
from projects.admin.synced import SyncedRecordAdmin
from projects.models import Title


def _post_button(url: str, label: str) -> str:
    # A submit button of the page's own form (change list or change form, both POST with
    # a CSRF token) sent to another URL: one click, no nested form, no state change on GET.
    return format_html(
        '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
        url,
        label,
    )


class IdentityInline(admin.TabularInline):
    model = Identity
    fields = ["kind", "value", "display", "link_source", "created_at"]
    # Identities added here are linked by hand; the link source is not typed in.
    readonly_fields = ["link_source", "created_at"]
    extra = 0
    show_change_link = True


class TitleInline(admin.TabularInline):
    model = Title
    fields = ["project", "role", "granted_on", "source", "note"]
    autocomplete_fields = ["project"]
    extra = 0


class ContributorEnrollmentInline(admin.TabularInline):
    model = Enrollment
    # Enrollment points at Contributor twice (participant and mentor); this lists the
    # camps the person took part in.
    fk_name = "contributor"
    fields = ["cohort", "project", "mentor", "status", "enrolled_on"]
    autocomplete_fields = ["cohort", "project", "mentor"]
    extra = 0


class CohortEnrollmentInline(admin.TabularInline):
    model = Enrollment
    fields = ["contributor", "project", "mentor", "status", "enrolled_on", "goal"]
    autocomplete_fields = ["contributor", "project", "mentor"]
    extra = 0


class ContributorActionForm(helpers.ActionForm):
    merge_into = forms.CharField(
        label=_("Merge into (slug, optional):"),
        required=False,
        help_text=_("Empty: a community member, else one with an account, else the oldest."),
    )


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "chinese_name",
        "github_login",
        "apache_id",
        "is_member",
        "is_bot",
        "origin",
        "identity_count",
        "user",
    ]
    list_display_links = ["display_name"]
    list_filter = ["is_member", "is_bot", "origin", ("merged_into", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = [
        "display_name",
        "chinese_name",
        "slug",
        "github_login",
        "apache_id",
        "jira_user",
        "identities__value",
        "identities__display",
    ]
    ordering = ["display_name"]
    prepopulated_fields = {"slug": ["display_name"]}
    autocomplete_fields = ["user"]
    # Set by merges only; raw, should a form ever show it, like every key to a big table.
    raw_id_fields = ["merged_into"]
    readonly_fields = ["merged_into", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["display_name", "slug", "chinese_name", "avatar_url", "user"]}),
        (_("Accounts"), {"fields": ["github_login", "apache_id", "jira_user"]}),
        (
            _("Status"),
            {
                "fields": [
                    "is_member",
                    "is_bot",
                    "origin",
                    "merged_into",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [IdentityInline, TitleInline, ContributorEnrollmentInline]
    actions = ["mark_as_member", "unmark_as_member", "merge_selected"]
    action_form = ContributorActionForm

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contributor]:
        # A correlated subquery rather than Count("identities"): the page's COUNT(*) drops
        # it instead of grouping every contributor, and a search joining identities cannot
        # multiply it.
        identities = (
            Identity.objects.filter(contributor=OuterRef("pk"))
            .order_by()
            .values("contributor")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(identity_count=Coalesce(Subquery(identities), 0))
        )

    @admin.display(description=_("identities"), ordering="identity_count")
    def identity_count(self, obj: Contributor) -> int:
        return obj.identity_count

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Contributor], search_term: str
    ) -> tuple[QuerySet[Contributor], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Nobody picks a merged person in a form: their identities and camps moved on.
        if request.path == reverse("admin:autocomplete"):
            queryset = queryset.filter(merged_into__isnull=True)
        return queryset, may_have_duplicates

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is Identity:
            for identity in formset.save(commit=False):
                if identity.pk is None:
                    identity.link_source = Identity.LinkSource.MANUAL
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Merge selected into one person"), permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        people = list(queryset)
        slug = request.POST.get("merge_into", "").strip()
        if slug:
            target = Contributor.objects.filter(slug=slug).first()
            if target is None:
                self.message_user(
                    request,
                    _("No contributor has the slug %(slug)s.") % {"slug": slug},
                    messages.ERROR,
                )
                return
        else:
            target = choose_merge_target(people)
        sources = [person for person in people if person.pk != target.pk]
        if not sources:
            self.message_user(
                request, _("Select at least two people, or one and a slug."), messages.WARNING
            )
            return
        merged = 0
        for source in sources:
            try:
                merge_contributors(source=source, target=target, user=request.user)
                merged += 1
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        if merged:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person merged into %(target)s.",
                    "%(count)d people merged into %(target)s.",
                    merged,
                )
                % {"count": merged, "target": target},
            )

    @admin.action(description=_("Mark as community member"))
    def mark_as_member(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        count = queryset.filter(is_member=False).update(is_member=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d contributor marked as a community member.",
                "%(count)d contributors marked as community members.",
                count,
            )
            % {"count": count},
        )

    @admin.action(description=_("Unmark as community member"))
    def unmark_as_member(self, request: HttpRequest, queryset: QuerySet[Contributor]) -> None:
        count = queryset.filter(is_member=True).update(is_member=False)
        self.message_user(
            request,
            ngettext(
                "%(count)d contributor is no longer a community member.",
                "%(count)d contributors are no longer community members.",
                count,
            )
            % {"count": count},
        )


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
    readonly_fields = ["link_source", "created_at"]
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
        link_identity(identity=obj, contributor=chosen, user=request.user)
        obj.refresh_from_db()

    @admin.action(description=_("Split into its own person"), permissions=["change"])
    def split_into_own_person(self, request: HttpRequest, queryset: QuerySet[Identity]) -> None:
        count = 0
        for identity in queryset:
            split_identity(identity=identity, user=request.user)
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


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "enrollment_count"]
    search_fields = ["name", "slug", "description"]
    date_hierarchy = "starts_on"
    ordering = ["-starts_on"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["projects", "organizers"]
    inlines = [CohortEnrollmentInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cohort]:
        return super().get_queryset(request).annotate(enrollment_count=Count("enrollments"))

    @admin.display(description=_("enrolments"), ordering="enrollment_count")
    def enrollment_count(self, obj: Cohort) -> int:
        return obj.enrollment_count


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["contributor", "cohort", "project", "mentor", "status", "enrolled_on"]
    list_filter = ["status", "cohort", "project"]
    list_select_related = ["contributor", "cohort", "project", "mentor"]
    search_fields = [
        "contributor__display_name",
        "contributor__chinese_name",
        "contributor__github_login",
        "mentor__display_name",
        "mentor__chinese_name",
        "cohort__name",
        "project__name",
        "goal",
    ]
    ordering = ["cohort", "contributor__display_name"]
    autocomplete_fields = ["cohort", "contributor", "project", "mentor"]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentor", "mentee", "project", "cohort", "started_on", "ended_on"]
    list_filter = ["cohort", "project"]
    list_select_related = ["mentor", "mentee", "project", "cohort"]
    search_fields = [
        "mentor__display_name",
        "mentor__chinese_name",
        "mentor__github_login",
        "mentee__display_name",
        "mentee__chinese_name",
        "mentee__github_login",
        "project__name",
        "cohort__name",
    ]
    date_hierarchy = "started_on"
    ordering = ["mentor__display_name", "mentee__display_name"]
    autocomplete_fields = ["mentor", "mentee", "project", "cohort"]


@admin.register(IdentityPair)
class IdentityPairAdmin(SyncedRecordAdmin):
    """Evidence written by syncs: which identities were seen together, and how often."""

    list_display = ["first", "second", "occurrences"]
    list_select_related = ["first", "second"]
    search_fields = ["first__value", "second__value"]
    raw_id_fields = ["first", "second"]
    ordering = ["-occurrences"]


class _DecisionAdmin(admin.ModelAdmin):
    """Rows written by resolution and by decisions, read here and acted on by buttons.

    The form stays read-only (editing evidence or a merge log would make it lie) and rows are
    never deleted (a deleted dismissal would be suggested again, a deleted merge could not be
    undone). Acting needs the model's change permission.
    """

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

    def _row_view(self, name: str, act: Callable[[HttpRequest, object], str]) -> URLPattern:
        meta = self.model._meta

        @require_POST
        def view(request: HttpRequest, pk: int) -> HttpResponseRedirect:
            if not self.has_act_permission(request):
                raise PermissionDenied
            row = get_object_or_404(self.model, pk=pk)
            try:
                self.message_user(request, act(request, row))
            except MergeError as exc:
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
    return format_html_join(
        " · ",
        "{}: {}",
        ((label, Truncator(", ".join(values)).chars(120)) for label, values in groups if values),
    )


@admin.register(MergeSuggestion)
class MergeSuggestionAdmin(_DecisionAdmin):
    """What resolution could not decide. Confirm links the identity or merges the two people;
    dismiss records that they differ, and resolution never asks again."""

    list_display = [
        "question",
        "reason",
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
    # Open questions first, newest first within each status.
    ordering = [
        Case(
            When(status=MergeSuggestion.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ).asc(),
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
            _post_button(self._row_url("confirm", obj.pk), _("Confirm")),
            _post_button(self._row_url("dismiss", obj.pk), _("Dismiss")),
        )

    def get_urls(self) -> list[URLPattern]:
        def confirm(request: HttpRequest, suggestion: MergeSuggestion) -> str:
            confirm_suggestion(suggestion=suggestion, user=request.user)
            return _("Confirmed: %(question)s.") % {"question": suggestion}

        def dismiss(request: HttpRequest, suggestion: MergeSuggestion) -> str:
            dismiss_suggestion(suggestion=suggestion, user=request.user)
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
                decide(suggestion=suggestion, user=request.user)
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
class ContributorMergeAdmin(_DecisionAdmin):
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
        return _post_button(self._row_url("undo", obj.pk), _("Undo"))

    def get_urls(self) -> list[URLPattern]:
        def undo(request: HttpRequest, merge: ContributorMerge) -> str:
            undo_merge(merge=merge, user=request.user)
            return _("Undone: %(merge)s.") % {"merge": merge}

        return [self._row_view("undo", undo), *super().get_urls()]

    @admin.action(description=_("Undo selected merges"), permissions=["act"])
    def undo_selected(self, request: HttpRequest, queryset: QuerySet[ContributorMerge]) -> None:
        count = 0
        # Newest first: an older merge into someone merged later needs that one undone first.
        for merge in queryset.filter(undone_at__isnull=True).order_by("-merged_at", "-pk"):
            try:
                undo_merge(merge=merge, user=request.user)
                count += 1
            except MergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(
            request,
            ngettext("%(count)d merge undone.", "%(count)d merges undone.", count)
            % {"count": count},
        )
