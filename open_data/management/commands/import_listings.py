from django.core.management.base import BaseCommand, CommandError

from open_data.importer import FileProblem, Options, import_listings


class Command(BaseCommand):
    help = (
        "Import organisations, listings and venues from the spreadsheet template (CSV) or from Open "
        "Referral UK JSON (a file, or a feed's address such as https://example.org/api/oruk/services). "
        "Without --commit nothing is saved: you get the report of what would happen."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="A CSV or JSON file, or the address of an Open Referral UK feed.")
        parser.add_argument(
            "--commit", action="store_true", help="Save the changes (the default is a dry run)."
        )
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="With --commit, save the rows without errors even if other rows have errors.",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save new and changed listings and organisations as drafts for review, "
            "instead of publishing them.",
        )

    def handle(self, *args, source, commit, skip_errors, draft, **options):
        try:
            report = import_listings(source, Options(commit=commit, skip_errors=skip_errors, draft=draft))
        except FileProblem as problem:
            raise CommandError(f"{problem} Nothing was imported.") from None
        for line in report.lines:
            style = self.style.ERROR if line.status == "error" else None
            self.stdout.write(style(str(line)) if style else str(line))
        self.stdout.write("")
        summary = report.summary()
        if report.has_errors and not skip_errors:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary) if report.saved else summary)
