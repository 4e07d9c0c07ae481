from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks


@hooks.register("gongzhi_nav_items")
def search_nav_item(request):
    return [(_("Search"), reverse("search:search"))]
