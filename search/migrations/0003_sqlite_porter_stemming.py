"""On SQLite, let Wagtail's full-text index match word endings ("emails" finds "email").

Wagtail creates its FTS5 table with the default tokenizer, which matches whole words only. PostgreSQL
stems English words (settings: SEARCH_CONFIG "english"), so we give SQLite the Porter stemmer too, and
both databases find the same listings for the same words. Nothing changes on other databases.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"


def use_porter_stemmer(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [TABLE])
        row = cursor.fetchone()
        if row is None or "porter" in row[0]:
            return
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(autocomplete, body, title, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        cursor.execute(
            f"INSERT INTO {TABLE} (rowid, title, body, autocomplete) "
            "SELECT id, title, body, autocomplete FROM wagtailsearch_indexentry"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_directory_entry"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_porter_stemmer, migrations.RunPython.noop)]
