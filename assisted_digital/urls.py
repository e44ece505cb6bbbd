from django.urls import path
from django.views.generic import RedirectView

from . import staff, views

app_name = "assisted_digital"

urlpatterns = [
    path("shortlist/", views.shortlist, name="shortlist"),
    path("shortlist/add/", views.add, name="shortlist_add"),
    path("shortlist/remove/", views.remove, name="shortlist_remove"),
    path("shortlist/clear/", views.clear, name="shortlist_clear"),
    path("shortlist/print/", views.shortlist_print, name="shortlist_print"),
    path("shortlist/email/", views.email, name="shortlist_email"),
    path("handout/<int:page_id>/", views.handout, name="handout"),
    path("staff/", RedirectView.as_view(pattern_name="assisted_digital:staff_find")),
    path("staff/find/", staff.staff_find, name="staff_find"),
    path("staff/login/", staff.StaffLoginView.as_view(), name="staff_login"),
    path("staff/logout/", staff.StaffLogoutView.as_view(), name="staff_logout"),
    path("staff/venue/", staff.staff_venue, name="staff_venue"),
    path("staff/referrals/", staff.record_referral, name="record_referral"),
    path("staff/referrals/undo/", staff.undo_referral, name="undo_referral"),
    path("staff/next-visitor/", staff.next_visitor, name="next_visitor"),
]
