from django.core.management.base import BaseCommand

from inclusion_alliance.models import Membership
from inclusion_alliance.moderation import WORKFLOW_NAME, ensure_alliance_setup
from inclusion_alliance.permissions import COORDINATORS_GROUP, apply_group_permissions


class Command(BaseCommand):
    help = (
        f"Create or repair the '{COORDINATORS_GROUP}' group, the '{WORKFLOW_NAME}' workflow on the "
        "organisation index page, and each member group's permissions (after an upgrade that adds one, "
        "such as documents in the group's own collection). Safe to run again."
    )

    def handle(self, *args, **options):
        ensure_alliance_setup()
        memberships = Membership.objects.select_related("organisation", "group", "collection")
        for membership in memberships:
            apply_group_permissions(membership)
        self.stdout.write(
            self.style.SUCCESS(
                f"'{COORDINATORS_GROUP}' group, '{WORKFLOW_NAME}' workflow and {len(memberships)} member "
                "groups ready."
            )
        )
