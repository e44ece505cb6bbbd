"""The referrals report belongs to the council's coordinators: the "Coordinators" group.

Migration 0002 gave it to Wagtail's "Moderators" group, which nobody is in here, so no coordinator
could open the report. The Coordinators group is made here if it is missing (the setup_alliance
command gives it the rest of its permissions; the permission is in its list too).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATORS = "Coordinators"
OLD_READERS = "Moderators"


def report_permission(apps):
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("assisted_digital")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    return Permission.objects.get(content_type__app_label="assisted_digital", codename="view_referral")


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = report_permission(apps)
    coordinators, _created = Group.objects.get_or_create(name=COORDINATORS)
    coordinators.permissions.add(permission)
    for group in Group.objects.filter(name=OLD_READERS):
        group.permissions.remove(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="assisted_digital", codename="view_referral"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name=COORDINATORS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("assisted_digital", "0002_referrers_group")]

    operations = [migrations.RunPython(forwards, backwards)]
