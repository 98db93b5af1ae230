"""Issue 19: the pupil list at county scale.

- The same number of queries whatever the number of pupils, for the list and each filter.
- Pages past the middle are read from the end (BothEndsPaginator): the same rows, in the same
  order, as reading from the start, with exact counts and GOV.UK pagination.
- "Fewer than 3 meetings with parents this year" reads `Pupil.parent_meetings_count`, kept by
  every service that writes a meeting; a count kept for an earlier academic year is 0.
- Name search finds legal and preferred names (trigram indexes on PostgreSQL, scans on SQLite).
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from pupils.models import ParentMeeting, Pupil
from pupils.records.forms import PupilFilter
from pupils.records.selectors import BothEndsPaginator
from pupils.support import services
from pupils.support.selectors import support_figures, with_flags
from sendhub.dates import LONDON
from tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"page": "999999"},
    {"page": "2"},
    {"q": "Alex Scale"},
    {"q": "scale"},
    {"few_meetings": "true"},
    {"provision": "K", "need": "SLCN", "year": "3"},
]


@pytest.fixture
def frozen_today():
    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False):
        yield


def _pupils(personas, count: int, school=None) -> None:
    for n in range(count):
        pupil = PupilFactory(
            school=school or (personas.school_a if n % 2 else personas.school_b),
            legal_first_name=["Alex", "Sam", "Riley"][n % 3],
            legal_last_name=f"{['Scale', 'Sample'][n % 2]}-{n:03d}",
        )
        if n % 4 == 0 and school is None:
            services.parent_meeting_add(
                actor=personas.senco_a if pupil.school == personas.school_a else personas.senco_b,
                pupil=pupil,
                held_on=date(2026, 10, 1),
                attendees="Mum",
            )


@pytest.mark.parametrize("params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "plain")
def test_each_filter_makes_the_same_number_of_queries_at_two_sizes(
    personas, client_for, django_assert_max_num_queries, frozen_today, params
):
    client = client_for(personas.la_officer)
    _pupils(personas, 4)
    client.get(reverse("pupils:list"))  # warm up the session
    with django_assert_max_num_queries(13) as small:  # with the header's unread-notices count
        assert client.get(reverse("pupils:list"), params).status_code == 200
    _pupils(personas, 80)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pupils:list"), params)
    assert response.status_code == 200 and response.context["page"].object_list


def test_the_typed_school_filter_makes_the_same_number_of_queries_at_two_sizes(
    personas, client_for, django_assert_max_num_queries, frozen_today
):
    schools = [SchoolFactory(district=personas.district_a) for _ in range(PupilFilter.SCHOOL_SELECT_LIMIT + 1)]
    client = client_for(personas.la_officer)
    _pupils(personas, 3, school=schools[3])
    client.get(reverse("pupils:list"))
    with django_assert_max_num_queries(13) as small:
        client.get(reverse("pupils:list"), {"school": schools[3].urn})
    _pupils(personas, 60, school=schools[3])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("pupils:list"), {"school": schools[3].urn, "page": "last"})
    assert response.context["page"].paginator.count == 63


@pytest.mark.parametrize("defer_from", [1000, 0, 10])
@pytest.mark.parametrize("per_page, orphans", [(25, 0), (7, 0), (7, 3), (10, 0)])
@pytest.mark.parametrize("total", [0, 1, 24, 25, 26, 63, 70])
def test_reading_from_the_end_gives_the_rows_reading_from_the_start_would(
    personas, per_page, orphans, total, defer_from, monkeypatch
):
    for n in range(total):
        # Equal names, so the primary key decides their order in both directions.
        PupilFactory(school=personas.school_a, legal_first_name="Alex", legal_last_name=f"Scale{n % 4}")
    monkeypatch.setattr(BothEndsPaginator, "defer_from", defer_from)
    queryset = with_flags(Pupil.objects.select_related("school"))
    expected = list(queryset.values_list("pk", flat=True))
    paginator = BothEndsPaginator(queryset, per_page, orphans=orphans)
    seen = []
    for number in paginator.page_range:
        page = paginator.page(number)
        rows = [p.pk for p in page.object_list]
        assert rows == expected[page.start_index() - 1 : page.end_index()] if total else rows == []
        seen += rows
    assert seen == expected and paginator.count == total


def test_deep_in_the_list_a_page_is_read_by_its_keys_first(
    personas, client_for, django_assert_max_num_queries, frozen_today, monkeypatch
):
    _pupils(personas, 80)
    client = client_for(personas.la_officer)
    client.get(reverse("pupils:list"))
    with django_assert_max_num_queries(13) as near_an_end:
        client.get(reverse("pupils:list"), {"page": "2"})
    monkeypatch.setattr(BothEndsPaginator, "defer_from", 10)
    for params in ({"page": "2"}, {"page": "3"}, {"page": "2", "q": "Riley"}, {"page": "2", "few_meetings": "on"}):
        with django_assert_max_num_queries(len(near_an_end.captured_queries) + 1):  # the keys, then the rows
            page = client.get(reverse("pupils:list"), params).context["page"]
        everyone = list(
            Pupil.objects.filter(legal_first_name__icontains=params.get("q", ""))
            .filter(**({"parent_meetings_count__lt": 3} if "few_meetings" in params else {}))
            .order_by("legal_last_name", "legal_first_name", "pk")
        )
        assert page.paginator.count == len(everyone)
        assert list(page.object_list) == everyone[page.start_index() - 1 : page.end_index()]
        assert all(hasattr(pupil, "meetings_this_year") for pupil in page.object_list)


def test_the_last_page_and_its_pagination_are_those_of_the_whole_list(personas, client_for):
    _pupils(personas, 63)
    response = client_for(personas.la_officer).get(reverse("pupils:list"), {"page": "999999"})
    page = response.context["page"]
    everyone = list(Pupil.objects.order_by("legal_last_name", "legal_first_name", "pk"))
    assert page.number == 3 and page.paginator.count == 63 and list(page.object_list) == everyone[50:]
    html = response.content.decode()
    assert "63 pupils" in html and 'class="govuk-pagination' in html and "?page=2" in html


def meetings_this_year(pupil: Pupil) -> int:
    return with_flags(Pupil.objects.filter(pk=pupil.pk)).get().meetings_this_year


def counted_from_the_meetings(pupil: Pupil, today: date) -> int:
    start = date(today.year if today.month >= 9 else today.year - 1, 9, 1)
    return ParentMeeting.objects.filter(pupil=pupil, held_on__range=(start, date(start.year + 1, 8, 31))).count()


def test_the_meetings_count_follows_every_write_to_a_meeting_and_the_academic_year(personas, pupil_a):
    senco = personas.senco_a

    def check(expected: int, today: date) -> None:
        assert meetings_this_year(pupil_a) == expected == counted_from_the_meetings(pupil_a, today)
        assert support_figures(pupil_a).meetings_this_year == expected

    with time_machine.travel(datetime(2026, 7, 20, 10, tzinfo=LONDON), tick=False):
        check(0, date(2026, 7, 20))
        june = services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 6, 1), attendees="Mum")
        services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2025, 8, 31), attendees="Mum")
        check(1, date(2026, 7, 20))  # 31 August 2025 was in 2024/25
        july = services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 7, 1), attendees="Dad")
        check(2, date(2026, 7, 20))
        services.parent_meeting_change(actor=senco, meeting=july, held_on=date(2026, 7, 2), attendees="Dad", notes="n")
        check(2, date(2026, 7, 20))
        services.parent_meeting_change(actor=senco, meeting=june, held_on=date(2025, 6, 1), attendees="Mum")
        check(1, date(2026, 7, 20))  # moved into an earlier year

    # 1 September: a new academic year, and nothing has been written since.
    with time_machine.travel(datetime(2026, 9, 1, 8, tzinfo=LONDON), tick=False):
        assert Pupil.objects.values_list("parent_meetings_year", flat=True).get(pk=pupil_a.pk) == 2025
        check(0, date(2026, 9, 1))
        shown = client_pks(personas, {"few_meetings": "true"})
        assert pupil_a.pk in shown
        first = services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 9, 1), attendees="Mum")
        check(1, date(2026, 9, 1))
        # Recording last year's meeting late counts it in last year, not this one.
        services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 8, 31), attendees="Mum")
        check(1, date(2026, 9, 1))

    with time_machine.travel(datetime(2026, 11, 24, 10, tzinfo=LONDON), tick=False):
        services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 10, 1), attendees="Dad")
        services.parent_meeting_add(actor=senco, pupil=pupil_a, held_on=date(2026, 11, 1), attendees="Dad")
        check(3, date(2026, 11, 24))
        assert pupil_a.pk not in client_pks(personas, {"few_meetings": "true"})
        services.parent_meeting_remove(actor=senco, meeting=first)
        check(2, date(2026, 11, 24))
        assert pupil_a.pk in client_pks(personas, {"few_meetings": "true"})


def client_pks(personas, params) -> set[int]:
    from django.test import Client

    client = Client()
    client.force_login(personas.senco_a)
    return {p.pk for p in client.get(reverse("pupils:list"), params).context["page"].object_list}


def test_only_the_pupils_school_may_change_or_remove_a_meeting(personas, pupil_a, frozen_today):
    from django.core.exceptions import PermissionDenied

    meeting = services.parent_meeting_add(
        actor=personas.senco_a, pupil=pupil_a, held_on=date(2026, 10, 1), attendees="Mum"
    )
    with pytest.raises(PermissionDenied):
        services.parent_meeting_change(
            actor=personas.senco_b, meeting=meeting, held_on=date(2026, 10, 2), attendees="Mum"
        )
    with pytest.raises(PermissionDenied):
        services.parent_meeting_remove(actor=personas.senco_b, meeting=meeting)
    assert meetings_this_year(pupil_a) == 1


def test_the_refresh_counts_many_pupils_in_one_statement(personas, frozen_today, django_assert_num_queries):
    _pupils(personas, 12)
    Pupil.objects.update(parent_meetings_year=None, parent_meetings_count=0)
    with django_assert_num_queries(1):
        assert services.parent_meetings_refresh(pupils=Pupil.objects.all()) == 12
    for pupil in Pupil.objects.all():
        assert meetings_this_year(pupil) == counted_from_the_meetings(pupil, date(2026, 11, 24))


def test_search_finds_legal_and_preferred_names_in_any_case_and_order(personas, client_for):
    wanted = PupilFactory(
        school=personas.school_a,
        legal_first_name="Alexandra",
        legal_last_name="Scaleby",
        preferred_first_name="Sasha",
        preferred_last_name="Fairweather",
    )
    PupilFactory(school=personas.school_a, legal_first_name="Alex", legal_last_name="Other")
    PupilFactory(school=personas.other_school, legal_first_name="Sasha", legal_last_name="Fairweather")
    client = client_for(personas.la_officer)

    def found(q: str) -> list[int]:
        return [p.pk for p in client.get(reverse("pupils:list"), {"q": q}).context["page"].object_list]

    assert found("alex scaleby") == [wanted.pk]
    assert found("SASHA fairweather") == [wanted.pk]  # another LA's Sasha Fairweather is not theirs
    assert found("weather sash") == [wanted.pk]
    assert found("Sasha Scaleby") == [wanted.pk]  # a preferred first name with a legal last name
    assert found("ale") == sorted(
        [wanted.pk, Pupil.objects.get(legal_last_name="Other").pk],
        key=lambda pk: Pupil.objects.get(pk=pk).legal_last_name,
    )
    assert found("Fairweather Nobody") == []


@pytest.mark.parametrize(
    "params",
    [
        {"q": "alex scale"},
        {"q": "Scale"},
        {"q": "Scale", "page": "2"},
        {"q": "Scale", "page": "3"},  # past the end: the last page
        {"q": "Scale", "page": "0"},
        {"q": "Scale", "page": "abc"},
        {"q": "Scale", "page": "²"},
        {"q": "O'Neill"},
        {"q": "o'n ciar"},
        {"q": "Nobody"},
        {"q": "Nobody", "page": "2"},
        {"q": "Scale", "year": "3"},
        {"q": "A12"},  # a UPN's start
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()),
)
def test_a_name_search_counts_its_matches_with_the_page_and_shows_what_counting_apart_would(
    personas, client_for, monkeypatch, params
):
    """A search whose matches are all read and sorted counts them in the page's own query
    (BothEndsPaginator(count_with_page=True)): the same page, byte for byte, one query fewer
    (past the end, counted apart as before)."""
    import re

    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(60):
        PupilFactory(
            school=personas.school_a if n % 2 else personas.school_b,
            legal_first_name=["Alex", "Sam", "Ciarán"][n % 3],
            legal_last_name=["Scale", "O'Neill"][n % 5 == 0] + f"-{n:02d}",
            year_group=str(n % 6),
        )
    PupilFactory(school=personas.other_school, legal_first_name="Alex", legal_last_name="Scale")  # not theirs
    client = client_for(personas.la_officer)
    client.get(reverse("pupils:list"))

    def shown():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("pupils:list"), params)
        page = response.context["page"]
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        return html, page.paginator.count, page.number, [p.pk for p in page.object_list], len(queries)

    html, count, number, rows, queries = shown()
    monkeypatch.setattr(BothEndsPaginator, "get_page", Paginator.get_page)  # counted apart
    apart_html, apart_count, apart_number, apart_rows, apart_queries = shown()
    assert (html, count, number, rows) == (apart_html, apart_count, apart_number, apart_rows)
    if not count and "page" not in params or params.get("page") == "0":
        assert queries == apart_queries  # no match: the page's query counted 0, as the count did
    elif params.get("page") == "3" or not count:
        assert queries == apart_queries + 1  # past the end: the empty page read, then counted apart
    else:
        assert queries == apart_queries - 1
    assert f"{count} pupil" in html and (count or "No pupils match" in html)
    if params == {"q": "Scale", "page": "2"}:
        assert number == 2 and len(rows) == 23 and count == 48


def test_the_names_have_trigram_indexes_on_postgresql_that_match_the_search_and_none_on_sqlite():
    from django.db import connection

    names = ("legal_first_name", "legal_last_name", "preferred_first_name", "preferred_last_name")
    if connection.vendor != "postgresql":
        # SQLite has no trigram indexes: the migration leaves it alone and the search scans.
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'pupils_pupil'")
            assert not {row[0] for row in cursor.fetchall()} & {f"pupil_{column}_trgm" for column in names}
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'pupils_pupil'")
        indexes = dict(cursor.fetchall())
    for column in names:
        # The expression Django's icontains compares: UPPER("column"::text).
        assert f"upper(({column})::text) gin_trgm_ops" in indexes[f"pupil_{column}_trgm"]


def test_the_summer_reminder_reads_the_kept_count_and_an_old_years_count_is_0(
    personas, pupil_a, django_capture_on_commit_callbacks
):
    from pupils.support.reminders import sen_support_reminders_send
    from sendhub.models import NotificationPreference

    NotificationPreference.objects.create(user=personas.senco_a, kind="sen_support", channel="now")
    met = PupilFactory(school=personas.school_a)
    last_year = PupilFactory(school=personas.school_a)
    with time_machine.travel(datetime(2026, 7, 1, 10, tzinfo=LONDON), tick=False):
        for day in (1, 2, 3):
            services.parent_meeting_add(
                actor=personas.senco_a, pupil=last_year, held_on=date(2026, 6, day), attendees="Mum"
            )
    with time_machine.travel(datetime(2027, 5, 10, 10, tzinfo=LONDON), tick=False):
        services.parent_meeting_add(actor=personas.senco_a, pupil=pupil_a, held_on=date(2027, 5, 1), attendees="Mum")
        for day in (1, 2, 3):
            services.parent_meeting_add(actor=personas.senco_a, pupil=met, held_on=date(2027, 3, day), attendees="Dad")
        today = date(2027, 5, 10)
        with django_capture_on_commit_callbacks(execute=True):
            # pupil_a (1 meeting) and last_year (3 meetings, but in 2025/26): met is not reminded.
            assert sen_support_reminders_send(today=today) == 2
            assert sen_support_reminders_send(today=today) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_meetings_recorded_at_once_are_both_counted(personas):
    """The pupil's row lock: the second write waits, then counts the first's committed meeting."""
    import threading
    import time

    from django.db import connection, transaction
    from django.utils import timezone

    pupil = PupilFactory(school=personas.school_a)
    today = timezone.localdate()
    recorded, release, errors = threading.Event(), threading.Event(), []

    def first() -> None:
        try:
            with transaction.atomic():
                services.parent_meeting_add(actor=personas.senco_a, pupil=pupil, held_on=today, attendees="Mum")
                recorded.set()
                release.wait(10)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def second() -> None:
        try:
            services.parent_meeting_add(actor=personas.senco_a, pupil=pupil, held_on=today, attendees="Dad")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert recorded.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(0.5)
    assert two.is_alive(), "the second meeting must wait for the first's transaction"
    release.set()
    one.join(10)
    two.join(10)
    assert not errors
    assert meetings_this_year(pupil) == 2 == ParentMeeting.objects.filter(pupil=pupil).count()


@pytest.mark.parametrize("query", ["", "provision=E&need=SLCN&year=3", "provision=Z&school=0&need=<b>"])
def test_the_filter_form_is_the_gov_uk_markup_it_was_with_djangos_select(personas, query):
    """crispy-forms-gds gives the same classes (govuk-select, the error state) to the quick select."""
    import re

    from django import forms
    from django.http import QueryDict
    from django.template import engines

    from sendhub.models import School

    template = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")

    def rendered(widget_class) -> str:
        filters = PupilFilter(
            QueryDict(query) if query else None,
            queryset=Pupil.objects.all(),
            schools=School.objects.order_by("name"),
            many_schools=True,
        )
        form = filters.form
        for field in form.fields.values():
            if isinstance(field.widget, forms.Select):
                old = field.widget
                field.widget = widget_class(attrs=old.attrs)
                field.widget.choices = old.choices
        if filters.is_bound:
            form.is_valid()
        return re.sub(r">\s+<", "><", template.render({"form": form})).strip()

    ours = rendered(type(PupilFilter.base_filters["need"].field.widget))
    assert ours == rendered(forms.Select)
    assert 'class="govuk-select' in ours and "quickselect" not in ours
    if "Z" in query:
        assert "govuk-form-group--error" in ours and "govuk-input--error" in ours


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=Alex&provision=E&need=SLCN&year=3&few_meetings=on",
        "provision=Z&need=<b>&year=99&school=0",
        "school=lowford 8&q=%3Cscript%3E",
    ],
)
@pytest.mark.parametrize("schools", [1, 3, PupilFilter.SCHOOL_SELECT_LIMIT + 1])
def test_the_pupil_filter_form_built_in_python_is_what_crispy_forms_gds_renders(personas, query, schools):
    from django.http import QueryDict
    from django.template import engines
    from django.test import SimpleTestCase

    from sendhub.filter_forms import render_filter_form
    from sendhub.models import School

    for n in range(schools):
        SchoolFactory(district=personas.district_a, name=f"Lowford School {n}")

    def bound() -> PupilFilter:  # one each: crispy writes its classes into the widgets' attrs
        filters = PupilFilter(
            QueryDict(query) if query else None,
            queryset=Pupil.objects.all(),
            schools=School.objects.order_by("name"),
            many_schools=schools > 1,
        )
        if filters.is_bound:
            filters.is_valid()
        return filters

    crispy = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
    case = SimpleTestCase()
    case.maxDiff = None
    case.assertHTMLEqual(render_filter_form(bound().form), crispy.render({"form": bound().form}))


@pytest.mark.postgres
def test_the_scale_data_and_the_demo_keep_every_pupils_meetings_count(monkeypatch):
    from django.core.management import call_command
    from django.utils import timezone

    from sendhub.scale import SIZES
    from tests.sendhub.test_seed_scale import TINY

    monkeypatch.setitem(SIZES, "tiny", TINY)
    call_command("seed_scale", size="tiny", stdout=open("/dev/null", "w"))  # the demo world, then the scale data
    today = timezone.localdate()
    pupils = list(with_flags(Pupil.objects.all()))
    assert len(pupils) > 40 and any(p.meetings_this_year for p in pupils)
    assert all(p.meetings_this_year == counted_from_the_meetings(p, today) for p in pupils)


@pytest.mark.parametrize(
    "who, may_add",
    [("la_officer", True), ("senco_a", True), ("trust_lead", False), ("admin", False), ("parent", False)],
)
def test_the_add_buttons_show_to_those_who_may_add_a_pupil_at_one_of_the_schools_listed(
    personas, client_for, who, may_add
):
    """An LA officer and a SENCo add pupils where they see them (the schools counted for the
    list answer it, no second query); a trust's lead and an administrator only view them."""
    from sendhub import access

    user = getattr(personas, who)
    PupilFactory(school=personas.school_a)
    html = client_for(user).get(reverse("pupils:list")).content.decode()
    assert ("Add a pupil</a>" in html) is may_add
    assert ("Import pupils from a CSV file</a>" in html) is may_add
    assert access.schools_where(user, "pupil", access.EDIT).exists() is may_add
    assert access.same_schools_where(user, "pupil", access.VIEW, access.EDIT) is (who in ("la_officer", "senco_a"))
    # A search that finds nobody still offers them to those who may add one.
    html = client_for(user).get(reverse("pupils:list"), {"q": "Nobody Matches"}).content.decode()
    assert ("Add a pupil</a>" in html) is may_add
