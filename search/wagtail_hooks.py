from django.urls import path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_postcode_position_url():
    """/admin/postcode-position/: the venue chooser's map asks it where a typed postcode is."""
    return [path("postcode-position/", admin_views.postcode_position_json, name="postcode_position")]
