"""Per-person bits on pages that a shared cache keeps (gongzhi/caching.py).

``{% form_token %}`` instead of ``{% csrf_token %}`` in a form that can appear on a cached page: the
real token when the page is personal anyway (a logged-in reader, a POST re-rendering errors), else an
empty field that static/js/me.js fills from ``/_me/`` — so the cached HTML carries no token and sets
no cookie. ``{% personal_script %}`` loads me.js on pages rendered for anonymous readers.
"""

from django import template
from django.template.backends.utils import csrf_input
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from gongzhi.caching import is_personal_request

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context):
    request = context.get("request")
    if request is None or is_personal_request(request):
        return csrf_input(request) if request is not None else ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf>')


@register.simple_tag(takes_context=True)
def personal_script(context):
    request = context.get("request")
    if request is None or is_personal_request(request):
        return ""
    return format_html('<script src="{}" data-me="{}" defer></script>', static("js/me.js"), reverse("me"))
