"""Hub pages: the public list and page of each hub, editing, and commissioning places."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sendhub import access
from sendhub.dates import academic_year
from sendhub.http import form_page, posted
from sendhub.models import School

from . import hooks
from .forms import AgreementForm, HubForm
from .models import CommissioningAgreement, Hub
from .selectors import school_label, schools_matching
from .services import agreement_create, agreement_update, hub_update

HUBS = Hub.objects.filter(is_active=True).select_related(
    "host_school__local_authority", "district__local_authority", "trust", "anchor_school"
)


@require_GET
def hub_list(request: HttpRequest) -> HttpResponse:
    """Public: every active hub, by kind. Nothing about pupils."""
    hubs = list(HUBS.order_by("kind", "name"))
    groups = [(label, [h for h in hubs if h.kind == kind]) for kind, label in Hub.Kind.choices]
    return render(request, "hubs/list.html", {"groups": [(label, items) for label, items in groups if items]})


def _agreements_for(request: HttpRequest, hub: Hub) -> list[CommissioningAgreement]:
    if hub.kind != Hub.Kind.MAINSTREAM or not access.may_at_school(
        request.user, hub.host_school, "commissioning", access.VIEW
    ):
        return []
    return list(hub.agreements.order_by("-academic_year"))


@require_GET
def hub_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hub = get_object_or_404(HUBS, pk=pk)
    this_year = academic_year(timezone.localdate())
    current = CommissioningAgreement.objects.filter(hub=hub, academic_year=this_year).first()
    return render(
        request,
        "hubs/detail.html",
        {
            "hub": hub,
            "this_year": this_year,
            "current": current,
            "agreements": _agreements_for(request, hub),
            "may_manage": request.user.is_authenticated and access.can_manage_hub(request.user, hub),
            "may_commission": request.user.is_authenticated
            and hub.kind == Hub.Kind.MAINSTREAM
            and access.may_at_school(request.user, hub.host_school, "commissioning", access.EDIT),
            "panels": hooks.hub_panels(request, hub) if request.user.is_authenticated else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hub = get_object_or_404(HUBS, pk=pk)
    if not access.can_manage_hub(request.user, hub):
        raise PermissionDenied
    initial = {
        "name": hub.name,
        "description": hub.description,
        "designated_needs": hub.designated_needs,
        "key_stages": hub.key_stages,
    }
    form = HubForm(posted(request), initial=initial, hub=hub)
    detail = reverse("hubs:detail", kwargs={"pk": hub.pk})

    def save(data) -> str:
        hub_update(
            actor=request.user,
            hub=hub,
            name=data["name"],
            description=data["description"],
            designated_needs=data.get("designated_needs", []),
            key_stages=data.get("key_stages", []),
        )
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title="Change the hub's details",
        caption=hub.name,
        success="Hub details saved",
        back_url=detail,
    )


def _commissionable(request: HttpRequest, pk: int) -> Hub:
    hub = get_object_or_404(HUBS.filter(kind=Hub.Kind.MAINSTREAM), pk=pk)
    if not access.may_at_school(request.user, hub.host_school, "commissioning", access.EDIT):
        raise PermissionDenied
    return hub


@login_required
@require_http_methods(["GET", "POST"])
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _commissionable(request, pk)
    form = AgreementForm(posted(request), initial={"academic_year": academic_year(timezone.localdate())})

    def save(data) -> str:
        agreement = agreement_create(
            actor=request.user,
            hub=hub,
            academic_year_label=data["academic_year"],
            places=data["places"],
            place_funding=data["place_funding"],
            top_up_per_place=data["top_up_per_place"],
            covers=data["covers"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            notes=data["notes"],
        )
        return reverse("hubs:agreement", kwargs={"pk": agreement.pk})

    return form_page(
        request,
        form,
        on_valid=save,
        title="Commission places",
        caption=hub.name,
        success="Places commissioned",
        back_url=reverse("hubs:detail", kwargs={"pk": hub.pk}),
    )


def _agreement(request: HttpRequest, pk: int, action: str) -> CommissioningAgreement:
    agreement = get_object_or_404(CommissioningAgreement.objects.select_related("hub__host_school"), pk=pk)
    if not access.may_at_school(request.user, agreement.hub.host_school, "commissioning", access.VIEW):
        raise Http404  # another authority's agreement: as if it did not exist
    if not access.may_at_school(request.user, agreement.hub.host_school, "commissioning", action):
        raise PermissionDenied
    return agreement


@login_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, access.VIEW)
    history = agreement.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "hubs/agreement.html",
        {
            "agreement": agreement,
            "hub": agreement.hub,
            "history": history,
            "may_change": access.may_at_school(request.user, agreement.hub.host_school, "commissioning", access.EDIT),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = _agreement(request, pk, access.EDIT)
    form = AgreementForm(posted(request), initial=AgreementForm.initial_for(agreement), agreement=agreement)
    detail = reverse("hubs:agreement", kwargs={"pk": agreement.pk})

    def save(data) -> str:
        agreement_update(
            actor=request.user,
            agreement=agreement,
            reason=data["reason"],
            places=data["places"],
            place_funding=data["place_funding"],
            top_up_per_place=data["top_up_per_place"],
            covers=data["covers"],
            starts_on=data["starts_on"] or agreement.starts_on,
            ends_on=data["ends_on"] or agreement.ends_on,
            notes=data["notes"],
        )
        return detail

    return form_page(
        request,
        form,
        on_valid=save,
        title=f"Change the agreement for {agreement.academic_year}",
        caption=agreement.hub.name,
        success="Agreement changed",
        back_url=detail,
    )


# Suggestions an autocomplete shows at once.
FIND_LIMIT = 20


@login_required
@require_GET
@never_cache
def school_find(request: HttpRequest) -> JsonResponse:
    """Schools whose name or URN matches `q`, as JSON for an autocomplete (staff only).

    By default the schools whose pupils the user sees (the pupil list's school filter);
    `scope=register`: the whole register, for the local authority naming a school in an
    EHC plan (any school in England may be named), to those who may record EHC steps.
    """
    if not access.reach(request.user).roles & access.STAFF_ROLES:
        raise PermissionDenied
    if request.GET.get("scope") == "register":
        if not access.schools_where(request.user, "ehc", access.EDIT).exists():
            raise PermissionDenied
        schools = School.objects.all()
    else:
        schools = access.schools_where(request.user, "pupil", access.VIEW)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    found = list(schools_matching(schools, query).order_by("name")[:FIND_LIMIT]) if len(query) >= 2 else []
    return JsonResponse(
        {"results": [{"urn": s.urn, "name": s.name, "label": school_label(s), "open": s.is_open} for s in found]}
    )
