"""search.DirectoryListing: one row per listing in the index, for browsing (see the model). Filled here
from the index's rows as they are, so no rebuild is needed; from then on it is written with them."""

import django.db.models.deletion
import search.models
from django.db import migrations, models


LISTING_FACETS = ("levels", "topics", "formats", "languages", "cost")


def fill_from_entries(apps, schema_editor):
    """Each listing's row from its index rows: its name and own facets are the same in each of them,
    and its access needs are every venue's."""
    DirectoryEntry = apps.get_model("search", "DirectoryEntry")
    DirectoryListing = apps.get_model("search", "DirectoryListing")
    listings: dict[int, dict] = {}
    access: dict[int, set[str]] = {}
    for entry in DirectoryEntry.objects.order_by("service_id", "position").values(
        "service_id", "title", "organisation", "access", *LISTING_FACETS
    ):
        service_id = entry["service_id"]
        if service_id not in listings:
            listings[service_id] = {
                "service_id": service_id,
                "name_key": entry["title"].lower(),
                "organisation_key": entry["organisation"].lower(),
                **{field: entry[field] for field in LISTING_FACETS},
            }
        access.setdefault(service_id, set()).update(value for value in entry["access"].split(",") if value)
    DirectoryListing.objects.bulk_create(
        [
            DirectoryListing(**fields, access=f",{','.join(sorted(access[service_id]))}," if access[service_id] else "")
            for service_id, fields in listings.items()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0006_issue12_venue_chooser_help'),
        ('search', '0008_postgres_words_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='DirectoryListing',
            fields=[
                ('service', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='+', serialize=False, to='directory.servicepage')),
                ('name_key', models.TextField(help_text="The listing's title in lower case, to put it in order.")),
                ('organisation_key', models.TextField(blank=True, help_text="Its organisation's name in lower case.")),
                ('levels', models.CharField(blank=True, max_length=100)),
                ('topics', models.TextField(blank=True)),
                ('formats', models.TextField(blank=True)),
                ('languages', models.TextField(blank=True)),
                ('access', models.TextField(blank=True)),
                ('cost', models.CharField(max_length=20)),
            ],
            options={
                'indexes': [models.Index(search.models.CodePointOrder('name_key'), search.models.CodePointOrder('organisation_key'), models.F('service'), name='listing_a_to_z'), models.Index(fields=['levels'], name='listing_level'), models.Index(fields=['topics'], name='listing_topic'), models.Index(fields=['formats'], name='listing_format'), models.Index(fields=['cost'], name='listing_cost'), models.Index(fields=['access'], name='listing_access'), models.Index(fields=['languages'], name='listing_language')],
            },
        ),
        migrations.RunPython(fill_from_entries, migrations.RunPython.noop),
    ]
