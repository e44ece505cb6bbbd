"""Every site starts with its settings row, so reading them never has to write one."""

from django.db import migrations


def create_site_settings(apps, schema_editor):
    Site = apps.get_model("wagtailcore.Site")
    SiteSettings = apps.get_model("home.SiteSettings")
    for site in Site.objects.all():
        SiteSettings.objects.get_or_create(site=site)


class Migration(migrations.Migration):
    dependencies = [("home", "0002_home_page")]

    operations = [migrations.RunPython(create_site_settings, migrations.RunPython.noop)]
