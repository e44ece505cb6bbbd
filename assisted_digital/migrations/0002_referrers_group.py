"""The Referrers group (staff mode), and the council's coordinators (Wagtail's Moderators group) may
read the referrals report.

Referrers get no permissions here on purpose: staff mode is on the public site, so they never need
the Wagtail admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REFERRERS = "Referrers"
REPORT_READERS = "Moderators"


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name=REFERRERS)

    # Permissions are normally made after all migrations; make this app's now so one can be granted.
    app_config = apps.get_app_config("assisted_digital")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    readers = Group.objects.filter(name=REPORT_READERS).first()
    if readers is not None:
        readers.permissions.add(
            Permission.objects.get(content_type__app_label="assisted_digital", codename="view_referral")
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=REFERRERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assisted_digital", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
