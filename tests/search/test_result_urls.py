"""Result cards link to their pages without loading them: a path on the site searched, a full address
on another site of the same installation."""

import pytest
from wagtail.models import Page, Site

from search.results import page_urls

pytestmark = pytest.mark.django_db


def test_a_result_on_this_site_is_a_path_and_one_on_another_site_a_full_address(rf):
    this_home = Site.objects.get(is_default_site=True).root_page
    other_home = Page.get_first_root_node().add_child(instance=Page(title="Another council", slug="another"))
    Site.objects.create(hostname="another.example", port=80, root_page=other_home)
    url = page_urls(rf.get("/find/", HTTP_HOST="localhost"))
    assert url(f"{this_home.url_path}email-drop-in/") == "/email-drop-in/"
    assert url(f"{other_home.url_path}email-drop-in/") == "http://another.example/email-drop-in/"
    assert url("/nowhere/email-drop-in/") == ""  # under no site
