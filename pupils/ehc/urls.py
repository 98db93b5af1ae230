"""EHC needs assessments, plans and reviews (joined to pupils/urls.py, namespace "pupils")."""

from django.urls import path

from pupils.ehc.views import assessments as ehc
from pupils.ehc.views import caseload as ehc_caseload
from pupils.ehc.views import reviews as ehc_reviews

urlpatterns = [
    # The local authority's caseload.
    path("ehc/", ehc_caseload.caseload, name="ehc_caseload"),
    path("ehc/caseload.csv", ehc_caseload.caseload_csv, name="ehc_caseload_csv"),
    path("ehc/reviews-due/", ehc_caseload.reviews_due, name="ehc_reviews_due"),
    path("ehc/timeliness/", ehc_caseload.timeliness, name="ehc_timeliness"),
    # A request for a pupil, then the assessment case and its steps.
    path("<int:pk>/ehc/request/", ehc.request_create, name="ehc_request"),
    path("ehc/assessments/<int:pk>/", ehc.assessment_detail, name="ehc_assessment"),
    path("ehc/assessments/<int:pk>/request/", ehc.assessment_request_change, name="ehc_assessment_request"),
    path("ehc/assessments/<int:pk>/decision/", ehc.assessment_decision, name="ehc_assessment_decision"),
    path("ehc/assessments/<int:pk>/not-to-issue/", ehc.assessment_not_to_issue, name="ehc_assessment_not_to_issue"),
    path("ehc/assessments/<int:pk>/draft/", ehc.assessment_draft, name="ehc_assessment_draft"),
    path("ehc/assessments/<int:pk>/comments/", ehc.assessment_comments, name="ehc_assessment_comments"),
    path("ehc/assessments/<int:pk>/consultation/", ehc.assessment_consultation, name="ehc_assessment_consultation"),
    path("ehc/assessments/<int:pk>/final-plan/", ehc.assessment_final, name="ehc_assessment_final"),
    path("ehc/assessments/<int:pk>/exceptions/add/", ehc.exception_add, name="ehc_exception_add"),
    path("ehc/assessments/<int:pk>/advice/add/", ehc.assessment_advice_add, name="ehc_assessment_advice_add"),
    # The plan and its annual reviews.
    path("ehc/plans/<int:pk>/", ehc_reviews.plan_detail, name="ehc_plan"),
    path("ehc/plans/<int:pk>/phase-transfer/", ehc_reviews.plan_transfer, name="ehc_plan_transfer"),
    path("ehc/plans/<int:pk>/case-officer/", ehc_reviews.plan_case_officer, name="ehc_plan_case_officer"),
    path("ehc/assessments/<int:pk>/case-officer/", ehc.assessment_case_officer, name="ehc_assessment_case_officer"),
    path("ehc/plans/<int:pk>/reviews/add/", ehc_reviews.review_add, name="ehc_review_add"),
    path("ehc/reviews/<int:pk>/", ehc_reviews.review_detail, name="ehc_review"),
    path("ehc/reviews/<int:pk>/meeting/", ehc_reviews.review_meeting, name="ehc_review_meeting"),
    path("ehc/reviews/<int:pk>/report/", ehc_reviews.review_report, name="ehc_review_report"),
    path("ehc/reviews/<int:pk>/decision/", ehc_reviews.review_decision, name="ehc_review_decision"),
    path("ehc/reviews/<int:pk>/amendment-notice/", ehc_reviews.review_notice, name="ehc_review_notice"),
    path("ehc/reviews/<int:pk>/amended-plan/", ehc_reviews.review_amended_plan, name="ehc_review_amended_plan"),
    path("ehc/reviews/<int:pk>/advice/add/", ehc_reviews.review_advice_add, name="ehc_review_advice_add"),
]
