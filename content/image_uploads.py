"""Uploaded images are re-encoded before their original is stored, so it holds pixels and nothing else.

Wagtail keeps an uploaded original byte for byte (renditions are re-encoded, originals are not), and
originals are public files under MEDIA_URL/original_images/. A JPEG or GIF with an HTML page appended,
a payload in a comment or metadata block, or a camera's EXIF with the GPS position of a resident's
home would all be published as uploaded. So, before any image row is saved with a new file (the
admin's single and multiple upload, "replace file", the API, a script), ``reencode`` writes the
pixels into a fresh file of the same format:

- nothing after the image data, no EXIF / GPS / XMP / IPTC, no comments or text chunks;
- JPEG: the EXIF orientation is applied to the pixels first (the picture stays upright), an unrotated
  JPEG keeps its quantisation tables and subsampling (no visible loss); CMYK becomes RGB;
- colour profiles: the pixels are converted to sRGB and the profile is dropped;
- animated GIF, WebP and PNG stay animated (every frame, its duration, the loop count).

The row's width, height, file size and file hash follow the new file (the hash is what Wagtail's
duplicate detection compares: the same upload re-encodes to the same bytes, so duplicates are still
found). A file Pillow cannot read (Wagtail validated it already: e.g. a format without a Pillow
plug-in) is stored as it came, with a warning in the log.

Registered in ContentConfig.ready() as a pre_save receiver of the image model.
"""

import io
import logging

from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps, ImageSequence, JpegImagePlugin, UnidentifiedImageError
from wagtail.utils.file import hash_filelike

logger = logging.getLogger(__name__)

#: Pillow format -> the format the clean copy is written in (a phone's MPO is a JPEG with extras).
FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "GIF": "GIF", "WEBP": "WEBP"}
ORIENTATION = 0x0112  # the EXIF tag
JPEG_QUALITY = 90  # when the pixels had to change (rotated, converted); otherwise the tables are kept
WEBP_QUALITY = 90


def _to_srgb(image):
    """``image`` with its colour profile applied (converted to sRGB) and no profile left."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unreadable profile: keep the pixels as they are, drop the profile


def _pixels_only(frame):
    """A new image with ``frame``'s pixels, palette and transparency: no other info survives."""
    clean = Image.new(frame.mode, frame.size)
    clean.paste(frame)
    if frame.mode in ("P", "PA") and frame.getpalette():
        clean.putpalette(frame.getpalette(rawmode="RGB"), rawmode="RGB")
    if "transparency" in frame.info:
        clean.info["transparency"] = frame.info["transparency"]
    return clean


def _save_still(image, fmt):
    out = io.BytesIO()
    if fmt == "JPEG":
        rotated = image.getexif().get(ORIENTATION, 1) not in (None, 1)
        converted = _to_srgb(ImageOps.exif_transpose(image) if rotated else image)
        if converted.mode not in ("RGB", "L"):
            converted = converted.convert("RGB")
        clean = _pixels_only(converted)
        sampling = JpegImagePlugin.get_sampling(image)
        if converted is image and getattr(image, "quantization", None) and sampling != -1:
            clean.save(out, "JPEG", qtables=image.quantization, subsampling=sampling)
        else:
            clean.save(out, "JPEG", quality=JPEG_QUALITY)
    elif fmt == "WEBP":
        clean = _pixels_only(_to_srgb(image))
        clean.save(out, "WEBP", quality=WEBP_QUALITY)
    else:  # PNG, GIF
        clean = _pixels_only(_to_srgb(image) if fmt == "PNG" else image)
        clean.save(out, fmt, optimize=False)
    return out.getvalue()


def _save_animation(image, fmt):
    frames, durations, disposals = [], [], []
    for frame in ImageSequence.Iterator(image):
        durations.append(frame.info.get("duration", 100))
        disposals.append(getattr(frame, "disposal_method", 0) or frame.info.get("disposal", 0))
        clean = _pixels_only(frame if fmt == "GIF" else _to_srgb(frame))
        frames.append(clean)
    options = {"save_all": True, "append_images": frames[1:], "duration": durations}
    if "loop" in image.info:
        options["loop"] = image.info["loop"]
    if fmt == "GIF":
        options["disposal"] = disposals
    elif fmt == "WEBP":
        options["quality"] = WEBP_QUALITY
    out = io.BytesIO()
    frames[0].save(out, fmt, **options)
    return out.getvalue()


def reencode(data):
    """The image in ``data`` (bytes) written afresh, pixels only; None if Pillow cannot read it."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            fmt = FORMATS.get(image.format)
            if fmt is None:
                return None
            image.load()
            if getattr(image, "is_animated", False) and getattr(image, "n_frames", 1) > 1 and fmt != "JPEG":
                return _save_animation(image, fmt)
            return _save_still(image, fmt)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        logger.warning("Image not re-encoded (%s): stored as uploaded", error)
        return None


def _stored_name(sender, instance):
    if instance._state.adding or instance.pk is None:
        return None
    return sender._default_manager.filter(pk=instance.pk).values_list("file", flat=True).first()


def reencode_new_original(sender, instance, update_fields=None, raw=False, **kwargs):
    """pre_save of the image model: a new or replaced file is re-encoded before it is written."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    field_file = instance.file
    if not field_file or not field_file.name:
        return
    if field_file._committed:
        # Already in storage (e.g. Wagtail's upload-then-fill-in-the-form path): only when it is new here.
        if _stored_name(sender, instance) == field_file.name:
            return
        with field_file.storage.open(field_file.name, "rb") as stored:
            data = stored.read()
    else:
        upload = field_file.file
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
    clean = reencode(data)
    if clean is None or clean == data:
        return
    if field_file._committed:
        storage, old_name = field_file.storage, field_file.name
        storage.delete(old_name)
        field_file.name = storage.save(old_name, ContentFile(clean))
        field_file.field.update_dimension_fields(instance, force=True)
    else:
        name = field_file.name.rsplit("/", 1)[-1]
        instance.file = ContentFile(clean, name=name)  # the descriptor updates width and height
    instance.file_size = len(clean)
    instance.file_hash = hash_filelike(io.BytesIO(clean))


def connect():
    from django.db.models.signals import pre_save
    from wagtail.images import get_image_model

    pre_save.connect(reencode_new_original, sender=get_image_model(), dispatch_uid="gongzhi-reencode-images")
