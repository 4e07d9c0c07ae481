"""Find my demand: the tracking-number box, search sending a tracking number to its demand, 我的诉求."""

import pytest
from django.urls import reverse

from engagement.demands.selectors import normalise_tracking_number
from tests.factories import UserFactory

from .factories import make_demand

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["GZ-2026-000201", "gz-2026-000201", " GZ 2026 000201 ", "ＧＺ－２０２６－０００２０１",
                                   "GZ2026000201", "gz-2026-201", "GZ–2026–000201"])
def test_a_tracking_number_is_recognised_however_it_is_typed(typed):
    assert normalise_tracking_number(typed) == "GZ-2026-000201"


@pytest.mark.parametrize("typed", ["", "停车", "GZ-26-1", "GZ-2026-0000001", "2026-000201 OR 1=1"])
def test_anything_else_is_not_a_tracking_number(typed):
    assert normalise_tracking_number(typed) is None


def test_the_box_on_the_demands_list_goes_straight_to_a_public_demand(client, demand, moderator, department):
    demand.forward(to=department, by=moderator)
    html = client.get(reverse("demands:list")).content.decode()
    assert f'action="{reverse("demands:find")}"' in html and 'name="number"' in html
    response = client.get(reverse("demands:find"), {"number": demand.tracking_number.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == demand.get_absolute_url()


def test_a_private_demand_is_found_by_its_author_and_is_the_same_as_unknown_to_others(client, topic, resident):
    private = make_demand(topic, author=resident, is_public=False)
    unknown = private.tracking_number[:-1] + ("9" if private.tracking_number[-1] != "9" else "8")
    client.force_login(UserFactory())
    hidden = client.get(reverse("demands:find"), {"number": private.tracking_number}, follow=True)
    missing = client.get(reverse("demands:find"), {"number": unknown}, follow=True)
    assert hidden.redirect_chain == missing.redirect_chain == [(reverse("demands:list"), 302)]
    assert private.title not in hidden.content.decode()
    messages = [str(m).replace(private.tracking_number, "#") for m in hidden.context["messages"]]
    assert messages == [str(m).replace(unknown, "#") for m in missing.context["messages"]]
    client.force_login(resident)
    response = client.get(reverse("demands:find"), {"number": private.tracking_number})
    assert response["Location"] == private.get_absolute_url()


def test_search_sends_an_exact_tracking_number_to_the_demand(client, demand):
    response = client.get(reverse("search:search"), {"q": f"  {demand.tracking_number.lower()} "})
    assert response.status_code == 302 and response["Location"] == demand.get_absolute_url()


def test_search_treats_a_hidden_demands_number_as_any_query_without_results(client, topic, resident):
    private = make_demand(topic, author=resident, is_public=False)
    response = client.get(reverse("search:search"), {"q": private.tracking_number})
    assert response.status_code == 200 and private.title not in response.content.decode()
    client.force_login(resident)
    assert client.get(reverse("search:search"), {"q": private.tracking_number})["Location"] == \
        private.get_absolute_url()


def test_my_demands_lists_each_with_its_status_and_next_deadline(client, topic, resident, moderator, department):
    waiting = make_demand(topic, author=resident, title="等待分拨的诉求")
    forwarded = make_demand(topic, author=resident, title="已转办的诉求", is_public=False)
    forwarded.forward(to=department, by=moderator)
    make_demand(topic, author=UserFactory(), title="别人的诉求")
    client.force_login(resident)
    response = client.get(reverse("demands:mine"))
    html = response.content.decode()
    assert "等待分拨的诉求" in html and "已转办的诉求" in html and "别人的诉求" not in html
    forwarded.refresh_from_db()
    card = html[html.index(f'data-demand="{forwarded.tracking_number}"'):]
    from django.utils import timezone

    due = timezone.localtime(forwarded.accept_due_at)
    assert f'data-next-due="{due:%Y-%m-%dT%H:%M}"' in card[:1500] and f"{due:%Y-%m-%d %H:%M}" in card[:1500]
    assert waiting.tracking_number in html


def test_my_demands_asks_to_log_in(client):
    response = client.get(reverse("demands:mine"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_my_demands_takes_the_same_queries_for_one_or_many(client, topic, resident):
    make_demand(topic, author=resident)
    client.force_login(resident)
    client.get(reverse("demands:mine"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("demands:mine"))
    for n in range(5):
        make_demand(topic, author=resident, title=f"诉求{n}")
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("demands:mine"))
    assert len(six) == len(one)
