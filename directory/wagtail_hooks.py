from wagtail.snippets.models import register_snippet

from .views import TaxonomyViewSetGroup, VenueViewSet

register_snippet(VenueViewSet)
register_snippet(TaxonomyViewSetGroup)
