"""On PostgreSQL, an index for the words a search matches.

Wagtail's PostgreSQL backend matches a search's words against `title || body` (the two columns
joined), but indexes only each column alone, so every search read and joined the columns of every
listing: "univeral credit", matching nothing, took 50 to 70 ms at 10,000 listings, twice over (the
words as typed, then each word alone to tell a typo from a word a listing has). With an index on
the joined columns it takes well under a millisecond, and a search matching thousands of listings
is planned as before. Nothing changes on SQLite, whose full-text table is an index already.
"""

from django.db import migrations

INDEX = "search_words_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_directory_entry_schedules_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
