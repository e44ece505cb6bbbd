from django.urls import path

from . import views

urlpatterns = [
    path("", views.DemandView.as_view(), name="demand"),
    path("unmet/", views.UnmetView.as_view(), name="unmet"),
    path("unmet/add-synonym/", views.AddSynonymView.as_view(), name="add_synonym"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("reach/", views.ReachView.as_view(), name="reach"),
    path("health/", views.HealthView.as_view(), name="health"),
    path("summary/", views.SummaryView.as_view(), name="summary"),
]
