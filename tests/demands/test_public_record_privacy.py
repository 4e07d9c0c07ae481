"""The public record shows what the one rule allows, and nothing of a hidden demand.

DESIGN.md "Privacy" and "One public record": a demand that is rejected, merged or private is
hidden (Demand.objects.publicly_readable() / readable_by() / permissions.can_read_full()), and
contact details are never public. Demands are seeded through the domain methods with a unique
marker word in every hidden text (title, description, answer, attachment name and bytes,
rejection reason, merge note) and in every contact detail; then every public outlet is fetched
as an anonymous visitor and as a logged-in resident who is not the author, and scanned.

Outlets are discovered where they can be (tests/demands/crawl.py), so an outlet added later is
scanned without touching this module. The seeded record (the `record` fixture) and the markers are
in tests/demands/public_record.py; its files and the search index are tested beside this module.
"""

import re
from urllib.parse import quote

import pytest

from .crawl import crawl_public_record
from .public_record import HIDDEN, UNKNOWN, contact_markers, hidden_markers, hidden_media, leaks_in, readable

pytestmark = pytest.mark.django_db

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.mark.parametrize("visitor", ["anonymous", "neighbour"])
def test_no_hidden_text_or_contact_detail_on_any_public_url(client, record, topic, department, other_department,
                                                             neighbour, visitor):
    if visitor == "neighbour":
        client.force_login(neighbour)
    crawl = crawl_public_record(client, record, topic, department, other_department)

    assert crawl.leaks == []
    numbers = [record[tag].tracking_number for tag in HIDDEN] + [UNKNOWN]
    not_found = hidden_media(record) | {f"/open311/v2/requests/{n}.{fmt}" for n in numbers for fmt in ("json", "xml")}
    assert crawl.failures(allowed_404=not_found) == {}
    assert {u: crawl.statuses[u] for u in not_found} == dict.fromkeys(not_found, 404)
    # The scan is not vacuous: the public record itself is there, in every outlet family.
    everything = "\n".join(crawl.bodies.values())
    assert "zqpublicopentitle" in crawl.bodies["/demands/"]
    assert "zqpublicansweredanswer" in crawl.bodies[record["answered"].get_absolute_url()]
    assert "zqpublicansweredattach" in everything  # its attachment, fetched without logging in
    assert record["answered"].tracking_number in crawl.bodies["/open311/v2/requests.xml"]
    assert len(crawl.seen) > 150


def test_a_hidden_demand_page_is_the_same_404_as_an_unknown_number(client, record, neighbour):
    def normalised(response, path, number):
        """Status and body with the requested path and number taken out (both pages name what was asked)."""
        body = CSRF_TOKEN.sub("", response.content.decode())  # a fresh mask on every response
        for form in (path, quote(path, safe=""), number, number.lower()):
            body = body.replace(form, "")
        return response.status_code, body

    for who in (None, neighbour):
        if who:
            client.force_login(who)
        for number in [record[tag].tracking_number for tag in ("rejected", "private")]:
            for prefix in ("", "/en"):
                for asked, unknown in ((number, UNKNOWN), (number.lower(), UNKNOWN.lower())):
                    path, unknown_path = f"{prefix}/demands/{asked}/", f"{prefix}/demands/{unknown}/"
                    hidden_page = normalised(client.get(path), path, asked)
                    assert hidden_page[0] == 404
                    assert hidden_page == normalised(client.get(unknown_path), unknown_path, unknown), path
            for fmt in ("json", "xml"):
                path, unknown_path = f"/open311/v2/requests/{number}.{fmt}", f"/open311/v2/requests/{UNKNOWN}.{fmt}"
                hidden_request = normalised(client.get(path), path, number)
                assert hidden_request[0] == 404
                assert hidden_request == normalised(client.get(unknown_path), unknown_path, UNKNOWN), path
        # A merged demand sends its follower to the public demand it was merged into, and says no more.
        merged, survivor = record["merged"].tracking_number, record["open"].tracking_number
        response = client.get(f"/demands/{merged}/")
        assert response.status_code == 302 and response["Location"] == f"/demands/{survivor}/"
        followed = readable(client.get(f"/demands/{merged}/", follow=True))
        assert leaks_in(followed, hidden_markers() + contact_markers(record)) == []
