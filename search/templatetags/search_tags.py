"""``{% similar_demands title %}``: the server-side (no-JS) list of similar public demands."""

from django import template

from ..service import similar_demands as find_similar

register = template.Library()


@register.inclusion_tag("search/similar_demands.html")
def similar_demands(title, limit=5):
    return {"demands": find_similar(title or "", limit=limit)}
