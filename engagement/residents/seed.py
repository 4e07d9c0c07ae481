"""The demo residents every engagement seed shares: jumin01 … jumin08, a verified social organisation and a
verified mediation organisation (调解组织, which departments may hand demands to).

Created once (found again by username), each with a confirmed email, a profile and a grid; the password is
the demo password all demo logins share (content/seed/accounts.py).
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from content.models import Area
from content.seed.accounts import DEMO_PASSWORD

DEMO_RESIDENTS = 8
DEMO_ORGANISATION = ("shegong", "幸福社区社工服务站")
DEMO_MEDIATION = ("tiaojie", "和睦人民调解委员会")


def demo_residents(count=DEMO_RESIDENTS):
    """jumin01 … jumin08 (confirmed resident accounts with a profile and a grid)."""
    return [_demo_account(f"jumin{n:02d}", f"居民{n:02d}", n - 1) for n in range(1, count + 1)]


def demo_organisation():
    """幸福社区社工服务站: a resident account the demo moderator verified as a social organisation (valid a year)."""
    return _demo_verified(DEMO_ORGANISATION, "community", "52110101MJ0000000X", DEMO_RESIDENTS)


def demo_mediation_organisation():
    """和睦人民调解委员会: verified as a mediation organisation, so departments may hand it demands (交办)."""
    return _demo_verified(DEMO_MEDIATION, "mediation", "52110101MJ0000001Y", DEMO_RESIDENTS + 1)


def _demo_verified(account, kind, registration_number, index):
    from . import organisations
    from .models import OrganisationVerification

    username, name = account
    user = _demo_account(username, name, index)
    moderator = get_user_model().objects.filter(username="moderator").first()
    if moderator is not None and not OrganisationVerification.objects.filter(user=user).exists():
        organisations.verify(user, name=name, kind=kind, registration_number=registration_number,
                             valid_until=timezone.localdate() + datetime.timedelta(days=365), by=moderator)
    return user


def _demo_account(username, display_name, index):
    from allauth.account.models import EmailAddress

    from .models import ResidentProfile

    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.date_joined = timezone.now() - datetime.timedelta(days=60)
        user.save(update_fields=["password", "date_joined"])
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    grids = list(Area.objects.filter(kind=Area.Kind.GRID).order_by("pk"))
    ResidentProfile.objects.get_or_create(
        user=user, defaults={"display_name": display_name, "area": grids[index % len(grids)] if grids else None}
    )
    return user
