"""Forms for SEN support: the graduated approach and meetings with parents. They validate; services save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from pupils.models import SupportCycle, SupportOutcome
from sendhub.forms import GDSForm, GOVUKDateField, required


class CycleStartForm(GDSForm):
    submit_label = "Start the cycle"

    started_on = GOVUKDateField(label="Date the cycle started", noun="start date", help_text="For example, 15 9 2025")
    needs = forms.CharField(
        label="What did the assessment find?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages=required("Enter what the assessment found about the pupil's needs"),
    )
    parent_views = forms.CharField(
        label="Views of the parent or carer (optional)", widget=forms.Textarea, required=False, max_length=5000
    )
    child_views = forms.CharField(
        label="Views of the child (optional)", widget=forms.Textarea, required=False, max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("started_on"),
            self.textarea("needs", rows=5, max_characters=5000),
            self.textarea("parent_views", rows=4, max_characters=5000),
            self.textarea("child_views", rows=4, max_characters=5000),
        )


class CyclePlanForm(GDSForm):
    submit_label = "Save the plan"

    needs = forms.CharField(
        label="What did the assessment find?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages=required("Enter what the assessment found about the pupil's needs"),
    )
    parent_views = forms.CharField(
        label="Views of the parent or carer (optional)", widget=forms.Textarea, required=False, max_length=5000
    )
    child_views = forms.CharField(
        label="Views of the child (optional)", widget=forms.Textarea, required=False, max_length=5000
    )
    responsible = forms.CharField(
        label="Who is responsible for the support?",
        max_length=200,
        help_text="Usually the class or subject teacher, working with teaching assistants or specialists",
        error_messages=required("Enter who is responsible for the support"),
    )
    review_date = GOVUKDateField(
        label="Date progress will be reviewed", noun="review date", help_text="For example, 12 2 2026"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            self.textarea("needs", rows=5, max_characters=5000),
            self.textarea("parent_views", rows=4, max_characters=5000),
            self.textarea("child_views", rows=4, max_characters=5000),
            Field.text("responsible", field_width=Fluid.TWO_THIRDS),
            Field("review_date"),
        )


class OutcomeForm(GDSForm):
    submit_label = "Add outcome"

    description = forms.CharField(
        label="Outcome",
        widget=forms.Textarea,
        max_length=1000,
        help_text="What the pupil should be able to do by the review, agreed with the parent and the pupil",
        error_messages=required("Enter the outcome"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(self.textarea("description", rows=3, max_characters=1000))


class ProvisionForm(GDSForm):
    submit_label = "Add provision"

    description = forms.CharField(
        label="Provision",
        max_length=300,
        help_text="For example, small-group phonics",
        error_messages=required("Enter the provision"),
    )
    frequency = forms.CharField(
        label="How often (optional)",
        max_length=120,
        required=False,
        help_text="For example, 3 sessions of 20 minutes a week",
    )
    provided_by = forms.CharField(
        label="Who provides it (optional)",
        max_length=150,
        required=False,
        help_text="For example, a teaching assistant",
    )
    cost_per_year = forms.DecimalField(
        label="Cost per year, in pounds",
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="For example, 1200 or 1200.50",
        # The Design System advises against type="number": a text input with a numeric keyboard.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the cost per year",
            "invalid": "Enter the cost as a number of pounds, like 1200 or 1200.50",
            "min_value": "The cost must be £0 or more",
            "max_digits": "The cost must be less than £10,000,000",
            "max_decimal_places": "Enter the cost in pounds and pence, with no more than 2 decimal places",
            "max_whole_digits": "The cost must be less than £10,000,000",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("description", field_width=Fluid.TWO_THIRDS),
            Field.text("frequency", field_width=Fluid.TWO_THIRDS),
            Field.text("provided_by", field_width=Fluid.TWO_THIRDS),
            Field.text("cost_per_year", field_width=10),
        )


class CycleReviewForm(GDSForm):
    submit_label = "Save the review"

    reviewed_on = GOVUKDateField(label="Date of the review", noun="review date", help_text="For example, 12 2 2026")
    summary = forms.CharField(
        label="What difference has the support made?",
        widget=forms.Textarea,
        max_length=5000,
        error_messages=required("Enter what difference the support has made"),
    )
    next_step = forms.ChoiceField(
        label="What happens next?",
        choices=SupportCycle.NextStep.choices,
        widget=forms.RadioSelect,
        error_messages=required("Select what happens next"),
    )

    def __init__(self, *args: Any, outcomes: list[SupportOutcome], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcomes = outcomes
        items = [Field("reviewed_on")]
        for number, outcome in enumerate(outcomes, start=1):
            name = f"outcome_{outcome.pk}"
            self.fields[name] = forms.ChoiceField(
                label=f"Outcome {number}: {outcome.description}",
                choices=SupportOutcome.Progress.choices,
                widget=forms.RadioSelect,
                error_messages=required(f"Select the progress made towards outcome {number}"),
            )
            items.append(Field.radios(name, legend_size=Size.SMALL))
        items += [
            self.textarea("summary", rows=5, max_characters=5000),
            Field.radios("next_step", legend_size=Size.SMALL),
        ]
        self.set_layout(*items)

    def progress(self) -> dict[int, str]:
        return {o.pk: self.cleaned_data[f"outcome_{o.pk}"] for o in self.outcomes}


class ParentMeetingForm(GDSForm):
    submit_label = "Save meeting"

    held_on = GOVUKDateField(label="Date of the meeting", noun="meeting date", help_text="For example, 14 10 2025")
    attendees = forms.CharField(
        label="Who attended?",
        max_length=300,
        help_text="For example, Mum, class teacher and SENCo",
        error_messages=required("Enter who attended the meeting"),
    )
    notes = forms.CharField(label="Notes (optional)", widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("held_on"),
            Field.text("attendees", field_width=Fluid.TWO_THIRDS),
            self.textarea("notes", rows=4, max_characters=5000),
        )
