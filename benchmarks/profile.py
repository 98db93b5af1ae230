"""Where one page spends its time: cProfile over Django's test client, DEBUG off, on a seeded database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sendhub_bench .venv/bin/python -m benchmarks.profile \
        /dashboards/la/1/ --as la.officer@example.org --rounds 20

Prints the median time per request (and as a multiple of `/privacy/`'s, interleaved), the queries
one request runs with their time (slowest first), and the functions with the most cumulative time.
Run `make bench-pages` (or `python -m benchmarks.pages`) first to seed the database; this never
writes to it beyond what the page itself writes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

TRIVIAL = "/privacy/"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--as", dest="email", default="la.officer@example.org")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--top", type=int, default=40, help="functions listed")
    parser.add_argument("--sort", default="cumulative", help="pstats sort key (cumulative, tottime)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendhub.settings")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from sendhub.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(email=args.email))
    first = client.get(args.url)
    if first.status_code != 200:
        raise SystemExit(f"{args.url} answered {first.status_code}")
    captured: list[tuple[float, str]] = []

    def timed_query(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            captured.append((time.perf_counter() - started, sql))

    with connection.execute_wrapper(timed_query):
        client.get(args.url)
    # Interleaved with the trivial signed-in page, so that the ratio holds on a busy machine.
    client.get(TRIVIAL)
    page_times, trivial_times = [], []
    for _ in range(args.rounds):
        for url, times in ((args.url, page_times), (TRIVIAL, trivial_times)):
            started = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - started)
    mean, trivial = statistics.median(page_times), statistics.median(trivial_times)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.rounds):
        client.get(args.url)
    profiler.disable()
    print(
        f"{args.url} as {args.email}: median {mean * 1000:.1f} ms per request = {mean / trivial:.1f}x "
        f"{TRIVIAL} ({trivial * 1000:.1f} ms), {len(captured)} queries"
    )
    print(f"queries: {sum(seconds for seconds, _ in captured) * 1000:.1f} ms in all")
    for seconds, sql in sorted(captured, key=lambda q: -q[0]):
        print(f"  {seconds * 1000:6.1f} ms  {' '.join(sql.split())[:160]}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(args.sort)
    stats.print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()
