from django.urls import path

from . import views

app_name = "inclusion_alliance"

urlpatterns = [
    path("report/<int:page_id>/", views.report_problem, name="report_problem"),
    path("report/<int:page_id>/thanks/", views.report_thanks, name="report_thanks"),
]
