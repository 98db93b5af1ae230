"""`python manage.py import_gias FILE.csv`: load or update the schools register from GIAS.

It reads a file you have downloaded; it never downloads anything. Whoever can run it has
shell access, so it imports every local authority's schools.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from hubs.gias import GiasImportSummary, gias_import
from sendhub.errors import DomainError

SHOW_SKIPPED = 50


class Command(BaseCommand):
    help = (
        "Load or update the schools register from the public GIAS establishment extract "
        "(edubasealldataYYYYMMDD.csv, Windows-1252 or UTF-8). Running it again with the same file changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="the extract you downloaded from Get Information About Schools")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report what would change, saving nothing"
        )

    def handle(self, *args, file: str, dry_run: bool, **options) -> None:
        if re.match(r"^[a-z][a-z0-9+.-]*://", file, re.IGNORECASE):
            raise CommandError(
                "import_gias never downloads anything: download the extract from Get Information About Schools "
                "and give the path of the file"
            )
        path = Path(file)
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        # tqdm draws on a terminal only (disable=None); piped or captured output stays plain.
        stream = getattr(self.stderr, "_out", sys.stderr)
        bar: tqdm | None = None
        shown = 0

        def progress(done: int, total: int) -> None:
            nonlocal bar, shown
            if bar is None:
                bar = tqdm(total=total, desc="Reading rows", unit=" rows", file=stream, disable=None, leave=False)
            bar.update(done - shown)
            shown = done

        try:
            summary = gias_import(actor=None, raw=raw, dry_run=dry_run, progress=progress)
        except DomainError as error:
            raise CommandError(f"{path.name}: {error.message}. Nothing was changed.") from None
        finally:
            if bar is not None:
                bar.close()
        self.report(path.name, summary)

    def report(self, name: str, summary: GiasImportSummary) -> None:
        out = self.stdout
        out.write(f"{name}: {summary.rows:,} rows")
        for label, count in (
            ("Schools added", summary.created),
            ("Schools updated", summary.updated),
            ("Schools unchanged", summary.unchanged),
            ("Closed schools not added", summary.closed_not_added),
            ("Rows skipped", len(summary.skipped)),
            ("Local authorities added", summary.authorities_created),
            ("Trusts added", summary.trusts_created),
            ("Trusts updated", summary.trusts_updated),
        ):
            out.write(f"  {label}: {count:,}")
        if summary.skipped:
            out.write("Rows skipped, and why:")
            for row in summary.skipped[:SHOW_SKIPPED]:
                out.write(f"  Row {row.row}{f' (URN {row.urn})' if row.urn else ''}: {row.reason}")
            if len(summary.skipped) > SHOW_SKIPPED:
                out.write(f"  and {len(summary.skipped) - SHOW_SKIPPED:,} more")
        if summary.dry_run:
            out.write(self.style.WARNING("Dry run: nothing was saved."))
        else:
            out.write(self.style.SUCCESS("Schools register updated."))
