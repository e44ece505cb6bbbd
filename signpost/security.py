"""Security headers on every public page: a Content-Security-Policy and a Permissions-Policy.

The site runs no inline script (JSON-LD and map data are `application/ld+json` and `application/json`
data blocks, which browsers never execute), so scripts and styles come only from our own static files;
map tiles also from the tile server in MAP_TILE_URL. Wagtail's admin is left to its own defaults: it is
for signed-in editors only and relies on inline script of its own.
"""

from django.conf import settings


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if not request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


def content_security_policy(*image_origins: str) -> str:
    images = " ".join(["'self'", "data:", *sorted({origin for origin in image_origins if origin})])
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": images,
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def origin_of(url: str) -> str:
    """'https://tile.openstreetmap.org' from a tile URL template; '' for a relative URL."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "a"))
    if not parts.scheme or not parts.netloc:
        return ""
    host = parts.netloc.replace("a.", "*.", 1) if "{s}" in url else parts.netloc
    return f"{parts.scheme}://{host}"
