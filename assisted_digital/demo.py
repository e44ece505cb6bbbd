"""A demo librarian in the Referrers group, working at the central library, for trying staff mode."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from directory.models import Venue

from .models import ReferrerProfile
from .permissions import REFERRERS_GROUP

USERNAME = "librarian"
VENUE = "Stockport Central Library"


def load_referrer(password: str) -> str:
    """Create or update the demo referrer; returns their login line for var/demo-logins.txt."""
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME,
        defaults={"email": "librarian@stockport.example", "first_name": "Demo", "last_name": "Librarian"},
    )
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=REFERRERS_GROUP))
    venue = Venue.objects.filter(name=VENUE).first() or Venue.objects.order_by("name").first()
    ReferrerProfile.objects.update_or_create(user=user, defaults={"venue": venue})
    return f"Staff mode: http://127.0.0.1:8000/staff/  username: {USERNAME}  password: {password}"
