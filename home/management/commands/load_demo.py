import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from assisted_digital.demo import load_referrer
from home.demo import alliance as alliance_demo
from home.demo import counts as demo_counts
from home.demo import directory as directory_demo
from home.demo import events as events_demo
from home.demo.site import load_site
from inclusion_alliance.permissions import ensure_coordinators_group, setup_organisation_group
from insights import demo as insights_demo
from open_data.demo import load_open_data_page
from search.gazetteer import import_file as import_places

CREDENTIALS_FILE = Path(settings.BASE_DIR) / "var" / "demo-logins.txt"
PLACES_FILE = Path(settings.BASE_DIR) / "search" / "data" / "places_stockport.csv"


class Command(BaseCommand):
    help = (
        "Build the Stockport demo site: organisations, listings, venues, taxonomies and users. "
        "Safe to run again: what exists is kept, and each run sets a new password for the demo users."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Use this password for every demo user instead of a new random one.",
        )
        parser.add_argument(
            "--logins-file",
            default=str(CREDENTIALS_FILE),
            help=f"Where to write the demo logins (default {CREDENTIALS_FILE}).",
        )

    def handle(self, *args, password=None, logins_file=None, **options):
        password = password or secrets.token_urlsafe(12)
        with transaction.atomic():
            import_places(PLACES_FILE, source="stockport")
            directory_demo.load_taxonomies()
            home, _index = load_site()
            load_open_data_page(home)
            venues = directory_demo.load_venues()
            organisations = directory_demo.load_organisations()
            events_demo.load(organisations, venues)
            alliance_demo.load_alliance(home, organisations)
            logins = self.load_users(organisations, password)
            logins.insert(2, load_referrer(password))
            insights_demo.load()

        logins_path = Path(logins_file or CREDENTIALS_FILE)
        logins_path.parent.mkdir(parents=True, exist_ok=True)
        logins_path.write_text("\n".join(logins) + "\n", encoding="utf-8")
        logins_path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
        self.stdout.write(demo_counts.summary())
        self.stdout.write("\n".join(logins[:3]))
        self.stdout.write(f"(All {len(logins)} demo logins are in {logins_path}.)")

    def load_users(self, organisations, password: str) -> list[str]:
        User = get_user_model()
        admin, _ = User.objects.get_or_create(
            username="admin",
            defaults={"email": "admin@stockport.example", "first_name": "Site", "last_name": "Admin"},
        )
        admin.is_staff = admin.is_superuser = True
        admin.set_password(password)
        admin.save()

        coordinator, _ = User.objects.get_or_create(
            username="coordinator",
            defaults={
                "email": "coordinator@stockport.example",
                "first_name": "Alliance",
                "last_name": "Coordinator",
            },
        )
        coordinator.set_password(password)
        coordinator.save()
        coordinator.groups.add(ensure_coordinators_group())

        logins = [
            f"Admin login: http://127.0.0.1:8000/admin/  username: admin  password: {password}",
            f"Coordinator: username: coordinator  password: {password}",
        ]
        for organisation in organisations:
            group = setup_organisation_group(organisation)
            username = f"editor-{organisation.slug}"[:150]
            editor, _ = User.objects.get_or_create(
                username=username,
                defaults={
                    "email": f"{username}@stockport.example",
                    "first_name": "Editor",
                    "last_name": organisation.title[:150],
                },
            )
            editor.set_password(password)
            editor.save()
            editor.groups.add(group)
            logins.append(f"Editor for {organisation.title}: username: {username}  password: {password}")
        return logins
