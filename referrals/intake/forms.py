"""Forms of the referral journey and the coordinator's decisions. They validate; services save."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import django_filters
from crispy_forms_gds.layout import Field, Fluid, Size
from django import forms
from django.urls import reverse
from django.utils import timezone

from hubs.models import Hub
from pupils.models import Contact, Pupil
from pupils.records.selectors import pupil_candidates, pupil_label
from referrals.intake.consent import YOUNG_PERSON_AGE, age_on, consent_date_problem
from referrals.models import Consent, Referral
from sendhub.dates import LONDON
from sendhub.forms import FollowUpQuestion, FollowUpRadios, GDSForm, GOVUKDateField, TimeOfDayField
from sendhub.models import School
from sendhub.tables import DateFilter, SortableFilterSet, SortFilter, filter_form_helper


def long_text(label: str, required_message: str | None = None, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        max_length=5000,
        required=required_message is not None,
        help_text=help_text,
        error_messages={"required": required_message or ""},
    )


class StartForm(GDSForm):
    """Which child: a select of the school's pupils, or past PUPIL_SELECT_LIMIT a text box.

    The server never renders a whole large roll as options (issue 19): with many pupils the
    person types a name or UPN, which is resolved here among the pupils they may refer
    (JavaScript adds suggestions from the scoped endpoint `pupils:find`; both work alone).
    """

    submit_label = "Start the referral"
    PUPIL_SELECT_LIMIT = 100
    LABEL = "Which child are you referring?"

    pupil = forms.ModelChoiceField(
        label=LABEL,
        queryset=None,
        empty_label="Choose a pupil",
        error_messages={
            "required": "Choose the child you are referring",
            "invalid_choice": "Choose a pupil on your school's roll",
        },
    )

    def __init__(self, *args: Any, pupils, pupil_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupils = pupils
        if pupil_count is None:
            pupil_count = pupils.count()
        self.typed = pupil_count > self.PUPIL_SELECT_LIMIT
        if self.typed:
            self.fields["pupil"] = forms.CharField(
                label=self.LABEL,
                help_text="Type their name or UPN, for example Maya Thornton or A123456789012",
                max_length=200,
                error_messages={"required": "Enter the name or UPN of the child you are referring"},
            )
            self.fields["pupil"].widget.attrs.update(
                {
                    "data-module": "app-autocomplete",
                    "data-source": reverse("pupils:find") + "?for=referral",
                    "spellcheck": "false",
                    "autocomplete": "off",
                }
            )
            chosen = self.initial.get("pupil")
            if chosen and str(chosen).isdigit():
                pupil = pupils.filter(pk=chosen).first()
                self.initial["pupil"] = pupil_label(pupil) if pupil else ""
            self.set_layout(Field.text("pupil", field_width=Fluid.TWO_THIRDS))
        else:
            self.fields["pupil"].queryset = pupils
            self.fields["pupil"].label_from_instance = pupil_label
            self.fields["pupil"].widget.attrs["data-module"] = "app-autocomplete"
            self.set_layout(Field.select("pupil"))

    def clean_pupil(self) -> Pupil:
        value = self.cleaned_data["pupil"]
        if not self.typed:
            return value
        candidates = pupil_candidates(self.pupils, value)
        if not candidates:
            raise forms.ValidationError(
                f"No pupil on your school's roll matches “{value}”: check the spelling, or enter their UPN"
            )
        if len(candidates) > 1:
            raise forms.ValidationError(f"More than one pupil matches “{value}”: enter their full name or their UPN")
        return candidates[0]


class ConcernForm(GDSForm):
    concern = long_text(
        "What is the concern?",
        "Describe the concern",
        "What is happening, and why the school is struggling to support the child through the graduated approach",
    )
    needs = long_text("What are the child's needs?", "Describe the child's needs")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            self.textarea("concern", rows=6, max_characters=5000), self.textarea("needs", rows=5, max_characters=5000)
        )


class SupportForm(GDSForm):
    support_tried = long_text(
        "What has the graduated approach already tried?",
        "Describe what has been tried",
        "We have filled this in from the child's SEN support cycles. Change it as you need to",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(self.textarea("support_tried", rows=12, max_characters=5000))


class OutcomesForm(GDSForm):
    outcomes_hoped = long_text("What outcomes do you hope for?", "Describe the outcomes you hope for")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(self.textarea("outcomes_hoped", rows=6, max_characters=5000))


class ViewsForm(GDSForm):
    parent_views = long_text("What are the views of the parent or carer?", "Enter the views of the parent or carer")
    child_views = long_text(
        "What are the child's views?", "Enter the child's views", "In the child's own words where you can"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            self.textarea("parent_views", rows=5, max_characters=5000),
            self.textarea("child_views", rows=5, max_characters=5000),
        )


class HubForm(GDSForm):
    hub = forms.ModelChoiceField(
        label="Which district hub is the referral for?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the district hub", "invalid_choice": "Choose one of the district hubs"},
    )

    def __init__(self, *args: Any, hubs, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.no_hubs = not hubs.exists()
        if self.no_hubs:
            self.fields["hub"].error_messages["required"] = (
                "There is no district hub to choose yet: ask your local authority which hub to refer to"
            )
        self.set_layout(Field.radios("hub", legend_size=Size.MEDIUM))


class WrittenConsentForm(GDSForm):
    """The details of written consent, asked beneath the answer "Written" (ConsentForm)."""

    document = forms.FileField(
        label="Upload the signed consent form",
        help_text="A PDF, JPG or PNG, up to 10MB",
        error_messages={"required": "Select the signed consent form", "empty": "The selected file is empty"},
    )


class VerbalConsentForm(GDSForm):
    """The details of verbal consent, asked beneath the answer "Verbal" (ConsentForm)."""

    taken_by = forms.CharField(
        label="Who took the consent?", max_length=150, error_messages={"required": "Enter who took the consent"}
    )
    taken_on = GOVUKDateField(label="Date it was taken", noun="date it was taken", help_text="For example, 3 11 2026")
    taken_time = TimeOfDayField(label="Time it was taken", noun="time it was taken")
    explained = long_text(
        "What was explained to them?",
        "Enter what was explained",
        "What the hub is, who would see the referral, and that they can withdraw consent at any time",
    )


class ConsentForm(GDSForm):
    """Who gave consent, how (written: the signed form; verbal: who took it, when, what was
    explained, asked beneath the answer as a GOV.UK conditional reveal), when, and what it covers."""

    YOUNG_PERSON_CHOICE = "young_person"
    WRITTEN_FIELDS = ("document",)
    VERBAL_FIELDS = ("taken_by", "taken_on", "taken_time", "explained")

    given_by = forms.ChoiceField(
        label="Who gave consent?",
        widget=forms.RadioSelect,
        help_text="Someone with parental responsibility, or the young person if they are 16 or over",
        error_messages={"required": "Select who gave consent", "invalid_choice": "Select who gave consent"},
    )
    method = forms.ChoiceField(
        label="How was consent given?",
        choices=Consent.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether consent was written or verbal"},
    )
    document = WrittenConsentForm.base_fields["document"]
    taken_by = VerbalConsentForm.base_fields["taken_by"]
    taken_on = VerbalConsentForm.base_fields["taken_on"]
    taken_time = VerbalConsentForm.base_fields["taken_time"]
    explained = VerbalConsentForm.base_fields["explained"]
    given_on = GOVUKDateField(
        label="Date consent was given", noun="date consent was given", help_text="For example, 3 11 2026"
    )
    covers = forms.MultipleChoiceField(
        label="Who did they agree the referral can be shared with?",
        choices=[
            ("education", "The hub's education members"),
            ("health", "The hub's health members"),
            ("social_care", "The hub's social care members"),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select who the referral can be shared with"},
    )

    def __init__(self, *args: Any, pupil: Pupil, has_document: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pupil = pupil
        self.has_document = has_document
        contacts = list(Contact.objects.filter(pupil=pupil, has_parental_responsibility=True))
        choices = [(str(c.pk), f"{c.name} ({c.get_relationship_display().lower()})") for c in contacts]
        today = timezone.localdate()
        if age_on(pupil.date_of_birth, today) >= YOUNG_PERSON_AGE:
            choices.append((self.YOUNG_PERSON_CHOICE, f"{pupil.name}, the young person"))
        self.fields["given_by"].choices = choices
        self.contacts = {str(c.pk): c for c in contacts}
        self.fields["given_on"].max_year = today.year
        # Asked only for the chosen method; clean() requires them then.
        for name in (*self.WRITTEN_FIELDS, *self.VERBAL_FIELDS):
            self.fields[name].required = False
        if has_document:
            self.fields[
                "document"
            ].help_text = "A form is already uploaded. Choose a file only to replace it. A PDF, JPG or PNG, up to 10MB"
        self.set_layout(*self.consent_layout())

    def consent_layout(self) -> list[Any]:
        return [
            Field.radios("given_by", legend_size=Size.SMALL),
            FollowUpRadios(
                "method",
                FollowUpQuestion(Consent.Method.WRITTEN.label, Field("document")),
                FollowUpQuestion(
                    Consent.Method.VERBAL.label,
                    Field.text("taken_by", field_width=Fluid.TWO_THIRDS),
                    Field("taken_on"),
                    Field.text("taken_time", field_width=5),
                    self.textarea("explained", rows=4, max_characters=5000),
                ),
            ),
            Field("given_on"),
            Field.checkboxes("covers", legend_size=Size.SMALL),
        ]

    def clean_given_on(self):
        given_on = self.cleaned_data["given_on"]
        if given_on:
            problem = consent_date_problem(born=self.pupil.date_of_birth, given_on=given_on, young_person=False)
            if problem:
                raise forms.ValidationError(problem)
        return given_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given_on = data.get("given_on")
        if (
            data.get("given_by") == self.YOUNG_PERSON_CHOICE
            and given_on
            and age_on(self.pupil.date_of_birth, given_on) < YOUNG_PERSON_AGE
        ):
            self.add_error(
                "given_by", f"{self.pupil.name} was not yet 16 when consent was given: select a parent or carer"
            )
        method = data.get("method")
        FollowUpRadios.ignore_unchosen(
            self,
            data,
            {Consent.Method.WRITTEN: self.WRITTEN_FIELDS, Consent.Method.VERBAL: self.VERBAL_FIELDS},
            method,
        )
        if method == Consent.Method.WRITTEN and not data.get("document") and not self.has_document:
            if "document" not in self.errors:
                self.add_error("document", "Select the signed consent form")
        if method == Consent.Method.VERBAL:
            for name in self.VERBAL_FIELDS:
                if name not in self.errors and data.get(name) in (None, ""):
                    self.add_error(name, self.fields[name].error_messages.get("required") or "Enter the details")
            if data.get("taken_on") and isinstance(data.get("taken_time"), time):
                taken_at = datetime.combine(data["taken_on"], data["taken_time"], tzinfo=LONDON)
                if taken_at > timezone.now():
                    self.add_error("taken_on", "The consent must have been taken already: check the date and time")
                data["taken_at"] = taken_at
        return data

    def consent_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "given_by_contact": self.contacts.get(data["given_by"]),
            "given_by_young_person": data["given_by"] == self.YOUNG_PERSON_CHOICE,
            "method": data["method"],
            "given_on": data["given_on"],
            "covers_education": "education" in data["covers"],
            "covers_health": "health" in data["covers"],
            "covers_social_care": "social_care" in data["covers"],
        }

    def consent_details(self) -> dict[str, Any]:
        """The chosen method's details, as `consent_record` takes them."""
        data = self.cleaned_data
        if data["method"] == Consent.Method.WRITTEN:
            return {"document": data.get("document")}
        return {"taken_by": data["taken_by"], "taken_at": data["taken_at"], "explained": data["explained"]}


