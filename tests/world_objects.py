"""Named demo records that routes need in their URLs, found by their natural keys.

Each app adds its records here as it lands, so the matrix and the crawl can build URLs.
"""

from typing import Any

from hubs.models import GiasImport
from pupils.models import Contact, Pupil, PupilImport, SupportCycle
from pupils.services.imports import import_check
from sendhub.models import LocalAuthority, School, User

PUPIL_IMPORT_CSV = b"UPN,Forename,Surname,Date of birth,Year,SEN provision,Primary need\n"


def load() -> dict[str, Any]:
    school_a = School.objects.get(urn="990101")
    maya = Pupil.objects.get(legal_first_name="Maya", legal_last_name="Thornton", school=school_a)
    open_cycle = SupportCycle.objects.get(pupil=maya, reviewed_on__isnull=True)
    senco_a = User.objects.get(email="senco.a@example.org")
    batch = PupilImport.objects.filter(school=school_a).first() or import_check(
        actor=senco_a, school=school_a, filename="demo.csv",
        raw=PUPIL_IMPORT_CSV + b"A990310119901,Test,Importer,01/02/2018,3,K,SLCN\n",
    )
    return {
        "school_a": school_a,
        "school_b": School.objects.get(urn="990102"),
        "pupil_a": maya,
        "contact_a": Contact.objects.get(pupil=maya, name="Jo Whitlock"),
        "cycle_a": open_cycle,
        "outcome_a": open_cycle.outcomes.first(),
        "provision_a": open_cycle.provisions.first(),
        "import_a": batch,
        "gias_import_a": _gias_import(User.objects.get(email="la.officer@example.org")),
    }


def _gias_import(la_officer: User) -> GiasImport:
    """A finished GIAS import by the Wessex LA officer, with skipped rows for the table."""
    record = GiasImport.objects.filter(uploaded_by=la_officer).first()
    if record is None:
        record = GiasImport.objects.create(
            uploaded_by=la_officer, filename="edubasealldata20261101.csv", status=GiasImport.Status.DONE,
            rows=4, created=1, updated=1, unchanged=0, skipped=2,
            skipped_rows=[
                {"row": 3, "urn": "", "reason": "No URN"},
                {"row": 5, "urn": "999012", "reason": "belongs to another local authority"},
            ],
        )
        record.local_authorities.set([LocalAuthority.objects.get(code="990")])
    return record
