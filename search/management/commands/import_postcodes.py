from django.core.management.base import BaseCommand, CommandError

from search.gazetteer import GazetteerFormatError, import_file


class Command(BaseCommand):
    help = (
        "Load postcodes and places into the place lookup from the ONS Postcode Directory (ONSPD) CSV, "
        "OS Code-Point Open CSV, or a CSV with kind,name,latitude,longitude columns. The format is detected. "
        "Bad rows are counted and reported; the rest go in together or not at all."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="CSV files to import")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the files and report, change nothing."
        )

    def handle(self, *args, files, dry_run=False, **options):
        for path in files:
            try:
                report = import_file(path, dry_run=dry_run)
            except (GazetteerFormatError, OSError) as error:
                raise CommandError(f"{path}: {error}") from None
            verb = "would import" if dry_run else "imported"
            self.stdout.write(
                f"{path} ({report.format}): {report.rows} rows, {verb} {report.imported}, "
                f"{report.bad} bad, {report.outward_added} postcode districts added."
            )
            for example in report.examples:
                self.stdout.write(f"  {example}")
            if report.bad > len(report.examples):
                self.stdout.write(f"  ... and {report.bad - len(report.examples)} more bad rows")
