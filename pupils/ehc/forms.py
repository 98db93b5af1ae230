"""Forms for the EHC steps: one short form per step, GOV.UK date inputs, messages that say what to do.

Forms validate what a person typed; the rules of the process (order of events, named
settings, who may add what) are the services' (pupils/services/ehc.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from crispy_forms_gds.layout import Field, Fixed, Fluid, Size
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.text import format_lazy

from hubs.models import Hub
from hubs.selectors import URN_IN_TEXT, school_candidates, schools_typed_in_filter
from pupils.ehc.selectors import OPEN_ASSESSMENT, STAGES, caseload_case_officers, overdue_q
from pupils.models import AnnualReview, EHCAdvice, EHCAssessment, EHCException
from sendhub import access
from sendhub.forms import FollowUpQuestion, FollowUpRadios, GDSForm, GOVUKDateField
from sendhub.models import School
from sendhub.tables import DateFilter, SortableFilterSet, SortFilter, filter_form_helper, typed_school_filter

YES, NO = "yes", "no"
YES_NO = [(YES, "Yes"), (NO, "No")]
ADVICE_MAX_LENGTH = 10_000


def _radios(choices: list[tuple[str, str]], *, label: str, required_message: str, **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=choices,
        label=label,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _date(label: str, *, required: bool = True, help_text: str = "For example, 27 3 2026", noun: str | None = None):
    return GOVUKDateField(label=label, noun=noun, required=required, help_text=help_text)


class SchoolURNField(forms.CharField):
    """A school given by its name or URN, among every school in England on the register.

    A text box, never a list of thousands (issue 19); JavaScript adds suggestions from the
    scoped endpoint `hubs:school_find` ("Name (URN 990101)"), which this resolves exactly.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "Type its name or its 6-digit URN, for example Lowford Primary or 990101")
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "spellcheck": "false",
                "autocomplete": "off",
                "data-module": "app-autocomplete",
                "data-source": format_lazy("{}?scope=register", reverse_lazy("hubs:school_find")),
            }
        )

    def clean(self, value: Any) -> School | None:
        text = " ".join(super().clean(value).split())[:200]
        if not text:
            return None
        compact = text.replace(" ", "")
        if compact.isdigit():
            if len(compact) != 6:
                raise ValidationError("Enter the URN as 6 digits, like 990101", code="invalid")
            text = compact
        register = School.objects.all()
        candidates = school_candidates(register, text)
        if not candidates:
            if urn := URN_IN_TEXT.search(text):
                message = f"No school has the URN {urn.group(1)}: check it on Get Information About Schools"
            else:
                message = f"No school is called “{text}”: check the name, or enter its 6-digit URN"
            raise ValidationError(message, code="not_found")
        if len(candidates) > 1:
            raise ValidationError(
                f"More than one school matches “{text}”: choose one from the suggestions or enter its URN",
                code="ambiguous",
            )
        return candidates[0]


def _mainstream_hubs():
    return Hub.objects.filter(kind=Hub.Kind.MAINSTREAM, is_active=True).select_related("host_school").order_by("name")


class HubChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": "Select a mainstream SEND hub from the list"})
        super().__init__(queryset=_mainstream_hubs(), empty_label="Select a hub", **kwargs)
        self.widget.attrs["data-module"] = "app-autocomplete"  # filtered as you type, with JavaScript

    def label_from_instance(self, hub: Hub) -> str:
        return f"{hub.name} ({hub.host_school.name})"


# --- Needs assessment ----------------------------------------------------------------------------


