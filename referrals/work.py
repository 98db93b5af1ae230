""" "Your work" items of the referrals app (registered in ReferralsConfig.ready): a hub coordinator's
inbox and their next meeting."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from referrals.models import Meeting, Referral
from sendhub import access
from sendhub.models import Role
from sendhub.notices.work import WorkItem, register_work


@register_work
def coordinator_work(user: Any, roles: dict[str, list], today: date) -> Iterable[WorkItem]:
    districts = [m.district_id for m in roles.get(Role.HUB_COORDINATOR, [])]
    if not districts:
        return
    triage = access.scope_q(Referral, user, "triage")
    waiting = Referral.objects.filter(triage).filter(status=Referral.Status.SUBMITTED).count() if triage else 0
    yield WorkItem("Referrals waiting in your inbox", waiting, reverse("referrals:inbox"), overdue=False)
    meeting = (
        Meeting.objects.filter(district__in=districts, status=Meeting.Status.SCHEDULED, starts_at__gte=timezone.now())
        .order_by("starts_at", "pk")
        .first()
    )
    if meeting is not None:
        when = timezone.localtime(meeting.starts_at)
        yield WorkItem(
            "Your next meeting",
            1,
            reverse("meetings:detail", kwargs={"pk": meeting.pk}),
            detail=f"{meeting.get_kind_display()}, {when:%A} {when.day} {when:%B %Y}",
        )
