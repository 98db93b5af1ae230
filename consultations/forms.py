"""Forms of the consultations app. They validate; services decide and save."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import HTML, Div, Field, Size
from django import forms
from django.core.exceptions import ValidationError

from sendhub.forms import GDSForm, GOVUKDateField
from sendhub.uploads import PDF, check_upload

from .models import (
    ANSWER_MAX,
    BODY_MAX,
    CHOICE_MAX,
    CHOICES_MAX,
    OUTCOME_MAX,
    QUESTION_HINT_MAX,
    QUESTION_TEXT_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Consultation,
    Question,
)
from .references import normalise_reference
from .services import DOCUMENT_MAX_BYTES, ResponseStatus

MARKDOWN_HINT = (
    "You can format the text: start a line with ## for a heading or * for a bullet point, put **two stars** "
    "around bold text, and write a link as [link text](https://www.example.org). HTML is removed."
)


def _char(label: str, max_length: int, *, required_message: str, noun: str, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": f"{noun} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def _without_maxlength(form: forms.Form, *names: str) -> None:
    """The character count tells people the limit; a maxlength would cut pasted text without a word."""
    for name in names:
        if name in form.fields:
            form.fields[name].widget.attrs.pop("maxlength", None)


def _yes_no(label: str, message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": message},
    )


# --- Staff forms --------------------------------------------------------------------------


class ConsultationForm(GDSForm):
    submit_label = "Save and continue"

    hub = forms.ChoiceField(
        label="Which hub is the consultation about?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the hub the consultation is about"},
    )
    title = _char("Title", TITLE_MAX, required_message="Enter a title", noun="The title")
    summary = _char(
        "Summary",
        SUMMARY_MAX,
        required_message="Enter a summary",
        noun="The summary",
        widget=forms.Textarea,
        help_text="One or two sentences, shown in the list of consultations.",
    )
    body = _char(
        "What you are proposing",
        BODY_MAX,
        required_message="Enter what you are proposing",
        noun="The proposal",
        widget=forms.Textarea,
        help_text=MARKDOWN_HINT,
    )
    contact_name = _char("Contact name", 150, required_message="Enter the name of a contact", noun="The contact name")
    contact_email = forms.EmailField(
        label="Contact email address",
        max_length=254,
        error_messages={
            "required": "Enter the contact email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
            "max_length": "The email address must be 254 characters or fewer",
        },
        help_text="Shown on the public page. Reminders before the close are sent here too.",
    )
    contact_phone = _char(
        "Contact telephone number (optional)", 30, required_message="", noun="The telephone number", required=False
    )
    opening_date = GOVUKDateField(label="Opening date", help_text="For example, 3 3 2025")
    closing_date = GOVUKDateField(
        label="Closing date",
        help_text="Responses are accepted until 11:59pm (UK time) on this day. For example, 3 4 2025",
    )

    def __init__(self, *args: Any, hubs=None, consultation: Consultation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consultation is None:
            self.fields["hub"].choices = [(str(h.pk), h.name) for h in hubs]
        else:
            del self.fields["hub"]
            if consultation.has_opened():
                # The consultation has opened: its opening date is history.
                del self.fields["opening_date"]
        self.set_layout(
            *([Field.radios("hub", legend_size=Size.SMALL)] if "hub" in self.fields else []),
            Field.text("title"),
            Field.textarea("summary", rows=3, max_characters=SUMMARY_MAX),
            Field.textarea("body", rows=12, max_characters=BODY_MAX, threshold=75),
            Field.text("contact_name"),
            Field.text("contact_email", spellcheck="false", autocomplete="email"),
            Field.text("contact_phone", field_width=20, autocomplete="tel"),
            *([Field("opening_date")] if "opening_date" in self.fields else []),
            Field("closing_date"),
        )
        _without_maxlength(self, "summary", "body")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opening, closing = data.get("opening_date"), data.get("closing_date")
        if opening and closing and closing < opening:
            self.add_error("closing_date", "The closing date must be the same as or after the opening date")
        return data


class QuestionForm(GDSForm):
    submit_label = "Save question"

    kind = forms.ChoiceField(
        label="Type of question",
        choices=Question.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of question"},
    )
    text = _char("Question", QUESTION_TEXT_MAX, required_message="Enter the question", noun="The question")
    hint = _char(
        "Hint (optional)",
        QUESTION_HINT_MAX,
        required_message="",
        noun="The hint",
        required=False,
        widget=forms.Textarea,
        help_text="Help to answer the question, shown under it.",
    )
    choices = forms.CharField(
        label="Options (single choice only)",
        required=False,
        widget=forms.Textarea,
        help_text=f"One option on each line, from 2 to {CHOICES_MAX} options.",
    )
    required = _yes_no("Must people answer this question?", "Select yes if people must answer this question")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (Question.Kind.FREE_TEXT, "Free text: people write their answer"),
            (Question.Kind.SINGLE_CHOICE, "Single choice: people choose one of your options"),
            (Question.Kind.AGREE_SCALE, "Agree or disagree: from strongly agree to strongly disagree"),
            (Question.Kind.CAPACITY, "In what capacity are you responding (parent or carer, pupil, staff and so on)"),
        ]
        self.set_layout(
            Field.radios("kind", legend_size=Size.SMALL),
            Field.text("text"),
            Field.textarea("hint", rows=2),
            Field.textarea("choices", rows=5),
            Field.radios("required", legend_size=Size.SMALL, inline=True),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        options = [line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()]
        if data.get("kind") == Question.Kind.SINGLE_CHOICE:
            if len(options) < 2:
                self.add_error("choices", "Enter at least 2 options, one on each line")
            elif len(options) > CHOICES_MAX:
                self.add_error("choices", f"Enter up to {CHOICES_MAX} options")
            elif any(len(o) > CHOICE_MAX for o in options):
                self.add_error("choices", f"Each option must be {CHOICE_MAX} characters or fewer")
            elif len(set(options)) != len(options):
                self.add_error("choices", "Each option must be different")
        data["options"] = options
        return data


class DocumentForm(GDSForm):
    submit_label = "Upload document"

    title = _char(
        "Document title",
        200,
        required_message="Enter a title for the document",
        noun="The title",
        help_text="For example, Proposal for a mainstream SEND hub",
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A PDF, smaller than 10MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        check_upload(file, allowed_mimes={PDF}, max_bytes=DOCUMENT_MAX_BYTES, noun="PDF")
        return file

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,application/pdf"


class ConfirmForm(GDSForm):
    """A page whose only answer is its button."""

    def __init__(self, *args: Any, submit_label: str = "Continue", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class OutcomeForm(GDSForm):
    submit_label = "Publish outcome"

    outcome = _char(
        "You said, we did",
        OUTCOME_MAX,
        required_message="Enter what you did in response to what people said",
        noun="The outcome",
        widget=forms.Textarea,
        help_text="What people told you and what you decided because of it. " + MARKDOWN_HINT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.textarea("outcome", rows=14, max_characters=OUTCOME_MAX, threshold=75))
        _without_maxlength(self, "outcome")


class ResponseStatusForm(GDSForm):
    submit_label = "Save"

    status = forms.ChoiceField(
        label="Should this response be counted?",
        choices=[
            (ResponseStatus.COUNTED, "Yes, count it in the summary"),
            (ResponseStatus.DUPLICATE, "No, it duplicates another response"),
            (ResponseStatus.SPAM, "No, it is spam"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this response should be counted"},
    )
    duplicate_of = forms.CharField(
        label="Reference of the response it duplicates (if a duplicate)",
        required=False,
        max_length=20,
        help_text="For example, CN-7K3P-Q9XD",
        error_messages={"max_length": "Enter a reference like CN-7K3P-Q9XD"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.radios("status", legend_size=Size.SMALL),
            Field.text("duplicate_of", field_width=10, spellcheck="false"),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == ResponseStatus.DUPLICATE:
            if not data.get("duplicate_of"):
                self.add_error("duplicate_of", "Enter the reference of the response it duplicates")
            elif not normalise_reference(data["duplicate_of"]):
                self.add_error("duplicate_of", "Enter a reference like CN-7K3P-Q9XD")
        return data


class AnswerModerationForm(GDSForm):
    submit_label = "Save"

    visibility = forms.ChoiceField(
        label="Should this answer appear in the published summary?",
        choices=[("show", "Yes, show it"), ("hide", "No, hide it from the published summary")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the answer should appear in the published summary"},
    )
    reason = _char(
        "Why are you hiding it? (if hiding)",
        300,
        required_message="",
        noun="The reason",
        required=False,
        widget=forms.Textarea,
        help_text="For example, abusive language about a named member of staff.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(Field.radios("visibility", legend_size=Size.SMALL), Field.textarea("reason", rows=3))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("visibility") == "hide" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why you are hiding this answer")
        return data


class ResponseFilterForm(GDSForm):
    submit_label = "Apply filters"

    status = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All responses"),
            ("counted", "Counted in the summary"),
            ("hidden", "With hidden answers"),
            ("duplicate", "Duplicates"),
            ("spam", "Spam"),
        ],
    )
    capacity = forms.ChoiceField(label="Responding as", required=False)
    reference = forms.CharField(label="Reference", required=False, max_length=20)

    def __init__(self, *args: Any, capacities: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["capacity"].choices = [("", "Anyone")] + [(c, c) for c in capacities or []]
        if not capacities:
            del self.fields["capacity"]
        self.set_layout(
            Field.select("status"),
            *([Field.select("capacity")] if "capacity" in self.fields else []),
            Field.text("reference", field_width=10, spellcheck="false"),
        )

    def filters(self) -> dict[str, str]:
        """Valid filters only: a bad query string shows everything rather than an error page."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data.get("status") or "",
            "capacity": data.get("capacity") or "",
            "reference": normalise_reference(data.get("reference") or "") if data.get("reference") else "",
        }


