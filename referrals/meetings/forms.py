"""Forms for meetings, agendas and minutes. They validate; services save."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from referrals.models import Action, CaseDiscussion, Meeting, MeetingInvitee
from sendhub.forms import GDSForm, GOVUKDateField, TimeOfDayField
from sendhub.models import User


def text(label: str, required: str | None = None, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label, required=required is not None, error_messages={"required": required or ""}, **kwargs
    )


class MeetingForm(GDSForm):
    submit_label = "Save the meeting"

    kind = forms.ChoiceField(
        label="Which meeting?",
        choices=Meeting.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which meeting it is"},
    )
    day = GOVUKDateField(label="Date", noun="date of the meeting", help_text="For example, 10 12 2026")
    starts_at = TimeOfDayField(label="Start time", noun="start time")
    ends_at = TimeOfDayField(label="End time", noun="end time")
    location = text("Place (optional if it is online)", max_length=300)
    online_link = forms.URLField(
        label="Online meeting link (optional)",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={"invalid": "Enter the link in full, starting with https://"},
    )
    invitees = forms.MultipleChoiceField(
        label="Who is invited?",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The district's panel members; you are invited as the coordinator",
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], with_kind: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = [(str(pk), label) for pk, label in people]
        items = [Field.radios("kind", legend_size=Size.SMALL, inline=True)] if with_kind else []
        if not with_kind:
            del self.fields["kind"]
        items += [
            Field("day"),
            Field.text("starts_at", field_width=5),
            Field.text("ends_at", field_width=5),
            Field.text("location", field_width=Fluid.TWO_THIRDS),
            Field.text("online_link", field_width=Fluid.TWO_THIRDS),
            Field.checkboxes("invitees", legend_size=Size.SMALL, small=True),
        ]
        self.set_layout(*items)


class ReasonForm(GDSForm):
    reason = text("Why?", "Enter the reason", max_length=200)

    def __init__(
        self, *args: Any, label: str, required_message: str, submit: str, warning: bool = False, **kwargs: Any
    ) -> None:
        self.submit_label = submit
        self.submit_css_class = "govuk-button--warning" if warning else ""
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required_message
        self.set_layout(Field.text("reason", field_width=Fluid.TWO_THIRDS))


class OtherItemForm(GDSForm):
    submit_label = "Add to the agenda"

    title = text(
        "Item", "Enter the item", max_length=200, help_text="For example, Feedback from the Locality Management Group"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.text("title", field_width=Fluid.TWO_THIRDS))


class DiscussionForm(GDSForm):
    submit_label = "Save the minutes"

    present = forms.ModelMultipleChoiceField(
        label="Who was present for this case?",
        queryset=MeetingInvitee.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    others_present = text(
        "Anyone else present (optional)", max_length=300, help_text="For example, the school's SENCo or the parent"
    )
    discussion = text(
        "Summary of the discussion", "Enter a summary of the discussion", widget=forms.Textarea, max_length=5000
    )
    strategies = text("Strategies agreed (optional)", widget=forms.Textarea, max_length=5000)
    parent_summary = text(
        "Summary for the parent (optional)",
        widget=forms.Textarea,
        max_length=2000,
        help_text=(
            "Plain words, no jargon: what the hub agreed and what happens next. The parent sees this in their account"
        ),
    )

    def __init__(self, *args: Any, invitees, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = invitees
        self.fields["present"].label_from_instance = lambda i: (
            f"{i.user.full_name} ({i.get_agency_display() or 'coordinator'})"
        )
        self.set_layout(
            Field.checkboxes("present", legend_size=Size.SMALL, small=True),
            Field.text("others_present", field_width=Fluid.TWO_THIRDS),
            self.textarea("discussion", rows=6, max_characters=5000),
            self.textarea("strategies", rows=4, max_characters=5000),
            self.textarea("parent_summary", rows=4, max_characters=2000),
        )


class ActionForm(GDSForm):
    submit_label = "Add the action"

    description = text("What will be done?", "Enter what will be done", widget=forms.Textarea, max_length=1000)
    owner = text(
        "Who will do it?",
        max_length=150,
        help_text="A named person and their role. Leave blank if you choose their account below",
    )
    owner_user = forms.ModelChoiceField(
        label="Their account in the portal (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="They have no account",
        help_text="They will be reminded before the next hub meeting while the action is open. "
        "Only people who may see this case are listed",
        error_messages={"invalid_choice": "Choose an account of someone who may see this case"},
    )
    agency = forms.ChoiceField(
        label="Which agency?",
        choices=Action.Agency.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which agency will do it"},
    )
    due_on = GOVUKDateField(label="Due by", noun="due date", help_text="Usually the date of the next meeting")

    def __init__(self, *args: Any, owners: list[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the accounts the access policy lets see the case (services.action_owner_choices).
        self.fields["owner_user"].queryset = User.objects.filter(pk__in=[person.pk for person in owners])
        self.fields["owner_user"].label_from_instance = lambda person: f"{person.full_name} ({person.email})"
        self.set_layout(
            self.textarea("description", rows=3, max_characters=1000),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field.select("owner_user"),
            Field.radios("agency", legend_size=Size.SMALL),
            Field("due_on"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("owner") or "").strip() and not data.get("owner_user"):
            self.add_error("owner", "Enter who will do it, or choose their account")
        return data


class ReviewForm(GDSForm):
    submit_label = "Save the review"

    def __init__(self, *args: Any, actions: list[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actions = actions
        items = []
        for number, action in enumerate(actions, start=1):
            self.fields[f"action_{action.pk}"] = forms.ChoiceField(
                label=f"Action {number}: {action.description} ({action.owner})",
                choices=Action.Review.choices,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how action {number} went"},
            )
            self.fields[f"note_{action.pk}"] = text(f"Notes on action {number} (optional)", max_length=500)
            items += [
                Field.radios(f"action_{action.pk}", legend_size=Size.SMALL, inline=True),
                Field.text(f"note_{action.pk}", field_width=Fluid.TWO_THIRDS),
            ]
        self.set_layout(*items)

    def reviews(self) -> dict[int, tuple[str, str]]:
        return {a.pk: (self.cleaned_data[f"action_{a.pk}"], self.cleaned_data[f"note_{a.pk}"]) for a in self.actions}


class DecideForm(GDSForm):
    submit_label = "Save the decision"

    outcome = forms.ChoiceField(
        label="What happens next?",
        choices=CaseDiscussion.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what happens next"},
    )
    note = text("Reason (optional)", widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, at_lmg: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if at_lmg:
            self.fields["outcome"].choices = [
                c for c in CaseDiscussion.Outcome.choices if c[0] != CaseDiscussion.Outcome.ESCALATE
            ]
        self.set_layout(
            Field.radios("outcome", legend_size=Size.SMALL), self.textarea("note", rows=3, max_characters=2000)
        )
