"""The referral lists' rows and a meeting's agenda rows are written in the view (issue 19), not by a
template per row: they must be the markup the templates wrote, byte for byte. The templates they
replace are kept here as the reference."""

import re
from datetime import UTC, datetime, timedelta

from django.template import Context, Template, engines
from django.urls import reverse
from django.utils.html import escape

from referrals.intake import services
from referrals.meetings.services import agenda_add_case, agenda_add_other, agenda_remove
from referrals.models import AgendaItem, CaseDiscussion, Referral
from tests.factories import ContactFactory, PupilFactory
from tests.referrals.conftest import verbal

LIST_ROW = """
        <tr class="govuk-table__row">
          <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'referrals:detail' referral.pk %}">{{ referral.pupil.name }}</a><br><span class="govuk-body-s">{{ referral.school.name }}</span></td>
          <td class="govuk-table__cell">{{ referral.hub.name|default:"Not chosen yet" }}</td>
          <td class="govuk-table__cell"><span class="app-nowrap">{{ referral.created_at|date:"j M Y" }}</span></td>
          <td class="govuk-table__cell"><span class="app-nowrap">{{ referral.submitted_at|date:"j M Y"|default:"Not yet" }}</span></td>
          <td class="govuk-table__cell">{% include "referrals/intake/_status_tag.html" %}</td>
        </tr>
      """  # noqa: E501

INBOX_ROW = """
        <tr class="govuk-table__row">
          <td class="govuk-table__cell"><a class="govuk-link" href="{% url 'referrals:detail' referral.pk %}">{{ referral.pupil.name }}</a></td>
          <td class="govuk-table__cell">{{ referral.school.name }}</td>
          <td class="govuk-table__cell">{{ referral.hub.name }}</td>
          <td class="govuk-table__cell"><span class="app-nowrap">{{ referral.submitted_at|date:"j M Y" }}</span></td>
        </tr>
      """  # noqa: E501

AGENDA = """{% for item in items %}
      <li>
        {% if item.referral_id %}
          {% with case=item.shown_case %}
          {% if case %}
            <a class="govuk-link" href="{{ item.case_url }}">{{ case.pupil.name }}</a>, {{ case.pupil.school.name }}
          {% else %}
            A case that is not shared with you (consent does not cover your agency)
          {% endif %}
          {% endwith %}
          <strong class="govuk-tag govuk-tag--grey">{{ item.get_kind_display }}</strong>
          {% if item.pk in discussed %}<strong class="govuk-tag govuk-tag--green">Minutes recorded</strong>{% endif %}
        {% else %}
          {{ item.title }}
        {% endif %}
        {% if may_edit and meeting.status == "scheduled" %}
          <span class="govuk-body-s">
            {% if not forloop.first %}<form method="post" action="{% url 'meetings:agenda_move' item.pk %}" class="app-inline-form">{% csrf_token %}<input type="hidden" name="direction" value="up"><button type="submit" class="app-link-button govuk-!-font-size-16">Move up<span class="govuk-visually-hidden"> item {{ forloop.counter }}</span></button></form>{% endif %}
            {% if not forloop.last %}<form method="post" action="{% url 'meetings:agenda_move' item.pk %}" class="app-inline-form">{% csrf_token %}<input type="hidden" name="direction" value="down"><button type="submit" class="app-link-button govuk-!-font-size-16">Move down<span class="govuk-visually-hidden"> item {{ forloop.counter }}</span></button></form>{% endif %}
            {% if item.pk not in discussed %}<a class="govuk-link govuk-!-font-size-16" href="{% url 'meetings:agenda_remove' item.pk %}">Take off<span class="govuk-visually-hidden"> item {{ forloop.counter }}</span></a>{% endif %}
          </span>
        {% endif %}
      </li>
      {% endfor %}"""  # noqa: E501


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def _referred(personas, n: int, first_name: str = "Sam") -> list[Referral]:
    made = []
    for i in range(n):
        pupil = PupilFactory(school=personas.school_a, legal_first_name=first_name, legal_last_name=f"O'Neil & Co {i}")
        contact = ContactFactory(pupil=pupil, name="Parent Persona")
        referral = services.referral_start(actor=personas.senco_a, pupil=pupil)
        services.referral_update(actor=personas.senco_a, referral=referral, concern="c", needs="n", support_tried="s")
        verbal(personas, referral, given_by_contact=contact)
        made.append(services.referral_submit(actor=personas.senco_a, referral=referral))
    return made


