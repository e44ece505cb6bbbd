"""Who may do what.

Each Alliance member edits only its own pages: one Wagtail group per organisation, whose page
permissions sit on the organisation's page, so they cover exactly its subtree (the organisation, its
listings and its events) and nothing else. Untrusted groups may add and change pages, and submit them
for a coordinator's approval; trusted groups may also publish (see README.md, "The Alliance").

Coordinators are the "Coordinators" group: every page, the taxonomies, venues, applications, problem
reports and the Alliance reports.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
TRUSTED_PAGE_PERMISSIONS = ("publish_page",)
# On the group's own collection: its logos, photos and documents, apart from every other group's.
EDITOR_COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "choose_image", "change_image"),
    "wagtaildocs": ("add_document", "choose_document", "change_document"),
}
# Editors may add venues; VenuePermissionPolicy lets them edit and delete only their group's own.
EDITOR_MODEL_PERMISSIONS = (("directory", "add_venue"),)

COORDINATORS_GROUP = "Coordinators"
COORDINATE_PERMISSION = "inclusion_alliance.coordinate_alliance"
COORDINATOR_PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COORDINATOR_COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image", "delete_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document", "delete_document"),
}
# (app label, model, actions): every action that exists for the model is granted.
ALL_ACTIONS = ("add", "change", "delete", "view")
COORDINATOR_MODEL_PERMISSIONS = (
    ("directory", "venue", ALL_ACTIONS),
    ("directory", "helptopic", ALL_ACTIONS),
    ("directory", "format", ALL_ACTIONS),
    ("directory", "accessfacility", ALL_ACTIONS),
    ("directory", "language", ALL_ACTIONS),
    ("directory", "audience", ALL_ACTIONS),
    ("home", "sitesettings", ("change",)),
    ("inclusion_alliance", "membershipapplication", ("change", "delete", "view")),
    ("inclusion_alliance", "membership", ("change", "view")),
    ("inclusion_alliance", "problemreport", ("change", "delete", "view")),
    ("inclusion_alliance", "reviewreminder", ("view",)),
    # The referrals report (assisted_digital/reports.py).
    ("assisted_digital", "referral", ("view",)),
)
# Permissions named outright, "app_label.codename": coordinating the Alliance, and the council's
# insights screens (insights/, a layer above, named here only as data). A group made by this function
# on a fresh install must not depend on a migration having made it first.
COORDINATOR_NAMED_PERMISSIONS = (COORDINATE_PERMISSION, "insights.view_insights")


def group_name(organisation) -> str:
    return f"Editors: {organisation.title}"[:150]


def page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def admin_access_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")


def organisation_collection(organisation) -> Collection:
    """A collection of images and documents for one organisation, so groups cannot see each other's."""
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=organisation.title).first()
    return existing or root.add_child(name=organisation.title)


def _unique_group_name(organisation) -> str:
    base = group_name(organisation)
    name, number = base, 2
    while Group.objects.filter(name=name, alliance_membership__isnull=False).exists():
        name, number = f"{base[:140]} ({number})", number + 1
    return name


def setup_organisation_group(organisation, *, trusted: bool | None = None) -> Group:
    """Create or update the organisation's membership and editor group, and return the group.

    `trusted` True or False sets whether the group may publish without approval; None keeps what a
    coordinator last chose (a new member starts untrusted).
    """
    from .models import Membership

    membership = Membership.objects.select_related("group").filter(organisation=organisation).first()
    if membership is None:
        name = _unique_group_name(organisation)
        group, _created = Group.objects.get_or_create(name=name)
        membership = Membership(organisation=organisation, group=group, trusted=bool(trusted))
        membership.save()  # applies the permissions
    elif trusted is not None and membership.trusted != trusted:
        membership.trusted = trusted
        membership.save()
    else:
        apply_group_permissions(membership)
    return membership.group


def apply_group_permissions(membership) -> None:
    """Bring the group's permissions into line with the membership: idempotent."""
    group, organisation = membership.group, membership.organisation
    group.permissions.add(admin_access_permission())
    for app_label, codename in EDITOR_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))

    wanted = set(EDITOR_PAGE_PERMISSIONS) | (set(TRUSTED_PAGE_PERMISSIONS) if membership.trusted else set())
    for codename in EDITOR_PAGE_PERMISSIONS + TRUSTED_PAGE_PERMISSIONS:
        permission = page_permission(codename)
        if codename in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=organisation, permission=permission)
        else:
            GroupPagePermission.objects.filter(group=group, page=organisation, permission=permission).delete()
    # The group edits one subtree only: drop permissions on any other page (say, from a manual mistake).
    GroupPagePermission.objects.filter(group=group).exclude(page=organisation).delete()

    if membership.collection_id is None:
        membership.collection = organisation_collection(organisation)
        type(membership).objects.filter(pk=membership.pk).update(collection=membership.collection)
    for app_label, codenames in EDITOR_COLLECTION_PERMISSIONS.items():
        permissions = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=membership.collection, permission=permission
            )


