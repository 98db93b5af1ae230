"""Forms for the trust hub. They validate; services save."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms

from referrals.intake.forms import ConsentForm
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


class AskForm(GDSForm):
    submit_label = "Send to the trust SEND hub"

    school = forms.ChoiceField(
        label="Which school is asking?", widget=forms.RadioSelect, error_messages={"required": "Select your school"}
    )
    kind = forms.ChoiceField(
        label="What do you need?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select general advice or a case consultation about a child"},
    )
    consent = forms.ChoiceField(
        label="About which child? (a case consultation only)",
        required=False,
        help_text=(
            "The consent record of the child's district hub referral: a case consultation rests on it, and "
            "stops the moment it is withdrawn. Only consent that stands and covers education is listed. For a "
            'child with no referral, use "Ask about a child who has no referral" on the previous page.'
        ),
    )
    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter your question"},
    )

    def __init__(self, *args: Any, schools: list, consents: list, **kwargs: Any) -> None:
        from .models import AdviceRequest

        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.consents = {str(c.pk): c for c in consents}
        self.fields["school"].choices = [(pk, str(s)) for pk, s in self.schools.items()]
        self.fields["kind"].choices = AdviceRequest.Kind.choices
        self.fields["consent"].choices = [("", "Choose a child")] + [
            (
                pk,
                f"{c.referral.pupil.name}: consent from {c.given_by_name}, "
                f"{c.get_method_display().lower()}, {c.given_on:%-d %B %Y}",
            )
            for pk, c in self.consents.items()
        ]
        self.set_layout(
            Field.radios("school", legend_size=Size.SMALL, small=True),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.select("consent"),
            self.textarea("question", max_characters=4000),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "case" and not data.get("consent"):
            self.add_error("consent", "Choose the child, by the consent record the consultation rests on")
        return data


class AnswerForm(GDSForm):
    submit_label = "Send the answer"

    answer = forms.CharField(
        label="Your answer", widget=forms.Textarea, max_length=8000, error_messages={"required": "Enter your answer"}
    )

    def __init__(self, *args: Any, label: str = "Your answer", submit: str | None = None, **kwargs: Any) -> None:
        if submit:
            self.submit_label = submit
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = label
        self.set_layout(self.textarea("answer", max_characters=8000))


class ClinicSlotForm(GDSForm):
    submit_label = "Book the clinic slot"

    session = forms.ChoiceField(
        label="Which clinic?", widget=forms.RadioSelect, error_messages={"required": "Select a clinic"}
    )
    note = forms.CharField(
        label="A note for the school (optional)", widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args: Any, sessions: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = {str(s.pk): s for s in sessions}
        self.fields["session"].choices = [(pk, f"{s.title}, {s.day:%-d %B %Y}") for pk, s in self.sessions.items()]
        self.set_layout(Field.radios("session", legend_size=Size.SMALL, small=True), self.textarea("note"))


class VisitForm(GDSForm):
    submit_label = "Arrange the visit"

    day = GOVUKDateField(label="Date of the visit", noun="date of the visit", help_text="For example, 10 12 2026")
    note = forms.CharField(
        label="A note for the school (optional)", widget=forms.Textarea, required=False, max_length=2000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field("day"), self.textarea("note"))


class AreaForm(GDSForm):
    submit_label = "Add the area"

    name = text("Area", "Enter the name of the area", max_length=200)
    description = forms.CharField(label="What reviewers look for (optional)", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.text("name", field_width=Fluid.TWO_THIRDS), self.textarea("description", rows=3))


class GradeForm(GDSForm):
    submit_label = "Add the grade"

    label = text("Grade", "Enter the grade, like Secure", max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.text("label", field_width=Fluid.ONE_THIRD))


class ReviewForm(GDSForm):
    submit_label = "Save the review"

    school = forms.ChoiceField(label="School", error_messages={"required": "Choose the school reviewed"})
    reviewed_on = GOVUKDateField(
        label="Date of the review", noun="date of the review", help_text="For example, 10 11 2026"
    )
    reviewers = text("Reviewers", "Enter who reviewed", max_length=300)
    evidence = forms.CharField(
        label="Evidence looked at", widget=forms.Textarea, error_messages={"required": "Enter the evidence looked at"}
    )
    strengths = forms.CharField(label="Strengths", widget=forms.Textarea, required=False)
    areas_for_development = forms.CharField(label="Areas for development", widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, schools: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schools = {str(s.pk): s for s in schools}
        self.fields["school"].choices = [("", "Choose a school")] + [(pk, str(s)) for pk, s in self.schools.items()]
        self.set_layout(
            Field.select("school"),
            Field("reviewed_on"),
            Field.text("reviewers", field_width=Fluid.TWO_THIRDS),
            self.textarea("evidence", rows=4),
            self.textarea("strengths", rows=4),
            self.textarea("areas_for_development", rows=4),
        )


class JudgementsForm(GDSForm):
    submit_label = "Save the judgements"

    def __init__(self, *args: Any, areas: list, grades: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a grade")] + [(str(g.pk), g.label) for g in grades]
        items = []
        for area in areas:
            name = f"area_{area.pk}"
            self.fields[name] = forms.ChoiceField(
                label=area.name, choices=choices, error_messages={"required": f"Choose a grade for {area.name}"}
            )
            items.append(Field.select(name))
        self.set_layout(*items)

    def grades(self) -> dict[int, int]:
        return {int(name.split("_")[1]): int(value) for name, value in self.cleaned_data.items()}


class ActionForm(GDSForm):
    submit_label = "Add the action"

    action = forms.CharField(label="Action", widget=forms.Textarea, error_messages={"required": "Enter the action"})
    owner = text("Owner", "Enter who owns the action", max_length=150)
    milestone_on = GOVUKDateField(label="Milestone date", noun="milestone date", help_text="For example, 27 3 2027")
    evaluation_point = forms.CharField(
        label="Evaluation point",
        widget=forms.Textarea,
        help_text="How you will know it has worked",
        error_messages={"required": "Enter the evaluation point"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            self.textarea("action", rows=3),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field("milestone_on"),
            self.textarea("evaluation_point", rows=3),
        )


class ProgressForm(GDSForm):
    submit_label = "Record progress"

    rating = forms.ChoiceField(
        label="How is it going?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the action is going"},
    )
    note = forms.CharField(
        label="Progress", widget=forms.Textarea, error_messages={"required": "Enter the progress made"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .models import ActionProgress

        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = ActionProgress.Rating.choices
        self.set_layout(Field.radios("rating", legend_size=Size.SMALL, small=True), self.textarea("note", rows=4))


class ChooseChildForm(GDSForm):
    """A case consultation about a child with no referral: first, which child."""

    submit_label = "Continue"

    pupil = forms.ChoiceField(label="Which child is it about?", error_messages={"required": "Select the child"})

    def __init__(self, *args: Any, pupils: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pupil"].choices = [("", "Choose a child")] + [
            (str(p.pk), f"{p.name}, {p.school.name}") for p in pupils
        ]
        self.set_layout(Field.select("pupil"))


class ChildConsultationForm(ConsentForm):
    """The referral's consent form (who, how with its written or verbal details, when, what it
    covers; the same rules), and the question."""

    submit_label = "Send to the trust SEND hub"

    question = forms.CharField(
        label="Your question",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter your question"},
    )

    def __init__(self, *args: Any, pupil: Any, **kwargs: Any) -> None:
        super().__init__(*args, pupil=pupil, **kwargs)
        self.fields["covers"].label = "Who did they agree the consultation can be shared with?"
        self.fields["covers"].help_text = "Select all that apply. A case consultation needs education"
        self.set_layout(*self.consent_layout(), self.textarea("question", max_characters=4000))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("covers") and "education" not in data["covers"]:
            self.add_error("covers", "Consent must cover sharing with the hub's education members")
        return data
