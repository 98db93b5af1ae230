"""Forms for hubs and commissioning. They validate; services save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.utils import timezone

from sendhub.codes import DESIGNATABLE_NEEDS, KeyStage
from sendhub.forms import GDSForm, GOVUKDateField

from .models import CommissioningAgreement, Hub
from .services import commissioning_years


def money_field(label: str, noun: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="In pounds, for example 10000",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": f"Enter the {noun}",
            "invalid": f"Enter the {noun} as a number of pounds, like 10000 or 10000.50",
            "min_value": f"The {noun} must be £0 or more",
            "max_digits": f"The {noun} must be less than £10,000,000",
            "max_whole_digits": f"The {noun} must be less than £10,000,000",
            "max_decimal_places": f"Enter the {noun} with no more than 2 decimal places",
        },
    )


class HubForm(GDSForm):
    submit_label = "Save hub"

    name = forms.CharField(label="Name", max_length=200, error_messages={"required": "Enter the hub's name"})
    description = forms.CharField(
        label="Description for families",
        widget=forms.Textarea,
        required=False,
        max_length=3000,
        help_text="Who the hub is for and what it offers, in plain words",
    )
    designated_needs = forms.MultipleChoiceField(
        label="Needs the hub is designated for",
        choices=DESIGNATABLE_NEEDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    key_stages = forms.MultipleChoiceField(
        label="Key stages",
        choices=KeyStage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, hub: Hub, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = [
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            self.textarea("description", rows=6, max_characters=3000),
        ]
        if hub.kind == Hub.Kind.MAINSTREAM:
            items += [
                Field.checkboxes("designated_needs", legend_size=Size.SMALL, small=True),
                Field.checkboxes("key_stages", legend_size=Size.SMALL, small=True),
            ]
        else:
            del self.fields["designated_needs"], self.fields["key_stages"]
        self.set_layout(*items)


class AgreementForm(GDSForm):
    submit_label = "Save agreement"

    academic_year = forms.ChoiceField(
        label="Academic year", widget=forms.RadioSelect, error_messages={"required": "Select the academic year"}
    )
    places = forms.IntegerField(
        label="Number of places",
        min_value=1,
        max_value=500,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Enter the number of places",
            "invalid": "Enter the number of places as a whole number, like 14",
            "min_value": "Commission at least 1 place",
            "max_value": "Enter 500 places or fewer",
        },
    )
    place_funding = money_field("Place funding per place a year", "place funding")
    top_up_per_place = money_field("Top-up per place a year", "top-up")
    covers = forms.MultipleChoiceField(
        label="What the funding covers",
        choices=CommissioningAgreement.Covers.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    starts_on = GOVUKDateField(
        label="First day of the agreement",
        noun="start date",
        required=False,
        help_text="Leave empty for the first day of the academic year",
    )
    ends_on = GOVUKDateField(
        label="Last day of the agreement",
        noun="end date",
        required=False,
        help_text="Leave empty for the last day of the academic year",
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=2000)
    reason = forms.CharField(
        label="Why are you changing the agreement?",
        max_length=100,
        error_messages={"required": "Enter why you are changing the agreement"},
    )

    def __init__(self, *args: Any, agreement: CommissioningAgreement | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = []
        if agreement is None:
            years = commissioning_years(timezone.localdate())
            self.fields["academic_year"].choices = [(y, y) for y in years]
            items.append(Field.radios("academic_year", legend_size=Size.SMALL, inline=True))
            del self.fields["reason"]
        else:
            del self.fields["academic_year"]
        items += [
            Field.text("places", field_width=4),
            Field.text("place_funding", field_width=10),
            Field.text("top_up_per_place", field_width=10),
            Field.checkboxes("covers", legend_size=Size.SMALL, small=True),
            Field("starts_on"),
            Field("ends_on"),
            self.textarea("notes", rows=3, max_characters=2000),
        ]
        if agreement is not None:
            items.append(Field.text("reason", field_width=Fluid.TWO_THIRDS))
        self.set_layout(*items)

    @staticmethod
    def initial_for(agreement: CommissioningAgreement) -> dict[str, Any]:
        fields = ("places", "place_funding", "top_up_per_place", "covers", "starts_on", "ends_on", "notes")
        return {f: getattr(agreement, f) for f in fields}
