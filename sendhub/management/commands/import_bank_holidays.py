"""`python manage.py import_bank_holidays FILE.json`: the UK bank holidays, from a saved copy of GOV.UK's feed.

It reads a file; it never downloads anything. The portal ships a copy at
sendhub/data/bank-holidays.json, to be refreshed from https://www.gov.uk/bank-holidays.json.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sendhub.calendar.services import DIVISION_NAMES, DIVISIONS, FEED_URL, bank_holidays_import, bank_holidays_read
from sendhub.errors import DomainError

# GOV.UK's feed is about 20KB; a file this size is something else.
MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        f"Import the UK bank holidays from a saved copy of {FEED_URL}. Running it again with the same file "
        "changes nothing. All or nothing: a file with any problem changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", help=f"a saved copy of {FEED_URL} (the portal's own: sendhub/data/bank-holidays.json)"
        )
        parser.add_argument("--division", choices=DIVISIONS, help="import only this division")

    def handle(self, *args, file: str, division: str | None, **options) -> None:
        if re.match(r"^[a-z][a-z0-9+.-]*://", file, re.IGNORECASE):
            raise CommandError(
                f"import_bank_holidays never downloads anything: save {FEED_URL} as a file and give its path"
            )
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(
                    f"{path.name} is larger than 5MB: it is not the bank holidays feed. Nothing was changed."
                )
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}") from None
        try:
            feed = bank_holidays_read(raw)
            counts = bank_holidays_import(feed=feed, divisions=[division] if division else None)
        except DomainError as error:
            raise CommandError(f"{path.name}: {error.message}. Nothing was changed.") from None
        for name, count in counts.items():
            self.stdout.write(
                f"{DIVISION_NAMES[name]}: {count.added} added, {count.updated} updated, "
                f"{count.unchanged} unchanged, {count.removed} removed"
            )
