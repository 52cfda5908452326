"""The organizers' form for a ledger entry: it validates and shapes; ``ledger`` stores."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from camps.models import Cohort
from community.ledger import sponsorable_people
from community.models import Expense
from contributors.models import Contributor


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contributor) -> str:
        return str(obj)


class ExpenseForm(forms.ModelForm):
    person = PersonChoiceField(
        label=_("Person"),
        queryset=Contributor.objects.none(),
        help_text=_("A member of the community."),
    )

    class Meta:
        model = Expense
        fields = ["spent_on", "person", "category", "amount", "currency", "camp", "note"]
        widgets = {
            "spent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "currency": forms.TextInput(
                attrs={"list": "currencies", "maxlength": 3, "autocapitalize": "characters"}
            ),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        keeping = self.instance.person if self.instance.person_id else None
        person = cast("forms.ModelChoiceField[Contributor]", self.fields["person"])
        person.queryset = sponsorable_people(keeping=keeping)
        camp = cast("forms.ModelChoiceField[Cohort]", self.fields["camp"])
        camp.queryset = Cohort.objects.order_by("-starts_on")

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()
