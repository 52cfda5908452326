"""Forms of the camp management pages: they validate input; ``enrolling`` and ``importing``
do the work."""

import re
from typing import Any, cast

from django import forms
from django.db.models import Count
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from camps.importing import MAX_BYTES
from camps.matching import describe, find_people
from camps.models import Cohort, Enrollment
from contributors.models import Contributor
from projects.models import Project

# Paths under /camps/ that a camp's slug must not take.
RESERVED_SLUGS = frozenset({"new"})
_SEPARATORS = re.compile(r"[\s,;]+")


def free_camp_slug(cohort: Cohort) -> str:
    """A slug from the camp's name, or from its start month when the name has no Latin
    letters (香菜饅頭營), with -2, -3… when taken."""
    base = slugify(cohort.name)[:100].strip("-")
    if not base or base in RESERVED_SLUGS:
        base = f"camp-{cohort.starts_on:%Y-%m}" if cohort.starts_on else "camp"
    taken = set(
        Cohort.objects.filter(slug__startswith=base)
        .exclude(pk=cohort.pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _handle(person: Contributor) -> str:
    return person.github_login or person.slug


class CampForm(forms.ModelForm):
    """A camp's name, slug, dates, description, projects and mentors. Mentors are typed as
    GitHub logins, slugs or Apache ids: the people table holds everyone ever seen, too many
    for a list to choose from (the page's script suggests names as one types)."""

    mentors = forms.CharField(
        label=gettext_lazy("Mentors"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off"}),
        help_text=gettext_lazy(
            "GitHub logins, slugs or Apache ids, separated by commas or spaces."
        ),
    )

    class Meta:
        model = Cohort
        fields = ["name", "slug", "starts_on", "ends_on", "description", "projects"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "projects": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "slug": gettext_lazy("Its address, /camps/<slug>/. Empty: made from the name.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        projects = cast("forms.ModelMultipleChoiceField[Project]", self.fields["projects"])
        projects.queryset = Project.objects.order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["mentors"] = ", ".join(
                _handle(person) for person in self.instance.mentors.order_by("display_name")
            )
        self.mentor_people: list[Contributor] = []

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is taken by a page of its own; choose another slug.") % {"slug": slug}
            )
        return slug

    def clean_mentors(self) -> str:
        text = self.cleaned_data["mentors"]
        handles = list(dict.fromkeys(token for token in _SEPARATORS.split(text) if token))
        found = find_people(handles=handles)
        unknown: list[str] = []
        ambiguous: list[str] = []
        people: dict[int, Contributor] = {}
        for handle in handles:
            matches = found.handle(handle)
            if not matches:
                unknown.append(handle)
            elif len(matches) > 1:
                ambiguous.append(
                    _("“%(handle)s” names several people: %(people)s")
                    % {"handle": handle, "people": ", ".join(describe(p) for p in matches)}
                )
            else:
                people.setdefault(matches[0].pk, matches[0])
        problems = []
        if unknown:
            problems.append(
                _("Nobody has the GitHub login, slug or Apache id: %(handles)s.")
                % {"handles": ", ".join(unknown)}
            )
        problems.extend(ambiguous)
        if problems:
            raise forms.ValidationError(problems)
        self.mentor_people = list(people.values())
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # ModelForm.clean returns cleaned_data
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("A camp cannot end before it starts."))
        if not cleaned.get("slug") and cleaned.get("name") and "slug" not in self.errors:
            # Only for its slug: starts_on may be missing from a refused form, which
            # free_camp_slug allows.
            draft = Cohort(pk=self.instance.pk, name=cleaned["name"], starts_on=starts)  # type: ignore[misc]
            cleaned["slug"] = free_camp_slug(draft)
        if self.instance.pk:
            self._refuse_removing_what_is_used(cleaned)
        return cleaned

    def _refuse_removing_what_is_used(self, cleaned: dict) -> None:
        """A project or mentor that participants are paired with stays until they are
        paired otherwise: removing it would leave enrolments outside the camp."""
        enrollments = Enrollment.objects.filter(cohort=self.instance)
        if "projects" in cleaned:
            kept = {project.pk for project in cleaned["projects"]}
            for project in (
                Project.objects.filter(enrollments__in=enrollments)
                .exclude(pk__in=kept)
                .annotate(n=Count("enrollments"))
                .order_by("name")
            ):
                self.add_error(
                    "projects",
                    _(
                        "%(project)s is the project of %(count)s participants; give them "
                        "another project on the participants page first."
                    )
                    % {"project": project.name, "count": project.n},
                )
        if "mentors" in cleaned and not self.has_error("mentors"):
            kept = {person.pk for person in self.mentor_people}
            for person in (
                Contributor.objects.filter(mentored_enrollments__in=enrollments)
                .exclude(pk__in=kept)
                .annotate(n=Count("mentored_enrollments"))
                .order_by("display_name")
            ):
                self.add_error(
                    "mentors",
                    _(
                        "%(mentor)s mentors %(count)s participants of this camp; pair them "
                        "with someone else on the participants page first."
                    )
                    % {"mentor": describe(person), "count": person.n},
                )

    def save(self, commit: bool = True) -> Cohort:
        cohort = super().save(commit=commit)
        if commit:
            cohort.mentors.set(self.mentor_people)
        return cohort


class EnrolForm(forms.Form):
    """Enrol one person, found by login, email, slug or Apache id, or created when nobody
    has it and a name is given."""

    who = forms.CharField(
        label=gettext_lazy("GitHub login, email or slug"),
        max_length=320,
        help_text=gettext_lazy("Of someone already in the data, or of a new person."),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Only for someone new: their name as it should be shown."),
    )
    project = forms.ModelChoiceField(
        label=gettext_lazy("Project"), queryset=Project.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(
        label=gettext_lazy("Mentor"), queryset=Contributor.objects.none(), required=False
    )
    goal = forms.CharField(
        label=gettext_lazy("Goal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        project = cast("forms.ModelChoiceField[Project]", self.fields["project"])
        project.queryset = cohort.projects.order_by("name")
        mentor = cast("forms.ModelChoiceField[Contributor]", self.fields["mentor"])
        mentor.queryset = cohort.mentors.order_by("display_name")


class EnrollmentForm(forms.Form):
    """One participant's row on the participants page."""

    project = forms.ModelChoiceField(
        label=gettext_lazy("Project"), queryset=Project.objects.none(), required=False
    )
    mentor = forms.ModelChoiceField(
        label=gettext_lazy("Mentor"), queryset=Contributor.objects.none(), required=False
    )
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=Enrollment.Status.choices)
    goal = forms.CharField(label=gettext_lazy("Goal"), required=False)

    def __init__(self, *args, cohort: Cohort, **kwargs):
        super().__init__(*args, **kwargs)
        project = cast("forms.ModelChoiceField[Project]", self.fields["project"])
        project.queryset = cohort.projects.order_by("name")
        mentor = cast("forms.ModelChoiceField[Contributor]", self.fields["mentor"])
        mentor.queryset = cohort.mentors.order_by("display_name")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("Columns: name, github_login, email, project, mentor."),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split it into smaller files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)}
            )
        return upload.read()


class ConfirmImportForm(forms.Form):
    digest = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
