"""Uploaded images are re-encoded before the original is stored (content/image_uploads.py): a file with
an HTML page appended, a payload in a comment, EXIF with GPS keeps none of it, and still opens."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageSequence
from wagtail.images import get_image_model

from content.image_uploads import reencode

PAYLOAD = b"<html><body><script>fetch('/admin/').then(r => r.text()).then(alert)</script></body></html>"
GPS = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}


def jpeg_with_payload(size=(160, 120), orientation=None):
    picture = Image.new("RGB", size, (200, 40, 40))
    ImageDraw.Draw(picture).rectangle([0, 0, size[0] // 2, size[1] // 2], fill=(250, 250, 250))
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[0x8825] = GPS
    if orientation:
        exif[0x0112] = orientation
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif.tobytes(), comment=PAYLOAD, quality=92)
    return buffer.getvalue() + PAYLOAD


def gif_with_payload(frames=3):
    palette = [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * (256 * 3 - 12)
    images = []
    for index in range(frames):
        frame = Image.new("P", (48, 32), index + 1)
        frame.putpalette(palette)
        images.append(frame)
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=[80, 160, 240][:frames],
                   loop=0, comment=PAYLOAD)
    return buffer.getvalue() + PAYLOAD


def assert_clean(data):
    for trace in (b"<html", b"<script", b"fetch(", b"Phone X"):
        assert trace not in data, trace
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert not image.getexif(), "EXIF survived"
        assert "comment" not in image.info and "icc_profile" not in image.info
        return image.format, image.size, getattr(image, "n_frames", 1)


def upload(client, name, data, content_type, title):
    return client.post("/admin/images/add/", {
        "title": title,
        "file": SimpleUploadedFile(name, data, content_type=content_type),
        "collection": get_image_model()._meta.get_field("collection").get_default() or 1,
    })


@pytest.fixture
def uploading_editor(client, editor):
    client.force_login(editor)
    return client


def stored_bytes(image):
    with image.file.storage.open(image.file.name, "rb") as stored:
        return stored.read()


def test_a_jpeg_with_an_appended_page_is_stored_clean_through_the_admin(uploading_editor):
    data = jpeg_with_payload()
    assert PAYLOAD in data  # the file as a browser would receive it without re-encoding

    response = upload(uploading_editor, "parking.jpg", data, "image/jpeg", "停车场")

    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="停车场")
    stored = stored_bytes(image)
    assert assert_clean(stored) == ("JPEG", (160, 120), 1)
    assert (image.width, image.height, image.file_size) == (160, 120, len(stored))
    assert image.get_file_hash() == image.file_hash and image.file_hash
    # It still renders: Wagtail's renditions work from the clean original.
    assert image.get_rendition("fill-80x60").width == 80


def test_an_animated_gif_with_an_appended_page_stays_animated_and_clean(uploading_editor):
    response = upload(uploading_editor, "wave.gif", gif_with_payload(), "image/gif", "动图")

    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="动图")
    stored = stored_bytes(image)
    assert assert_clean(stored) == ("GIF", (48, 32), 3)
    with Image.open(io.BytesIO(stored)) as gif:
        assert [frame.info.get("duration") for frame in ImageSequence.Iterator(gif)] == [80, 160, 240]
        assert gif.info.get("loop") == 0


def test_the_multiple_upload_and_a_replaced_file_are_re_encoded_too(uploading_editor):
    response = uploading_editor.post("/admin/images/multiple/add/", {
        "files[]": SimpleUploadedFile("gate.jpg", jpeg_with_payload(), content_type="image/jpeg"),
    })
    assert response.status_code == 200 and response.json()["success"], response.content.decode()[:2000]
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    assert_clean(stored_bytes(image))

    image.file = SimpleUploadedFile("gate2.gif", gif_with_payload(frames=1), content_type="image/gif")
    image.save()
    image.refresh_from_db()
    assert assert_clean(stored_bytes(image)) == ("GIF", (48, 32), 1)
    assert (image.width, image.height) == (48, 32)


def test_a_rotated_photo_stays_upright_once_its_exif_is_gone():
    clean = reencode(jpeg_with_payload(size=(160, 120), orientation=6))  # "rotate 90° clockwise to view"
    assert assert_clean(clean) == ("JPEG", (120, 160), 1)
    with Image.open(io.BytesIO(clean)) as upright:
        assert upright.getpixel((upright.width - 10, 10))[0] > 240  # the light corner is now top right


def test_the_same_upload_re_encodes_to_the_same_bytes_so_duplicates_are_still_found():
    data = jpeg_with_payload()
    assert reencode(data) == reencode(data)


def test_a_file_pillow_cannot_read_is_left_alone():
    assert reencode(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None


def test_saving_other_fields_does_not_re_encode_again(uploading_editor):
    upload(uploading_editor, "parking.jpg", jpeg_with_payload(), "image/jpeg", "停车场")
    image = get_image_model().objects.get(title="停车场")
    before = stored_bytes(image)
    image.title = "停车场（新）"
    image.save()
    image.refresh_from_db()
    assert stored_bytes(image) == before and image.file_size == len(before)
