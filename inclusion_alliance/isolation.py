"""What a group's editors see of other groups in the admin: nothing.

Page permissions already stop an editor changing another group's pages (permissions.py). But several
of Wagtail's own screens list, search or choose pages, images and documents without asking whether
the user may edit them: the page chooser, the page-types report, the bulk action confirmations and
the admin images and documents API. Each would show another group's unpublished titles. The hooks in
wagtail_hooks.py pass each of those through the functions here.

The rule: coordinators and superusers see everything. Anyone else sees every page except those under
an organisation index that are not in one of their own organisations' subtrees. Council pages (home,
About, the index pages themselves) stay visible and choosable, so an editor can still link to them.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import GroupPagePermission, Page
from wagtail.permissions import policy_registry

from directory.models import OrganisationIndexPage

from .permissions import is_coordinator


def sees_everything(user) -> bool:
    return user.is_active and (user.is_superuser or is_coordinator(user))


def other_groups_pages(user) -> Q:
    """A filter matching the pages that belong to other groups: everything below an organisation index
    except the subtrees the user has page permissions on (their own organisations)."""
    under_an_index = Q()
    for index in OrganisationIndexPage.objects.only("path", "depth"):
        under_an_index |= Q(path__startswith=index.path, depth__gt=index.depth)
    if not under_an_index:
        return Q(pk__in=[])
    own = Q()
    for path in GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True):
        own |= Q(path__startswith=path)
    return under_an_index & ~own if own else under_an_index


def visible_pages(pages, user):
    """`pages` without other groups' pages, unless the user sees everything."""
    if sees_everything(user):
        return pages
    return pages.exclude(other_groups_pages(user))


# -- bulk actions: the confirmation page lists every page asked for, with its draft title, even those
# the user may not act on. Asking for another group's page must not show its title.


class OwnPagesOnlyMixin:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        if sees_everything(user):
            return objects, extra
        hidden = set(Page.objects.filter(other_groups_pages(user)).values_list("pk", flat=True))
        objects = [page for page in objects if page.pk not in hidden]
        extra["items_with_no_access"] = [
            page for page in extra["items_with_no_access"] if page.pk not in hidden
        ]
        return objects, extra


class IsolatedDeleteBulkAction(OwnPagesOnlyMixin, DeleteBulkAction):
    pass


class IsolatedMoveBulkAction(OwnPagesOnlyMixin, MoveBulkAction):
    pass


class IsolatedPublishBulkAction(OwnPagesOnlyMixin, PublishBulkAction):
    pass


class IsolatedUnpublishBulkAction(OwnPagesOnlyMixin, UnpublishBulkAction):
    pass


BULK_ACTIONS = (
    IsolatedDeleteBulkAction,
    IsolatedMoveBulkAction,
    IsolatedPublishBulkAction,
    IsolatedUnpublishBulkAction,
)


# -- the admin API: Wagtail's images and documents endpoints list every file on the site ------------


class ChoosableOnlyMixin:
    """Only the files the user may choose: those in their group's collection (coordinators: all)."""

    def get_queryset(self):
        policy = policy_registry.get_by_type(self.model)
        choosable = policy.instances_user_has_any_permission_for(self.request.user, ["choose"])
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


class IsolatedImagesAdminAPIViewSet(ChoosableOnlyMixin, ImagesAdminAPIViewSet):
    pass


class IsolatedDocumentsAdminAPIViewSet(ChoosableOnlyMixin, DocumentsAdminAPIViewSet):
    pass


# -- reports -------------------------------------------------------------------------------------------


class CoordinatorsPageTypesUsageReportView(PageTypesUsageReportView):
    """Wagtail's "Page types usage" counts every page on the site and names the last one edited of each
    type, draft title and all. It is a report about the whole site, so it is the coordinators'."""

    def dispatch(self, request, *args, **kwargs):
        if not sees_everything(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
