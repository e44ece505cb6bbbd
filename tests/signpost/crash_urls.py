"""A URL that crashes, for the tests of what happens when a view fails."""

from django.urls import path


def crash(request):
    raise RuntimeError("the view fell over")


urlpatterns = [path("crash/", crash)]
