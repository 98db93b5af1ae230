"""The school's referral journey: one question a page, drafts saved, check answers, submit."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from pupils.models import Pupil, SupportCycle
from pupils.records.selectors import referable_pupils
from referrals.intake import services
from referrals.intake.consent import consent_problem
from referrals.intake.forms import (
    ConcernForm,
    ConsentForm,
    HubForm,
    OutcomesForm,
    StartForm,
    SupportForm,
    ViewsForm,
    district_hubs,
)
from referrals.intake.views.cases import content_sections
from referrals.models import Consent, Referral
from sendhub import access
from sendhub.errors import DomainError
from sendhub.forms import GDSForm
from sendhub.http import form_page, posted, posted_files


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[GDSForm]
    fields: tuple[str, ...]


STEPS = [
    Step("concern", "The concern and the child's needs", ConcernForm, ("concern", "needs")),
    Step("support", "What has been tried", SupportForm, ("support_tried",)),
    Step("outcomes", "Outcomes hoped for", OutcomesForm, ("outcomes_hoped",)),
    Step("views", "Views of the parent and the child", ViewsForm, ("parent_views", "child_views")),
    Step("hub", "District hub", HubForm, ("hub",)),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}
ORDER = [step.slug for step in STEPS] + ["consent"]


def _next_url(referral: Referral, slug: str, request: HttpRequest) -> str:
    if request.GET.get("from") == "check" and slug != "consent":
        return reverse("referrals:check", kwargs={"pk": referral.pk})
    following = ORDER[ORDER.index(slug) + 1] if slug != ORDER[-1] else None
    if following is None:
        return reverse("referrals:check", kwargs={"pk": referral.pk})
    url = reverse("referrals:step", kwargs={"pk": referral.pk, "step": following})
    return url + ("?from=check" if request.GET.get("from") == "check" else "")


def _editable(request: HttpRequest, pk: int) -> Referral:
    referral = access.get_visible_or_404(
        Referral.objects.select_related("pupil__school", "hub", "school"), request.user, action=access.EDIT, pk=pk
    )
    if not services.can_edit_referral(request.user, referral):
        raise PermissionDenied
    return referral


def support_summary(pupil: Pupil, user) -> str:
    """The graduated approach so far, from the pupil's SEN support cycles, as editable text."""
    cycles = SupportCycle.objects.visible_to(user).filter(pupil=pupil).prefetch_related("outcomes", "provisions")[:4]
    parts = []
    for cycle in cycles:
        when = f"SEN support from {cycle.started_on:%-d %B %Y}"
        if cycle.reviewed_on:
            when += f", reviewed {cycle.reviewed_on:%-d %B %Y} (next step: {cycle.get_next_step_display().lower()})"
        lines = [when]
        lines += [
            f"- Outcome: {o.description}" + (f" ({o.get_progress_display().lower()})" if o.progress else "")
            for o in cycle.outcomes.all()
        ]
        lines += [
            f"- Provision: {p.description}"
            + (f", {p.frequency}" if p.frequency else "")
            + (f", by {p.provided_by}" if p.provided_by else "")
            for p in cycle.provisions.all()
        ]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _initial(referral: Referral, step: Step, user) -> dict:
    initial = {name: getattr(referral, name) for name in step.fields}
    pupil = referral.pupil
    latest = SupportCycle.objects.visible_to(user).filter(pupil=pupil).first()
    if step.slug == "concern" and not referral.needs:
        needs = [n for n in (pupil.get_primary_need_display(), pupil.get_secondary_need_display()) if n]
        initial["needs"] = "; ".join(needs) + (f"\n\n{latest.needs}" if latest else "")
    if step.slug == "support" and not referral.support_tried:
        initial["support_tried"] = support_summary(pupil, user)
    if step.slug == "views" and latest is not None:
        initial["parent_views"] = referral.parent_views or latest.parent_views
        initial["child_views"] = referral.child_views or latest.child_views
    if step.slug == "hub":
        initial["hub"] = referral.hub_id
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    schools = access.schools_where(request.user, "referral", access.EDIT)
    if not schools.exists():
        raise PermissionDenied
    form = StartForm(
        posted(request), pupils=referable_pupils(request.user), initial={"pupil": request.GET.get("pupil")}
    )

    def save(data) -> str:
        referral = services.referral_start(actor=request.user, pupil=data["pupil"])
        return reverse("referrals:step", kwargs={"pk": referral.pk, "step": STEPS[0].slug})

    return form_page(
        request,
        form,
        on_valid=save,
        title="Refer a child to the district SEND and Inclusion hub",
        intro="You can refer a child only with the written or verbal consent of a parent or carer (or of the young "
        "person if they are 16 or over). Your answers are saved as you go.",
        back_url=reverse("referrals:list"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step == "consent":
        return consent(request, pk)
    if step == "consent-details":  # the written or verbal details are now asked on the consent page
        _editable(request, pk)
        return redirect("referrals:step", pk=pk, step="consent")
    config = STEP_BY_SLUG.get(step)
    if config is None:
        raise Http404
    referral = _editable(request, pk)
    kwargs = {"hubs": district_hubs(referral.pupil)} if config.slug == "hub" else {}
    form = config.form(posted(request), initial=_initial(referral, config, request.user), **kwargs)
    warning = ""
    if getattr(form, "no_hubs", False):
        warning = (
            f"{referral.pupil.school.local_authority.name} has no district SEND and Inclusion hub in the portal "
            "yet, so this referral cannot be sent. Your answers are saved as a draft."
        )

    def save(data) -> str:
        services.referral_update(actor=request.user, referral=referral, **{name: data[name] for name in config.fields})
        return _next_url(referral, config.slug, request)

    number = ORDER.index(config.slug) + 1
    return form_page(
        request,
        form,
        on_valid=save,
        title=config.title,
        caption=f"Referral of {referral.pupil.name} – step {number} of {len(ORDER)}",
        warning=warning,
        back_url=reverse("referrals:check", kwargs={"pk": referral.pk})
        if request.GET.get("from") == "check"
        else (
            reverse("referrals:step", kwargs={"pk": referral.pk, "step": ORDER[number - 2]})
            if number > 1
            else reverse("referrals:detail", kwargs={"pk": referral.pk})
        ),
    )


def consent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _editable(request, pk)
    existing = Consent.objects.filter(referral=referral).first()
    initial = {}
    if existing is not None:
        initial = {
            "given_by": "young_person" if existing.given_by_young_person else str(existing.given_by_contact_id or ""),
            "method": existing.method,
            "given_on": existing.given_on,
            "covers": [
                a
                for a, f in (
                    ("education", existing.covers_education),
                    ("health", existing.covers_health),
                    ("social_care", existing.covers_social_care),
                )
                if f
            ],
        }
        if existing.taken_at:
            local = timezone.localtime(existing.taken_at)
            initial.update({"taken_on": local.date(), "taken_time": local.strftime("%H:%M")})
        initial["explained"] = existing.explained
    initial["taken_by"] = (existing.taken_by if existing is not None else "") or request.user.full_name
    form = ConsentForm(
        posted(request),
        posted_files(request),
        initial=initial,
        pupil=referral.pupil,
        has_document=bool(existing is not None and existing.document),
    )

    def save(data) -> str:
        services.consent_record(
            actor=request.user, referral=referral, **form.consent_values(), **form.consent_details()
        )
        return _next_url(referral, "consent", request)

    no_contacts = not form.fields["given_by"].choices
    intro = (
        "The child's record has no parent or carer with parental responsibility yet. Add one on the child's page first."
        if no_contacts
        else (
            "Only a parent or carer with parental responsibility (or the young person, at 16 or over) can give consent."
        )
    )
    return form_page(
        request,
        form,
        on_valid=save,
        title="Consent",
        caption=f"Referral of {referral.pupil.name} – step 6 of {len(ORDER)}",
        intro=intro,
        back_url=reverse("referrals:step", kwargs={"pk": referral.pk, "step": "hub"}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _editable(request, pk)
    if request.method == "POST":
        try:
            services.referral_submit(actor=request.user, referral=referral)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("referrals:check", pk=referral.pk)
        return redirect("referrals:sent", pk=referral.pk)
    consent_record = Consent.objects.filter(referral=referral).select_related("given_by_contact").first()
    problems = []
    for step_config in STEPS:
        for name in step_config.fields:
            if name in ("concern", "needs", "support_tried") and not getattr(referral, name).strip():
                problems.append((step_config.slug, f"Describe {Referral._meta.get_field(name).verbose_name}"))
    if referral.hub_id is None:
        problems.append(("hub", "Choose the district hub"))
    problem = consent_problem(referral)
    if problem:
        problems.append(("consent", problem))
    return render(
        request,
        "referrals/intake/check.html",
        {
            "referral": referral,
            "consent": consent_record,
            "problems": problems,
            "has_errors": bool(problems),
            "sections": content_sections(referral),
        },
    )


@login_required
@require_http_methods(["GET"])
def sent(request: HttpRequest, pk: int) -> HttpResponse:
    referral = access.get_visible_or_404(Referral.objects.select_related("pupil", "hub"), request.user, pk=pk)
    if referral.status in (Referral.Status.DRAFT,) or not access.can(request.user, referral, access.EDIT):
        return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/intake/sent.html", {"referral": referral})
