"""Named demo records that routes need in their URLs, found by their natural keys.

Each app adds its records here as it lands, so the matrix and the crawl can build URLs.
"""

from typing import Any

from sendhub.models import School


def load() -> dict[str, Any]:
    return {
        "school_a": School.objects.get(urn="990101"),
        "school_b": School.objects.get(urn="990102"),
        **_ehc(),
    }


# --- EHC: demo cases from pupils/demo_ehc.py, by their pupils' UPNs --------------------------


def _ehc() -> dict[str, Any]:
    from pupils.demo_ehc import demo_upns
    from pupils.models import AnnualReview, EHCAssessment, EHCPlan, Pupil

    upns = demo_upns()
    return {
        # Decided not to assess: a new request can be recorded.
        "ehc_pupil_for_request": Pupil.objects.get(upn=upns["not_assessed"]),
        "ehc_awaiting": EHCAssessment.objects.get(pupil__upn=upns["awaiting"]),
        "ehc_assessing": EHCAssessment.objects.get(pupil__upn=upns["assessing"]),
        "ehc_draft": EHCAssessment.objects.get(pupil__upn=upns["draft"]),
        "ehc_plan_naming_hub": EHCPlan.objects.get(pupil__upn=upns["final_on_time"]),
        "ehc_plan_with_transfer": EHCPlan.objects.get(pupil__upn=upns["phase_transfer"]),
        "ehc_review_amended": AnnualReview.objects.get(plan__pupil__upn=upns["amended"]),
        "ehc_review_transfer": AnnualReview.objects.get(plan__pupil__upn=upns["phase_transfer"], is_phase_transfer=True),
    }
