"""Form building blocks: every form in the portal starts from these.

`GDSFormMixin` sets up crispy-forms-gds with one primary button ("Continue" unless the
form says otherwise). `GOVUKDateField` is the Design System date input with messages
that say exactly what is wrong.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError


def submit_button(label: str, name: str = "submit", **attrs: Any) -> Button:
    """The Design System's button; a second click while the page loads is ignored."""
    return Button(name, label, type="submit", data_prevent_double_click="true", **attrs)


class GDSFormMixin:
    submit_label: str = "Continue"
    # e.g. "govuk-button--warning" for a destructive action
    submit_css_class: str = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        # GOV.UK forms validate on the server; the browser's own bubbles are not accessible.
        self.helper.attrs = {"novalidate": ""}
        if self.submit_label:
            self.helper.layout.append(self._button())
        if not self.is_bound:
            from .session_timeout import restore_typed

            restore_typed(self)

    def textarea(self, name: str, *, rows: int = 5, max_characters: int | None = None) -> Any:
        """A textarea, with the Design System's character count when there is a limit."""
        from crispy_forms_gds.layout import Field

        if max_characters:
            # crispy-forms-gds 2.0.1 assumes a counted textarea has hint text (KeyError otherwise).
            self.fields[name].widget.attrs.setdefault("aria-describedby", "")
            return Field.textarea(name, rows=rows, max_characters=max_characters)
        return Field.textarea(name, rows=rows)

    def set_layout(self, *items: Any) -> None:
        """A custom layout, still ending with the form's button."""
        from crispy_forms_gds.layout import Layout

        self.helper.layout = Layout(*items, *([self._button()] if self.submit_label else []))

    def _button(self) -> Button:
        extra = {"css_class": self.submit_css_class} if self.submit_css_class else {}
        return submit_button(self.submit_label, **extra)


class FollowUpQuestion(ConditionalQuestion):
    """A radio choice with its follow-up question (GOV.UK conditional reveal), by the choice's label.

    Without JavaScript every follow-up is shown; `static/js/conditional-reveal.mjs` hides those
    of the choices not selected. It does not mark the radio buttons `aria-expanded` as GOV.UK
    Frontend's script does: radio buttons do not support it (axe-core: aria-allowed-attr). The
    form validates a follow-up only when its choice is selected (`FollowUpRadios.ignore_unchosen`).
    """

    def get_template_name(self, template_pack: str) -> str:
        return "gds/conditional_question.html"


class FollowUpRadios(ConditionalRadios):
    """Radios whose choices may each have a follow-up question (`FollowUpQuestion`)."""

    def get_template_name(self, template_pack: str) -> str:
        return "gds/conditional_radios.html"

    @staticmethod
    def ignore_unchosen(
        form: forms.Form, data: dict[str, Any], follow_ups: dict[str, tuple[str, ...]], chosen: Any
    ) -> None:
        """Drop the answers and errors of the follow-ups of every choice but `chosen`.

        `follow_ups` maps each choice's value to the names of its follow-up fields.
        """
        for value, names in follow_ups.items():
            if value == chosen:
                continue
            for name in names:
                data[name] = None
                form.errors.pop(name, None)


class GDSForm(GDSFormMixin, forms.Form):
    pass


class GDSModelForm(GDSFormMixin, forms.ModelForm):
    pass


class GOVUKDateField(DateInputField):
    """A GOV.UK date input whose errors name the field ("Enter the date of birth")."""

    def __init__(self, *, label: str, noun: str | None = None, **kwargs: Any) -> None:
        self.noun = noun or label[0].lower() + label[1:]
        kwargs.setdefault("require_all_fields", False)
        super().__init__(label=label, **kwargs)
        self.error_messages["required"] = f"Enter the {self.noun}"
        self.error_messages["incomplete"] = f"Enter the {self.noun} as a day, month and year"
        names = ("day", "month", "year")
        for name, field in zip(names, self.fields, strict=True):
            field.error_messages["incomplete"] = f"The {self.noun} must include a {name}"
            field.validators = []
        # Phones show the number pad for each part (GOV.UK date input).
        for part in self.widget.widgets:
            part.attrs["inputmode"] = "numeric"
        self.min_year = 1900
        self.max_year = 2100

    def compress(self, data_list):
        if not data_list or all(v in (None, "") for v in data_list):
            return None
        day, month, year = (str(v).strip() for v in data_list)
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"The {self.noun} must be a real date, using numbers only", code="invalid")
        if len(year) != 4:
            raise ValidationError(f"The year of the {self.noun} must include 4 numbers", code="invalid")
        try:
            value = date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"The {self.noun} must be a real date", code="invalid") from None
        if not (self.min_year <= value.year <= self.max_year):
            raise ValidationError(
                f"The {self.noun} must be between {self.min_year} and {self.max_year}", code="invalid"
            )
        return value


# --- Sign-in forms, in GOV.UK words -----------------------------------------------------

EMAIL_MAX_LENGTH = 254  # the longest address a mail system will deliver (RFC 5321 path limit)


class SignInForm(GDSFormMixin, AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": "Enter a correct email address and password. Both may be case-sensitive for the password",
        "inactive": "This account has been closed. Contact your administrator",
    }

    def __init__(self, request=None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].widget = forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"})
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean_username(self) -> str:
        # AuthenticationForm shows the limit as maxlength but does not enforce it: without this a
        # pasted page of text reaches the user lookup (and SQLite's LIKE refuses it).
        username = self.cleaned_data["username"]
        if len(username) > EMAIL_MAX_LENGTH:
            raise forms.ValidationError(
                f"Email address must be {EMAIL_MAX_LENGTH} characters or fewer", code="max_length"
            )
        return username


class ResetRequestForm(GDSFormMixin, PasswordResetForm):
    submit_label = "Send reset link"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        }

    def get_users(self, email: str):
        from .models import User

        return User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(password="")

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ) -> None:
        """Through the outbox, so the email goes after commit and survives a broker outage."""
        from django.template import loader

        from .services import email_queue

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        email_queue(to=[to_email], subject=subject, body=body)


class NewPasswordForm(GDSFormMixin, SetPasswordForm):
    submit_label = "Save password"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.error_messages["password_mismatch"] = "The passwords do not match: enter the same password twice"


class TimeOfDayField(forms.CharField):
    """A time typed as people write it: "9:30am", "2pm", "14:15"."""

    def __init__(self, *, noun: str = "time", **kwargs: Any) -> None:
        self.noun = noun
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("help_text", "For example, 9:30am or 14:15")
        super().__init__(**kwargs)
        self.error_messages["required"] = f"Enter the {noun}"

    def clean(self, value):
        from datetime import datetime

        text = super().clean(value)
        if text in (None, ""):
            return None
        compact = text.strip().lower().replace(".", ":").replace(" ", "")
        for fmt in ("%H:%M", "%I:%M%p", "%I%p", "%H"):
            try:
                return datetime.strptime(compact, fmt).time()
            except ValueError:
                continue
        raise ValidationError(f"Enter the {self.noun} like 9:30am or 14:15", code="invalid")


def required(message: str) -> dict[str, str]:
    """Error messages for a field whose only message is the one for leaving it empty."""
    return {"required": message}