def ensure_coordinators_group() -> Group:
    """The Coordinators group and everything coordinators need. Idempotent; adds, never removes."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    group.permissions.add(admin_access_permission())

    root_page = Page.get_first_root_node()
    for codename in COORDINATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=root_page, permission=page_permission(codename)
        )

    root_collection = Collection.get_first_root_node()
    for app_label, codenames in COORDINATOR_COLLECTION_PERMISSIONS.items():
        for permission in Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        ):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )

    wanted = Q(pk__in=[])
    for name in COORDINATOR_NAMED_PERMISSIONS:
        app_label, codename = name.split(".")
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    for app_label, model, actions in COORDINATOR_MODEL_PERMISSIONS:
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename__in=[f"{action}_{model}" for action in actions],
        )
    group.permissions.add(*Permission.objects.filter(wanted))
    return group


def coordinators():
    """Active coordinators with an email address: the people told about applications and reports."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=COORDINATORS_GROUP)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def is_coordinator(user) -> bool:
    return user.is_active and user.has_perm(COORDINATE_PERMISSION)


def user_group_ids(user) -> set[int]:
    if not hasattr(user, "_alliance_group_ids"):
        user._alliance_group_ids = set(user.groups.values_list("pk", flat=True))
    return user._alliance_group_ids


class VenuePermissionPolicy(ModelPermissionPolicy):
    """Venues are shared: anyone who edits listings may choose any venue. Coordinators (with the
    "change venue" and "delete venue" permissions) edit and delete every venue; a group's editors (who
    have only "add venue") edit and delete the venues their group added (`Venue.created_by_group`).

    Modelled on Wagtail's OwnershipPermissionPolicy, with a group rather than a user as the owner.
    """

    def _owns(self, user, instance) -> bool:
        return (
            user.has_perm(self._get_permission_name("add"))
            and instance.created_by_group_id is not None
            and instance.created_by_group_id in user_group_ids(user)
        )

    def user_has_permission(self, user, action):
        if action in ("change", "delete"):
            # Having "add" means there may be venues of their own to edit.
            return user.has_perm(self._get_permission_name(action)) or user.has_perm(
                self._get_permission_name("add")
            )
        return super().user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("change", "delete"):
            return user.has_perm(self._get_permission_name(action)) or self._owns(user, instance)
        return super().user_has_permission_for_instance(user, action, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = self.model._default_manager.none()
        for action in actions:
            instances = instances | self.instances_user_has_permission_for(user, action)
        return instances

    def instances_user_has_permission_for(self, user, action):
        manager = self.model._default_manager
        if action in ("change", "delete"):
            if user.has_perm(self._get_permission_name(action)):
                return manager.all()
            if user.is_active and user.has_perm(self._get_permission_name("add")):
                return manager.filter(created_by_group__in=user_group_ids(user))
            return manager.none()
        return super().instances_user_has_permission_for(user, action)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = super().users_with_any_permission_for_instance(actions, instance)
        if instance.created_by_group_id and ({"change", "delete"} & set(actions)):
            owners = instance.created_by_group.user_set.filter(is_active=True)
            users = (users | owners).distinct()
        return users


class ProblemReportPermissionPolicy(ModelPermissionPolicy):
    """Coordinators (with the model permissions) see and resolve every problem report; anyone who can
    edit a page sees and resolves the reports about it, so a group's editors see their own."""

    def _editable_pages(self, user):
        return PagePermissionPolicy().instances_user_has_permission_for(user, "change")

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        if action in ("view", "change") and user.is_active:
            return PagePermissionPolicy().user_has_permission(user, "change")
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if super().user_has_permission(user, action):
            return True
        if action in ("view", "change") and user.is_active:
            return instance.page.permissions_for_user(user).can_edit()
        return False

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        manager = self.model._default_manager
        if super().user_has_permission(user, action):
            return manager.all()
        if action in ("view", "change") and user.is_active:
            return manager.filter(page__in=self._editable_pages(user))
        return manager.none()

    def instances_user_has_any_permission_for(self, user, actions):
        instances = self.model._default_manager.none()
        for action in actions:
            instances = instances | self.instances_user_has_permission_for(user, action)
        return instances.distinct()
