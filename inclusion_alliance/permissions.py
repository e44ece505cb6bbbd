"""Each Alliance member edits only its own pages: one Wagtail group per organisation.

The group's page permissions are set on the organisation's page, so they cover exactly its subtree
(the organisation, its listings and its events) and nothing else.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
TRUSTED_PAGE_PERMISSIONS = ("publish_page",)
IMAGE_PERMISSIONS = ("add_image", "choose_image", "change_image")


def group_name(organisation) -> str:
    return f"Editors: {organisation.title}"[:150]


def page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def organisation_collection(organisation) -> Collection:
    """A collection of images (logos, photos) for one organisation, so groups cannot edit each other's."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=organisation.title).first()
    return existing or root.add_child(name=organisation.title)


def setup_organisation_group(organisation, *, trusted: bool = False) -> Group:
    """Create or update the organisation's editor group; `trusted` groups may publish without approval."""
    group, _created = Group.objects.get_or_create(name=group_name(organisation))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )

    wanted = set(EDITOR_PAGE_PERMISSIONS) | (set(TRUSTED_PAGE_PERMISSIONS) if trusted else set())
    for codename in EDITOR_PAGE_PERMISSIONS + TRUSTED_PAGE_PERMISSIONS:
        permission = page_permission(codename)
        if codename in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=organisation, permission=permission)
        else:
            GroupPagePermission.objects.filter(group=group, page=organisation, permission=permission).delete()

    collection = organisation_collection(organisation)
    for codename in IMAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailimages", codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return group
