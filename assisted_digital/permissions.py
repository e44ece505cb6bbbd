"""Who counts as a referrer: members of the Wagtail group "Referrers" (made by migration 0002).

Referrers need no access to the Wagtail admin: staff mode is on the public site, and they sign in at
/staff/login/. A coordinator makes someone a Referrer in the admin (Settings > Users > the user's
Roles tab) and the staff member picks their venue the first time they use staff mode.
"""

REFERRERS_GROUP = "Referrers"
REPORT_PERMISSION = "assisted_digital.view_referral"


def is_referrer(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.groups.filter(name=REFERRERS_GROUP).exists()


def in_staff_mode(request) -> bool:
    """Whether this request is from a referrer, so that links to the search keep them in staff mode.
    Worked out once per request: the header, the home page and the shortlist all ask."""
    if not hasattr(request, "_in_staff_mode"):
        user = getattr(request, "user", None)
        request._in_staff_mode = user is not None and is_referrer(user)
    return request._in_staff_mode
