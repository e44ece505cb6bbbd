"""The admin's postcode lookup: where a venue's postcode is, for the map in the venue chooser's
"Add a venue" tab (static/js/venue-pin-map.js). Admin only: Wagtail's admin URLs need a signed-in
editor, so residents' place lookups are not opened up as an API by this."""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from core.postcodes import normalise_postcode

from .places import postcode_position


@require_GET
def postcode_position_json(request):
    """{"postcode", "latitude", "longitude"}; the position is null when we do not know the postcode
    exactly, and the page says so rather than guessing."""
    text = request.GET.get("postcode", "")[:20]
    position = postcode_position(text)
    latitude, longitude = position if position else (None, None)
    return JsonResponse(
        {"postcode": normalise_postcode(text) or text.strip(), "latitude": latitude, "longitude": longitude}
    )
