"""The grid picker: every grid under its full path, in the tree's order, from one query."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from content.area_choice import GridChoiceField
from content.models import Area
from engagement.demands.forms import DemandForm, PublicFilterForm, StaffDemandForm
from engagement.residents.forms import ProfileForm, SignupExtraForm


def make_tree():
    """Two communities with four grids each, created as a person would name them: 一, 二, 三, 四."""
    district = Area.objects.create(name="东城区", slug="d", kind=Area.Kind.DISTRICT)
    street = Area.objects.create(name="和平街道", slug="s", kind=Area.Kind.STREET, parent=district)
    grids = {}
    for c_slug, c_name in (("x", "幸福社区"), ("c", "春晖社区")):
        community = Area.objects.create(name=c_name, slug=c_slug, kind=Area.Kind.COMMUNITY, parent=street)
        for n, g in enumerate(["第一网格", "第二网格", "第三网格", "第四网格"], 1):
            grids[(c_name, g)] = Area.objects.create(name=g, slug=f"{c_slug}-{n}", kind=Area.Kind.GRID,
                                                     parent=community)
    return grids


def option_texts(html):
    return [t.strip() for t in re.findall(r"<option value=\"\d+\"[^>]*>([^<]+)</option>", html)]


@pytest.mark.django_db
def test_grids_are_listed_by_full_path_in_counting_order():
    make_tree()
    html = str(DemandForm()["area"])
    texts = option_texts(html)
    assert texts[:4] == ["和平街道 › 幸福社区 › 第一网格", "和平街道 › 幸福社区 › 第二网格",
                         "和平街道 › 幸福社区 › 第三网格", "和平街道 › 幸福社区 › 第四网格"]
    assert texts[4] == "和平街道 › 春晖社区 › 第一网格"
    assert '<optgroup label="东城区 › 和平街道 › 幸福社区" data-district="东城区" data-street="和平街道" ' \
           'data-community="幸福社区">' in html
    assert html.index("幸福社区") < html.index("春晖社区")  # created first, listed first


@pytest.mark.django_db
def test_an_editor_can_reorder_siblings():
    grids = make_tree()
    fourth = grids[("幸福社区", "第四网格")]
    fourth.sort_order = 0
    fourth.save()
    assert option_texts(str(DemandForm()["area"]))[0] == "和平街道 › 幸福社区 › 第四网格"


@pytest.mark.django_db
def test_the_choices_take_one_query_however_many_grids():
    make_tree()
    with CaptureQueriesContext(connection) as few:
        str(DemandForm()["area"])
    make_tree_more = Area.objects.get(slug="s")
    for n in range(10):
        c = Area.objects.create(name=f"新社区{n}", slug=f"n{n}", kind=Area.Kind.COMMUNITY, parent=make_tree_more)
        Area.objects.create(name="第一网格", slug=f"n{n}-1", kind=Area.Kind.GRID, parent=c)
    with CaptureQueriesContext(connection) as many:
        str(DemandForm()["area"])
    assert len(few) == len(many) == 1


@pytest.mark.django_db
def test_every_form_that_chooses_a_grid_uses_the_one_field():
    for form, name in ((DemandForm(), "area"), (StaffDemandForm(), "area"), (PublicFilterForm(), "area"),
                       (SignupExtraForm(), "area"), (ProfileForm(), "area")):
        assert isinstance(form.fields[name], GridChoiceField), type(form).__name__


@pytest.mark.django_db
def test_a_posted_grid_is_accepted_and_a_community_is_not():
    grids = make_tree()
    grid = grids[("春晖社区", "第二网格")]
    field = GridChoiceField()
    assert field.clean(str(grid.pk)) == grid
    with pytest.raises(Exception):
        field.clean(str(grid.parent_id))


@pytest.mark.django_db
def test_the_demands_filter_still_takes_a_street_from_an_area_page():
    make_tree()
    form = PublicFilterForm({"area": "s"})
    assert form.is_valid() and form.cleaned_data["area"].name == "和平街道"


@pytest.mark.django_db
def test_a_new_area_goes_last_among_its_siblings():
    grids = make_tree()
    community = grids[("幸福社区", "第一网格")].parent
    fifth = Area.objects.create(name="第五网格", slug="x-5", kind=Area.Kind.GRID, parent=community)
    assert fifth.sort_order == 5
