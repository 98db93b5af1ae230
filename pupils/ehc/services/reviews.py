"""EHC plans and annual reviews: the local authority's statutory steps after the plan is made.

Review within 12 months of the plan or the last review, then report, decide, and amend
or cease (DOMAIN.md, "Annual review and amendment"); phase transfers by 15 February or
31 March (reg 18). Keyword-only, atomic services that ask the access policy themselves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import DateField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from hubs.models import Hub
from pupils.ehc.services.checks import check_dates, check_named_setting, local_today, long_date
from pupils.ehc.statutory import amendment_representations_end, phase_transfer_deadline
from pupils.models import AnnualReview, EHCPlan, Placement, Pupil
from sendhub import access
from sendhub.codes import SENProvision
from sendhub.errors import DomainError
from sendhub.models import School
from sendhub.notices.sweep import AddYear

EDIT = access.EDIT
_UNSET: Any = object()  # "not given" in partial updates, where None means "clear it"


_REVIEW_LABELS = {
    "notice_given_on": "the date people were invited to the meeting",
    "advice_circulated_on": "the date advice was sent out",
    "meeting_on": "the date of the review meeting",
    "report_sent_on": "the date the review report was sent",
    "decision_on": "the date of the decision",
    "amendment_notice_on": "the date of the amendment notice",
    "representations_received_on": "the date the parent's representations were received",
    "amended_plan_issued_on": "the date the amended plan was issued",
}
_REVIEW_ORDER = [
    ("notice_given_on", "meeting_on"),
    ("advice_circulated_on", "meeting_on"),
    ("meeting_on", "report_sent_on"),
    ("meeting_on", "decision_on"),
    ("decision_on", "amendment_notice_on"),
    ("amendment_notice_on", "representations_received_on"),
    ("amendment_notice_on", "amended_plan_issued_on"),
    ("representations_received_on", "amended_plan_issued_on"),
]


def plan_review_due_refresh(*, plans: QuerySet) -> int:
    """Each plan's next_review_due is a year after the later of its date and its latest review meeting,
    and each of its reviews' anchor_on the meeting before it (or the plan's date).

    Two UPDATEs for any number of plans; call it wherever a plan's date or its reviews' meetings change.
    """
    latest = AnnualReview.objects.filter(plan=OuterRef("pk")).order_by("-meeting_on").values("meeting_on")[:1]
    anchor = Greatest(
        "issued_on", Coalesce(Subquery(latest, output_field=DateField()), "issued_on"), output_field=DateField()
    )
    reviews_anchor_refresh(reviews=AnnualReview.objects.filter(plan__in=plans.order_by().values("pk")))
    return plans.order_by().update(next_review_due=AddYear(anchor))


def reviews_anchor_refresh(*, reviews: QuerySet) -> int:
    """1 UPDATE: each review's anchor_on, the plan's review meeting before it, or the date the plan was made."""
    before = AnnualReview.objects.filter(plan=OuterRef("plan"), meeting_on__lt=OuterRef("meeting_on")).order_by(
        "-meeting_on"
    )
    made = EHCPlan.objects.filter(pk=OuterRef("plan")).values("issued_on")[:1]
    return reviews.order_by().update(
        anchor_on=Coalesce(
            Subquery(before.values("meeting_on")[:1], output_field=DateField()),
            Subquery(made, output_field=DateField()),
        )
    )


def _lock_plan(plan: EHCPlan, actor: Any) -> EHCPlan:
    locked = EHCPlan.objects.select_for_update().get(pk=plan.pk)
    access.require(actor, locked, EDIT)
    return locked


def _check_meeting_date(review: AnnualReview, plan: EHCPlan) -> None:
    if review.meeting_on < plan.issued_on:
        raise DomainError(
            f"The date of the review meeting must be the same as or after the date the plan was made, "
            f"{long_date(plan.issued_on)}",
            field="meeting_on",
        )
    others = plan.reviews.exclude(pk=review.pk) if review.pk else plan.reviews.all()
    clash = others.filter(meeting_on=review.meeting_on).first()
    if clash is not None:
        raise DomainError(
            f"Another review of this plan is on {long_date(clash.meeting_on)}: enter a different date",
            field="meeting_on",
        )


@transaction.atomic
def review_add(
    *,
    actor: Any,
    plan: EHCPlan,
    meeting_on: date,
    notice_given_on: date | None = None,
    advice_circulated_on: date | None = None,
    is_phase_transfer: bool = False,
) -> AnnualReview:
    """Arrange (or record) an annual review meeting of a current plan, after the last review was decided."""
    plan = _lock_plan(plan, actor)
    if plan.ceased_on:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: it has no more annual reviews")
    last = plan.reviews.order_by("-meeting_on", "-pk").first()
    if last is not None and not last.decision:
        raise DomainError(
            f"The review on {long_date(last.meeting_on)} has no decision yet: record its decision before adding "
            "another review"
        )
    review = AnnualReview(
        plan=plan,
        meeting_on=meeting_on,
        notice_given_on=notice_given_on,
        advice_circulated_on=advice_circulated_on,
        is_phase_transfer=is_phase_transfer,
        created_by=actor,
    )
    if last is not None and meeting_on <= last.meeting_on:
        raise DomainError(
            f"The date of the review meeting must be after the last review, {long_date(last.meeting_on)}",
            field="meeting_on",
        )
    _check_meeting_date(review, plan)
    check_dates(
        review,
        labels=_REVIEW_LABELS,
        order=_REVIEW_ORDER,
        changed={"meeting_on", "notice_given_on", "advice_circulated_on"},
        may_be_future=frozenset({"meeting_on"}),
    )
    review.save()
    plan_review_due_refresh(plans=EHCPlan.objects.filter(pk=plan.pk))
    return review


def _check_representations_period(review: AnnualReview, changed: set[str]) -> None:
    """Reg 22: the parent has 15 days beginning with the amendment notice to make representations;
    the amended plan waits for the end of that period unless their representations are in (as the
    final plan waits for the draft's comment period, reg 13(1)(a))."""
    notice, issued, received = (
        review.amendment_notice_on,
        review.amended_plan_issued_on,
        review.representations_received_on,
    )
    if notice and issued:
        period_ends = amendment_representations_end(notice)
        if issued <= period_ends and not (received and received <= issued):
            raise DomainError(
                f"The parent can make representations on the proposed amendments until {long_date(period_ends)} "
                "(15 days beginning with the day of the amendment notice, reg 22). Record their representations "
                "first, or issue the amended plan after that date",
                field="amended_plan_issued_on" if "amended_plan_issued_on" in changed else None,
            )


def _end_places_of_ceased_plan(plan: EHCPlan, actor: Any) -> None:
    """A ceased plan holds no hub place: each place it held ends on the cessation date; a place
    that had not started yet is an offer not taken up."""
    ceased = plan.ceased_on
    for place in Placement.objects.select_for_update().filter(plan=plan, ended_on__isnull=True):
        started = place.starts_on <= ceased
        place.ended_on = ceased
        place.end_reason = Placement.EndReason.PLAN_CEASED if started else Placement.EndReason.OFFER_DECLINED
        place.end_notes = "" if started else f"The EHC plan ceased on {long_date(ceased)}, before the place started"
        place._history_user = actor
        place.save()


@transaction.atomic
def review_record(
    *,
    actor: Any,
    review: AnnualReview,
    meeting_on: date = _UNSET,
    notice_given_on: date | None = _UNSET,
    advice_circulated_on: date | None = _UNSET,
    is_phase_transfer: bool = _UNSET,
    report_sent_on: date | None = _UNSET,
    decision: str = _UNSET,
    decision_on: date | None = _UNSET,
    amendment_notice_on: date | None = _UNSET,
    representations_received_on: date | None = _UNSET,
    amended_plan_issued_on: date | None = _UNSET,
    new_named_school: School | None = _UNSET,
    new_named_hub: Hub | None = _UNSET,
) -> AnnualReview:
    """Record what happened at and after a review meeting; only the arguments given change.

    Cease closes the plan on the day of the decision and puts the pupil back on SEN support;
    an amended plan naming a new school or hub changes the plan's named setting.
    """
    arguments = dict(locals())
    given = {
        name: value for name, value in arguments.items() if value is not _UNSET and name not in ("actor", "review")
    }
    review = AnnualReview.objects.select_for_update().get(pk=review.pk)
    access.require(actor, review, EDIT)
    plan = EHCPlan.objects.select_for_update().get(pk=review.plan_id)
    cease, amend = AnnualReview.Decision.CEASE, AnnualReview.Decision.AMEND
    if plan.ceased_on and review.decision != cease:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: its reviews can no longer change")
    if review.decision == cease and given.get("decision", cease) != cease:
        raise DomainError(
            f"This review ceased the plan on {long_date(review.decision_on)}, and a ceased plan cannot be restored "
            "here. Ask an administrator to correct a mistake",
            field="decision",
        )
    if review.amended_plan_issued_on and given.keys() & {"amended_plan_issued_on", "new_named_school", "new_named_hub"}:
        raise DomainError(
            f"The amended plan was recorded as issued on {long_date(review.amended_plan_issued_on)} and the plan "
            "has been updated. Ask an administrator to correct a mistake"
        )
    if "decision" in given:
        if given["decision"] not in AnnualReview.Decision.values:
            raise DomainError("Select the decision: maintain, amend or cease the plan", field="decision")
        if given.get("decision_on", review.decision_on) is None:
            raise DomainError("Enter the date of the decision", field="decision_on")
    for name, value in given.items():
        setattr(review, name, value)
    if "meeting_on" in given:
        _check_meeting_date(review, plan)
    amendment_steps = [
        n
        for n in ("amendment_notice_on", "representations_received_on", "amended_plan_issued_on")
        if getattr(review, n)
    ]
    if review.decision != amend and (amendment_steps or review.new_named_school or review.new_named_hub):
        if "decision" in given:
            raise DomainError(
                "An amendment notice is recorded for this review, so the decision must stay 'amend the plan'",
                field="decision",
            )
        raise DomainError("Record a decision to amend the plan before its amendment notice or amended plan")
    if review.amended_plan_issued_on and not review.amendment_notice_on:
        raise DomainError(
            "Record the date of the amendment notice before the amended plan", field="amended_plan_issued_on"
        )
    if given.keys() & {"new_named_school", "new_named_hub"}:
        check_named_setting(
            review.new_named_school,
            review.new_named_hub,
            school_field="new_named_school",
            hub_field="new_named_hub",
            required=False,
        )
    changed = {name for name in given if name in _REVIEW_LABELS}
    if (changed - {"notice_given_on", "advice_circulated_on", "meeting_on"}) and review.meeting_on > local_today():
        raise DomainError(
            f"The meeting is arranged for {long_date(review.meeting_on)}: record what happened after it has taken place"
        )
    check_dates(
        review, labels=_REVIEW_LABELS, order=_REVIEW_ORDER, changed=changed, may_be_future=frozenset({"meeting_on"})
    )
    _check_representations_period(review, changed)
    review.save()
    if "meeting_on" in given:
        plan_review_due_refresh(plans=EHCPlan.objects.filter(pk=plan.pk))
    if review.decision == cease:
        plan.ceased_on = review.decision_on
        plan.save()
        _end_places_of_ceased_plan(plan, actor)
        pupil = Pupil.objects.select_for_update().get(pk=plan.pupil_id)
        if pupil.sen_provision == SENProvision.EHC_PLAN:
            pupil.sen_provision = SENProvision.SEN_SUPPORT
            pupil.save(update_fields=["sen_provision"])
    if review.amended_plan_issued_on and (review.new_named_school or review.new_named_hub):
        plan.named_school, plan.named_hub = review.new_named_school, review.new_named_hub
        plan.save()
    return review


@transaction.atomic
def plan_set_transfer(
    *, actor: Any, plan: EHCPlan, transfer_year: int | None, transfer_to_post16: bool = False
) -> EHCPlan:
    """Record the calendar year of the next phase transfer (reg 18 deadlines follow from it), or clear it."""
    plan = _lock_plan(plan, actor)
    if plan.ceased_on:
        raise DomainError(f"This plan ceased on {long_date(plan.ceased_on)}: it has no phase transfer")
    if transfer_year is not None:
        if transfer_year < plan.issued_on.year:
            raise DomainError(
                f"The year of transfer must be the same as or after the year the plan was made, {plan.issued_on.year}",
                field="transfer_year",
            )
        latest = local_today().year + 20
        if transfer_year > latest:
            raise DomainError(f"The year of transfer must be {latest} or earlier", field="transfer_year")
        try:
            phase_transfer_deadline(transfer_year, bool(transfer_to_post16))
        except ValueError:
            raise DomainError("Enter a year of transfer between 2000 and 2100", field="transfer_year") from None
    plan.transfer_year = transfer_year
    plan.transfer_to_post16 = bool(transfer_to_post16) if transfer_year is not None else False
    plan.save()
    return plan
