"""Parents see statuses in plain words with a hint saying what happens next, from one mapping."""

import re

import pytest
from django.urls import reverse

from consultations.models import Consultation
from pupils.ehc import deadlines
from pupils.models import Contact, EHCAssessment, SupportCycle
from referrals.models import Referral
from sendhub.plain_words import WORDS, plain_status
from tests.world import build_world

# Words a tag must never show on its own: codes, the graduated approach's stages, terse outcomes.
BARE = {"Do", "Plan", "Review", "Reviewed", "Open", "Overdue", "Met", "Missed", "Assessing"}
BARE |= {value for value, _ in Referral.Status.choices} | {label for _, label in Referral.Status.choices}


def _outcomes() -> set[str]:
    return {
        value
        for name, value in vars(deadlines).items()
        if name.isupper() and isinstance(value, str) and value in deadlines._TAGS
    }


@pytest.mark.parametrize(
    "kind, codes",
    [
        ("referral", [value for value, _ in Referral.Status.choices]),
        ("support", ["Plan", "Do", "Reviewed"]),
        ("deadline", sorted(_outcomes())),
        ("consultation", ["scheduled", "open", "closed", "outcome_published"]),
    ],
)
def test_every_status_has_plain_words_and_a_hint(kind, codes):
    for code in codes:
        words = WORDS[kind][code]
        assert words.label not in BARE and words.label != code
        assert words.hint.endswith(".") and len(words.hint.split()) >= 5


def test_every_ehc_assessment_status_has_plain_words():
    statuses = {
        "Deciding whether to assess",
        "Assessing",
        "Draft plan served",
        "Final plan issued",
        "Decided not to assess",
        "Decided not to issue a plan",
    }
    assert statuses == set(WORDS["ehc_assessment"])
    assert EHCAssessment(decision=EHCAssessment.Decision.ASSESS).status in statuses


def test_the_support_stage_do_is_never_shown_as_do():
    assert SupportCycle(review_date="2026-11-20", responsible="Ms Senco").stage == "Do"
    assert plain_status("support", "Do").label == "Support is happening"


def test_an_unknown_code_is_shown_as_words_not_a_failure():
    assert plain_status("referral", "on_hold").label == "On hold"


def _tags(html: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<strong class="govuk-tag[^"]*">(.*?)</strong>', html, re.S)
    ]


@pytest.fixture
def world(db):
    return build_world()


def test_the_demo_parent_sees_no_bare_status_on_their_childs_pages(client, world):
    parent = world.users["parent"]
    client.force_login(parent)
    pages = []
    for contact in Contact.objects.filter(user=parent).select_related("pupil"):
        pupil = contact.pupil
        pages.append(reverse("pupils:detail", args=[pupil.pk]))
        pages += [reverse("pupils:cycle", args=[c.pk]) for c in SupportCycle.objects.filter(pupil=pupil)]
        pages += [reverse("referrals:detail", args=[r.pk]) for r in Referral.objects.filter(pupil=pupil)]
    pages.append(reverse("referrals:list"))
    shown = []
    for url in pages:
        response = client.get(url)
        if response.status_code != 200:
            continue
        html = response.content.decode()
        tags = _tags(html)
        assert not BARE & set(tags), (url, tags)
        shown += tags
        for tag in tags:  # on a page about one child, each status says what happens next
            words = next((w for kind in WORDS.values() for w in kind.values() if w.label == tag), None)
            if words and url != reverse("referrals:list"):
                assert words.hint in html.replace("&#x27;", "'"), (url, tag)
    plain = {w.label for kind in WORDS.values() for w in kind.values()}
    assert plain & set(shown), "the parent's pages showed no status at all"


def test_the_public_consultation_says_it_is_open_for_views(client, world):
    consultation = next(c for c in Consultation.objects.all() if c.phase() == Consultation.State.OPEN)
    html = client.get(reverse("consultations:public_detail", args=[consultation.slug])).content.decode()
    assert "Open for your views" in html and "Every response sent before it closes is read." in html


def test_the_ehc_deadlines_table_shows_plain_words_for_each_kind_of_date():
    """An EHC case's deadlines in plain words: no bare "Open" or "Overdue"; a missed target is not "late" in law."""
    from django.template.loader import render_to_string

    rows = [
        deadlines.DeadlineRow("a", "Decide whether to assess", "rule", deadlines.OVERDUE, kind=deadlines.DEADLINE),
        deadlines.DeadlineRow("b", "Draft plan", "rule", deadlines.OVERDUE, kind=deadlines.GUIDANCE),
        deadlines.DeadlineRow("c", "Your comments", "rule", deadlines.OPEN, kind=deadlines.PERIOD),
        deadlines.DeadlineRow("d", "Final plan", "rule", deadlines.MET, kind=deadlines.DEADLINE),
    ]
    html = render_to_string("pupils/ehc/_deadlines.html", {"rows": rows, "caption": "Deadlines"})
    tags = re.findall(r'<strong class="govuk-tag[^"]*">([^<]+)</strong>', html)
    assert tags == ["Late", "Past the target date", "Time still to run", "Done on time"]
    assert not BARE & set(tags)


# templates/includes/plain_status.html, which the `plain_status` tag rendered until issue 19.
PLAIN_STATUS_TEMPLATE = (
    "{% comment %}A status in plain words (sendhub.plain_words), with its hint saying what happens next unless "
    "hint=False.{% endcomment %}\n"
    '<strong class="govuk-tag {{ status.tag_class }}">{{ status.label }}</strong>{% if show_hint and status.hint %}'
    '<span class="govuk-hint govuk-!-display-block govuk-!-margin-top-1 govuk-!-margin-bottom-0">{{ status.hint }}'
    "</span>{% endif %}\n"
)


def test_the_plain_status_tag_writes_what_its_template_wrote():
    from django.template import Context, Template

    old = Template(PLAIN_STATUS_TEMPLATE)
    new = Template(
        "{% load sendhub_tags %}{% if given %}{% plain_status kind code hint=hint %}{% else %}"
        "{% plain_status kind code %}{% endif %}"
    )
    cases = [(kind, code) for kind, words in WORDS.items() for code in words] + [("referral", "a_new_code<&>")]
    for kind, code in cases:
        for given, hint in ((False, True), (True, True), (True, False), (True, "")):
            expected = old.render(Context({"status": plain_status(kind, code), "show_hint": hint}))
            assert new.render(Context({"kind": kind, "code": code, "given": given, "hint": hint})) == expected
