"""Page benchmarks at a tenth of a county and at a county (issue 19): `make bench-pages`.

For each size it tops up the data (`seed_scale`), starts gunicorn with DEBUG off on this database,
signs the demo accounts in, and asks for each main page and the trivial signed-in page
(`/privacy/`) in turn, interleaved, so both see the same machine. It reports each page's p95 as a
multiple of the trivial page's p95 in the same run, and growth (the county's p95 over the tenth's).
Goals: ratio within 3x, growth within 1.3x. The table is printed and written to
`benchmarks/results/pages.md` (with the machine it ran on).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendhub_bench .venv/bin/python -m benchmarks.pages

While working on one page, measure a database already seeded (say a copy made with
`CREATE DATABASE mine TEMPLATE sendhub_bench`) without dropping or topping it up:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mine .venv/bin/python -m benchmarks.pages \
        --keep --sizes county --only "pupil list,search" --rounds 20

Not part of `make test`: the suite asserts query counts, never times.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
RATIO_GOAL = 3.0
GROWTH_GOAL = 1.3


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


def _serve(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SESSION_WARNING_SECONDS": "120",
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


def table(by_size: dict[str, dict[str, dict[str, float]]]) -> str:
    sizes = list(by_size)
    head = "| page | " + " | ".join(f"{s}: p95 ms (× trivial)" for s in sizes)
    head += " | growth | goal met |" if len(sizes) > 1 else " | goal met |"
    lines = [head, "|" + " --- |" * (head.count("|") - 1)]
    last = sizes[-1]
    for label in by_size[last]:
        cells = [f"{by_size[s][label]['p95'] * 1000:.0f} ({by_size[s][label]['ratio']:.1f}x)" for s in sizes]
        ok = by_size[last][label]["ratio"] <= RATIO_GOAL
        if len(sizes) > 1:
            growth = by_size[last][label]["p95"] / by_size[sizes[0]][label]["p95"]
            cells.append(f"{growth:.2f}")
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
        results = measure(size, args.rounds, args.port, only, seed=not args.keep)
        print(table({size: results}))
        return
    by_size, sweeps = {}, []
    for size in args.sizes.split(","):
        by_size[size] = measure(size, args.rounds, args.port)
        sweeps.append(f"At {size} size:\n\n{sweep()}")
        print(sweeps[-1], flush=True)
    if args.national_sweep:
        table_text = sweep("--plans", str(args.national_sweep))
        sweeps.append(f"At national size ({args.national_sweep:,} plans added, then rolled back):\n\n{table_text}")
        print(sweeps[-1], flush=True)
    text = table(by_size) + "\n\n## The daily EHC reminder sweep\n\n" + "\n\n".join(sweeps)
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
