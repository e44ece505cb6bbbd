"""`make screenshots`: pictures of the home page, the results page and the shortlist's print view at
360 and 1280 pixels wide, for a person to look at, in screenshots/ (not kept in git). The results are
reached as a resident reaches them (the home page's search), and shot twice: the first screen as a
phone shows it (results-360-first-screen.png: the first result must be on it), and the whole page.

Builds the browser tests' small site (tests/browser/data.py) in a new SQLite database in a temporary
folder, serves it on 127.0.0.1 on a free port, and drives Debian's Chromium. Works on a fresh clone
after `make setup`; needs no other service. Also writes the print view as an A4 PDF.
"""

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = (360, 1280)
SCREEN_HEIGHT = 800  # a common phone screen is 360 by 800


def main() -> int:
    temp = tempfile.TemporaryDirectory(prefix="signpost-screenshots-")
    os.environ["DATABASE_URL"] = f"sqlite:///{temp.name}/screenshots.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signpost.settings.dev")
    import django

    django.setup()
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread

    from . import browser as chromium
    from .data import build_site
    from .pages import add_to_shortlist

    if not chromium.chromium_available():
        print(
            f"Needs {chromium.CHROMIUM} and node_modules/axe-core: run `make setup` and "  # noqa: T201
            "scripts/install-system-packages.",
            file=sys.stderr,
        )
        return 1
    print("Building a small site in a temporary database...")  # noqa: T201
    call_command("migrate", verbosity=0, interactive=False)
    data = build_site()

    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"

    def url(path):
        return base + path

    from playwright.sync_api import sync_playwright

    OUT.mkdir(exist_ok=True)
    written = []
    try:
        with sync_playwright() as playwright:
            instance = chromium.launch(playwright)
            for width in WIDTHS:
                context = chromium.new_context(instance, viewport={"width": width, "height": SCREEN_HEIGHT})
                page = context.new_page()
                page.goto(url("/"), wait_until="networkidle")
                written.append(shoot(page, f"home-{width}.png"))
                page.get_by_label("What do you need help with?").fill("email")
                page.get_by_label("Where are you?").fill("SK1")
                page.get_by_role("button", name="Find help").click()
                page.wait_for_load_state("networkidle")
                written.append(shoot(page, f"results-{width}-first-screen.png", full_page=False))
                written.append(shoot(page, f"results-{width}.png"))
                title = page.locator("ol.results > li.result .result__title").first.bounding_box()
                print(  # noqa: T201
                    f"{width}px: the first result's title is {title['y']:.0f}px to "
                    f"{title['y'] + title['height']:.0f}px down; the first screen is {SCREEN_HEIGHT}px"
                )
                add_to_shortlist(page, url, data["email"])
                add_to_shortlist(page, url, data["video"])
                page.goto(url("/shortlist/print/"), wait_until="networkidle")
                written.append(shoot(page, f"shortlist-print-{width}.png"))
                if width == WIDTHS[-1]:
                    target = OUT / "shortlist-print-a4.pdf"
                    target.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
                    written.append(target)
                context.close()
            instance.close()
    finally:
        server.terminate()
        temp.cleanup()
    for path in written:
        print(path.relative_to(OUT.parent))  # noqa: T201
    return 0


def shoot(page, name: str, full_page: bool = True) -> Path:
    target = OUT / name
    page.screenshot(path=str(target), full_page=full_page)
    return target


if __name__ == "__main__":
    sys.exit(main())
