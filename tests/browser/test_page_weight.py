"""The results page is light enough for slow phone data: its HTML, CSS and JavaScript together under
100 KB uncompressed, system fonts only, and on a phone the map library loaded only when someone asks
for the map. (At desk widths, 75rem and wider, the map stands beside the list and loads by itself.)"""

import pytest

from .data import full_page_of_results

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BUDGET = 100 * 1024
COUNTED = {"document", "stylesheet", "script"}
PHONE = {"width": 360, "height": 800}


def test_the_results_page_weighs_under_100_kb(page, url, site_data):
    full_page_of_results(site_data)
    page.set_viewport_size(PHONE)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url("/find/?where=SK1&q=email"), wait_until="networkidle")
    sizes = {}
    for response in responses:
        kind = response.request.resource_type
        assert kind != "font", f"a web font was downloaded: {response.url}"
        if kind in COUNTED:
            sizes[response.url] = len(response.body())
    total = sum(sizes.values())
    print(f"page weight: /find/?where=SK1&q=email: {total} bytes", sizes)  # noqa: T201 - read by `pytest -s`
    assert page.locator("ol.results > li.result").count() == 20
    assert not any("leaflet" in address for address in sizes), "the map library loaded without being asked"
    assert total < BUDGET, f"{total} bytes: {sizes}"


def test_on_a_phone_the_map_library_loads_only_when_the_map_is_asked_for(page, url, site_data):
    page.set_viewport_size(PHONE)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url("/find/?where=SK1&q=email"), wait_until="networkidle")
    assert not any("leaflet" in address for address in requested)
    page.get_by_role("button", name="Show on a map").click()
    page.wait_for_function("() => window.L !== undefined")
    assert any(address.endswith("leaflet.js") for address in requested)


def test_at_desk_width_the_map_beside_the_list_loads_by_itself(page, url, site_data):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url("/find/?where=SK1&q=email"), wait_until="networkidle")
    assert page.locator(".find__map .map__canvas").is_visible()
    assert not page.get_by_role("button", name="Show on a map").is_visible()


# Content images only: a map's tiles and markers are drawn by the map library at its own fixed sizes.
IMAGES = """() => Array.from(document.images).filter(img => !img.closest(".leaflet-container")).map(img => ({
    src: img.currentSrc || img.src, srcset: img.srcset, sizes: img.sizes,
    candidates: img.srcset ? img.srcset.split(",").length : 0, loaded: img.complete && img.naturalWidth > 0,
}))"""


def test_images_say_which_sizes_they_come_in(page, url, site_data):
    organisation = site_data["organisation"].url
    for path in ("/", "/find/?where=SK1&q=email", organisation):
        page.goto(url(path))
        images = page.evaluate(IMAGES)
        if path == organisation:
            assert images, "the organisation page shows no logo, so there is nothing to check"
        for image in images:
            assert image["srcset"] and image["sizes"], f"{path}: no srcset and sizes on {image['src']}"
            assert image["candidates"] >= 2, f"{path}: only one size of {image['src']}: {image['srcset']}"
            assert image["loaded"], f"{path}: {image['src']} did not load"
