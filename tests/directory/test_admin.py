"""The council's admin: the Taxonomies menu and the venue map."""

import json

import pytest
from bs4 import BeautifulSoup

from directory.models import AccessFacility, Audience, Format, HelpTopic, Language

TAXONOMY_MENU = [
    ("Help topics", "/admin/snippets/directory/helptopic/"),
    ("Formats", "/admin/snippets/directory/format/"),
    ("Access facilities", "/admin/snippets/directory/accessfacility/"),
    ("Languages", "/admin/snippets/directory/language/"),
    ("Audiences", "/admin/snippets/directory/audience/"),
]


def sidebar_menu(html: str) -> list[dict]:
    """The admin menu items, as Wagtail hands them to its sidebar."""
    soup = BeautifulSoup(html, "html.parser")
    props = json.loads(soup.find("script", id="wagtail-sidebar-props").string)
    menu = next(module for module in props["modules"] if module["_type"] == "wagtail.sidebar.MainMenuModule")
    return menu["_args"][0]


@pytest.mark.django_db
def test_admin_has_a_taxonomies_menu_with_the_five_vocabularies(admin_client):
    items = sidebar_menu(admin_client.get("/admin/").content.decode())
    taxonomies = [item for item in items if item["_args"][0]["label"] == "Taxonomies"]
    assert len(taxonomies) == 1
    assert taxonomies[0]["_type"] == "wagtail.sidebar.SubMenuItem"
    children = taxonomies[0]["_args"][1]
    assert [(child["_args"][0]["label"], child["_args"][0]["url"]) for child in children] == TAXONOMY_MENU
    # The vocabularies are only in that menu, not also loose in the main menu.
    top_labels = {item["_args"][0]["label"] for item in items}
    assert not top_labels & {label for label, _ in TAXONOMY_MENU}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "extra"),
    [
        (HelpTopic, {"synonyms": "e-mail, gmail, inbox"}),
        (Format, {}),
        (AccessFacility, {}),
        (Language, {"code": "ur"}),
        (Audience, {}),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else "",
)
def test_a_valid_add_form_saves_the_term(admin_client, model, extra):
    url = f"/admin/snippets/directory/{model._meta.model_name}/add/"
    assert admin_client.get(url).status_code == 200
    data = {"name": "Plain words", "slug": "", "description": "One sentence.", "sort_order": "5", **extra}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    term = model.objects.get(name="Plain words")
    assert (term.slug, term.description, term.sort_order) == ("plain-words", "One sentence.", 5)
    for field, value in extra.items():
        assert getattr(term, field) == value


@pytest.mark.django_db
def test_venue_add_page_loads_leaflet_from_our_own_static_files(admin_client):
    html = admin_client.get("/admin/snippets/directory/venue/add/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    scripts = [tag["src"] for tag in soup.find_all("script", src=True)]
    styles = [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]
    assert "/static/vendor/leaflet/leaflet.js" in scripts
    assert "/static/vendor/leaflet/leaflet.css" in styles
    for address in scripts + styles:
        assert address.startswith("/"), f"loaded from another site: {address}"
        assert not address.startswith("//"), f"loaded from another site: {address}"
    assert "unpkg" not in html
    assert "cdn" not in html.lower()
