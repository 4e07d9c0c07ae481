import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from engagement.demands.intake import clean_photo

from .factories import make_demand, photo_upload


def test_the_uploaded_photo_carries_gps_before_cleaning():
    upload = photo_upload()
    assert Image.open(upload).getexif().get_ifd(0x8825)


@pytest.mark.parametrize("fmt,name", [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_gps_and_all_exif_are_stripped(fmt, name):
    cleaned = clean_photo(photo_upload(fmt=fmt, name=name))
    img = Image.open(io.BytesIO(cleaned.read()))
    assert img.format == fmt
    exif = img.getexif()
    assert not exif.get_ifd(0x8825) and 0x0110 not in exif
    assert "exif" not in img.info


def test_other_formats_are_refused():
    buf = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buf, format="GIF")
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("a.gif", buf.getvalue(), content_type="image/gif"))
    with pytest.raises(ValidationError):
        clean_photo(SimpleUploadedFile("a.jpg", b"not an image at all", content_type="image/jpeg"))


def test_photos_over_5mb_are_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError):
        clean_photo(big)


@pytest.mark.django_db
def test_a_demand_keeps_its_clean_photos(topic):
    demand = make_demand(topic, photos=[clean_photo(photo_upload())])
    photo = demand.photos.get()
    assert photo.width == 64 and not Image.open(photo.image.path).getexif()


def test_photos_of_a_private_demand_are_served_only_to_those_who_may_read_it(client, resident, topic, grid, settings):
    from engagement.demands.models import Demand

    client.force_login(resident)
    client.post(reverse("demands:new"), {
        "topic": topic.pk, "area": grid.pk, "kind": "complaint", "title": "楼道堆物", "description": "三楼楼道堆满杂物。",
        "is_public": "0", "contact_name": "王小明", "contact_phone": "13912345678",
        "photos": [photo_upload()], "privacy_consent": "on",
    })
    demand = Demand.objects.get(title="楼道堆物")
    photo = demand.photos.get()
    url = photo.get_absolute_url()

    assert client.get(url).status_code == 200  # the author
    assert not str(photo.image.path).startswith(str(settings.MEDIA_ROOT))  # never under /media/
    client.logout()
    assert client.get(url).status_code == 404  # the public
    page = client.get(demand.get_absolute_url()).content.decode()
    assert url not in page