class RequestForm(GDSForm):
    submit_label = "Save the request"

    request_received_on = _date("Date the request was received")
    requested_by = _radios(
        EHCAssessment.Requester.choices,
        label="Who asked for the assessment?",
        required_message="Select who asked for the assessment",
    )
    requester_name = forms.CharField(
        label="Name of the person or organisation who asked (optional)",
        required=False,
        max_length=150,
        error_messages={"max_length": "The name must be 150 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("request_received_on"),
            Field.radios("requested_by", legend_size=Size.SMALL),
            Field.text("requester_name", field_width=Fixed.TWENTY),
        )


class DecideForm(GDSForm):
    submit_label = "Save the decision"

    decision = _radios(
        [
            (EHCAssessment.Decision.ASSESS, "Yes, the local authority will assess"),
            (EHCAssessment.Decision.NOT_ASSESS, "No, the local authority decided not to assess"),
        ],
        label="Will the local authority carry out an EHC needs assessment?",
        required_message="Select whether the local authority will assess",
    )
    decision_on = _date("Date of the decision", noun="date of the decision")


class NotToIssueForm(GDSForm):
    submit_label = "Save"
    not_to_issue_on = _date("Date the parent was told no plan will be issued")


class DraftForm(GDSForm):
    submit_label = "Save"
    draft_served_on = _date("Date the draft plan was served")


class CommentsForm(GDSForm):
    submit_label = "Save"
    comments_received_on = _date("Date the parent's comments were received")


class ConsultForm(GDSForm):
    submit_label = "Save the consultation"

    school_consulted = SchoolURNField(
        label="Name or URN of the school consulted",
        error_messages={"required": "Enter the name or URN of the school consulted"},
    )
    school_consulted_on = _date("Date the school was consulted")
    school_responded_on = _date(
        "Date the school replied (optional)",
        required=False,
        noun="date the school replied",
        help_text="Leave blank if the school has not replied yet",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("school_consulted", field_width=Fluid.TWO_THIRDS),
            Field("school_consulted_on"),
            Field("school_responded_on"),
        )


class NamedSettingMixin:
    """The school or mainstream SEND hub a plan names: radios, each with its follow-up question."""

    school_field = "named_school"
    hub_field = "named_hub"
    choice_field = "setting"
    school_missing = "Enter the name or URN of the school the plan names"
    hub_missing = "Select the mainstream SEND hub the plan names"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        choice = data.get(self.choice_field)
        follow_ups = {"school": (self.school_field,), "hub": (self.hub_field,)}
        FollowUpRadios.ignore_unchosen(self, data, follow_ups, choice)
        if choice == "school" and not data.get(self.school_field) and self.school_field not in self.errors:
            self.add_error(self.school_field, self.school_missing)
        if choice == "hub" and not data.get(self.hub_field) and self.hub_field not in self.errors:
            self.add_error(self.hub_field, self.hub_missing)
        return data


class FinalPlanForm(NamedSettingMixin, GDSForm):
    submit_label = "Issue the final plan"

    final_issued_on = _date("Date the final plan was issued")
    setting = _radios(
        [("school", "A school"), ("hub", "A mainstream SEND hub")],
        label="What does the plan name in section I?",
        required_message="Select whether the plan names a school or a mainstream SEND hub",
    )
    named_school = SchoolURNField(label="School name or URN", required=False)
    named_hub = HubChoiceField(label="Mainstream SEND hub", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("final_issued_on"),
            FollowUpRadios(
                "setting",
                FollowUpQuestion("A school", Field.text("named_school", field_width=Fluid.TWO_THIRDS)),
                FollowUpQuestion("A mainstream SEND hub", Field.select("named_hub")),
            ),
        )


class ExceptionForm(GDSForm):
    submit_label = "Save the exception"

    kind = _radios(
        EHCException.Kind.choices,
        label="Which exception applies?",
        required_message="Select which exception applies",
    )
    starts_on = _date(
        "Start date",
        noun="start date",
        help_text="For a closure, one week before it began. For an absence, the first day away. For example, 27 3 2026",
    )
    ends_on = _date(
        "End date (optional)",
        required=False,
        noun="end date",
        help_text="For a closure, one week before it reopened. For an absence, the last day away. Leave blank if it "
        "has not ended",
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="What happened and how you know, so that someone else can check it",
        error_messages={
            "required": "Enter the reason for the exception",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )


class AdviceForm(GDSForm):
    submit_label = "Save the advice"

    source = _radios(
        EHCAdvice.Source.choices, label="Who gave the advice?", required_message="Select who gave the advice"
    )
    given_on = _date("Date the advice was given")
    advice = forms.CharField(
        label="Advice",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ADVICE_MAX_LENGTH,
        error_messages={
            "required": "Enter the advice",
            "max_length": f"The advice must be {ADVICE_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, choose_source: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not choose_source:  # a SENCo gives the school's advice: there is nothing to choose
            del self.fields["source"]
            self.set_layout(Field("given_on"), Field.textarea("advice"))


# --- Plans and annual reviews ------------------------------------------------------------------


class PlanTransferForm(GDSForm):
    submit_label = "Save"

    transfer_year = forms.IntegerField(
        label="Year of the next phase transfer (optional)",
        required=False,
        help_text="The calendar year the pupil moves, for example 2027 for a move in September 2027. Leave blank if "
        "no transfer is planned",
        error_messages={"invalid": "Enter the year as 4 digits, like 2027"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
    )
    transfer_to_post16 = _radios(
        YES_NO,
        label="Is it a move from secondary school to post-16?",
        required=False,
        required_message="Select whether the move is from secondary school to post-16",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("transfer_year", field_width=Fixed.FOUR),
            Field.radios("transfer_to_post16", legend_size=Size.SMALL, inline=True),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("transfer_year") is not None and not data.get("transfer_to_post16"):
            self.add_error("transfer_to_post16", "Select whether the move is from secondary school to post-16")
        data["transfer_to_post16"] = data.get("transfer_to_post16") == YES
        return data


class ReviewMeetingForm(GDSForm):
    submit_label = "Save the review"

    meeting_on = _date(
        "Date of the review meeting",
        noun="date of the review meeting",
        help_text="It can be in the future if the meeting is arranged. For example, 27 3 2026",
    )
    notice_given_on = _date(
        "Date people were invited to the meeting (optional)",
        required=False,
        noun="date people were invited to the meeting",
    )
    advice_circulated_on = _date(
        "Date advice was sent out (optional)",
        required=False,
        noun="date advice was sent out",
    )
    is_phase_transfer = _radios(
        YES_NO,
        label="Is this review for a phase transfer?",
        required_message="Select whether this review is for a phase transfer",
        help_text="For example, a move from primary to secondary school in the next year",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("meeting_on"),
            Field("notice_given_on"),
            Field("advice_circulated_on"),
            Field.radios("is_phase_transfer", legend_size=Size.SMALL, inline=True),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "is_phase_transfer" in data:
            data["is_phase_transfer"] = data["is_phase_transfer"] == YES
        return data


class ReviewReportForm(GDSForm):
    submit_label = "Save"
    report_sent_on = _date("Date the review report was sent")


class ReviewDecisionForm(GDSForm):
    submit_label = "Save the decision"

    decision = _radios(
        AnnualReview.Decision.choices,
        label="What did the local authority decide?",
        required_message="Select the decision: maintain, amend or cease the plan",
    )
    decision_on = _date("Date the decision was sent", noun="date the decision was sent")


class ReviewNoticeForm(GDSForm):
    submit_label = "Save"
    amendment_notice_on = _date(
        "Date of the amendment notice",
        help_text="The notice of the proposed amendments. For example, 27 3 2026",
    )
    representations_received_on = _date(
        "Date the parent's representations were received (if they have been)",
        required=False,
        noun="date the parent's representations were received",
        help_text="The parent has 15 days beginning with the day of the notice. Until their representations are "
        "in, the amended plan cannot be issued before those 15 days have passed. For example, 3 4 2026",
    )


class ReviewAmendedPlanForm(NamedSettingMixin, GDSForm):
    submit_label = "Save the amended plan"
    school_field = "new_named_school"
    hub_field = "new_named_hub"
    school_missing = "Enter the name or URN of the school the amended plan names"
    hub_missing = "Select the mainstream SEND hub the amended plan names"

    amended_plan_issued_on = _date("Date the amended plan was issued")
    setting = _radios(
        [("same", "No, it names the same setting"), ("school", "Yes, a school"), ("hub", "Yes, a mainstream SEND hub")],
        label="Does the amended plan name a different school or hub?",
        required_message="Select whether the amended plan names a different school or hub",
    )
    new_named_school = SchoolURNField(label="School name or URN", required=False)
    new_named_hub = HubChoiceField(label="Mainstream SEND hub", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field("amended_plan_issued_on"),
            FollowUpRadios(
                "setting",
                FollowUpQuestion("No, it names the same setting"),
                FollowUpQuestion("Yes, a school", Field.text("new_named_school", field_width=Fluid.TWO_THIRDS)),
                FollowUpQuestion("Yes, a mainstream SEND hub", Field.select("new_named_hub")),
            ),
        )


class CaseOfficerForm(GDSForm):
    submit_label = "Save"

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_officer"] = forms.ModelChoiceField(
            label="Case officer",
            queryset=officers,
            required=False,
            empty_label="No one named: every officer at the authority gets the reminders",
            help_text="The officer who owns this case. Reminders of its deadlines go to them alone.",
        )
        self.fields["case_officer"].label_from_instance = lambda user: user.full_name or user.email
        self.set_layout("case_officer")


# --- The caseload's filters and sort (sendhub/tables.py) --------------------------------------


class _ReadInOneQuery(django_filters.fields.ModelChoiceIterator):
    """The choices of a short list (a few dozen officers) read by one ordinary query.

    Django's iterator reads them through `QuerySet.iterator()`, which on PostgreSQL declares a
    server-side cursor (a DECLARE and its fetches) for what fits in one result.
    """

    def __iter__(self):
        queryset = self.queryset
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in queryset:
            yield self.choice(obj)


class _OfficerField(django_filters.fields.ModelChoiceField):
    iterator = _ReadInOneQuery


class _OfficerFilter(django_filters.ModelChoiceFilter):
    field_class = _OfficerField


class CaseloadFilter(SortableFilterSet):
    """Filters and sorting on the open assessments. The queryset is `selectors.caseload`, scoped
    by `visible_page` (the page) or `visible_to` (the CSV); the choices come from the same scope."""

    stage = django_filters.ChoiceFilter(label="Stage", choices=STAGES, empty_label="Any stage")
    overdue = django_filters.BooleanFilter(
        label="Only assessments with a statutory deadline overdue", method="filter_overdue", widget=forms.CheckboxInput
    )
    case_officer = _OfficerFilter(
        label="Case officer", queryset=None, empty_label="Any case officer", null_label="No case officer named"
    )
    school = django_filters.ModelChoiceFilter(
        label="School", field_name="pupil__school", queryset=None, empty_label="Any school"
    )
    received_from = DateFilter(
        label="Request received on or after", field_name="request_received_on", lookup_expr="gte"
    )
    received_to = DateFilter(label="Request received on or before", field_name="request_received_on", lookup_expr="lte")
    sort = SortFilter(
        columns={
            "pupil": ("pupil__legal_last_name", "pupil__legal_first_name"),
            "received": ("request_received_on",),
            "stage": ("stage_order", "request_received_on"),
            "officer": ("case_officer__full_name", "request_received_on"),
        },
        default="received",
    )

    class Meta:
        model = EHCAssessment
        fields: list[str] = []

    # Up to this many schools (those whose EHC work the person sees) the school filter is a select
    # of the schools with an open assessment; beyond it (a county's officer, an administrator) a text
    # box for the school's name or URN, as on the pupil list, so the page never renders hundreds of
    # options nor works out which schools have open cases (issue 19).
    SCHOOL_SELECT_LIMIT = 50

    def __init__(self, *args: Any, user: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        # The options need an officer's id and name (User.__str__: the name, else the email).
        self.filters["case_officer"].queryset = caseload_case_officers(user).only("id", "full_name", "email")
        self.schools = access.schools_where(user, "ehc", access.VIEW)
        self.school_typed = self.schools.count() > self.SCHOOL_SELECT_LIMIT
        if self.school_typed:
            typed_school_filter(self, EHCAssessment)
        else:
            # The schools of the open assessments in scope (built only for the select, not the text box).
            scope = EHCAssessment.objects.visible_to(user).filter(OPEN_ASSESSMENT)
            self.filters["school"].queryset = School.objects.filter(pk__in=scope.values("pupil__school")).order_by(
                "name", "pk"
            )
        filter_form_helper(
            self,
            Field.select("stage"),
            Field.select("case_officer"),
            Field.text("school") if self.school_typed else Field.select("school"),
            Field("received_from"),
            Field("received_to"),
            Field.checkbox("overdue", small=True),
        )

    def filter_school(self, queryset, name, value):
        """A school among the person's own, by its 6-digit URN or a part of its name (as the pupil list)."""
        schools = schools_typed_in_filter(self.schools, value, max_length=200)
        return queryset if schools is None else queryset.filter(pupil__school__in=schools)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(self.today)) if value else queryset
