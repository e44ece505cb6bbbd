"""Wagtail's default "Editors" and "Moderators" groups lose their rights over the whole site.

Wagtail's first migrations give both groups add and change (Moderators also publish, lock and unlock)
on the root page, so on every page of every group, and every right on images and documents in the
root collection. Nobody is meant to be in them here: Alliance editors get one group per organisation
and coordinators the "Coordinators" group (permissions.py). But one wrong tick in Settings > Users
would give a volunteer every group's pages. The groups themselves stay (an empty group grants
nothing, and Wagtail's sample "Moderators approval" task names one of them).
"""

from django.db import migrations

DEFAULT_GROUPS = ("Editors", "Moderators")


def forwards(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission.objects.filter(group__name__in=DEFAULT_GROUPS).delete()
    GroupCollectionPermission.objects.filter(group__name__in=DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inclusion_alliance", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    # Not reversible into rights: going back leaves the groups without them, which is safe.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
