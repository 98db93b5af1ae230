"""Forms for the trust hub. They validate; services save."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from sendhub.forms import GDSForm, GOVUKDateField, TimeOfDayField
from sendhub.models import Role

from .models import Feedback

ONLINE = "online"


def text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required is not None, error_messages={"required": required or ""}, **kwargs
    )


class TierForm(GDSForm):
    submit_label = "Save the tier"

    audience = text("Audience", "Enter who the tier is for", max_length=300)
    audience_roles = forms.MultipleChoiceField(
        label="Who may book its sessions?",
        choices=[(Role.SENCO, "SENCos"), (Role.SCHOOL_LEADER, "School leaders"), (Role.SCHOOL_STAFF, "School staff")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who may book the tier's sessions"},
    )
    format = text("Format", "Enter the format", max_length=300)
    cadence = text("Cadence", "Enter how often it runs", max_length=300)
    leads = text("Leads", "Enter who leads it", max_length=300)
    purpose = forms.CharField(
        label="Purpose", widget=forms.Textarea, error_messages={"required": "Enter the tier's purpose"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("audience", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("audience_roles", legend_size=Size.SMALL, small=True),
            Field.text("format", field_width=Fluid.TWO_THIRDS),
            Field.text("cadence", field_width=Fluid.TWO_THIRDS),
            Field.text("leads", field_width=Fluid.TWO_THIRDS),
            self.textarea("purpose"),
        )


class SessionForm(GDSForm):
    submit_label = "Save the session"

    title = text("Title", "Enter the session's title", max_length=200)
    day = GOVUKDateField(label="Date", noun="date of the session", help_text="For example, 10 12 2026")
    starts_at = TimeOfDayField(label="Start time", noun="start time")
    ends_at = TimeOfDayField(label="End time", noun="end time")
    venue = forms.ChoiceField(
        label="Where?", widget=forms.RadioSelect, error_messages={"required": "Select a school of the trust, or online"}
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        required=False,
        error_messages={
            "invalid": "Enter the number of places as a whole number, like 20",
            "min_value": "A session needs at least 1 place",
            "max_value": "A session can have at most 500 places",
        },
    )
    leads = text("Leads (optional: the tier's leads if empty)", max_length=300)
    school = forms.ChoiceField(label="Which school is the meeting with?", required=False)

    def __init__(
        self,
        *args: Any,
        schools: list,
        with_capacity: bool = True,
        with_school: bool = False,
        with_day: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.fields["venue"].choices = [(pk, str(s)) for pk, s in self.schools.items()] + [(ONLINE, "Online")]
        self.fields["school"].choices = [("", "Choose a school")] + [(pk, str(s)) for pk, s in self.schools.items()]
        items = [Field.text("title", field_width=Fluid.TWO_THIRDS)]
        if with_day:
            items.append(Field("day"))
        else:
            del self.fields["day"]
        items += [Field.text("starts_at", field_width=5), Field.text("ends_at", field_width=5)]
        items.append(Field.radios("venue", legend_size=Size.SMALL, small=True))
        if with_capacity:
            self.fields["capacity"].required = True
            self.fields["capacity"].error_messages["required"] = "Enter how many places the session has"
            items.append(Field.text("capacity", field_width=3))
        else:
            del self.fields["capacity"]
        items.append(Field.text("leads", field_width=Fluid.TWO_THIRDS))
        if with_school:
            self.fields["school"].required = True
            self.fields["school"].error_messages["required"] = "Choose the school the meeting is with"
            items.append(Field.select("school"))
        else:
            del self.fields["school"]
        self.set_layout(*items)

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "venue_school": None if data["venue"] == ONLINE else self.schools[data["venue"]],
            "capacity": data.get("capacity"),
            "leads": data["leads"],
        }
        if "day" in data:
            values["day"] = data["day"]
        if data.get("school"):
            values["school"] = self.schools[data["school"]]
        return values


class ParallelSessionForm(GDSForm):
    submit_label = "Add the parallel session"

    title = text("Title", "Enter the session's title", max_length=200)
    strand = text("Strand", "Enter the strand, like Adaptive teaching", max_length=120)
    starts_at = TimeOfDayField(label="Start time", noun="start time")
    ends_at = TimeOfDayField(label="End time", noun="end time")
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=500,
        error_messages={
            "required": "Enter how many places the session has",
            "invalid": "Enter the number of places as a whole number, like 20",
            "min_value": "A session needs at least 1 place",
            "max_value": "A session can have at most 500 places",
        },
    )
    leads = text("Leads (optional)", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("title", field_width=Fluid.TWO_THIRDS),
            Field.text("strand", field_width=Fluid.TWO_THIRDS),
            Field.text("starts_at", field_width=5),
            Field.text("ends_at", field_width=5),
            Field.text("capacity", field_width=3),
            Field.text("leads", field_width=Fluid.TWO_THIRDS),
        )


class BookForm(GDSForm):
    submit_label = "Book a place"

    school = forms.ChoiceField(
        label="Which school are you booking for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the school you are booking for"},
    )

    def __init__(self, *args: Any, schools: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.fields["school"].choices = [(pk, str(s)) for pk, s in self.schools.items()]
        self.set_layout(Field.radios("school", legend_size=Size.SMALL, small=True))


class ReasonForm(GDSForm):
    submit_label = "Cancel the session"
    submit_css_class = "govuk-button--warning"

    reason = text("Why is it cancelled?", "Enter why the session is cancelled", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.text("reason", field_width=Fluid.TWO_THIRDS))


class ConfirmForm(GDSForm):
    """A page whose only answer is its button."""

    def __init__(self, *args: Any, submit: str, warning: bool = False, **kwargs: Any) -> None:
        self.submit_label = submit
        self.submit_css_class = "govuk-button--warning" if warning else ""
        super().__init__(*args, **kwargs)


class AttendanceForm(GDSForm):
    submit_label = "Save attendance"

    attended = forms.MultipleChoiceField(
        label="Who came?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Everyone not ticked is marked absent",
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [(str(pk), label) for pk, label in people]
        self.set_layout(Field.checkboxes("attended", legend_size=Size.SMALL, small=True))


class FeedbackForm(GDSForm):
    submit_label = "Send feedback"

    useful = forms.ChoiceField(
        label="Was the session useful?",
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the session was useful"},
    )
    confident = forms.ChoiceField(
        label="Are you confident to apply it in your school?",
        choices=Feedback.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you are confident to apply it"},
    )
    comments = forms.CharField(
        label="Anything else? (optional)", widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.radios("useful", legend_size=Size.SMALL, inline=True),
            Field.radios("confident", legend_size=Size.SMALL, inline=True),
            self.textarea("comments", max_characters=2000),
        )
