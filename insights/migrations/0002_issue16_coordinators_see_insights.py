from django.db import migrations

COORDINATORS_GROUP = "Coordinators"


def give_coordinators_insights(apps, schema_editor):
    """The Coordinators group (and only it) may see the insights screens."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(app_label="insights", model="dailycount")
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_insights",
        defaults={"name": "Can see the council's insights screens"},
    )
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(permission)


def take_it_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=COORDINATORS_GROUP):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="insights"))


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0001_issue16_daily_totals"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(give_coordinators_insights, take_it_back)]
