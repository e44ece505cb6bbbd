"""Links that change a page's query string, and the links of a list shown a page at a time: used by Find
help (search/views.py) and What's on (events/whats_on.py); and the `next` a form may go back to."""

import math
from urllib.parse import urlencode

from django.utils.http import url_has_allowed_host_and_scheme


def link(params: dict, **changes) -> str:
    """The parameters with `changes`, as "?q=email&page=2"; a parameter whose value is None or empty
    is left out (so `page=None` drops the page). Just "?" when nothing is left."""
    merged = {**params, **changes}
    merged = {key: value for key, value in merged.items() if value not in (None, "", [], ())}
    return "?" + urlencode(merged, doseq=True)


def without(params: dict, name: str, value: str | None = None, *also: str) -> str:
    """A link without one value of a parameter (or the whole parameter, without `value` or when it
    has only one), without the parameters named in `also`, and back on the first page."""
    changed = {key: chosen for key, chosen in params.items() if key != "page"}
    if value is None or not isinstance(changed.get(name), list):
        changed.pop(name, None)
    else:
        changed[name] = [item for item in changed[name] if item != value]
    for other in also:
        changed.pop(other, None)
    return link(changed)


def page_count(total: int, per_page: int) -> int:
    """How many pages `total` items fill: always at least one."""
    return max(1, math.ceil(total / per_page))


def page_links(params: dict, current: int, pages: int, *, number_first_page: bool = True) -> dict:
    """The links of a paged list: previous, next, and the first, last and nearest pages' numbers.
    Without `number_first_page`, links to the first page leave the page parameter out."""

    def to(number: int) -> str:
        return link(params, page=number if number > 1 or number_first_page else None)

    numbers = sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)})
    items = []
    for number in numbers:
        if items and number - items[-1]["number"] == 2:
            # One page left out would take as much room as the gap's mark: show its number instead.
            items.append(_number(number - 1, current, to))
        elif items and number - items[-1]["number"] > 2:
            items.append({"gap": True, "number": number - 1})
        items.append(_number(number, current, to))
    return {
        "pages": pages,
        "current": current,
        "previous": to(current - 1) if current > 1 else "",
        "next": to(current + 1) if current < pages else "",
        # A gap ({"gap": True}) stands for pages left out, so "1 2 3 5" reads "1 2 3 ... 5".
        "numbers": items,
    }


def _number(number: int, current: int, to) -> dict:
    return {"number": number, "url": to(number), "current": number == current}


def safe_next(request, fallback: str) -> str:
    """The page to go back to: the `next` parameter (posted, or in the query string) if it is on this
    site, otherwise `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
