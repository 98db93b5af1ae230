"""The form for an authority's term dates: six half terms, a first and a last day each."""

from __future__ import annotations

from datetime import date
from typing import Any

from crispy_forms_gds.layout import HTML, Field

from sendhub.calendar.selectors import ENDS_ON, STARTS_ON, HalfTermDates, term_date_problems
from sendhub.forms import GDSForm, GOVUKDateField
from sendhub.models import HALF_TERM_NAMES


def field_name(number: int, which: str) -> str:
    return f"term_{number}_{which}"


class HalfTermsForm(GDSForm):
    submit_label = "Save term dates"

    def __init__(self, *args: Any, academic_year: str, current: list[HalfTermDates], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        for term in current:
            kwargs["initial"].setdefault(field_name(term.number, STARTS_ON), term.starts_on)
            kwargs["initial"].setdefault(field_name(term.number, ENDS_ON), term.ends_on)
        super().__init__(*args, **kwargs)
        self.academic_year = academic_year
        items: list[Any] = []
        for number, name in HALF_TERM_NAMES.items():
            for which, noun in ((STARTS_ON, "first day"), (ENDS_ON, "last day")):
                self.fields[field_name(number, which)] = GOVUKDateField(
                    label=f"{noun.capitalize()} of {name}",
                    noun=f"{noun} of {name}",
                )
            # The names are constants, never user input.
            items += [
                HTML(f'<h2 class="govuk-heading-m">{name}</h2>'),
                Field(field_name(number, STARTS_ON)),
                Field(field_name(number, ENDS_ON)),
            ]
        self.set_layout(*items)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        pairs: list[tuple[date | None, date | None]] = [
            (data.get(field_name(n, STARTS_ON)), data.get(field_name(n, ENDS_ON))) for n in HALF_TERM_NAMES
        ]
        for problem in term_date_problems(self.academic_year, pairs):
            name = field_name(problem.number, problem.which)
            # A date the field itself refused (missing, not a real date) already has its message.
            if name not in self.errors:
                self.add_error(name, problem.message)
        return data

    def dates(self) -> list[tuple[date, date]]:
        data = self.cleaned_data
        return [(data[field_name(n, STARTS_ON)], data[field_name(n, ENDS_ON)]) for n in HALF_TERM_NAMES]
