"""Intake: every way a demand enters Gongzhi (web form, forwarded comment, phone/in person, Open311).

`submit_demand()` commits the demand, its contact details and photos in one transaction and only
then (on commit) tries to email the tracking number, so nothing a resident submits is lost
when mail is down.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from engagement.notifications.outbox import notify

from content.site import site_url

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PHOTO_PIXELS = 40_000_000


def clean_photo(upload):
    """Check an uploaded photo and re-encode it without any metadata (EXIF, GPS, comments).

    Returns a ContentFile ready for DemandPhoto.image; raises ValidationError with a message.
    """
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("Each photo must be 5 MB or smaller."))
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            fmt = probe.format
            if fmt not in PHOTO_FORMATS:
                raise ValidationError(_("Photos must be JPEG, PNG or WebP."))
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise ValidationError(_("This photo is too large in pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as img:
            img.load()
            img = ImageOps.exif_transpose(img)  # keep the picture upright once the orientation tag is gone
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a photo we can read."))
    if fmt == "JPEG" and img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    # A fresh image holds pixels only: no EXIF, GPS, XMP or ICC text can survive the copy.
    clean = Image.new(img.mode, img.size)
    clean.paste(img)
    if img.mode == "P" and img.getpalette():
        clean.putpalette(img.getpalette())
    out = io.BytesIO()
    options = {"quality": 85} if fmt in ("JPEG", "WEBP") else {}
    clean.save(out, format=fmt, **options)
    return ContentFile(out.getvalue(), name=f"photo.{PHOTO_FORMATS[fmt]}")


def submit_demand(*, title, description, topic, area=None, kind="enquiry", is_public=True, channel="web",
                  author=None, contact=None, photos=(), comment_id=None, open311_client=None, by=None,
                  submitted_at=None, media_url=""):
    """Create a submitted demand (+ contact details, photos, the 'submitted' event) and tell the resident.

    `photos` are files already cleaned by clean_photo(). Returns the Demand.
    """
    from .models import MAX_PHOTOS, Demand, DemandContact, DemandEvent, DemandPhoto

    if len(photos) > MAX_PHOTOS:
        raise ValidationError(_("At most %(n)s photos.") % {"n": MAX_PHOTOS})
    fields = {}
    if submitted_at is not None:
        fields["submitted_at"] = submitted_at
    with transaction.atomic():
        demand = Demand(
            title=title, description=description, topic=topic, area=area, kind=kind or Demand.Kind.ENQUIRY,
            is_public=is_public, channel=channel, author=author, comment_id=comment_id,
            open311_client=open311_client, media_url=media_url, **fields,
        )
        demand.full_clean(exclude=["tracking_number", "author", "open311_client"])
        demand.save()
        contact = contact or {}
        DemandContact.objects.create(
            demand=demand, **{k: (contact.get(k) or "").strip() for k in ("name", "phone", "email", "address")},
            latitude=contact.get("latitude"), longitude=contact.get("longitude"),
        )
        for position, photo in enumerate(photos):
            DemandPhoto.objects.create(demand=demand, image=photo, position=position)
        actor = by or author
        DemandEvent.objects.create(
            demand=demand, actor=actor if (actor and actor.is_authenticated) else None,
            action=DemandEvent.Action.SUBMITTED, to_status=demand.status, note=channel,
            created_at=demand.submitted_at,
        )
        email = (author.email if author and author.email else "") or (contact.get("email") or "")
        notify(
            email,
            _("Your demand %(number)s was received") % {"number": demand.tracking_number},
            _("Thank you. Follow “%(title)s” with its tracking number %(number)s:\n%(url)s") % {
                "title": demand.title, "number": demand.tracking_number,
                "url": site_url(demand.get_absolute_url())},
            user=author, kind="demand_submitted",
        )
    return demand