# --- The public response form --------------------------------------------------------------


def _excerpt(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class ResponseForm(GDSForm):
    """Built from the consultation's questions; one field per question, `q_<id>`."""

    submit_label = "Send response"
    HONEYPOT = "website_url"

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        self.questions = questions
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for question in questions:
            name = f"q_{question.pk}"
            label = question.text if question.required else f"{question.text} (optional)"
            short = _excerpt(question.text)
            if question.is_free_text:
                self.fields[name] = forms.CharField(
                    # crispy-forms-gds 2.0.1 needs the attribute to exist for a character count without a hint.
                    label=label,
                    required=question.required,
                    max_length=ANSWER_MAX,
                    widget=forms.Textarea(attrs={"aria-describedby": ""}),
                    help_text=question.hint,
                    error_messages={
                        "required": f"Enter your answer to ‘{short}’",
                        "max_length": f"Your answer to ‘{short}’ must be {ANSWER_MAX:,} characters or fewer",
                    },
                )
                layout.append(
                    Field.textarea(name, label_size=Size.SMALL, rows=6, max_characters=ANSWER_MAX, threshold=75)
                )
            else:
                message = (
                    "Select the capacity in which you are responding"
                    if question.kind == Question.Kind.CAPACITY
                    else f"Select an answer to ‘{short}’"
                )
                self.fields[name] = forms.ChoiceField(
                    label=label,
                    required=question.required,
                    widget=forms.RadioSelect,
                    help_text=question.hint,
                    choices=[(option, option) for option in question.options],
                    error_messages={"required": message, "invalid_choice": message},
                )
                layout.append(Field.radios(name, legend_size=Size.SMALL))
        self.fields["receipt_email"] = forms.EmailField(
            label="Email address (optional)",
            required=False,
            max_length=254,
            help_text="If you would like a receipt with your reference number. We will not use it for anything else.",
            error_messages={
                "invalid": "Enter an email address in the correct format, like name@example.org",
                "max_length": "The email address must be 254 characters or fewer",
            },
        )
        self.fields[self.HONEYPOT] = forms.CharField(
            label="Leave this empty",
            required=False,
            max_length=200,
            help_text="This is here to stop automated spam. If you are a person, do not type anything here.",
        )
        layout += [
            HTML('<h2 class="govuk-heading-m">Get a receipt</h2>'),
            Field.text("receipt_email", spellcheck="false", autocomplete="email"),
            Div(Field.text(self.HONEYPOT, tabindex="-1", autocomplete="off"), css_class="app-honeypot"),
        ]
        self.set_layout(*layout)
        _without_maxlength(self, *(f"q_{q.pk}" for q in questions if q.is_free_text))

    @property
    def honeypot_filled(self) -> bool:
        return bool((self.data.get(self.HONEYPOT) or "").strip())

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"q_{q.pk}") or "" for q in self.questions}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data.pop(self.HONEYPOT, None)  # read through honeypot_filled, never an error a person sees
        return data

    def _clean_fields(self) -> None:
        super()._clean_fields()
        self.errors.pop(self.HONEYPOT, None)


def apply_service_error(form: forms.Form, error) -> None:
    """Show a service's ConsultationError in the form's GOV.UK error summary."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, ValidationError(error.message))
