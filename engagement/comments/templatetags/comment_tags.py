from django import template

from ..text import render_comment_text

register = template.Library()


@register.filter
def comment_text(text):
    """Plain comment text as safe HTML: escaped, links with rel="nofollow ugc noopener", line breaks kept."""
    return render_comment_text(text)
