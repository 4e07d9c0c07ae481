"""Editors run polls in the admin: create with 2–10 choices, close, export aggregates (never identities)."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from content.roles import CHIEF_EDITORS, EDITORS, MODERATORS
from engagement.polls.models import Poll
from engagement.polls.permissions import can_export_poll
from engagement.polls.services import cast_vote
from tests.factories import AreaFactory, UserFactory
from tests.polls.factories import PollFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/snippets/polls/poll/"


def export_url(poll):
    return f"{LIST_URL}export/{poll.pk}/"


def assert_denied(response, who):
    """Wagtail answers a forbidden admin view with a redirect (and a message), never the content."""
    assert response.status_code == 302
    assert not response.get("Content-Type", "").startswith("text/csv")
    # staff without the permission: back to the admin home; residents: to the login
    expected = "/admin/" if who.has_perm("wagtailadmin.access_admin") else "/accounts/login/"
    assert response["Location"].split("?")[0] == expected


def add_form_data(choices, **overrides):
    data = {
        "question": "您希望社区增设哪类设施？",
        "description": "",
        "kind": "single",
        "opens_at": "2026-01-01 08:00",
        "closes_at": "2026-12-31 08:00",
        "results_visibility": "always",
        "page": "",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "2",
        "choices-MAX_NUM_FORMS": "10",
    }
    for i, text in enumerate(choices):
        data.update({f"choices-{i}-text": text, f"choices-{i}-ORDER": str(i + 1), f"choices-{i}-id": "", f"choices-{i}-DELETE": ""})
    data.update(overrides)
    return data


def test_roles_get_exactly_the_poll_permissions_of_the_design():
    def perms(role):
        return set(Group.objects.get(name=role).permissions.filter(content_type__app_label="polls")
                   .values_list("codename", flat=True))

    assert {"add_poll", "change_poll", "export_poll"} <= perms(EDITORS)
    assert "delete_poll" not in perms(EDITORS)
    assert {"add_poll", "change_poll", "export_poll", "delete_poll"} <= perms(CHIEF_EDITORS)
    assert perms(MODERATORS) == set()


def test_an_editor_creates_a_poll_with_its_choices(client, editor):
    client.force_login(editor)
    response = client.post(f"{LIST_URL}add/", add_form_data(["健身器材", "儿童游乐", "停车位"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    poll = Poll.objects.get()
    assert list(poll.choices.order_by("sort_order").values_list("text", flat=True)) == ["健身器材", "儿童游乐", "停车位"]


@pytest.mark.parametrize("count", [1, 11])
def test_a_poll_needs_between_two_and_ten_choices(client, editor, count):
    client.force_login(editor)
    response = client.post(
        f"{LIST_URL}add/",
        add_form_data([f"选项{i}" for i in range(count)], **{"choices-MAX_NUM_FORMS": "1000"}),
    )
    assert response.status_code == 200
    assert not Poll.objects.exists()
    html = response.content.decode()
    assert "投票需要 2 到 10 个选项" in html  # the admin speaks the site's language, zh-hans, to an editor who chose none


def test_a_poll_must_close_after_it_opens(client, editor):
    client.force_login(editor)
    response = client.post(f"{LIST_URL}add/", add_form_data(["是", "否"], closes_at="2025-12-31 08:00"))
    assert response.status_code == 200
    assert not Poll.objects.exists()


def test_the_listing_links_to_export_and_close(client, editor):
    poll = PollFactory()
    client.force_login(editor)
    html = client.get(LIST_URL).content.decode()
    assert export_url(poll) in html
    assert f"{LIST_URL}close/{poll.pk}/" in html


def test_the_inspect_view_links_to_the_export(client, editor):
    poll = PollFactory()
    client.force_login(editor)
    html = client.get(f"{LIST_URL}inspect/{poll.pk}/").content.decode()
    assert export_url(poll) in html


def test_an_editor_closes_a_poll(client, editor):
    poll = PollFactory()
    client.force_login(editor)
    assert client.get(f"{LIST_URL}close/{poll.pk}/").status_code == 200
    response = client.post(f"{LIST_URL}close/{poll.pk}/")
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.has_closed()


def test_a_moderator_may_not_close_a_poll(client, moderator):
    poll = PollFactory()
    client.force_login(moderator)
    response = client.post(f"{LIST_URL}close/{poll.pk}/")
    assert_denied(response, moderator)
    poll.refresh_from_db()
    assert poll.is_open()


def _voted_poll():
    east = AreaFactory(kind="grid", name="东一网格")
    west = AreaFactory(kind="grid", name="西二网格")
    poll = PollFactory(question="是否同意增设夜间停车位", choices=["同意", "不同意"], kind=Poll.Kind.SINGLE)
    agree, disagree = poll.choices.order_by("sort_order")
    voters = []
    for area, choice in [(east, agree), (east, agree), (east, disagree), (west, agree), (None, disagree)]:
        user = UserFactory(username=f"voter-{len(voters)}", email=f"secret{len(voters)}@example.com")
        voters.append(user)
        ballot = cast_vote(poll, [choice.pk], user=user)
        ballot.area = area
        ballot.save()
    return poll, voters


def test_an_editor_exports_aggregates_and_a_per_area_breakdown(client, editor, settings):
    settings.POLL_EXPORT_MIN_AREA_VOTERS = 1
    poll, voters = _voted_poll()
    client.force_login(editor)

    response = client.get(export_url(poll))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    flat = [",".join(r) for r in rows]
    assert "同意,3,60.0" in flat
    assert "不同意,2,40.0" in flat
    assert "东一网格,2,1,3" in flat
    assert "西二网格,1,0,1" in flat
    assert any(r.endswith(",0,1,1") and r.split(",")[0] not in ("东一网格", "西二网格") for r in flat)


def test_the_export_does_not_name_an_area_with_too_few_voters(client, editor, settings):
    settings.POLL_EXPORT_MIN_AREA_VOTERS = 3
    poll, _ = _voted_poll()  # 东一网格: 3 voters, 西二网格: 1 voter (who agreed)
    client.force_login(editor)

    rows = list(csv.reader(io.StringIO(client.get(export_url(poll)).content.decode("utf-8-sig"))))
    area_rows = {r[0]: r[1:] for r in rows if len(r) == 4 and all(c.isdigit() for c in r[1:])}

    assert not any("西二网格" in cell for row in rows for cell in row)
    assert area_rows.pop("东一网格") == ["2", "1", "3"]
    # what is left: the voter without an area, and 西二网格's voter counted without its name
    assert sorted(area_rows.values()) == [["0", "1", "1"], ["1", "0", "1"]]
    assert "投票人数不足 3 人的区域（合计）" in {r[0] for r in rows if r}
    assert ["同意", "3", "60.0"] in rows  # the totals are unchanged


def test_the_export_never_contains_voter_identities(client, editor):
    poll, voters = _voted_poll()
    client.force_login(editor)

    text = client.get(export_url(poll)).content.decode("utf-8-sig")

    for user in voters:
        assert user.username not in text
        assert user.email not in text
        assert "secret" not in text
    header_cells = {c for row in csv.reader(io.StringIO(text)) for c in row}
    assert not header_cells & {"id", "user", "username", "email", "browser_token"}


def test_a_chief_editor_may_export(client, chief_editor):
    poll, _ = _voted_poll()
    client.force_login(chief_editor)
    assert client.get(export_url(poll)).status_code == 200


def test_a_moderator_may_not_export(client, moderator):
    poll, _ = _voted_poll()
    client.force_login(moderator)
    assert_denied(client.get(export_url(poll)), moderator)
    assert not can_export_poll(moderator, poll)


def test_a_resident_never_reaches_the_export(client, resident):
    poll, _ = _voted_poll()
    client.force_login(resident)
    assert_denied(client.get(export_url(poll)), resident)


def test_spreadsheet_formulas_in_choices_are_neutralised(client, editor):
    poll = PollFactory(choices=["=HYPERLINK(\"http://evil\")", "否"])
    client.force_login(editor)
    text = client.get(export_url(poll)).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_no_cell_of_the_export_starts_a_formula(client, editor, settings):
    settings.POLL_EXPORT_MIN_AREA_VOTERS = 1
    area = AreaFactory(kind="grid", name="@SUM(A1)网格")
    poll = PollFactory(question="+1 是否同意", choices=["-同意", "\t否"], kind=Poll.Kind.SINGLE)
    ballot = cast_vote(poll, [poll.choices.order_by("sort_order").first().pk], user=UserFactory())
    ballot.area = area
    ballot.save()
    client.force_login(editor)

    rows = list(csv.reader(io.StringIO(client.get(export_url(poll)).content.decode("utf-8-sig"))))

    cells = [cell for row in rows for cell in row]
    assert "'+1 是否同意" in cells and "'-同意" in cells and "'\t否" in cells
    assert any(cell.startswith("'@SUM(A1)网格") for cell in cells)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_an_editor_edits_a_poll_and_removes_a_choice_but_not_below_two(client, editor):
    poll = PollFactory(choices=["甲", "乙"])
    a, b = poll.choices.order_by("sort_order")
    client.force_login(editor)
    assert client.get(f"{LIST_URL}edit/{poll.pk}/").status_code == 200

    data = add_form_data(["甲", "乙"], question=poll.question, **{"choices-INITIAL_FORMS": "2"})
    data.update({"choices-0-id": str(a.pk), "choices-1-id": str(b.pk), "choices-1-DELETE": "on"})
    response = client.post(f"{LIST_URL}edit/{poll.pk}/", data)

    assert response.status_code == 200
    assert poll.choices.count() == 2
