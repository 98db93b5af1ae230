"""Forms for places in mainstream SEND hubs. They validate; services save."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from sendhub.forms import GDSForm, GOVUKDateField


class PlacementForm(GDSForm):
    submit_label = "Arrange the place"

    pupil = forms.ModelChoiceField(
        label="Pupil",
        queryset=None,
        empty_label="Choose a pupil",
        help_text="Pupils whose current EHC plan names this hub",
        error_messages={
            "required": "Choose the pupil",
            "invalid_choice": "Choose a pupil whose EHC plan names this hub",
        },
    )
    starts_on = GOVUKDateField(label="Start date", noun="start date", help_text="For example, 7 9 2026")
    planned_end_on = GOVUKDateField(
        label="Planned end date",
        noun="planned end date",
        help_text="Usually the end of the key stage, for example 21 7 2028",
    )

    def __init__(self, *args: Any, pupils, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].queryset = pupils
        self.fields["pupil"].label_from_instance = lambda p: f"{p.name} ({p.school.name})"
        self.set_layout(Field.select("pupil"), Field("starts_on"), Field("planned_end_on"))


class PlacementEndForm(GDSForm):
    submit_label = "End the place"

    ended_on = GOVUKDateField(
        label="Last day of the place", noun="end date", help_text="For an offer not taken up, the day it was withdrawn"
    )
    reason = forms.ChoiceField(
        label="Why did the place end?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the place ended"},
    )
    notes = forms.CharField(label="Notes (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from pupils.models import Placement

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Placement.EndReason.choices
        self.set_layout(
            Field("ended_on"),
            Field.radios("reason", legend_size=Size.SMALL),
            Field.text("notes", field_width=Fluid.TWO_THIRDS),
        )