def test_dates_read_as_the_date_filter_writes_them_in_local_time():
    from referrals.intake.views.cases import _short_date

    template = Template('{{ moment|date:"j M Y" }}')
    start = datetime(2025, 1, 1, 0, 30, tzinfo=UTC)
    for hours in range(0, 2 * 366 * 24, 7):
        moment = start + timedelta(hours=hours)
        assert _short_date(moment) == template.render(Context({"moment": moment}))
    assert _short_date(None) == ""


def test_the_referral_list_rows_are_the_template_rows(client_for, personas, hubs, child):
    submitted = _referred(personas, 3)
    submitted[0].pupil.preferred_first_name = "<Bo>"
    submitted[0].pupil.save()
    # A draft: not sent yet, and (as a hub may be) none chosen yet.
    draft = services.referral_start(actor=personas.senco_a, pupil=child)
    Referral.objects.filter(pk=draft.pk).update(hub=None)
    Referral.objects.filter(pk=submitted[1].pk).update(created_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC))
    response = client_for(personas.senco_a).get(reverse("referrals:list"))
    rows = response.context["page"].object_list
    assert len(rows) == 4 and any(r.hub_id is None for r in rows)
    for referral in rows:
        assert referral.row == _render(LIST_ROW, referral=referral)
    page = response.content.decode()
    assert "Not chosen yet" in page and "Not yet" in page and "&lt;Bo&gt;" in page and "1 Jul 2026" in page


def test_the_inbox_rows_are_the_template_rows(client_for, personas, hubs):
    _referred(personas, 3)
    response = client_for(personas.coordinator).get(reverse("referrals:inbox"))
    rows = response.context["page"].object_list
    assert len(rows) == 3
    for referral in rows:
        assert referral.row == _render(INBOX_ROW, referral=referral)


def _agenda_html(page: str) -> str:
    start = page.index('<ol class="govuk-list govuk-list--number">') + len('<ol class="govuk-list govuk-list--number">')
    section = page[start : page.index("</ol>", start)].strip()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", section)


def _reference_agenda(response, page: str) -> str:
    context = response.context
    cases = context["cases"]
    for item in context["items"]:
        item.shown_case = cases.get(item.referral_id) if item.referral_id else None
    reference = (
        engines["django"]
        .from_string(AGENDA)
        .render(
            {
                "items": context["items"],
                "discussed": context["discussed"],
                "may_edit": context["may_edit"],
                "meeting": context["meeting"],
                "csrf_token": "token",
            }
        )
    )
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", reference.strip())


def test_the_agenda_rows_are_the_template_rows(client_for, personas, hubs, meeting):
    referrals = _referred(personas, 4)
    items = [
        agenda_add_case(meeting=meeting, referral=r, kind=AgendaItem.Kind.NEW, actor=personas.coordinator)
        for r in referrals
    ]
    agenda_add_other(meeting=meeting, title="Budget <&> O'Brien", actor=personas.coordinator)
    agenda_remove(item=items[3], reason="Consent <withdrawn>", actor=personas.coordinator)
    CaseDiscussion.objects.create(
        agenda_item=items[1],
        referral=referrals[1],
        discussion="d",
        outcome="continue",
        recorded_by=personas.coordinator,
    )
    url = reverse("meetings:detail", args=[meeting.pk])
    for user in (personas.coordinator, personas.panel):
        # Scheduled (with the coordinator's controls to move and take off items), then held.
        response = client_for(user).get(url)
        page = response.content.decode()
        assert _agenda_html(page) == _reference_agenda(response, page)
    assert "Minutes recorded" in page and "Budget &lt;&amp;&gt; O&#x27;Brien" in page
    meeting.status = "held"
    meeting.starts_at -= timedelta(days=30)
    meeting.ends_at -= timedelta(days=30)
    meeting.save()
    response = client_for(personas.coordinator).get(url)
    page = response.content.decode()
    assert "Move up" not in page and _agenda_html(page) == _reference_agenda(response, page)
    assert f"{escape(referrals[3].pupil.name)}: Consent &lt;withdrawn&gt;" in page
