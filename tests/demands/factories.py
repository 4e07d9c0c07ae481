"""Demands built through the domain layer, so every one carries its events like a real one."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from engagement.demands.intake import submit_demand

CONTACT = {"name": "王小明", "phone": "13912345678", "email": "wang.xiaoming@example.cn",
           "address": "和平街道幸福里3号楼2单元501"}


def make_demand(topic, *, author=None, area=None, kind="complaint", is_public=True, contact=None, title=None,
                **kwargs):
    return submit_demand(
        title=title or "小区门口违章停车堵塞消防通道", description="每天晚上七点以后，幸福里北门的消防通道被私家车占用。",
        topic=topic, area=area, kind=kind, is_public=is_public, author=author,
        contact=CONTACT if contact is None else contact, **kwargs,
    )


def photo_upload(fmt="JPEG", name="photo.jpg", gps=True, size=(64, 48), content_type="image/jpeg"):
    """An in-memory photo; with gps=True its EXIF carries GPS coordinates and a camera model."""
    img = Image.new("RGB", size, (200, 30, 30))
    buf = io.BytesIO()
    kwargs = {}
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "Phone X"  # Model
        gps_ifd = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
        exif[0x8825] = gps_ifd
        kwargs["exif"] = exif.tobytes()
    img.save(buf, format=fmt, **kwargs)
    return SimpleUploadedFile(name, buf.getvalue(), content_type=content_type)
