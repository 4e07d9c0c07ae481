from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks

from content.hooks import NAV_ITEMS


@hooks.register(NAV_ITEMS)
def account_nav_items(request):
    if request.user.is_authenticated:
        return [(_("My profile"), reverse("resident_profile")), (_("Log out"), reverse("account_logout"))]
    return [(_("Log in"), reverse("account_login")), (_("Sign up"), reverse("account_signup"))]
