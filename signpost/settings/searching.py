"""Wagtail's search backends, shared by the production settings and the tests that run with them.

Wagtail's own page search (the admin's search box) uses OpenSearch when a cluster is configured, with
the database backend kept beside it under the name `database`. The public search's database engine
always reads that database backend, whatever the default is, so it keeps answering when the cluster
does not (see search/engines/database.py).
"""

DATABASE_SEARCH_BACKEND = "wagtail.search.backends.database"
# Both databases stem English words, so "emails" finds "email".
DATABASE_BACKEND_SETTINGS = {"BACKEND": DATABASE_SEARCH_BACKEND, "SEARCH_CONFIG": "english"}


def search_backends(opensearch_url: str = "", index_prefix: str = "signpost", timeout: float = 2.0) -> dict:
    """WAGTAILSEARCH_BACKENDS: the database alone, or OpenSearch as the default with the database beside it.

    Wagtail updates every backend as pages are saved, so the database's page index stays complete
    whatever happens to the cluster. Updates to OpenSearch wait at most `timeout` seconds and are not
    retried, so a cluster that hangs cannot hold up a publish for long.
    """
    if not opensearch_url:
        return {"default": DATABASE_BACKEND_SETTINGS}
    return {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [opensearch_url],
            "INDEX": f"{index_prefix}-wagtail",
            "TIMEOUT": timeout,
            "OPTIONS": {"max_retries": 0, "retry_on_timeout": False},
            "INDEX_SETTINGS": {},
        },
        "database": DATABASE_BACKEND_SETTINGS,
    }
