from django.core.management.base import BaseCommand, CommandError

from core.files import UnreadableFile, read_named_text
from insights.need import MAX_ERRORS, NeedFileError, read_need, replace_need


class Command(BaseCommand):
    help = (
        "Load an area-level figure of need (for example a digital exclusion risk index) by postcode "
        "district, or by LSOA with a lookup file, to show beside demand and supply on Coverage gaps. "
        "It replaces any figures loaded before; a file with a bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV with columns district,value or lsoa,value.")
        parser.add_argument("--lookup", help="CSV with columns lsoa,district, for a file by LSOA.")
        parser.add_argument(
            "--indicator",
            required=True,
            help="What the figure is, as coordinators read it: 'Digital exclusion risk (GMCA 2024)'.",
        )

    def handle(self, *args, file, lookup=None, indicator, **options):
        indicator = indicator.strip()[:150]
        if not indicator:
            raise CommandError("Give --indicator a name for the figure.")
        try:
            text = self._read(file)
            figures, report = read_need(text, self._read(lookup) if lookup else None)
        except NeedFileError as error:
            raise CommandError(str(error)) from None
        if report.errors:
            shown = "\n".join(report.errors[:MAX_ERRORS])
            more = len(report.errors) - MAX_ERRORS
            raise CommandError(
                f"Nothing was loaded: {len(report.errors)} row(s) need fixing.\n{shown}"
                + (f"\n...and {more} more." if more > 0 else "")
            )
        if not figures:
            raise CommandError("Nothing was loaded: the file has no rows.")
        replace_need(figures, indicator)
        self.stdout.write(
            f"Loaded '{indicator}' for {report.districts} postcode districts from {report.rows} rows."
        )

    def _read(self, name: str) -> str:
        try:
            return read_named_text(name)
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
