"""The pupil list's rows, written in Python (sendhub.tables.TableBody; issue 19)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join

from pupils.models import Pupil
from sendhub.tables import TableBody
from sendhub.templatetags.sendhub_tags import money


def pupil_rows(*, many_schools: bool, meetings_target: int, threshold: Decimal) -> TableBody:
    """Name (with the UPN, and the school when the person sees several), year, SEN, needs, and what to look at.

    Each pupil needs `detail_url` (set by the view) and `meetings_this_year` (`with_flags`)."""

    def name(pupil: Pupil) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s app-nowrap">UPN {}</span>{}',
            pupil.detail_url,
            pupil.name,
            pupil.upn,
            format_html('<br><span class="govuk-body-s">{}</span>', pupil.school.name) if many_schools else "",
        )

    def needs(pupil: Pupil) -> str:
        if pupil.secondary_need:
            return format_html("{}, {}", pupil.primary_need or "–", pupil.secondary_need)
        return pupil.primary_need or "–"

    over = f"Over {money(threshold)}"

    def to_look_at(pupil: Pupil) -> str:
        tags = []
        if pupil.sen_provision != "N" and pupil.meetings_this_year < meetings_target:
            tags.append((f"{pupil.meetings_this_year} of {meetings_target} parent meetings", "yellow"))
        if pupil.support_cost is not None and pupil.support_cost > threshold:
            tags.append((over, "red"))
        return format_html_join(" ", '<strong class="govuk-tag govuk-tag--{1}">{0}</strong>', tags)

    return TableBody(
        name,
        lambda pupil: pupil.get_year_group_display(),
        lambda pupil: pupil.get_sen_provision_display(),
        needs,
        to_look_at,
    )
