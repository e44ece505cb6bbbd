"""gunicorn's settings for Signpost. gunicorn reads this file from the folder it starts in, so
`gunicorn signpost.wsgi` in the project's folder runs with it; flags on the command line still win
(`--workers 3`).

Each worker process answers several requests at once on threads (the gthread worker). A search spends
much of its time waiting: for OpenSearch, PostgreSQL and Redis. A sync worker does nothing while it
waits; a threaded one starts on the next request, so the same number of processes (and the same
memory) serves more visitors. Django and Signpost are thread-safe: the development server is threaded,
and the state a process keeps between requests is either per thread (caching.generation's request
memo) or guarded by a lock. Each thread keeps its own database connection, so PostgreSQL sees
workers x threads connections per app server (docs/scaling.md).
"""

import os

worker_class = "gthread"
# Two to four threads per worker is gunicorn's advice for an app that waits on other servers; what
# they gained here is in docs/scaling.md.
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# One process per core: the threads fill each core while its requests wait. WEB_CONCURRENCY (as
# gunicorn reads it) or `--workers` set another number.
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
