from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.find, name="find"),
    path("where/", views.place_step, name="place_step"),
    path("results.json", views.results_json, name="results_json"),
    path("autocomplete.json", views.autocomplete, name="autocomplete"),
]
