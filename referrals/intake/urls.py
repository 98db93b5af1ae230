from django.urls import path

from referrals.intake.views import cases, journey

app_name = "referrals"

urlpatterns = [
    path("", cases.referral_list, name="list"),
    path("inbox/", cases.inbox, name="inbox"),
    path("new/", journey.start, name="start"),
    path("<int:pk>/", cases.detail, name="detail"),
    path("<int:pk>/check/", journey.check, name="check"),
    path("<int:pk>/sent/", journey.sent, name="sent"),
    path("<int:pk>/accept/", cases.accept, name="accept"),
    path("<int:pk>/request-information/", cases.request_information, name="request_information"),
    path("<int:pk>/decline/", cases.decline, name="decline"),
    path("<int:pk>/pass/", cases.pass_on, name="pass"),
    path("<int:pk>/withdraw-consent/", cases.withdraw_consent, name="withdraw_consent"),
    path("<int:pk>/consent-form/", cases.consent_document, name="consent_document"),
    path("<int:pk>/referral.pdf", cases.pdf, name="pdf"),
    path("<int:pk>/<slug:step>/", journey.step, name="step"),
]
