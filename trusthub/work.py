""" "Your work" items of the trust SEND hub (registered in TrusthubConfig.ready): the trust SEND
lead's school SEND review actions past their milestone, and advice requests waiting for triage."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.urls import reverse

from sendhub import access
from sendhub.models import Role
from sendhub.notices.work import WorkItem, register_work

from .models import AdviceRequest
from .selectors import overdue_review_actions


@register_work
def trust_lead_work(user: Any, roles: dict[str, list], today: date) -> Iterable[WorkItem]:
    if Role.TRUST_SEND_LEAD not in roles:
        return
    overdue = overdue_review_actions(user)
    yield WorkItem("School SEND review actions past their milestone", overdue.count, overdue.url, overdue=True)
    triage = access.scope_q(AdviceRequest, user, "triage")
    waiting = AdviceRequest.objects.filter(triage).filter(status=AdviceRequest.Status.ASKED).count() if triage else 0
    yield WorkItem("Advice requests waiting for triage", waiting, reverse("trusthub:advice_list"))
