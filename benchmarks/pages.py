"""Page benchmarks at a tenth of a county and at a county (issue 19): `make bench-pages`.

For each size it tops up the data (`seed_scale`), starts gunicorn with DEBUG off on this database,
signs the demo accounts in, and asks for each main page and the trivial signed-in page
(`/privacy/`) in turn, interleaved, so both see the same machine. It reports each page's p95 as a
multiple of the trivial page's p95 in the same run, and growth from the tenth to the county: the
county's multiple over the tenth's (issue 19's figures are the multiples), beside the county's p95 in
milliseconds over the tenth's. The two sizes are measured minutes apart, and this machine's speed
drifts between them (the trivial page's own p95 has moved by 2x): the multiples, each taken against
the trivial page interleaved in its own run, cancel that drift; milliseconds do not.
Goals: ratio within 3x, growth of the multiple within 1.3x. The table is printed and written to
`benchmarks/results/pages.md` (with the machine it ran on).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendhub_bench .venv/bin/python -m benchmarks.pages

While working on one page, measure a database already seeded (say a copy made with
`CREATE DATABASE mine TEMPLATE sendhub_bench`) without dropping or topping it up:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine .venv/bin/python -m benchmarks.pages \
        --keep --sizes county --only "pupil list,search" --rounds 20

The full run also measures consultation responses' throughput (issue 19: at least half the trivial
page's): public responses posted to an open consultation from 4 threads for some seconds, then
`/privacy/` signed in from 4 threads for as long, alternately; alone with
`--only responses-throughput`. Each response comes from its own invented address (the server runs
with `TRUSTED_PROXY_COUNT=1` and each POST carries its own `X-Forwarded-For`), so the per-address
rate limit (consultations/ratelimit.py) stays on and is never reached, as with many parents
responding at once. At the end the consultation closes and one more response must be refused.

Not part of `make test`: the suite asserts query counts, never times.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
RATIO_GOAL = 3.0
GROWTH_GOAL = 1.3
THROUGHPUT_GOAL = 0.5
THROUGHPUT = "responses-throughput"
THROUGHPUT_SLUG = "bench-open-consultation"
THROUGHPUT_THREADS = 4


@dataclass
class Page:
    label: str
    persona: str
    url: Callable[[], str]


def _setup(keep: bool = False) -> None:
    """Make the benchmark database afresh (unless `keep`), migrate it and set Django up."""
    from urllib.parse import urlparse

    import psycopg2

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not (keep and cursor.fetchone()):
            # Afresh each time: growth compares a tenth of a county with a county, so the tenth must
            # be measured before the county tops it up.
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendhub.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def pages() -> list[Page]:
    from django.apps import apps
    from django.urls import reverse

    def model(label: str):
        return apps.get_model(label)

    def county_pupil(**filters) -> int:
        return (
            model("pupils.Pupil")
            .objects.filter(school__local_authority__code="990", school__urn__startswith="5", **filters)
            .order_by("pk")
            .values_list("pk", flat=True)[100]
        )

    def casterbridge_meeting() -> int:
        return (
            model("referrals.Meeting")
            .objects.filter(district__name="Casterbridge", status="held")
            .order_by("-starts_at")
            .values_list("pk", flat=True)
            .first()
        )

    def dashboard(kind: str, **filters) -> str:
        target = {
            "la": ("sendhub.LocalAuthority", {"code": "990"}),
            "district": ("sendhub.District", {"name": "Casterbridge", "local_authority__code": "990"}),
            "school": ("sendhub.School", {"memberships__user__email": "senco.a@example.org"}),
            "trust": ("sendhub.Trust", {"schools__memberships__user__email": "senco.a@example.org"}),
        }[kind]
        pk = model(target[0]).objects.filter(**target[1]).values_list("pk", flat=True).first()
        return reverse("dashboards:show", args=[kind, pk])

    def scale_consultation() -> int:
        return model("consultations.Consultation").objects.get(slug="scale-consultation").pk

    def mainstream_hub() -> int:
        return model("hubs.Hub").objects.filter(kind="mainstream").order_by("pk").values_list("pk", flat=True).first()

    la, coordinator, senco, head, trust_lead = (
        "la.officer@example.org",
        "coordinator@example.org",
        "senco.a@example.org",
        "head.a@example.org",
        "trust.lead@example.org",
    )
    return [
        Page("home (LA officer)", la, lambda: reverse("home")),
        Page("pupil list, page 1", la, lambda: reverse("pupils:list")),
        Page("pupil list, last page", la, lambda: reverse("pupils:list") + "?page=999999"),
        Page("pupil search by name", la, lambda: reverse("pupils:list") + "?q=Alex+Scale"),
        Page("filter: fewer than 3 meetings", la, lambda: reverse("pupils:list") + "?few_meetings=true"),
        Page("pupil page (EHC plan)", la, lambda: reverse("pupils:detail", args=[county_pupil(sen_provision="E")])),
        Page("EHC caseload", la, lambda: reverse("pupils:ehc_caseload")),
        Page("EHC annual reviews due", la, lambda: reverse("pupils:ehc_reviews_due")),
        Page("EHC timeliness", la, lambda: reverse("pupils:ehc_timeliness")),
        Page("hubs and places", la, lambda: reverse("hubs:list")),
        Page("a hub's places", la, lambda: reverse("places:occupancy", args=[mainstream_hub()])),
        Page("LA dashboard", la, lambda: dashboard("la")),
        Page("coordinator's inbox", coordinator, lambda: reverse("referrals:inbox")),
        Page("meetings", coordinator, lambda: reverse("meetings:list")),
        Page("a held meeting", coordinator, lambda: reverse("meetings:detail", args=[casterbridge_meeting()])),
        Page("district dashboard", coordinator, lambda: dashboard("district")),
        Page("school's referrals", senco, lambda: reverse("referrals:list")),
        Page("school dashboard", senco, lambda: dashboard("school")),
        Page("trust dashboard", trust_lead, lambda: dashboard("trust")),
        Page(
            "consultation responses (staff)",
            head,
            lambda: reverse("consultations:manage_responses", args=[scale_consultation()]),
        ),
        Page(
            "consultation page (staff)",
            head,
            lambda: reverse("consultations:manage_detail", args=[scale_consultation()]),
        ),
        Page("public consultation with outcome", "", lambda: "/consultations/scale-consultation/"),
    ]


def _sessions(emails: set[str]) -> dict[str, str]:
    from django.conf import settings
    from django.test import Client

    from sendhub.models import User

    cookies = {"": ""}
    for email in emails - {""}:
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[email] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies


def _get(conn: http.client.HTTPConnection, url: str, cookie: str) -> tuple[float, int]:
    headers = {"Host": "127.0.0.1", "Cookie": cookie} if cookie else {"Host": "127.0.0.1"}
    started = time.perf_counter()
    conn.request("GET", url, headers=headers)
    response = conn.getresponse()
    response.read()
    return time.perf_counter() - started, response.status


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def _serve(port: int, **extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_WARNING_SECONDS": "120",
        **extra_env,
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "sendhub.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            conn.getresponse().read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def sweep(*extra: str) -> str:
    """The EHC reminder sweep on this data, first and second run (`manage.py bench_reminders`), as its table."""
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_reminders", *extra], cwd=BASE, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def measure(size: str, rounds: int, port: int, only: list[str] | None = None, seed: bool = True):
    from django.core.management import call_command

    if seed:
        print(f"== {size}: seed_scale", flush=True)
        call_command("seed_scale", size=size)
    todo = [p for p in pages() if not only or any(word.lower() in p.label.lower() for word in only)]
    cookies = _sessions({p.persona for p in todo} | {"la.officer@example.org"})
    server = _serve(port)
    results: dict[str, dict[str, float]] = {}
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        trivial_cookie = cookies["la.officer@example.org"]
        for page in todo:
            url = page.url()
            seconds, status = _get(conn, url, cookies[page.persona])  # warm up, and check it answers
            if status != 200:
                raise SystemExit(f"{page.label}: {url} answered {status}")
            _get(conn, "/privacy/", trivial_cookie)
            page_times, trivial_times = [], []
            for _ in range(rounds):
                trivial_times.append(_get(conn, "/privacy/", trivial_cookie)[0])
                page_times.append(_get(conn, url, cookies[page.persona])[0])
            results[page.label] = {
                "p95": _p95(page_times),
                "trivial": _p95(trivial_times),
                "ratio": _p95(page_times) / _p95(trivial_times),
            }
            row = results[page.label]
            print(f"  {page.label}: p95 {row['p95'] * 1000:.0f} ms = {row['ratio']:.1f}x", flush=True)
    finally:
        server.terminate()
        server.wait(30)
    return results


def _open_consultation():
    """An open consultation for the throughput measurement, made once and reopened each run."""
    from datetime import timedelta

    from django.utils import timezone

    from consultations.models import Consultation, Question
    from sendhub.dates import LONDON, end_of_day, start_of_day

    today = timezone.now().astimezone(LONDON).date()
    opening, closing = today - timedelta(days=7), today + timedelta(days=30)
    dates = {
        "opening_date": opening,
        "closing_date": closing,
        "opens_at": start_of_day(opening),
        "closes_at": end_of_day(closing),
        "state": Consultation.State.OPEN,
    }
    consultation = Consultation.objects.filter(slug=THROUGHPUT_SLUG).first()
    if consultation is not None:
        Consultation.objects.filter(pk=consultation.pk).update(**dates)
        return consultation
    demo = Consultation.objects.order_by("pk").first()
    if demo is None:
        raise SystemExit("No consultation to build the throughput one on: seed the demo data first.")
    consultation = Consultation.objects.create(
        slug=THROUGHPUT_SLUG,
        hub=demo.hub,
        title="Responses at speed: a benchmark consultation",
        summary="An invented consultation the page benchmarks respond to.",
        body="We propose to grow the hub.",
        contact_name="Hub Contact",
        contact_email=demo.contact_email,
        published_at=start_of_day(opening),
        created_by=demo.created_by,
        **dates,
    )
    Question.objects.bulk_create(
        [
            Question(consultation=consultation, position=1, kind=Question.Kind.CAPACITY, text="In what capacity?"),
            Question(consultation=consultation, position=2, kind=Question.Kind.AGREE_SCALE, text="Do you agree?"),
            Question(
                consultation=consultation, position=3, kind=Question.Kind.FREE_TEXT, text="Tell us why", required=False
            ),
        ]
    )
    return consultation


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Respondent:
    """One thread's connection: the form page once (the CSRF cookie and token), then a POST per response."""

    def __init__(self, port: int, consultation, number: int) -> None:
        from urllib.parse import urlencode

        from consultations.models import AGREE_SCALE, CAPACITIES

        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.url = f"/consultations/{consultation.slug}/respond/"
        self.number = number
        self.sent = 0
        self.conn.request("GET", self.url, headers={"Host": "127.0.0.1"})
        page = self.conn.getresponse()
        body = page.read().decode()
        cookie = next(
            (v.split(";")[0] for k, v in page.getheaders() if k.lower() == "set-cookie" and "csrftoken=" in v), ""
        )
        token = _CSRF_INPUT.search(body)
        if page.status != 200 or not cookie or not token:
            raise SystemExit(f"{self.url} answered {page.status} without a CSRF cookie and token")
        self.cookie = cookie
        questions = {q.kind: f"q_{q.pk}" for q in consultation.questions.all()}
        self.body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                questions["capacity"]: CAPACITIES[number % len(CAPACITIES)],
                questions["agree_scale"]: AGREE_SCALE[number % len(AGREE_SCALE)],
                questions["free_text"]: "More places nearer home would mean less travelling for our children.",
                "receipt_email": "",
                "website_url": "",
            }
        )

    def post(self) -> tuple[int, str]:
        self.sent += 1
        # Each response from its own address: the rate limit per address counts it once.
        address = f"10.{self.number}.{self.sent // 250 % 250}.{self.sent % 250 + 1}"
        self.conn.request(
            "POST",
            self.url,
            body=self.body,
            headers={
                "Host": "127.0.0.1",
                "Cookie": self.cookie,
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1{self.url}",
                "X-Forwarded-For": address,
            },
        )
        response = self.conn.getresponse()
        body = response.read()
        return response.status, (response.getheader("Location") or body.decode(errors="replace"))


