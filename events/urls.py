from django.urls import path, re_path

from . import views

app_name = "events"

urlpatterns = [
    path("venues/<slug:slug>/events.ics", views.venue_feed, name="venue_feed"),
    path("venues/<slug:slug>/whats-on/", views.venue_sheet, name="venue_sheet"),
    # A page's calendar (/whats-on/feed.ics, <event>/event.ics, <organisation>/events.ics).
    re_path(r"^(?P<path>(?:[\w\-]+/)+[\w\-]+\.ics)$", views.page_calendar, name="page_calendar"),
]
