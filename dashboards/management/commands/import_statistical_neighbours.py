"""Import authorities' statistical neighbours from a CSV file (la_code, neighbour_code, rank). Nothing is downloaded."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dashboards.neighbours import known_codes, read_neighbours_csv
from dashboards.services import statistical_neighbours_import


class Command(BaseCommand):
    help = "Import statistical neighbours from a CSV file with the columns la_code, neighbour_code, rank (1 closest)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file")

    def handle(self, *args, path: str, **options) -> None:
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No file at {path}")
        neighbours, problems = read_neighbours_csv(file.read_bytes(), known_codes())
        if problems:
            raise CommandError("The file was not imported:\n" + "\n".join(problems))
        count = statistical_neighbours_import(neighbours=neighbours)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count} statistical neighbours of {len(neighbours)} authorities from {file.name}"
            )
        )
