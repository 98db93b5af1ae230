"""The pupil list's rows, written in Python (sendhub.tables.TableBody; issue 19)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.safestring import SafeString

from pupils.models import Pupil
from sendhub.tables import TableBody, choice_label, html
from sendhub.templatetags.sendhub_tags import money


def pupil_rows(*, many_schools: bool, meetings_target: int, threshold: Decimal) -> TableBody:
    """Name (with the UPN, and the school when the person sees several), year, SEN, needs, and what to look at.

    Each pupil needs `detail_url` (set by the view) and `meetings_this_year` (`with_flags`).
    Every value is escaped with `html()`."""

    def name(pupil: Pupil) -> SafeString:
        school = f'<br><span class="govuk-body-s">{html(pupil.school.name)}</span>' if many_schools else ""
        return SafeString(
            f'<a class="govuk-link" href="{html(pupil.detail_url)}">{html(pupil.name)}</a>'
            f'<br><span class="govuk-body-s app-nowrap">UPN {html(pupil.upn)}</span>{school}'
        )

    def needs(pupil: Pupil) -> str:
        if pupil.secondary_need:
            return f"{pupil.primary_need or '–'}, {pupil.secondary_need}"
        return pupil.primary_need or "–"

    over = f'<strong class="govuk-tag govuk-tag--red">Over {html(money(threshold))}</strong>'

    def to_look_at(pupil: Pupil) -> SafeString:
        tags = []
        if pupil.sen_provision != "N" and pupil.meetings_this_year < meetings_target:
            tags.append(
                f'<strong class="govuk-tag govuk-tag--yellow">{html(pupil.meetings_this_year)} of '
                f"{html(meetings_target)} parent meetings</strong>"
            )
        if pupil.support_cost is not None and pupil.support_cost > threshold:
            tags.append(over)
        return SafeString(" ".join(tags))

    return TableBody(
        name,
        choice_label(Pupil, "year_group"),
        choice_label(Pupil, "sen_provision"),
        needs,
        to_look_at,
    )
