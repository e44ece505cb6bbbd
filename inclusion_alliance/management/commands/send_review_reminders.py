from django.core.management.base import BaseCommand

from inclusion_alliance.freshness import send_review_reminders


class Command(BaseCommand):
    help = (
        "Email editors about listings nobody has checked for 6 months, and again at 12 months. Run it "
        "daily (cron or a task worker): each reminder is sent once per listing and period, so running it "
        "again the same day, or the next, sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be sent, without sending or recording it."
        )

    def handle(self, *args, dry_run=False, **options):
        run = send_review_reminders(dry_run=dry_run)
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {run.emails} reminder email(s) about {run.listings} listing(s).")
        if run.failed:
            self.stderr.write(
                self.style.ERROR(
                    f"Could not send the reminders about {run.failed} listing(s); they will be tried again "
                    "on the next run. See the log for the mail server's error."
                )
            )
        if run.without_editors:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(run.without_editors)} stale listing(s) have no editor to remind; they are in the "
                    "'Listings to check' report:"
                )
            )
            for listing in run.without_editors:
                self.stdout.write(f"  {listing.title} (last checked {listing.last_checked:%-d %B %Y})")