def _hammer(threads: int, seconds: float, make: Callable[[int], Callable[[], bool]]) -> tuple[int, float]:
    """`threads` threads each calling their own `make(n)()` until the time is up; (successes, seconds)."""
    callers = [make(n) for n in range(threads)]
    counts = [0] * threads
    failures: list[str] = []
    start = threading.Barrier(threads + 1)

    def run(n: int) -> None:
        start.wait()
        until = time.perf_counter() + seconds
        while time.perf_counter() < until:
            try:
                if callers[n]():
                    counts[n] += 1
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(f"{type(exc).__name__}: {exc}")
                return

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    start.wait()
    began = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if failures:
        raise SystemExit(f"throughput: {failures[0]}")
    return sum(counts), elapsed


def measure_throughput(port: int, seconds: float = 10.0, rounds: int = 3) -> dict[str, float]:
    """Responses per second against the trivial page's requests per second, both from 4 threads."""
    from django.utils import timezone

    from consultations.models import Consultation, Response

    consultation = _open_consultation()
    cookie = _sessions({"la.officer@example.org"})["la.officer@example.org"]
    before = Response.objects.filter(consultation=consultation).count()
    server = _serve(port, TRUSTED_PROXY_COUNT="1")
    try:
        respondents = [_Respondent(port, consultation, n + 1) for n in range(THROUGHPUT_THREADS)]

        def responder(n: int) -> Callable[[], bool]:
            def once() -> bool:
                status, where = respondents[n].post()
                if status != 302 or "/confirmation/" not in where:
                    raise RuntimeError(f"a response answered {status}: {where[:300]}")
                return True

            return once

        def reader(n: int) -> Callable[[], bool]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

            def once() -> bool:
                seconds_taken, status = _get(conn, "/privacy/", cookie)
                if status != 200:
                    raise RuntimeError(f"/privacy/ answered {status}")
                return True

            return once

        _hammer(THROUGHPUT_THREADS, 1.0, reader)  # warm up both workers
        posted = reads = 0
        post_time = read_time = 0.0
        for _ in range(rounds):  # alternately, so both see the same machine
            n, t = _hammer(THROUGHPUT_THREADS, seconds, responder)
            posted, post_time = posted + n, post_time + t
            n, t = _hammer(THROUGHPUT_THREADS, seconds, reader)
            reads, read_time = reads + n, read_time + t
        stored = Response.objects.filter(consultation=consultation).count() - before
        if stored != posted:
            raise SystemExit(f"throughput: {posted} responses confirmed but {stored} stored")
        # Still refused once closed: close it (as staff moving the date would) and respond once more.
        Consultation.objects.filter(pk=consultation.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
        status, where = respondents[0].post()
        after = Response.objects.filter(consultation=consultation).count() - before
        if status != 200 or "/confirmation/" in where or after != stored:
            raise SystemExit(f"throughput: a response after the close was not refused ({status})")
    finally:
        server.terminate()
        server.wait(30)
        _open_consultation()
    responses_per_second, reads_per_second = posted / post_time, reads / read_time
    return {
        "responses": responses_per_second,
        "trivial": reads_per_second,
        "ratio": responses_per_second / reads_per_second,
        "threads": THROUGHPUT_THREADS,
        "rounds": rounds,
        "seconds": seconds,
    }


def throughput_table(row: dict[str, float]) -> str:
    ok = "yes" if row["ratio"] >= THROUGHPUT_GOAL else "no"
    return (
        f"| {row['threads']} threads, {row['rounds']} rounds of {row['seconds']:.0f} s each, alternately "
        "| per second | × trivial | goal met |\n"
        "| --- | --- | --- | --- |\n"
        f"| public responses to an open consultation (POST) | {row['responses']:.1f} | {row['ratio']:.2f}x | {ok} |\n"
        f"| trivial signed-in page (`/privacy/`) | {row['trivial']:.1f} | 1.00x | |"
    )


def table(by_size: dict[str, dict[str, dict[str, float]]]) -> str:
    sizes = list(by_size)
    head = "| page | " + " | ".join(f"{s}: p95 ms (× trivial)" for s in sizes)
    head += " | growth (× trivial) | growth (ms) | goal met |" if len(sizes) > 1 else " | goal met |"
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    last = sizes[-1]
    for label in by_size[last]:
        cells = [f"{by_size[s][label]['p95'] * 1000:.0f} ({by_size[s][label]['ratio']:.1f}x)" for s in sizes]
        ok = by_size[last][label]["ratio"] <= RATIO_GOAL
        if len(sizes) > 1:
            # Against the trivial page of each size's own run (see the module's docstring).
            growth = by_size[last][label]["ratio"] / by_size[sizes[0]][label]["ratio"]
            growth_ms = by_size[last][label]["p95"] / by_size[sizes[0]][label]["p95"]
            cells += [f"{growth:.2f}", f"{growth_ms:.2f}"]
            ok = ok and growth <= GROWTH_GOAL
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {'yes' if ok else 'no'} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="tenth,county", help="comma-separated, smallest first")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--port", type=int, default=8191)
    parser.add_argument(
        "--national-sweep", type=int, default=0, metavar="PLANS", help="also time the sweep with PLANS more plans"
    )
    parser.add_argument("--out", default=str(BASE / "benchmarks" / "results" / "pages.md"))
    parser.add_argument(
        "--only", default="", help="comma-separated words: measure only the pages whose label holds one (no sweep)"
    )
    parser.add_argument(
        "--throughput-seconds",
        type=float,
        default=10.0,
        help=f"seconds per round (3 rounds) of the {THROUGHPUT} measurement; 0 leaves it out",
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="measure the database as it is (no drop, no seed_scale; one size): for working on one page",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (seed_scale needs it).")
    _setup(keep=args.keep)
    only = [word.strip() for word in args.only.split(",") if word.strip()]
    if args.keep or only:
        size = args.sizes.split(",")[-1]
        pages_only = [word for word in only if word.lower() != THROUGHPUT]
        if pages_only or not only:
            results = measure(size, args.rounds, args.port, pages_only, seed=not args.keep)
            print(table({size: results}))
        elif not args.keep:  # the throughput alone on a fresh database: it needs the demo's hub and people
            from django.core.management import call_command

            call_command("seed_scale", size=size)
        if (not only or THROUGHPUT in [word.lower() for word in only]) and args.throughput_seconds:
            print(throughput_table(measure_throughput(args.port, args.throughput_seconds)))
        return
    by_size, sweeps = {}, []
    for size in args.sizes.split(","):
        by_size[size] = measure(size, args.rounds, args.port)
        sweeps.append(f"At {size} size:\n\n{sweep()}")
        print(sweeps[-1], flush=True)
    throughput = ""
    if args.throughput_seconds:
        throughput = throughput_table(measure_throughput(args.port, args.throughput_seconds))
        print(throughput, flush=True)
        throughput = f"\n\n## Consultation responses' throughput (at {size} size)\n\n{throughput}"
    if args.national_sweep:
        table_text = sweep("--plans", str(args.national_sweep))
        sweeps.append(f"At national size ({args.national_sweep:,} plans added, then rolled back):\n\n{table_text}")
        print(sweeps[-1], flush=True)
    text = table(by_size) + throughput + "\n\n## The daily EHC reminder sweep\n\n" + "\n\n".join(sweeps)
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, {date.today():%-d %B %Y}"
    report = (
        f"# Page benchmarks\n\n{machine}; {args.rounds} rounds per page, interleaved with `/privacy/` "
        f"signed in; gunicorn, 2 workers, DEBUG off.\n\n{text}\n"
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(report)
    print(report)


if __name__ == "__main__":
    main()