class MessageForm(GDSForm):
    message = forms.CharField(
        label="What does the school need to add?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter what information the school needs to add"},
    )

    def __init__(
        self, *args: Any, label: str | None = None, required_message: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["message"].label = label
        if required_message:
            self.fields["message"].error_messages["required"] = required_message
        self.set_layout(self.textarea("message", rows=5, max_characters=2000))


class PassForm(GDSForm):
    submit_label = "Pass the referral"

    hub = forms.ModelChoiceField(
        label="Which district hub should have it?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the district hub", "invalid_choice": "Choose one of the district hubs"},
    )
    note = forms.CharField(label="Note for the other coordinator (optional)", required=False, max_length=500)

    def __init__(self, *args: Any, hubs, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs
        self.set_layout(Field.radios("hub", legend_size=Size.SMALL), Field.text("note", field_width=Fluid.TWO_THIRDS))


class WithdrawForm(GDSForm):
    submit_label = "Withdraw consent"
    submit_css_class = "govuk-button--warning"

    note = forms.CharField(
        label="Anything the school and the hub should know? (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(self.textarea("note", rows=3, max_characters=1000))


def district_hubs(pupil: Pupil):
    """District hubs of the pupil's school's authority: where a school refers."""
    return (
        Hub.objects.filter(
            kind=Hub.Kind.DISTRICT, is_active=True, district__local_authority=pupil.school.local_authority_id
        )
        .select_related("district")
        .order_by("name")
    )


# --- Filters and sorting on the referral lists (sendhub/tables.py) ------------------------------


class ReferralFilter(SortableFilterSet):
    """The referral list's filters and sort. `scope` is what the person may see (the choices come
    from it, so no list offers a school or hub they cannot see); the page is scoped by visible_page."""

    status = django_filters.ChoiceFilter(label="Status", choices=Referral.Status.choices, empty_label="Any status")
    school = django_filters.ModelChoiceFilter(label="School", queryset=None, empty_label="Any school")
    hub = django_filters.ModelChoiceFilter(label="Hub", queryset=None, empty_label="Any hub")
    submitted_from = DateFilter(label="Submitted on or after", field_name="submitted_at", lookup_expr="date__gte")
    submitted_to = DateFilter(label="Submitted on or before", field_name="submitted_at", lookup_expr="date__lte")
    sort = SortFilter(
        columns={
            "child": ("pupil__legal_last_name", "pupil__legal_first_name"),
            "hub": ("hub__name",),
            "started": ("created_at",),
            "submitted": ("submitted_at",),
            "status": ("status",),
        },
        default="-started",
    )
    fields_shown = ("status", "school", "hub")

    class Meta:
        model = Referral
        fields: list[str] = []

    def __init__(self, *args: Any, scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The choices show a name: only that is read.
        schools, hubs = scope.values("school"), scope.values("hub")
        self.filters["school"].queryset = School.objects.filter(pk__in=schools).order_by("name", "pk").only("name")
        self.filters["hub"].queryset = Hub.objects.filter(pk__in=hubs).order_by("name", "pk").only("name")
        filter_form_helper(
            self,
            *(Field.select(name) for name in self.fields_shown),
            Field("submitted_from"),
            Field("submitted_to"),
        )


class InboxFilter(ReferralFilter):
    """The coordinator's inbox: every referral in it is waiting, so no status; oldest first."""

    status = None
    sort = SortFilter(
        columns={
            "child": ("pupil__legal_last_name", "pupil__legal_first_name"),
            "school": ("school__name",),
            "hub": ("hub__name",),
            "submitted": ("submitted_at",),
        },
        default="submitted",
    )
    fields_shown = ("school", "hub")
