"""The Open Referral UK API (read only, no key) and the whole-directory downloads.

Plain Django views returning JSON, rather than django-ninja or Django REST framework: the response
shapes are fixed by the ORUK specification (which we ship, instead of generating our own OpenAPI
document), errors must be {"error": "..."} with 400 or 404 for every bad value, and a page of results
must cost a fixed handful of queries. A small decorator gives every view the same error handling and
the CORS header; there is nothing else a framework would add here.
"""

import csv
import functools
import json
from pathlib import Path

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Site

from core.querystrings import page_count
from directory.models import ServiceAtLocation, ServicePage

from . import export, oruk, params, queries
from .params import BadParameter
from .taxonomies import TAXONOMIES, TAXONOMY_BY_ID, all_terms, find_term
from .validation import SCHEMA_DIR

JSON_DUMPS = {"ensure_ascii": False}
DOWNLOAD_BATCH = 200


class NotFound(Exception):
    pass


def error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON_DUMPS)


def api_view(view):
    """GET only, no key, readable from any web page (CORS), and every problem answered as JSON."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = error(405, "This API is read only: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadParameter as problem:
                response = error(400, str(problem))
            except NotFound as problem:
                response = error(404, str(problem))
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def json_response(data) -> JsonResponse:
    return JsonResponse(data, json_dumps_params=JSON_DUMPS)


def envelope(total: int, page: int, per_page: int, contents: list) -> dict:
    """The ORUK page: `size` is how many items this page holds; an empty result is one empty page."""
    total_pages = page_count(total, per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


def _licence(request) -> dict:
    from home.models import SiteSettings

    site = Site.find_for_request(request)
    settings = SiteSettings.for_site(site) if site else SiteSettings()
    return {
        "name": settings.open_data_licence_name,
        "url": settings.open_data_licence_url,
        "attribution": settings.organisation_name,
    }


# -- the API --------------------------------------------------------------------------------


@api_view
def api_root(request):
    return json_response(
        {
            "version": oruk.VERSION,
            "profile": oruk.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("open_data:openapi")),
            "licence": _licence(request),
        }
    )


@api_view
def openapi(request):
    return HttpResponse(
        (SCHEMA_DIR / "openapi-3.0.json").read_bytes(), content_type="application/json; charset=utf-8"
    )


def _filtered_services(query):
    """Listings filtered by the parameters both lists share (None when there are none), and the
    filter on regular times. Every value is checked before any query runs."""
    text = params.search_text(query)
    term_id = params.identifier(query, "taxonomy_term_id")
    taxonomy_id = params.identifier(query, "taxonomy_id")
    day = params.day(query)
    start, end = params.time_of_day(query, "start_time"), params.time_of_day(query, "end_time")
    since = params.modified_after(query)
    # Listings have no age limits, so ages are checked and then match everything.
    params.number(query, "minimum_age")
    params.number(query, "maximum_age")

    schedule_q = queries.schedule_q(day, start, end)
    if not (text or term_id or taxonomy_id or since):
        return None, schedule_q
    services = queries.published_services()
    if text:
        services = queries.filter_by_words(services, text)
    if term_id:
        services = queries.filter_by_term(services, term_id)
    if taxonomy_id:
        services = queries.filter_by_taxonomy(services, taxonomy_id)
    if since:
        services = queries.filter_modified_after(services, since)
    return services, schedule_q


@api_view
def services(request):
    page, per_page = params.page_and_size(request.GET)
    found, schedule_q = _filtered_services(request.GET)
    if found is None:
        found = queries.published_services()
    if schedule_q is not None:
        found = queries.filter_services_by_schedule(found, schedule_q)
    total = found.count()
    offset = (page - 1) * per_page
    wanted = queries.page_of_ids(found.order_by("title", "pk"), offset, per_page, total)
    items = queries.in_order(ServicePage.objects.all(), wanted)
    queries.attach_organisations(items)
    urls = oruk.Urls(request)
    return json_response(envelope(total, page, per_page, [oruk.service_summary(s, urls) for s in items]))


@api_view
def service_detail(request, id):
    service_id = params.parse_uuid(id)
    found = queries.load_full_services(queries.published_services().filter(uuid=service_id))
    if not found:
        raise NotFound(f"There is no published service with the id {service_id}.")
    return json_response(oruk.full_service(found[0], oruk.Urls(request)))


@api_view
def service_at_locations(request):
    query = request.GET
    page, per_page = params.page_and_size(query)
    point, metres = params.place(query)
    services, schedule_q = _filtered_services(query)
    links = queries.published_service_locations(services)
    if schedule_q is not None:
        links = queries.filter_locations_by_schedule(links, schedule_q)

    offset = (page - 1) * per_page
    if point is not None:
        ranked = queries.nearest(links, point, metres)
        total = len(ranked)
        wanted = [pk for pk, _distance in ranked[offset : offset + per_page]]
    else:
        total = links.count()
        wanted = queries.page_of_ids(
            links.order_by("service__title", "venue__name", "pk"), offset, per_page, total
        )
    items = queries.in_order(ServiceAtLocation.objects.select_related("venue", "service"), wanted)
    queries.attach_organisations([link.service for link in items])
    urls = oruk.Urls(request)
    contents = [oruk.service_at_location_summary(link, urls) for link in items]
    return json_response(envelope(total, page, per_page, contents))


@api_view
def service_at_location_detail(request, id):
    link_id = params.parse_uuid(id)
    link = queries.published_service_locations().filter(uuid=link_id).first()
    found = (
        queries.load_full_services(queries.published_services().filter(pk=link.service_id)) if link else []
    )
    if not found:
        raise NotFound(f"There is no published service at location with the id {link_id}.")
    return json_response(oruk.full_service(found[0], oruk.Urls(request), only_location=link))


@api_view
def taxonomies(request):
    page, per_page = params.page_and_size(request.GET)
    offset = (page - 1) * per_page
    contents = [oruk.taxonomy(tax) for tax in TAXONOMIES[offset : offset + per_page]]
    return json_response(envelope(len(TAXONOMIES), page, per_page, contents))


@api_view
def taxonomy_detail(request, id):
    taxonomy = TAXONOMY_BY_ID.get(params.parse_uuid(id))
    if taxonomy is None:
        raise NotFound(f"There is no taxonomy with the id {id}.")
    return json_response(oruk.taxonomy(taxonomy, terms=taxonomy.terms()))


@api_view
def taxonomy_terms(request):
    page, per_page = params.page_and_size(request.GET)
    taxonomy_id = params.identifier(request.GET, "taxonomy_id")
    chosen = TAXONOMIES
    if taxonomy_id:
        chosen = [tax for tax in TAXONOMIES if tax.id == taxonomy_id]
    terms = all_terms(chosen)
    offset = (page - 1) * per_page
    contents = [oruk.taxonomy_term(term) for term in terms[offset : offset + per_page]]
    return json_response(envelope(len(terms), page, per_page, contents))


@api_view
def taxonomy_term_detail(request, id):
    term = find_term(params.parse_uuid(id))
    if term is None:
        raise NotFound(f"There is no taxonomy term with the id {id}.")
    return json_response(oruk.taxonomy_term(term))


@api_view
def not_found(request, rest=""):
    raise NotFound("There is nothing at this address. The API starts at /api/oruk/.")


# -- downloads ------------------------------------------------------------------------------


def _download_name(extension: str) -> str:
    return f"directory-{timezone.localdate():%Y-%m-%d}.{extension}"


class _Echo:
    """A file-like object whose write() returns what it is given, for streaming csv.writer output."""

    def write(self, value):
        return value


@api_view
def directory_csv(request):
    writer = csv.writer(_Echo())

    def lines():
        # A byte order mark, so that Excel opens the file as UTF-8 (the importer skips it).
        yield "\ufeff" + writer.writerow(export.COLUMNS)
        for row in export.rows(oruk.Urls(request)):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name("csv")}"'
    return response


@api_view
def directory_json(request):
    """Every published listing, fully nested, as one ORUK page: what import_listings reads back."""
    services = queries.published_services().order_by("title", "pk")
    total = services.count()
    urls = oruk.Urls(request)
    head = envelope(total, 1, max(total, 1), [])
    head.update({"empty": total == 0, "size": total, "licence": _licence(request)})
    del head["contents"]
    opening = json.dumps(head, ensure_ascii=False)[:-1] + ', "contents": ['

    def chunks():
        yield opening
        first = True
        for batch in export.batches(services, DOWNLOAD_BATCH):
            for service in batch:
                yield ("" if first else ",") + json.dumps(
                    oruk.full_service(service, urls), ensure_ascii=False
                )
                first = False
        yield "]}"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name("json")}"'
    return response


def import_template(request):
    response = HttpResponse(
        (Path(__file__).resolve().parent / "import_template.csv").read_bytes(),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="signpost-import-template.csv"'
    return response
