"""The Partnership Board's view of a district: counts by half term, the needs most often
referred and how actions went. Figures only, never a pupil's name; counted in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Q

from referrals.models import Action, CaseDiscussion, Referral, ReferralEvent
from sendhub.calendar.selectors import HalfTermDates, half_terms
from sendhub.codes import Need
from sendhub.dates import LONDON, academic_year_bounds
from sendhub.models import District


@dataclass(frozen=True)
class TermFigures:
    term: HalfTermDates
    referred: int
    discussed: int
    closed: int
    escalated: int


def board(district: District, label: str) -> dict:
    terms = half_terms(label, district.local_authority)
    first, last = academic_year_bounds(label)
    # Each half term counts up to the day the next starts, so a holiday counts with the term before it.
    bounds = []
    for index, term in enumerate(terms):
        start = first if index == 0 else term.starts_on
        end = terms[index + 1].starts_on if index + 1 < len(terms) else None
        bounds.append((term, start, end))

    def windows(field: str) -> dict[str, Count]:
        counts = {}
        for index, (_, start, end) in enumerate(bounds):
            lower = datetime.combine(start, time.min, tzinfo=LONDON)
            upper = (
                datetime.combine(end, time.min, tzinfo=LONDON)
                if end
                else datetime.combine(last, time.max, tzinfo=LONDON)
            )
            counts[f"t{index}"] = Count(
                "pk", filter=Q(**{f"{field}__gte": lower, f"{field}__lt" if end else f"{field}__lte": upper})
            )
        return counts

    referrals = Referral.objects.filter(hub__district=district).exclude(submitted_at=None)
    referred = referrals.aggregate(**windows("submitted_at"))
    discussed = CaseDiscussion.objects.filter(agenda_item__meeting__district=district).aggregate(
        **windows("agenda_item__meeting__starts_at")
    )
    events = ReferralEvent.objects.filter(referral__hub__district=district)
    closed = events.filter(status=Referral.Status.CLOSED).aggregate(**windows("at"))
    escalated = events.filter(status=Referral.Status.ESCALATED, title__startswith="Escalated").aggregate(
        **windows("at")
    )
    rows = [
        TermFigures(term, referred[f"t{i}"], discussed[f"t{i}"], closed[f"t{i}"], escalated[f"t{i}"])
        for i, (term, _, _) in enumerate(bounds)
    ]
    year_start, year_end = (
        datetime.combine(first, time.min, tzinfo=LONDON),
        datetime.combine(last, time.max, tzinfo=LONDON),
    )
    needs_labels = dict(Need.choices)
    needs = [
        (needs_labels.get(row["pupil__primary_need"], "Not recorded"), row["n"])
        for row in referrals.filter(submitted_at__range=(year_start, year_end))
        .values("pupil__primary_need")
        .annotate(n=Count("pk"))
        .order_by("-n", "pupil__primary_need")[:5]
    ]
    reviewed = Action.objects.filter(
        referral__hub__district=district, reviewed_at__agenda_item__meeting__starts_at__range=(year_start, year_end)
    ).aggregate(
        total=Count("pk"),
        worked=Count("pk", filter=Q(review=Action.Review.WORKED)),
        partly=Count("pk", filter=Q(review=Action.Review.PARTLY)),
        did_not_work=Count("pk", filter=Q(review=Action.Review.DID_NOT_WORK)),
        not_done=Count("pk", filter=Q(review=Action.Review.NOT_DONE)),
    )
    return {"rows": rows, "needs": needs, "actions": reviewed}
