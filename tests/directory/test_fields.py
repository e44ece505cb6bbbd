import pytest

from core.choices import SkillLevel
from directory.models import ServicePage
from tests import factories


@pytest.mark.django_db
def test_levels_are_stored_as_a_set_and_matched_one_at_a_time(organisation):
    both = factories.ServicePageFactory(parent=organisation, levels=["life", "foundation"])
    work = factories.ServicePageFactory(parent=organisation, levels=["work"])
    both.refresh_from_db()
    assert both.levels == ["foundation", "life"]  # in the framework's order, whatever order they came in
    assert set(ServicePage.objects.filter(levels__has=SkillLevel.LIFE)) == {both}
    assert set(ServicePage.objects.filter(levels__has=SkillLevel.WORK)) == {work}
    assert set(ServicePage.objects.with_level("foundation")) == {both}
