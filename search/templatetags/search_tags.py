"""``{% similar "<type key>" text %}``: the server-side (no-JS) list of objects resembling ``text``,
for any search type that offers ``similar()`` and a ``similar_template`` (see search/types.py)."""

from django import template
from django.template.loader import render_to_string

from ..types import search_types

register = template.Library()


@register.simple_tag
def similar(key, text, limit=5):
    search_type = search_types().get(key)
    if search_type is None or not hasattr(search_type, "similar"):
        return ""
    return render_to_string(search_type.similar_template, {"objects": search_type.similar(text or "", limit=limit)})


@register.simple_tag(name="similar_demands")
def similar_demands(title, limit=5):
    """``{% similar "demand" title %}`` under the name templates used before types registered themselves."""
    return similar("demand", title, limit=limit)
