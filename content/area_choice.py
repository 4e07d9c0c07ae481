"""Choosing a grid (网格): one form field for every place a resident or staff member picks one.

The demand form, signup, the profile, the /demands/ filter and staff entry in the admin all use
:class:`GridChoiceField`. It lists every grid under its full path, grouped by community, in the
tree's order (each area's ``sort_order`` among its siblings: 第一, 第二, 第三网格, not the order of the
characters), from one query over the area tree::

    <select name="area" data-grid-picker>
      <optgroup label="东城区 › 和平街道 › 幸福社区" data-district="东城区" data-street="和平街道" data-community="幸福社区">
        <option value="12">和平街道 › 幸福社区 › 第一网格</option> …

Without JavaScript that grouped select is the whole picker; ``static/js/grid-picker.js`` turns it
into a cascade (district → street → community → grid) where a page loads it.
"""

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from .models import Area

PATH_SEPARATOR = " › "


def area_tree():
    """Every area in tree order, each with ``path`` (its ancestors and itself, from the district):
    one query, walked in Python (the tree is four levels and a few hundred rows at most)."""
    areas = list(Area.objects.order_by("sort_order", "name", "pk"))
    children = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ordered = []

    def walk(parent_id, path):
        for area in children.get(parent_id, []):
            area.path = path + [area]
            ordered.append(area)
            walk(area.pk, area.path)

    walk(None, [])
    return ordered


def path_label(areas):
    return PATH_SEPARATOR.join(a.name for a in areas)


class GroupLabel(str):
    """An optgroup's label (the community's path) that also carries its levels for the picker's script."""

    def __new__(cls, community):
        label = super().__new__(cls, path_label(community.path))
        names = [a.name for a in community.path]
        label.district, label.street, label.community = (["", "", ""] + names)[-3:]
        return label


class GridChoiceIterator(ModelChoiceIterator):
    """The grids grouped by community, each labelled with its path from the street down."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups = {}
        for area in area_tree():
            if area.kind == Area.Kind.GRID:
                community = area.path[-2] if len(area.path) > 1 else area
                groups.setdefault(community.pk, (community, []))[1].append(area)
        for community, grids in groups.values():
            yield (GroupLabel(community), [
                (ModelChoiceIteratorValue(self.field.prepare_value(g), g), path_label(g.path[-3:])) for g in grids
            ])

    def __len__(self):
        return len(list(iter(self)))


class GridSelect(forms.Select):
    """A grouped select whose optgroups name their district, street and community (data-*)."""

    template_name = "content/widgets/grid_select.html"

    def __init__(self, attrs=None):
        super().__init__({"data-grid-picker": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["level_labels"] = {
            "district": _("District"), "street": _("Street"), "community": _("Community"),
            "any": _("— choose —"),
        }
        return context


class GridChoiceField(forms.ModelChoiceField):
    """A grid, chosen by its full path. ``queryset`` decides what is accepted (grids by default; the
    /demands/ filter also takes a street or community from an area page's link); the list shows grids."""

    iterator = GridChoiceIterator
    widget = GridSelect

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("label", _("Grid (网格)"))
        kwargs.setdefault("empty_label", _("— choose —"))
        super().__init__(queryset if queryset is not None else Area.objects.filter(kind=Area.Kind.GRID), **kwargs)
