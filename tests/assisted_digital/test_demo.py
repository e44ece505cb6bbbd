import pytest

from assisted_digital.demo import USERNAME, load_referrer
from assisted_digital.models import ReferrerProfile
from assisted_digital.permissions import is_referrer
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_librarian_is_a_referrer_at_the_central_library(django_user_model):
    factories.VenueFactory(name="Another Library")
    central = factories.VenueFactory(name="Stockport Central Library")
    line = load_referrer("demo-password")
    user = django_user_model.objects.get(username=USERNAME)
    assert is_referrer(user)
    assert user.check_password("demo-password")
    assert ReferrerProfile.objects.get(user=user).venue == central
    assert line == "Staff mode: http://127.0.0.1:8000/staff/  username: librarian  password: demo-password"


def test_loading_the_demo_librarian_twice_keeps_one(django_user_model):
    factories.VenueFactory(name="Stockport Central Library")
    load_referrer("one")
    load_referrer("two")
    assert django_user_model.objects.filter(username=USERNAME).count() == 1
    assert ReferrerProfile.objects.count() == 1
