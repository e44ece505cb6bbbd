"""On PostgreSQL, an index of the help topics each index entry is on.

Words naming a help topic ("help with universal credit", and "univeral credit" once corrected) keep
only the entries on that topic, by a LIKE over the `topics` column (",a,b,") of every entry: 7 to
12 ms at 10,000 listings (14,945 entries) for the 1,771 on Universal Credit. A GIN index of the
column's items (`string_to_array(topics, ',')`), asked by search.models.Overlaps, finds them in
about a millisecond. Nothing changes on SQLite.
"""

from django.db import migrations

INDEX = "entry_topics_items"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON search_directoryentry USING gin (string_to_array(topics, ','))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0010_directory_entry_place_covers_rows")]

    operations = [migrations.RunPython(create_index, drop_index)]
