"""Statuses in words a parent understands, each with a hint saying what happens next: one mapping.

Pages show a status with `{% plain_status "<kind>" code %}` (sendhub_tags), never the code or a
terse word ("Do", "Open"). The kinds are named here as strings so the core imports no app; a test
checks every code each app defines has its words (tests/sendhub/test_plain_words.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlainStatus:
    label: str  # a short sentence: the tag
    hint: str  # what happens next
    colour: str = "grey"

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"


WORDS: dict[str, dict[str, PlainStatus]] = {
    # SEN support cycles (pupils.support.SupportCycle.stage): assess, plan, do, review.
    "support": {
        "Plan": PlainStatus(
            "Planning support",
            "The school is agreeing with you what support your child will get and when it will be reviewed.",
            "blue",
        ),
        "Do": PlainStatus(
            "Support is happening",
            "Your child is getting the support that was agreed. The school will look at how it is going with you on "
            "the review date.",
            "blue",
        ),
        "Reviewed": PlainStatus(
            "Support reviewed",
            "The school has looked at how the support went and agreed the next step with you.",
            "green",
        ),
    },
    # Referrals to a district hub (referrals.Referral.Status).
    "referral": {
        "draft": PlainStatus(
            "The school is writing the referral",
            "The hub sees it only once the school sends it. Nothing is shared before that.",
        ),
        "submitted": PlainStatus(
            "Sent to the hub",
            "The hub's coordinator will read it and decide whether it goes to a hub meeting.",
            "blue",
        ),
        "more_information": PlainStatus(
            "The hub asked the school for more information",
            "The school will add what the hub needs and send the referral back.",
            "yellow",
        ),
        "accepted": PlainStatus(
            "To be talked about at a hub meeting",
            "The hub will talk about your child's needs at a meeting and agree what happens next.",
            "turquoise",
        ),
        "discussed": PlainStatus(
            "Talked about at a hub meeting",
            "The school will tell you what was agreed and who will do what.",
            "turquoise",
        ),
        "declined": PlainStatus(
            "The hub did not take the referral on",
            "The hub has told the school why. The school will talk to you about other support.",
            "red",
        ),
        "closed": PlainStatus(
            "The hub's work has finished",
            "What was agreed is on this page. Ask the school if you have questions.",
            "green",
        ),
        "escalated": PlainStatus(
            "Passed to a wider group of services",
            "The Locality Management Group will talk about your child's needs and agree what happens next.",
            "orange",
        ),
        "withdrawn": PlainStatus(
            "Stopped because consent was withdrawn",
            "The hub can no longer see the referral. The school can start a new one if you agree.",
            "red",
        ),
    },
    # A statutory date of an EHC needs assessment or plan (pupils.ehc.deadlines outcomes).
    "deadline": {
        "open": PlainStatus("Not due yet", "The local authority must do this by the date shown.", "blue"),
        "overdue": PlainStatus(
            "Late",
            "The date set in law has passed. You can ask the local authority's SEND team when it will happen.",
            "red",
        ),
        "met": PlainStatus("Done on time", "This was done by the date set in law.", "green"),
        "missed": PlainStatus("Done late", "This was done after the date set in law.", "red"),
        "waiting": PlainStatus("Not started yet", "This starts when the step before it is done."),
        "conditional": PlainStatus("Only if the plan changes", "This happens only if the plan is to be changed."),
        "not_applicable": PlainStatus("Not needed", "This step does not apply to your child's case."),
        "lifted": PlainStatus(
            "Time limit paused",
            "Something outside the local authority's control means the usual time limit does not apply.",
            "yellow",
        ),
        "ended": PlainStatus("Time for comments has ended", "The 15 days to comment have passed."),
        "not_recorded": PlainStatus("Not recorded", "The local authority did not record this step."),
    },
    # An EHC needs assessment as it stands (pupils.ehc.EHCAssessment.status).
    "ehc_assessment": {
        "Deciding whether to assess": PlainStatus(
            "The local authority is deciding whether to assess",
            "It must tell you within 6 weeks of the request whether it will assess your child's needs.",
            "blue",
        ),
        "Assessing": PlainStatus(
            "Your child's needs are being assessed",
            "The local authority is asking for advice from you, the school and others. A draft plan, or a letter "
            "saying no plan will be made, comes next.",
            "blue",
        ),
        "Draft plan served": PlainStatus(
            "A draft plan has been sent to you",
            "You have 15 days to comment and to say which school you would like. The final plan comes next.",
            "blue",
        ),
        "Final plan issued": PlainStatus(
            "The final plan has been issued", "It is reviewed at least once a year.", "green"
        ),
        "Decided not to assess": PlainStatus(
            "The local authority decided not to assess",
            "Its letter explains why and how you can appeal or ask for mediation.",
        ),
        "Decided not to issue a plan": PlainStatus(
            "The local authority decided not to make a plan",
            "Its letter explains why and how you can appeal or ask for mediation.",
        ),
    },
    # A public consultation as the public sees it (consultations.Consultation phases).
    "consultation": {
        "scheduled": PlainStatus("Not open yet", "You can give your views from the opening date.", "blue"),
        "open": PlainStatus(
            "Open for your views",
            "Anyone can respond. Every response sent before it closes is read.",
            "green",
        ),
        "closed": PlainStatus(
            "Closed to new views", "Responses are being read. What was decided will be published here."
        ),
        "outcome_published": PlainStatus(
            "Decision published", "Read what people said and what will happen below.", "green"
        ),
    },
}

# A target from guidance or practice (not a date set in law) on an EHC case: the same words, except
# that missing it is not "late" in law.
WORDS["ehc_target"] = {
    **WORDS["deadline"],
    "overdue": PlainStatus(
        "Past the target date",
        "This is a target the local authority works to, not a date set in law. You can ask the SEND team about it.",
        "yellow",
    ),
    "met": PlainStatus("Done by the target date", "This was done by the date the local authority aims for.", "green"),
    "missed": PlainStatus(
        "Done after the target date", "This was done after the date the local authority aims for.", "yellow"
    ),
}
# A period given to someone else (the parent's 15 days to comment): running out is nobody's lateness.
WORDS["ehc_period"] = {
    **WORDS["deadline"],
    "open": PlainStatus("Time still to run", "You can still send your views by the date shown.", "blue"),
}


def plain_status(kind: str, code: str) -> PlainStatus:
    """The words for `code`; an unknown code is shown as itself rather than failing the page."""
    found = WORDS.get(kind, {}).get(str(code))
    return found or PlainStatus(str(code).replace("_", " ").capitalize(), "")
