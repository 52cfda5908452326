"""Camp management pages: the list of camps, creating and editing a camp, its participants,
and the CSV import. Organizers write; signed-in members see the list."""

import base64
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from camps import enrolling, importing, listing
from camps.forms import (
    CampForm,
    ConfirmImportForm,
    EnrolForm,
    EnrollmentForm,
    ImportForm,
)
from camps.models import Cohort, Enrollment
from contributors.roles import is_organizer, member_required, organizer_required

# Where a previewed file waits for its confirmation: in the user's session, one per camp.
_PENDING = "camp-import-{pk}"


@member_required
def camp_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "camps/list.html",
        {"rows": listing.camp_rows(), "can_manage": is_organizer(request.user)},
    )


@organizer_required
def camp_create(request: HttpRequest) -> HttpResponse:
    form = CampForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("Camp “%(name)s” created.") % {"name": cohort.name})
        return redirect("camps:participants", slug=cohort.slug)
    return render(request, "camps/form.html", {"form": form, "cohort": None}, status=_status(form))


@organizer_required
def camp_edit(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(Cohort, slug=slug)
    form = CampForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        cohort = form.save()
        messages.success(request, _("Camp “%(name)s” saved.") % {"name": cohort.name})
        return redirect("camps:list")
    return render(
        request, "camps/form.html", {"form": form, "cohort": cohort}, status=_status(form)
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _participants_page(
    request: HttpRequest,
    cohort: Cohort,
    *,
    form: EnrolForm | None = None,
    row_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = request.GET.get("status", "")
    page = listing.get_participants(cohort=cohort, status=shown)
    rows = [(e, (row_errors or {}).get(e.pk, [])) for e in page.enrollments]
    return render(
        request,
        "camps/participants.html",
        {
            "cohort": cohort,
            "page": page,
            "rows": rows,
            "shown": shown,
            "statuses": Enrollment.Status.choices,
            "form": form or EnrolForm(cohort=cohort),
        },
        status=status,
    )


@organizer_required
def participants(request: HttpRequest, slug: str) -> HttpResponse:
    """The camp's enrolments; a POST enrols one person."""
    cohort = get_object_or_404(Cohort, slug=slug)
    if request.method != "POST":
        return _participants_page(request, cohort)
    form = EnrolForm(request.POST, cohort=cohort)
    if form.is_valid():
        data = form.cleaned_data
        try:
            enrollment, created = enrolling.enrol_person(
                cohort=cohort,
                who=data["who"],
                name=data["name"],
                project=data["project"],
                mentor=data["mentor"],
                goal=data["goal"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            person = enrollment.contributor.display_name
            if created:
                message = _("%(person)s was added to the people and enrolled.")
            else:
                message = _("%(person)s was enrolled.")
            messages.success(request, message % {"person": person})
            return redirect("camps:participants", slug=cohort.slug)
    return _participants_page(request, cohort, form=form, status=400)


@organizer_required
@require_POST
def participant_update(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Save one participant's project, mentor, status and goal."""
    cohort = get_object_or_404(Cohort, slug=slug)
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("contributor"), cohort=cohort, pk=pk
    )
    enrollment.cohort = cohort
    form = EnrollmentForm(request.POST, cohort=cohort)
    problems: list[str] = []
    if form.is_valid():
        try:
            enrolling.update_enrollment(enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            problems = error.messages
    else:
        problems = [
            f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
            for name, errors in form.errors.items()
            for message in errors
        ]
    if problems:
        return _participants_page(request, cohort, row_errors={enrollment.pk: problems}, status=400)
    messages.success(
        request, _("%(person)s saved.") % {"person": enrollment.contributor.display_name}
    )
    url = reverse("camps:participants", kwargs={"slug": cohort.slug})
    return redirect(f"{url}#participant-{enrollment.pk}")


@organizer_required
def camp_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a CSV file and see what importing it would do; confirm to import it."""
    cohort = get_object_or_404(Cohort, slug=slug)
    key = _PENDING.format(pk=cohort.pk)
    context = {"cohort": cohort, "columns": importing.COLUMNS, "max_bytes": importing.MAX_BYTES}
    if request.method != "POST":
        return render(request, "camps/import.html", {**context, "form": ImportForm()})
    if "digest" in request.POST:
        return _confirm(request, cohort, key, context)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "camps/import.html", {**context, "form": form}, status=400)
    data = form.cleaned_data["file"]
    upload = cast(UploadedFile, request.FILES["file"])  # the form has checked it is there
    preview = importing.preview_import(cohort=cohort, data=data)
    if preview.ok:
        request.session[key] = {
            "name": upload.name,
            "digest": preview.digest,
            "data": base64.b64encode(data).decode(),
        }
    else:
        request.session.pop(key, None)
    return render(
        request,
        "camps/import.html",
        {
            **context,
            "form": ImportForm(),
            "preview": preview,
            "file_name": upload.name,
        },
    )


def _confirm(request: HttpRequest, cohort: Cohort, key: str, context: dict) -> HttpResponse:
    form = ConfirmImportForm(request.POST)
    pending = request.session.get(key)
    if not form.is_valid() or pending is None:
        messages.error(request, _("Nothing waits to be imported here: upload the file again."))
        return redirect("camps:import", slug=cohort.slug)
    if form.cleaned_data["digest"] != pending["digest"]:
        messages.error(
            request,
            _(
                "The file confirmed is not the one previewed last in this session (another "
                "tab?): nothing was imported. Upload the file again to see its preview."
            ),
        )
        return redirect("camps:import", slug=cohort.slug)
    data = base64.b64decode(pending["data"])
    try:
        result = importing.apply_import(cohort=cohort, data=data)
    except importing.ImportRefused as refused:
        request.session.pop(key, None)
        messages.error(
            request,
            _(
                "The data changed since the preview and some rows are now refused: nothing "
                "was imported."
            ),
        )
        return render(
            request,
            "camps/import.html",
            {**context, "form": ImportForm(), "preview": refused.preview},
            status=409,
        )
    request.session.pop(key, None)
    messages.success(
        request,
        ngettext(
            "%(enrolled)s person enrolled (%(created)s new), %(skipped)s already enrolled.",
            "%(enrolled)s people enrolled (%(created)s new), %(skipped)s already enrolled.",
            result.enrolled,
        )
        % {"enrolled": result.enrolled, "created": result.created, "skipped": result.skipped},
    )
    return redirect("camps:participants", slug=cohort.slug)


@organizer_required
def import_template(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(Cohort, slug=slug)
    response = HttpResponse(importing.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{cohort.slug}-participants.csv"'
    return response
