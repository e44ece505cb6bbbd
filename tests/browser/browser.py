"""Driving Debian's Chromium with Playwright, and checking pages with axe-core from npm.

Shared by the browser tests and `make screenshots`.
"""

import contextlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.html_checks import nested_forms

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) and AXE.exists()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


def new_context(browser, **options):
    """A fresh context (its own cookies) that never reaches beyond this machine: map tiles and any
    other outside address are refused, so tests neither depend on nor send traffic to the internet."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    options.setdefault("locale", "en-GB")
    options.setdefault("timezone_id", "Europe/London")
    context = browser.new_context(**options)

    def only_local(route):
        address = urlsplit(route.request.url)
        # The browser asks for /favicon.ico by itself, often after a test has finished; answering it
        # would touch the database while the next test sets up. The site has no icon: refuse it here.
        if address.hostname in LOCAL_HOSTS and address.path != "/favicon.ico":
            route.continue_()
        else:
            route.abort()

    context.route(re.compile(r"^https?://"), only_local)
    context.set_default_timeout(15_000)
    watch_for_nested_forms(context)
    return context


# Forms found inside other forms on the pages each context loaded, by context.
NESTED_FORMS: dict[int, list[str]] = {}


def watch_for_nested_forms(context) -> None:
    """Check every page the context loads, as the server sent it, for a form inside another form. The
    browser repairs such HTML silently (the inner form's start tag is dropped and its buttons send the
    outer form), so it has to be caught in the HTML, not in the page as the browser built it."""
    from playwright.sync_api import Error as PlaywrightError

    found = NESTED_FORMS.setdefault(id(context), [])

    def check(response):
        if response.request.resource_type != "document" or urlsplit(response.url).hostname not in LOCAL_HOSTS:
            return
        try:
            html = response.text()
        except PlaywrightError:  # a redirect has no body
            return
        found.extend(f"{response.url}: {problem}" for problem in nested_forms(html))

    context.on("response", check)


def close(context) -> None:
    """Close a context once its pages have no request in flight: a request the live server is still
    answering when a test ends would reach the database after the test has given it up. Then fail if
    any page it loaded had a form inside another form."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for page in context.pages:
        with contextlib.suppress(PlaywrightTimeout):  # closing anyway is right whatever the wait says
            page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()
    nested = NESTED_FORMS.pop(id(context), [])
    assert nested == [], "a form inside another form:\n" + "\n".join(nested)


SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def screenshot(page, name: str, full_page: bool = False) -> None:
    """A picture in screenshots/ (not kept in git) for a person to look at, only when a test run is
    asked for them: SIGNPOST_SCREENSHOTS=1."""
    if os.environ.get("SIGNPOST_SCREENSHOTS"):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def run_axe(page, tags=WCAG_TAGS, within: str = "") -> list[dict]:
    """axe-core's violations of the given WCAG tags on the page as it is now, or only inside the
    element `within` selects (an open dialog, say, rather than the page behind it)."""
    # Evaluated, not added as a <script>: our Content-Security-Policy rightly refuses inline script, and
    # the browser's own evaluation is not subject to it, so the page is checked with its real headers.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([tags, within]) => {
            const context = within ? document.querySelector(within) : document;
            const result = await axe.run(context, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, tags: v.tags,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 300),
                                          summary: n.failureSummary}))
            }));
        }""",
        [tags, within],
    )
    return result


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


# What every public page must have, checked in the page as the browser built it.
STRUCTURE_SCRIPT = """() => {
    // Shown on screen: a real size, and not moved off the page (as honeypot fields and skip links are).
    const visible = el => {
        const box = el.getBoundingClientRect();
        return box.width > 1 && box.height > 1 && box.right + window.scrollX > 0
            && box.bottom + window.scrollY > 0 && getComputedStyle(el).visibility !== "hidden";
    };
    const problems = [];
    const count = (selector) => document.querySelectorAll(selector).length;
    if (document.documentElement.lang !== "en-GB") problems.push("html lang is not en-GB");
    if (count("h1") !== 1) problems.push(`${count("h1")} h1 elements`);
    if (count("main") !== 1) problems.push(`${count("main")} main landmarks`);
    if (count("body > header, [role=banner]") !== 1) problems.push("no single banner landmark");
    if (count("body > footer, [role=contentinfo]") !== 1) problems.push("no single contentinfo landmark");
    const first = Array.from(document.querySelectorAll("a[href], button, input, select, textarea"))
        .find(el => !el.disabled && el.type !== "hidden");
    if (!first || !first.classList.contains("skip-link") || first.getAttribute("href") !== "#main-content")
        problems.push("the first focusable element is not the skip link");
    for (const el of document.querySelectorAll("[aria-hidden=true]")) {
        if (visible(el) && el.textContent.trim() && !el.closest(".map")
            && el.textContent.trim().length > 2)
            problems.push(`visible text hidden from screen readers: ${el.outerHTML.slice(0, 120)}`);
    }
    return problems;
}"""


def structure_problems(page) -> list[str]:
    return page.evaluate(STRUCTURE_SCRIPT)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


FOCUS_SCRIPT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
    const shadow = style.boxShadow && style.boxShadow !== "none";
    const rect = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || "").trim(),
        name: el.getAttribute("name"), href: el.getAttribute("href"),
        visibleFocus: outline || shadow, width: rect.width, height: rect.height,
    };
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_SCRIPT)


def tab_to(page, matches, *, limit=60, backwards=False) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches; every stop must show its focus."""
    key = "Shift+Tab" if backwards else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element is None:
            continue
        assert element["visibleFocus"], f"no visible focus indicator on {element}"
        seen.append(element["text"] or element["href"] or element["id"])
        if matches(element):
            return element
    raise AssertionError(f"never reached the element by keyboard; focus went through: {seen}")
