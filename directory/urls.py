from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("venues/<slug:slug>/", views.venue_detail, name="venue"),
]
