"""Venues in the admin: any editor may choose any venue and add new ones, but a group's editors change
only the venues their group added. The rule itself is VenuePermissionPolicy (permissions.py); these
views apply it to single venues, which Wagtail's generic views check only at the model level."""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.views import snippets


def organisation_group_for(user):
    """The Alliance group a new venue belongs to: the user's first organisation group, if any."""
    return user.groups.filter(alliance_membership__isnull=False).order_by("pk").first()


class InstancePermissionMixin:
    """Refuse (403) a single object the user may not act on, not just a model they may not touch."""

    instance_permission = "change"

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not self.user_has_permission_for_instance(self.instance_permission, instance):
            raise PermissionDenied
        return instance


class SetsCreatedByGroupMixin:
    # The copy view only shows a form; it is sent to the add view, so this covers copies too.
    def save_instance(self):
        instance = self.form.instance
        if instance.created_by_group_id is None:
            instance.created_by_group = organisation_group_for(self.request.user)
        return super().save_instance()


class VenueIndexView(snippets.IndexView):
    """Lists every venue; offers Edit and Delete only on those the user may change."""

    def get_edit_url(self, instance):
        if self.user_has_permission_for_instance("change", instance):
            return super().get_edit_url(instance)

    def get_delete_url(self, instance):
        if self.user_has_permission_for_instance("delete", instance):
            return super().get_delete_url(instance)


class VenueCreateView(SetsCreatedByGroupMixin, snippets.CreateView):
    pass


class VenueEditView(InstancePermissionMixin, snippets.EditView):
    instance_permission = "change"

    @property
    def can_delete(self):
        return self.user_has_permission_for_instance("delete", self.object)


class VenueDeleteView(InstancePermissionMixin, snippets.DeleteView):
    instance_permission = "delete"


class OwnVenueObjectMixin:
    """For views whose get_object() takes no queryset (history, usage): refuse a venue the user may not
    change. Shared venues stay choosable for every editor, but which listings and events use a venue,
    and who changed it, are the business of the group that added it and the coordinators."""

    def get_object(self):
        instance = super().get_object()
        if not self.permission_policy.user_has_permission_for_instance(self.request.user, "change", instance):
            raise PermissionDenied
        return instance


class VenueHistoryView(OwnVenueObjectMixin, snippets.HistoryView):
    pass


class VenueUsageView(OwnVenueObjectMixin, snippets.UsageView):
    pass


class GroupOwnedVenuesMixin:
    """Mix into the Venue SnippetViewSet (directory/views.py)."""

    history_view_class = VenueHistoryView
    usage_view_class = VenueUsageView

    index_view_class = VenueIndexView
    add_view_class = VenueCreateView
    edit_view_class = VenueEditView
    delete_view_class = VenueDeleteView
