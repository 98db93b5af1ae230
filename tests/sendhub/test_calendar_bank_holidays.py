"""Bank holidays: `import_bank_holidays` reads a saved copy of GOV.UK's feed, checks all of it, and
imports it all or nothing; the portal's own saved copy holds the dates we are sure of."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from dateutil.easter import easter
from django.core.management import CommandError, call_command

from sendhub.calendar.services import SAVED_FEED
from sendhub.demo import DemoWorld, seed
from sendhub.models import BankHoliday

ROOT = Path(__file__).resolve().parents[2]
E_W, SCOTLAND, NI = "england-and-wales", "scotland", "northern-ireland"
APOSTROPHE = "\u2019"


def _event(title: str, day: str, notes: str = "", bunting: bool = True) -> dict:
    return {"title": title, "date": day, "notes": notes, "bunting": bunting}


def small_feed() -> dict:
    return {
        E_W: {
            "division": E_W,
            "events": [
                _event(f"New Year{APOSTROPHE}s Day", "2026-01-01"),
                _event("Good Friday", "2026-04-03", bunting=False),
                _event("Boxing Day", "2026-12-28", "Substitute day"),
            ],
        },
        SCOTLAND: {
            "division": SCOTLAND,
            "events": [
                _event("2nd January", "2026-01-02"),
                _event(f"St Andrew{APOSTROPHE}s Day", "2026-11-30"),
            ],
        },
    }


def write(
    tmp_path: Path, data, *, name: str = "bank-holidays.json", encoding: str = "utf-8", ensure_ascii: bool = False
) -> Path:
    path = tmp_path / name
    path.write_bytes(json.dumps(data, ensure_ascii=ensure_ascii).encode(encoding))
    return path


def run(path, *args: str) -> str:
    out = StringIO()
    call_command("import_bank_holidays", str(path), *args, stdout=out)
    return out.getvalue()


def stored() -> list[tuple[str, str, str]]:
    return list(BankHoliday.objects.order_by("division", "date").values_list("division", "date", "title"))


# --- The command ---------------------------------------------------------------------------


def test_imports_each_division_and_counts_what_it_added(db, tmp_path):
    out = run(write(tmp_path, small_feed()))
    assert "England and Wales: 3 added, 0 updated, 0 unchanged, 0 removed" in out
    assert "Scotland: 2 added, 0 updated, 0 unchanged, 0 removed" in out
    assert BankHoliday.objects.get(division=E_W, date=date(2026, 12, 28)).title == "Boxing Day"
    assert BankHoliday.objects.filter(division=SCOTLAND).count() == 2


def test_running_it_again_changes_nothing(db, tmp_path):
    path = write(tmp_path, small_feed())
    run(path)
    before = list(BankHoliday.objects.order_by("pk").values_list("pk", "division", "date", "title"))
    out = run(path)
    assert "England and Wales: 0 added, 0 updated, 3 unchanged, 0 removed" in out
    assert "Scotland: 0 added, 0 updated, 2 unchanged, 0 removed" in out
    assert list(BankHoliday.objects.order_by("pk").values_list("pk", "division", "date", "title")) == before


def test_a_changed_title_is_counted_as_updated(db, tmp_path):
    run(write(tmp_path, small_feed()))
    feed = small_feed()
    feed[E_W]["events"][1]["title"] = "Good Friday (renamed)"
    out = run(write(tmp_path, feed))
    assert "England and Wales: 0 added, 1 updated, 2 unchanged, 0 removed" in out
    assert BankHoliday.objects.get(division=E_W, date=date(2026, 4, 3)).title == "Good Friday (renamed)"


def test_a_day_the_feed_drops_is_removed_within_its_dates_and_kept_outside_them(db, tmp_path):
    BankHoliday.objects.create(division=E_W, date=date(2019, 12, 25), title="Christmas Day")  # before the feed
    BankHoliday.objects.create(division=E_W, date=date(2026, 6, 1), title="A day GOV.UK no longer lists")
    out = run(write(tmp_path, small_feed()), "--division", E_W)
    assert "England and Wales: 3 added, 0 updated, 0 unchanged, 1 removed" in out
    assert not BankHoliday.objects.filter(date=date(2026, 6, 1)).exists()
    assert BankHoliday.objects.filter(date=date(2019, 12, 25)).exists()


def test_the_division_option_imports_only_that_division(db, tmp_path):
    out = run(write(tmp_path, small_feed()), "--division", SCOTLAND)
    assert out.strip() == "Scotland: 2 added, 0 updated, 0 unchanged, 0 removed"
    assert set(BankHoliday.objects.values_list("division", flat=True)) == {SCOTLAND}


def test_a_division_the_file_does_not_have_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="The file has no northern-ireland division. Nothing was changed"):
        run(write(tmp_path, small_feed()), "--division", NI)


def test_an_unknown_division_option_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="invalid choice: 'wales'"):
        run(write(tmp_path, small_feed()), "--division", "wales")


def _with_event(division: str, **event) -> dict:
    feed = small_feed()
    feed[division]["events"].append(event)
    return feed


BAD_FILES = {
    "not JSON": (b'{"england-and-wales": ', "The file is not JSON: Expecting value at line 1, column 23"),
    "a list": (b"[]", "The file must be a JSON object"),
    "no divisions": (b"{}", "The file has no divisions"),
    "an unknown division": (json.dumps({"wales": {"events": []}}).encode(), '"wales" is not a division of the feed'),
    "events not a list": (
        json.dumps({E_W: {"division": E_W, "events": "none"}}).encode(),
        "england-and-wales: expected an object with a list of events",
    ),
    "the wrong division inside": (
        json.dumps({E_W: {"division": SCOTLAND, "events": []}}).encode(),
        'england-and-wales: it says it is the division "scotland"',
    ),
    "no events": (json.dumps({E_W: {"division": E_W, "events": []}}).encode(), "the list of events is empty"),
    "an event that is not an object": (
        json.dumps({SCOTLAND: {"events": ["2026-01-02"]}}).encode(),
        "scotland, event 1: each event must be an object",
    ),
    "no title": (
        json.dumps(_with_event(SCOTLAND, date="2026-12-25")).encode(),
        "scotland, event 3: the event has no title",
    ),
    "no date": (
        json.dumps(_with_event(SCOTLAND, title="Christmas Day")).encode(),
        'scotland, event 3 ("Christmas Day"): the event has no date',
    ),
    "a date that does not exist": (
        json.dumps(_with_event(SCOTLAND, title="Christmas Day", date="2026-02-30")).encode(),
        'scotland, event 3 ("Christmas Day"): "2026-02-30" is not a real date written as YYYY-MM-DD',
    ),
    "a date in another format": (
        json.dumps(_with_event(SCOTLAND, title="Christmas Day", date="25/12/2026")).encode(),
        '"25/12/2026" is not a real date written as YYYY-MM-DD',
    ),
    "a day listed twice": (
        json.dumps(_with_event(E_W, title="Again", date="2026-04-03")).encode(),
        "england-and-wales, event 4: 2026-04-03 is listed twice",
    ),
    "Windows-1252 text": (
        '{"england-and-wales": {"events": [{"title": "New Year’s Day", "date": "2026-01-01"}]}}'.encode("cp1252"),
        "The file is not in a Unicode encoding",
    ),
}


@pytest.mark.parametrize("raw, message", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_saying_why_and_nothing_changes(db, tmp_path, raw, message):
    BankHoliday.objects.create(division=E_W, date=date(2026, 4, 3), title="Good Friday (already here)")
    path = tmp_path / "bank-holidays.json"
    path.write_bytes(raw)
    with pytest.raises(CommandError) as error:
        run(path)
    assert message in str(error.value)
    assert str(error.value).endswith("Nothing was changed.")
    assert stored() == [(E_W, date(2026, 4, 3), "Good Friday (already here)")]


def test_a_problem_in_one_division_stops_every_division(db, tmp_path):
    """Everything is checked before anything is saved: a good England and Wales is not imported either."""
    feed = _with_event(SCOTLAND, title="Christmas Day", date="2026-13-25")
    with pytest.raises(CommandError, match="scotland, event 3"):
        run(write(tmp_path, feed))
    assert not BankHoliday.objects.exists()


@pytest.mark.parametrize(
    "encoding, ensure_ascii",
    [("utf-8", False), ("utf-8", True), ("utf-8-sig", False), ("utf-16", False)],
    ids=["UTF-8", "UTF-8 with escaped apostrophes", "UTF-8 with a byte order mark", "UTF-16"],
)
def test_both_encodings_of_a_title_import_the_same_rows(db, tmp_path, encoding, ensure_ascii):
    """The apostrophe in "New Year’s Day" arrives as the character itself or as \\u2019: the same title."""
    run(write(tmp_path, small_feed(), name="plain.json"))
    out = run(write(tmp_path, small_feed(), name="other.json", encoding=encoding, ensure_ascii=ensure_ascii))
    assert "England and Wales: 0 added, 0 updated, 3 unchanged, 0 removed" in out
    assert BankHoliday.objects.get(division=E_W, date=date(2026, 1, 1)).title == f"New Year{APOSTROPHE}s Day"


def test_a_url_is_refused_without_downloading_anything(db):
    with pytest.raises(CommandError, match="never downloads anything"):
        run("https://www.gov.uk/bank-holidays.json")


def test_a_missing_file_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json: No such file or directory"):
        run(tmp_path / "missing.json")


def test_from_the_shell_a_bad_file_exits_with_status_1_and_says_why(tmp_path):
    path = tmp_path / "bank-holidays.json"
    path.write_text(json.dumps({E_W: {"division": E_W, "events": [{"title": "X", "date": "2026-02-30"}]}}))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_ENV", "SECRET_KEY", "DEBUG"}
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'unused.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_bank_holidays", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert '"2026-02-30" is not a real date written as YYYY-MM-DD. Nothing was changed.' in result.stderr
    assert result.stdout == ""


# --- The saved copy shipped with the portal ----------------------------------------------------


def saved_copy() -> dict:
    return json.loads(SAVED_FEED.read_text(encoding="utf-8"))


def saved_dates(division: str) -> dict[date, dict]:
    return {date.fromisoformat(event["date"]): event for event in saved_copy()[division]["events"]}


def test_the_saved_copy_has_the_feeds_shape_and_every_division():
    data = saved_copy()
    assert list(data) == [E_W, SCOTLAND, NI]
    for division, body in data.items():
        assert body["division"] == division
        for event in body["events"]:
            assert set(event) == {"title", "date", "notes", "bunting"}
            assert event["notes"] in ("", "Substitute day")
            assert isinstance(event["bunting"], bool)


@pytest.mark.parametrize("division, per_year", [(E_W, 8), (SCOTLAND, 9), (NI, 10)])
def test_the_saved_copy_covers_2024_to_2029_on_weekdays(division, per_year):
    days = list(saved_dates(division))
    assert days == sorted(days) and len(set(days)) == len(days)
    assert Counter(day.year for day in days) == {year: per_year for year in range(2024, 2030)}
    assert all(day.weekday() < 5 for day in days), "a bank holiday on a weekend needs its substitute day"


@pytest.mark.parametrize("division", [E_W, SCOTLAND, NI])
def test_good_friday_and_easter_monday_follow_easter(division):
    days = saved_dates(division)
    for year in range(2024, 2030):
        sunday = easter(year)
        assert days[sunday - timedelta(days=2)]["title"] == "Good Friday"
        # Easter Monday is not a bank holiday in Scotland.
        assert (sunday + timedelta(days=1) in days) is (division != SCOTLAND)


def test_england_and_wales_2026_is_exactly_the_known_dates():
    days = {day: event for day, event in saved_dates(E_W).items() if day.year == 2026}
    assert {day: event["title"] for day, event in days.items()} == {
        date(2026, 1, 1): f"New Year{APOSTROPHE}s Day",
        date(2026, 4, 3): "Good Friday",
        date(2026, 4, 6): "Easter Monday",
        date(2026, 5, 4): "Early May bank holiday",
        date(2026, 5, 25): "Spring bank holiday",
        date(2026, 8, 31): "Summer bank holiday",
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 28): "Boxing Day",
    }
    assert days[date(2026, 12, 28)]["notes"] == "Substitute day"


@pytest.mark.parametrize(
    "division, day, title, substitute",
    [
        (E_W, date(2024, 3, 29), "Good Friday", False),
        (E_W, date(2025, 8, 25), "Summer bank holiday", False),
        (E_W, date(2027, 12, 27), "Christmas Day", True),  # 25 December 2027 is a Saturday
        (E_W, date(2027, 12, 28), "Boxing Day", True),
        (E_W, date(2028, 1, 3), f"New Year{APOSTROPHE}s Day", True),  # 1 January 2028 is a Saturday
        (SCOTLAND, date(2026, 1, 2), "2nd January", False),
        (SCOTLAND, date(2026, 8, 3), "Summer bank holiday", False),  # the first Monday of August
        (SCOTLAND, date(2026, 11, 30), f"St Andrew{APOSTROPHE}s Day", False),
        (SCOTLAND, date(2025, 12, 1), f"St Andrew{APOSTROPHE}s Day", True),  # 30 November 2025 is a Sunday
        (SCOTLAND, date(2027, 1, 4), "2nd January", True),  # 2 January 2027 is a Saturday
        (NI, date(2026, 3, 17), f"St Patrick{APOSTROPHE}s Day", False),
        (NI, date(2024, 3, 18), f"St Patrick{APOSTROPHE}s Day", True),  # 17 March 2024 is a Sunday
        (NI, date(2026, 7, 13), f"Battle of the Boyne (Orangemen{APOSTROPHE}s Day)", True),  # 12 July 2026 is a Sunday
        (NI, date(2027, 7, 12), f"Battle of the Boyne (Orangemen{APOSTROPHE}s Day)", False),
    ],
)
def test_the_saved_copy_has_dates_we_are_sure_of(division, day, title, substitute):
    event = saved_dates(division)[day]
    assert event["title"] == title
    assert (event["notes"] == "Substitute day") is substitute


def test_the_saved_copy_imports_cleanly(db):
    out = run(SAVED_FEED)
    assert out.splitlines() == [
        "England and Wales: 48 added, 0 updated, 0 unchanged, 0 removed",
        "Scotland: 54 added, 0 updated, 0 unchanged, 0 removed",
        "Northern Ireland: 60 added, 0 updated, 0 unchanged, 0 removed",
    ]


def test_the_demo_imports_england_and_wales_from_the_saved_copy_once(db):
    seed(DemoWorld())
    seed(DemoWorld())
    assert BankHoliday.objects.filter(division=E_W).count() == 48
    assert not BankHoliday.objects.exclude(division=E_W).exists()
    assert BankHoliday.objects.get(division=E_W, date=date(2026, 12, 28)).title == "Boxing Day"
