"""Replace Wagtail's placeholder welcome page with our HomePage, so a new site has a front door."""

import uuid

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    placeholder_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    placeholder = Page.objects.filter(content_type=placeholder_type, depth=2, slug="home").first()
    locale = placeholder.locale if placeholder else apps.get_model("wagtailcore.Locale").objects.first()
    if placeholder:
        placeholder.delete()

    home_type, _created = ContentType.objects.get_or_create(app_label="home", model="homepage")
    # The placeholder sat at the root's first child position; ours takes the same place in the tree.
    home = HomePage.objects.create(
        title="Find digital help",
        draft_title="Find digital help",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        heading="Find free help to get online",
        locale=locale,
        translation_key=uuid.uuid4(),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Signpost"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("home.HomePage").objects.filter(depth=2, slug="home").delete()


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
