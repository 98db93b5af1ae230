"""Forms for pupil records, parents and carers, CSV imports and the pupil list's filters.

They validate; services save.
"""

from __future__ import annotations

from typing import Any

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubs.selectors import schools_typed_in_filter
from pupils.models import Contact, Pupil, date_of_birth_problem, need_problems
from pupils.records.upn import normalise_upn, upn_problem
from sendhub.codes import Need, SENProvision, YearGroup
from sendhub.forms import GDSForm, GOVUKDateField, required, submit_button
from sendhub.tables import typed_school_filter

NEED_CHOICES = [("", "None recorded"), *Need.choices]


class PupilForm(GDSForm):
    submit_label = "Save pupil"

    upn = forms.CharField(
        label="UPN (unique pupil number)",
        max_length=20,
        help_text="13 characters, like H801200001001. Temporary UPNs end in a letter",
        error_messages=required("Enter the pupil's UPN"),
    )
    legal_first_name = forms.CharField(
        label="Legal first name", max_length=100, error_messages=required("Enter the pupil's legal first name")
    )
    legal_last_name = forms.CharField(
        label="Legal last name", max_length=100, error_messages=required("Enter the pupil's legal last name")
    )
    preferred_first_name = forms.CharField(label="Preferred first name (optional)", max_length=100, required=False)
    preferred_last_name = forms.CharField(label="Preferred last name (optional)", max_length=100, required=False)
    date_of_birth = GOVUKDateField(label="Date of birth", help_text="For example, 27 3 2017")
    school = forms.ModelChoiceField(
        label="School on roll",
        queryset=None,
        empty_label="Choose a school",
        error_messages=required("Choose the school the pupil is on the roll of"),
    )
    year_group = forms.ChoiceField(
        label="National curriculum year",
        choices=[("", "Choose a year"), *YearGroup.choices],
        error_messages=required("Choose the pupil's national curriculum year"),
    )
    sen_provision = forms.ChoiceField(
        label="SEN provision",
        choices=SENProvision.choices,
        widget=forms.RadioSelect,
        error_messages=required("Select the pupil's SEN provision"),
    )
    primary_need = forms.ChoiceField(label="Primary need", choices=NEED_CHOICES, required=False)
    secondary_need = forms.ChoiceField(label="Secondary need (optional)", choices=NEED_CHOICES, required=False)
    taught_out_of_year_group = forms.BooleanField(
        label="The pupil is taught out of their year group",
        help_text="Only if the year above is more than one year from the year for the pupil's date of birth, "
        "and the school has decided so",
        required=False,
    )

    def __init__(self, *args: Any, schools, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1 and not self.initial.get("school"):
            self.fields["school"].initial = schools.first()
        self.fields["date_of_birth"].max_year = timezone.localdate().year
        self.set_layout(
            Field.text("upn", field_width=10),
            Fieldset(
                Field.text("legal_first_name", field_width=Fluid.ONE_HALF),
                Field.text("legal_last_name", field_width=Fluid.ONE_HALF),
                Field.text("preferred_first_name", field_width=Fluid.ONE_HALF),
                Field.text("preferred_last_name", field_width=Fluid.ONE_HALF),
                legend="Name",
                legend_size=Size.MEDIUM,
            ),
            Field("date_of_birth"),
            Field.select("school"),
            Field.select("year_group"),
            Field.checkbox("taught_out_of_year_group", small=True),
            Field.radios("sen_provision", legend_size=Size.MEDIUM),
            Field.select("primary_need"),
            Field.select("secondary_need"),
        )

    def clean_upn(self) -> str:
        upn = normalise_upn(self.cleaned_data["upn"])
        problem = upn_problem(upn)
        if problem:
            raise forms.ValidationError(problem)
        return upn

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and born != self.initial.get("date_of_birth"):
            problem = date_of_birth_problem(born, today=timezone.localdate())
            if problem:
                raise forms.ValidationError(problem)
        return born

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for field, message in need_problems(
            data.get("sen_provision", ""), data.get("primary_need", ""), data.get("secondary_need", "")
        ).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    @staticmethod
    def initial_for(pupil: Pupil) -> dict[str, Any]:
        fields = (
            "upn",
            "legal_first_name",
            "legal_last_name",
            "preferred_first_name",
            "preferred_last_name",
            "date_of_birth",
            "year_group",
            "taught_out_of_year_group",
            "sen_provision",
            "primary_need",
            "secondary_need",
        )
        return {**{f: getattr(pupil, f) for f in fields}, "school": pupil.school_id}


class ContactForm(GDSForm):
    submit_label = "Save contact"

    name = forms.CharField(label="Full name", max_length=150, error_messages=required("Enter the contact's full name"))
    relationship = forms.ChoiceField(
        label="Relationship to the pupil",
        choices=Contact.Relationship.choices,
        widget=forms.RadioSelect,
        error_messages=required("Select the contact's relationship to the pupil"),
    )
    has_parental_responsibility = forms.TypedChoiceField(
        label="Do they have parental responsibility?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages=required("Select yes if the contact has parental responsibility"),
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.org"},
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_layout(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.radios("relationship", legend_size=Size.SMALL),
            Field.radios("has_parental_responsibility", legend_size=Size.SMALL, inline=True),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.text("phone", field_width=20),
        )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not all(ch.isdigit() or ch in " +()-" for ch in phone):
            raise forms.ValidationError("Enter a phone number, like 01632 960 001 or +44 7700 900 982")
        return phone

    @staticmethod
    def initial_for(contact: Contact) -> dict[str, Any]:
        return {
            "name": contact.name,
            "relationship": contact.relationship,
            "email": contact.email,
            "phone": contact.phone,
            "has_parental_responsibility": "yes" if contact.has_parental_responsibility else "no",
        }


class ImportUploadForm(GDSForm):
    submit_label = "Upload and check"
    MAX_BYTES = 2 * 1024 * 1024

    school = forms.ModelChoiceField(
        label="School",
        queryset=None,
        empty_label="Choose a school",
        error_messages=required("Choose the school whose pupils are in the file"),
    )
    file = forms.FileField(
        label="CSV file",
        help_text="Exported from your school information system; up to 2MB",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def __init__(self, *args: Any, schools, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if schools.count() == 1:
            self.fields["school"].initial = schools.first()
        self.set_layout(Field.select("school"), Field("file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2MB")
        return upload


def _matches_first(queryset):
    """The list's order (Meta.ordering), written so that PostgreSQL finds the matches first.

    Ordered by the bare columns, the planner walks the list's index (`pupil_list_order`) and
    tests each row, expecting matches spread evenly; a name late in the alphabet ("Scale") then
    reads most of the county before the first 25. COALESCE of a NOT NULL column is the same
    value and the same order, but matches no index, so the matches are found by the trigram
    indexes (migration 0014; on a UPN, its pattern index) and only they are sorted.
    """
    return queryset.order_by(Coalesce("legal_last_name", Value("")), Coalesce("legal_first_name", Value("")), "pk")


class PupilFilter(django_filters.FilterSet):
    """Search and filters on the pupil list. The queryset it filters is already scoped."""

    q = django_filters.CharFilter(label="Name or UPN", method="search")
    provision = django_filters.ChoiceFilter(
        field_name="sen_provision",
        label="SEN provision",
        choices=SENProvision.choices,
        empty_label="Any provision",
        widget=forms.Select,
    )
    need = django_filters.ChoiceFilter(
        label="Need", choices=Need.choices, method="filter_need", empty_label="Any need", widget=forms.Select
    )
    year = django_filters.ChoiceFilter(
        field_name="year_group",
        label="Year group",
        choices=YearGroup.choices,
        empty_label="Any year",
        widget=forms.Select,
    )
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Any school", widget=forms.Select
    )
    few_meetings = django_filters.BooleanFilter(
        label="Fewer than 3 meetings with parents this year",
        method="filter_few_meetings",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Pupil
        fields: list[str] = []

    # Set by the search when every match is read and sorted (not an index walk in the list's
    # order): then counting them with the page's rows costs nothing more (BothEndsPaginator).
    reads_every_match = False

    # Up to this many schools the filter is a select; beyond it (an administrator with the whole
    # GIAS register, an authority's officer) a text box for the name or URN, so the page never
    # lists thousands of options (issue 19).
    SCHOOL_SELECT_LIMIT = 50

    def __init__(self, *args: Any, schools, many_schools: bool, school_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schools = schools
        if school_count is None:
            school_count = schools.count() if many_schools else 1
        if many_schools and school_count > self.SCHOOL_SELECT_LIMIT:
            typed_school_filter(self, Pupil)
        else:
            self.filters["school"].queryset = schools
        form = self.form
        form.helper = FormHelper(form)
        form.helper.form_method = "get"
        form.helper.label_size = Size.SMALL
        form.helper.attrs = {"novalidate": ""}
        items = [Field.text("q"), Field.select("provision"), Field.select("need"), Field.select("year")]
        if many_schools:
            typed = isinstance(self.filters["school"], django_filters.CharFilter)
            items.append(Field.text("school") if typed else Field.select("school"))
        else:
            del form.fields["school"]
        items += [
            Field.checkbox("few_meetings", small=True),
            submit_button("Apply filters", name="apply", css_class="govuk-button--secondary"),
        ]
        form.helper.layout = Layout(*items)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        as_upn = normalise_upn(value)
        if len(as_upn) >= 4 and as_upn[1:4].isdigit():
            self.reads_every_match = True
            return _matches_first(queryset.filter(upn__startswith=as_upn))
        words = value.split()[:5]
        for word in words:
            queryset = queryset.filter(
                Q(legal_first_name__icontains=word)
                | Q(legal_last_name__icontains=word)
                | Q(preferred_first_name__icontains=word)
                | Q(preferred_last_name__icontains=word)
            )
        # A word of one or two letters has no trigram and matches most pupils: then walking the
        # list's index and testing each row finds the first 25 soonest.
        if all(len(word) >= 3 for word in words):
            self.reads_every_match = True
            return _matches_first(queryset)
        return queryset

    def filter_school(self, queryset, name, value):
        """A school among the person's own, by its 6-digit URN or a part of its name."""
        schools = schools_typed_in_filter(self.schools, value)
        return queryset if schools is None else queryset.filter(school__in=schools)

    def filter_need(self, queryset, name, value):
        return queryset.filter(Q(primary_need=value) | Q(secondary_need=value)) if value else queryset

    def filter_few_meetings(self, queryset, name, value):
        if not value:
            return queryset
        from pupils.support.selectors import PARENT_MEETINGS_PER_YEAR

        return queryset.filter(sen_provision__in=["E", "K"], meetings_this_year__lt=PARENT_MEETINGS_PER_YEAR)
