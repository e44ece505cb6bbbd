from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from events.models import CalendarFeed
from inclusion_alliance.calendar_feeds import import_feed


class Command(BaseCommand):
    help = (
        "Fetch every organisation's calendar feed (or one organisation's) and bring its events in: new "
        "ones added, changed ones updated, cancelled or removed ones taken off the site. Prints what it "
        "did. Run it from a scheduler, for example every morning; running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--organisation",
            help="Only this organisation's feeds: its page id, or the slug in its web address.",
        )

    def handle(self, *args, organisation=None, **options):
        feeds = CalendarFeed.objects.select_related("organisation").order_by("organisation__title", "pk")
        if organisation:
            match = Q(organisation__slug=organisation)
            if organisation.isdigit():
                match |= Q(organisation_id=int(organisation))
            feeds = feeds.filter(match)
            if not feeds.exists():
                raise CommandError(f"No calendar feeds for an organisation called {organisation!r}.")
        failed = 0
        for feed in feeds:
            self.stdout.write(f"{feed.organisation.title} ({feed.url})")
            report = import_feed(feed)
            for line in report.text().splitlines():
                self.stdout.write(f"  {line}")
            failed += not report.succeeded
        if failed:
            raise CommandError(f"{failed} of {feeds.count()} calendars could not be imported: see above.")
