from django.core.management.base import BaseCommand

from inclusion_alliance.moderation import WORKFLOW_NAME, ensure_alliance_setup
from inclusion_alliance.permissions import COORDINATORS_GROUP


class Command(BaseCommand):
    help = (
        f"Create or repair the '{COORDINATORS_GROUP}' group and the '{WORKFLOW_NAME}' workflow on the "
        "organisation index page. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        ensure_alliance_setup()
        self.stdout.write(
            self.style.SUCCESS(f"'{COORDINATORS_GROUP}' group and '{WORKFLOW_NAME}' workflow ready.")
        )
