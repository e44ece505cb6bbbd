"""The Stockport demo: what `make run` shows a newcomer."""

import io
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase

from core.choices import SkillLevel
from directory.models import Format, HelpTopic, OrganisationPage, ServicePage
from events.choices import Ends, Repeat
from events.models import EventPage
from home.demo.counts import counts
from home.demo.directory import DIRECTORY_FILE
from open_data.importer import Options, import_listings


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Loaded twice, once for the class (it takes a while); rolled back when the class is done.
        cls.logins = Path(tempfile.mkdtemp()) / "logins.txt"
        call_command("load_demo", password="demo-password", logins_file=str(cls.logins), stdout=io.StringIO())
        cls.first = counts()
        call_command("load_demo", password="demo-password", logins_file=str(cls.logins), stdout=io.StringIO())
        cls.second = counts()

    def test_the_demo_is_the_size_the_alliance_needs(self):
        assert self.first["organisations"] >= 30
        assert self.first["listings"] >= 80
        assert self.first["venues"] >= 25
        assert self.first["index_entries"] >= self.first["listings"]

    def test_the_demo_has_events_mostly_repeating_with_courses_and_cancelled_dates(self):
        events = EventPage.objects.live()
        assert self.first["events"] >= 40
        assert events.exclude(repeat=Repeat.NONE).count() > self.first["events"] / 2
        assert events.filter(ends=Ends.AFTER, count__gt=1).exists()
        assert self.first["cancelled_dates"] >= 1
        assert all(event.get_parent().specific_class is OrganisationPage for event in events)

    def test_loading_the_demo_twice_gives_the_same_counts(self):
        assert self.first == self.second

    def test_the_demo_directory_is_an_import_file_the_importer_finds_nothing_to_change_in(self):
        report = import_listings(str(DIRECTORY_FILE), Options(commit=False))
        assert not report.has_errors
        assert report.counts["created"] == report.counts["updated"] == 0
        assert report.counts["skipped"] > 0

    def test_demo_listings_were_checked_on_different_days(self):
        # The importer marks a spreadsheet's listings checked today; the demo spreads them out.
        assert ServicePage.objects.values("last_checked").distinct().count() > 20

    def test_the_demo_has_some_of_everything_it_counts(self):
        # A count of nought would make "the same counts" true whatever the command did twice.
        assert {name: count for name, count in self.first.items() if not count} == {}

    def test_every_topic_level_and_format_is_used(self):
        assert not HelpTopic.objects.filter(services__isnull=True).exists()
        assert not Format.objects.filter(services__isnull=True).exists()
        for level in SkillLevel.values:
            assert ServicePage.objects.filter(levels__has=level).exists(), level

    def test_every_organisation_has_an_editor_and_there_is_a_coordinator(self):
        usernames = set(get_user_model().objects.values_list("username", flat=True))
        assert "coordinator" in usernames
        for organisation in OrganisationPage.objects.all():
            assert f"editor-{organisation.slug}"[:150] in usernames

    def test_logins_are_written_to_the_file_not_to_settings(self):
        text = self.logins.read_text()
        assert "username: admin  password: demo-password" in text
        assert "coordinator" in text

    def test_demo_pages_render(self):
        for page in [*OrganisationPage.objects.live()[:3], *ServicePage.objects.live()[:5]]:
            assert self.client.get(page.url).status_code == 200
        assert self.client.get("/find/", {"where": "SK4", "q": "email"}).status_code == 200
