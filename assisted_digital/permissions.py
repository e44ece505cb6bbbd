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
