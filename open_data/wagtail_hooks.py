from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from inclusion_alliance.permissions import is_coordinator

from .admin_import import ImportView


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("import/", ImportView.as_view(), name="open_data_import")]


class CoordinatorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return CoordinatorsMenuItem(
        "Import listings", reverse("open_data_import"), icon_name="upload", order=9000
    )
