"""Import the published LA-level EHC plan timeliness CSV (Explore Education Statistics). Nothing is downloaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards.forms import read_timeliness_csv
from dashboards.services import timeliness_import


class Command(BaseCommand):
    help = "Import the Explore Education Statistics local-authority-level EHC plan timeliness CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file, already downloaded")

    def handle(self, *args, path: str, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {path}")
        rows, problems = read_timeliness_csv(file.read_bytes())
        if problems:
            raise CommandError("The file was not imported:\n" + "\n".join(problems))
        count = timeliness_import(rows=rows, filename=file.name)
        self.stdout.write(self.style.SUCCESS(f"Imported {count} rows from {file.name}"))
