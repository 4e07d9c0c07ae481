"""Wagtail's widget initialisers as inert JSON instead of inline scripts (for the admin's CSP).

Wagtail 8 still ends each chooser widget with ``<script>new ImageChooser("id", {...});</script>``
(wagtail.admin.widgets.BaseChooser.render; upstream: wagtail/wagtail#12940). ``inert_init_script``
turns such a call, when every argument is JSON, into

    <script type="application/json" data-gongzhi-init="ImageChooser" data-gongzhi-new>["id", {...}]</script>

which the browser never executes; static/js/admin-init.js makes the same call from a static file.
The date, time and date-time pickers (a template each, also included by range widgets) render
gongzhi/widgets/*_input.html instead, and the inline panels gongzhi/panels/*.html, which extend
Wagtail's and replace only the ``js_init`` block.
A script of any other shape is left as it was (and the CSP blocks it: tests/e2e/test_csp.py sees it).
"""

import json
import re

from django.utils.html import format_html
from django.utils.safestring import mark_safe

_CALL = re.compile(r"^\s*(?P<new>new\s+)?(?P<name>[A-Za-z_$][\w$]*)\((?P<args>.*)\);?\s*$", re.S)
_TAIL_SCRIPT = re.compile(r"<script>(?P<js>(?:(?!</script>).)*)</script>\s*$", re.S)
# As django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def inert_init_script(js):
    """The inert element for one initialiser call ``js``, or None if ``js`` is not such a call."""
    match = _CALL.match(js)
    if not match:
        return None
    try:
        args = json.loads(f"[{match['args']}]")
    except ValueError:
        return None
    data = json.dumps(args).translate(_JSON_ESCAPES)
    new = " data-gongzhi-new" if match["new"] else ""
    return format_html('<script type="application/json" data-gongzhi-init="{}"{}>{}</script>',
                       match["name"], mark_safe(new), mark_safe(data))


def without_inline_init(html):
    """``html`` with its trailing initialiser ``<script>`` made inert (if it is one)."""
    match = _TAIL_SCRIPT.search(html)
    inert = inert_init_script(match["js"]) if match else None
    if inert is None:
        return html
    return mark_safe(html[: match.start()] + inert)


def _wrap_render(widget_class):
    original = widget_class.render
    if getattr(original, "gongzhi_inert", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        return without_inline_init(original(self, name, value, attrs=attrs, renderer=renderer))

    render.gongzhi_inert = True
    widget_class.render = render


def patch_wagtail_admin():
    """Every chooser and date/time widget of the admin emits inert initialisers; inline panels too."""
    from wagtail.admin.panels import InlinePanel, MultipleChooserPanel
    from wagtail.admin.widgets.chooser import BaseChooser
    from wagtail.admin.widgets.datetime import AdminDateInput, AdminDateTimeInput, AdminTimeInput

    _wrap_render(BaseChooser)
    AdminDateInput.template_name = "gongzhi/widgets/date_input.html"
    AdminTimeInput.template_name = "gongzhi/widgets/time_input.html"
    AdminDateTimeInput.template_name = "gongzhi/widgets/datetime_input.html"
    InlinePanel.BoundPanel.template_name = "gongzhi/panels/inline_panel.html"
    MultipleChooserPanel.BoundPanel.template_name = "gongzhi/panels/multiple_chooser_panel.html"
