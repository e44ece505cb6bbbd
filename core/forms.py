from django import forms
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

OTHER_GROUPS_FILE = "Choose one of your group's own images or documents."


class BasePageForm(WagtailAdminPageForm):
    """Every page's admin form. An image or document field offers (and accepts) only the files the
    user may choose: a group's editors their group's collection, coordinators every file. Without
    this, a page could be saved with another group's image by typing its number into the request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.for_user is None:
            return
        file_models = (get_image_model(), get_document_model())
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model in file_models:
                policy = policy_registry.get_by_type(field.queryset.model)
                choosable = policy.instances_user_has_any_permission_for(self.for_user, ["choose"])
                # The file already on the page stays valid, so saving without changing it never fails.
                current = Q(pk=getattr(self.instance, f"{name}_id", None))
                field.queryset = field.queryset.filter(Q(pk__in=choosable.values("pk")) | current)
                field.error_messages["invalid_choice"] = OTHER_GROUPS_FILE
