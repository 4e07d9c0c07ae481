"""A hidden demand's photos and answer attachments: 404 to whoever may not read the demand, served
(never cached) to its author, its department and supervisors, and kept in private storage; the
public record's files work without logging in (DESIGN.md "Privacy")."""

import pytest

from engagement.demands.models import DemandAnswer

from .public_record import fetch, hidden_markers, leaks_in, marker, media_urls

pytestmark = pytest.mark.django_db


def test_hidden_photos_and_attachments_are_404_to_strangers_and_200_to_author_and_department(
        client, record, resident, neighbour, department_staff, other_department_staff, supervisor, moderator):
    private = record["private"]
    readers = {
        "rejected": [resident, supervisor],
        "merged": [resident, supervisor],
        "private": [resident, department_staff, supervisor],
    }
    strangers = [None, neighbour, other_department_staff, moderator]
    for tag, allowed in readers.items():
        urls = media_urls({tag: record[tag]})
        assert urls
        for who in strangers:
            client.logout()
            if who:
                client.force_login(who)
            for url in urls:
                status, body, _ = fetch(client, url)
                assert status == 404, (tag, who, url)
                assert leaks_in(body.decode("utf-8", "replace").lower(), hidden_markers()) == []
        for who in allowed:
            client.force_login(who)
            for url in urls:
                status, body, response = fetch(client, url)
                assert status == 200, (tag, who.username, url)
                assert "no-store" in response["Cache-Control"]
    attachment = private.answers.get().get_attachment_url()
    client.force_login(department_staff)
    status, body, response = fetch(client, attachment)
    assert body.decode() == f"答复附件 {marker('private', 'attach')}"
    assert response["Content-Disposition"].startswith("attachment")


def test_the_public_attachment_and_photos_work_without_logging_in(client, record):
    answered = record["answered"]
    page = client.get(answered.get_absolute_url()).content.decode()
    answer = answered.answers.get()
    assert answer.get_attachment_url() in page
    status, body, response = fetch(client, answer.get_attachment_url())
    assert status == 200 and body.decode() == "答复附件 zqpublicansweredattach"
    assert response["Content-Disposition"].startswith("attachment")
    for d in (record["open"], answered):
        for photo in d.photos.all():
            assert photo.get_absolute_url() in client.get(d.get_absolute_url()).content.decode()
            status, body, _ = fetch(client, photo.get_absolute_url())
            assert status == 200 and body[:3] == b"\xff\xd8\xff"  # a JPEG


def test_hidden_files_are_in_private_storage_not_under_media(record, settings):
    for answer in DemandAnswer.objects.exclude(attachment=""):
        assert str(answer.attachment.path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
    for d in record.values():
        for photo in d.photos.all():
            assert str(photo.image.path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
