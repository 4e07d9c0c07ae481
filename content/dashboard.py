"""The shape of a staff dashboard panel (Wagtail's ``construct_homepage_panels``): a heading, a few
figures that each link to the list showing exactly what they count, and an optional note.

Each app registers its own panels (demands: triage, department work, supervision; comments: pending
comments; insights: today's alerts) and decides who sees them; this module only draws them alike.
"""

from wagtail.admin.ui.components import Component

#: Before Wagtail's own panels (workflow 210, recent edits 250): staff see their work first.
DASHBOARD_ORDER = 40


class FiguresPanel(Component):
    """Subclass with ``heading``, ``panel_id`` and ``figures()`` → [(label, count, url, urgent)]."""

    template_name = "content/admin/dashboard_panel.html"
    heading = ""
    panel_id = ""
    order = DASHBOARD_ORDER

    def __init__(self, request):
        self.request = request

    def figures(self):
        return []

    def note(self):
        return ""

    def get_context_data(self, parent_context=None):
        figures = self.figures()  # before note(): a panel may compute both from one query
        return {"heading": self.heading, "panel_id": self.panel_id, "figures": figures, "note": self.note()}
