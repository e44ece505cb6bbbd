"""The demo site's "Open data" page. Idempotent: a second run finds the page and leaves it alone."""

from core.pages import published_child

from .models import OpenDataPage


def load_open_data_page(home) -> OpenDataPage:
    return published_child(
        home,
        OpenDataPage,
        title="Open data",
        slug="open-data",
        summary="Use the directory of digital help in your own website, app or service.",
        intro=(
            "<p>Everything in this directory is open data. NHS services, family hubs, other councils "
            "and national networks can reuse it, so that more people find help to get online.</p>"
        ),
    )
