"""Pages for school SEND reviews: the framework, reviews, judgements, action plans, progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from sendhub.http import form_page, posted
from sendhub.models import School

from . import reviews
from .forms import ActionForm, AreaForm, GradeForm, JudgementsForm, ProgressForm, ReviewForm
from .models import ReviewAction
from .selectors import managed_hubs


def _hub_or_404(request: HttpRequest, pk: int):
    return get_object_or_404(managed_hubs(request.user), pk=pk)


@login_required
@require_GET
def review_list(request: HttpRequest) -> HttpResponse:
    rows = list(reviews.visible_reviews(request.user).order_by("school__name", "-reviewed_on"))
    today = timezone.localdate()
    actions = ReviewAction.objects.filter(review__in=[r.pk for r in rows]).select_related("review__school")
    overdue = [a for a in actions if a.status == ReviewAction.Status.OPEN and a.milestone_on < today]
    return render(
        request,
        "trusthub/reviews.html",
        {"reviews": rows, "overdue": overdue, "hubs": list(managed_hubs(request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_or_404(request, pk)

    def on_valid(data) -> str:
        reviews.review_area_add(actor=request.user, hub=hub, **data)
        return reverse("trusthub:framework", args=[hub.pk])

    return form_page(
        request,
        AreaForm(posted(request)),
        on_valid=on_valid,
        title=f"{hub.name}: review framework",
        template="trusthub/framework.html",
        hub=hub,
        areas=list(hub.review_areas.all()),
        grades=list(hub.review_grades.all()),
        back_url=reverse("trusthub:reviews"),
        success="The area is added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def grade_add(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_or_404(request, pk)

    def on_valid(data) -> str:
        reviews.review_grade_add(actor=request.user, hub=hub, **data)
        return reverse("trusthub:framework", args=[hub.pk])

    return form_page(
        request,
        GradeForm(posted(request)),
        on_valid=on_valid,
        title="Add a grade to the framework",
        caption=hub.name,
        intro="Grades are listed best first, in the order you add them.",
        back_url=reverse("trusthub:framework", args=[hub.pk]),
        success="The grade is added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    hub = _hub_or_404(request, pk)
    form = ReviewForm(posted(request), schools=list(School.objects.filter(trust_id=hub.trust_id).order_by("name")))

    def on_valid(data) -> str:
        data = dict(data, school=form.schools[data["school"]])
        review = reviews.review_create(actor=request.user, hub=hub, **data)
        return reverse("trusthub:review", args=[review.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title="Record a school SEND review",
        caption=hub.name,
        back_url=reverse("trusthub:reviews"),
        success="The review is saved",
    )


@login_required
@require_GET
def review(request: HttpRequest, pk: int) -> HttpResponse:
    item = reviews.review_or_404(request.user, pk)
    actions = list(item.actions.prefetch_related("progress"))
    return render(
        request,
        "trusthub/review.html",
        {
            "review": item,
            "judgements": item.judgements.select_related("area", "grade"),
            "actions": actions,
            "manages": reviews.can_manage(request.user, item.hub),
            "may_record": reviews.may_record_progress(request.user, item),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def judgements(request: HttpRequest, pk: int) -> HttpResponse:
    item = reviews.review_or_404(request.user, pk)
    if not reviews.can_manage(request.user, item.hub):
        raise Http404
    initial = {f"area_{j.area_id}": str(j.grade_id) for j in item.judgements.all()}
    form = JudgementsForm(
        posted(request),
        areas=list(item.hub.review_areas.all()),
        grades=list(item.hub.review_grades.all()),
        initial=initial,
    )

    def on_valid(data) -> str:
        reviews.judgements_record(actor=request.user, review=item, grades=form.grades())
        return reverse("trusthub:review", args=[item.pk])

    return form_page(
        request,
        form,
        on_valid=on_valid,
        title=f"Judgements: {item.school.name}",
        intro="A grade of the trust's framework for each area.",
        back_url=reverse("trusthub:review", args=[item.pk]),
        success="The judgements are saved",
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = reviews.review_or_404(request.user, pk)
    if not reviews.can_manage(request.user, item.hub):
        raise Http404

    def on_valid(data) -> str:
        reviews.action_add(actor=request.user, review=item, **data)
        return reverse("trusthub:review", args=[item.pk]) + "#action-plan"

    return form_page(
        request,
        ActionForm(posted(request)),
        on_valid=on_valid,
        title=f"Add an action: {item.school.name}",
        back_url=reverse("trusthub:review", args=[item.pk]),
        success="The action is added",
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(ReviewAction.objects.select_related("review"), pk=pk)
    item = reviews.review_or_404(request.user, action.review_id)
    if not reviews.may_record_progress(request.user, item) or action.status == ReviewAction.Status.DONE:
        raise Http404

    def on_valid(data) -> str:
        reviews.progress_record(actor=request.user, action=action, **data)
        return reverse("trusthub:review", args=[item.pk]) + "#action-plan"

    return form_page(
        request,
        ProgressForm(posted(request)),
        on_valid=on_valid,
        title="Record progress on an action",
        caption=f"{item.school.name} SEND review",
        intro=action.action,
        back_url=reverse("trusthub:review", args=[item.pk]),
        success="Progress is recorded",
    )
