"""The demo media: a locally drawn hero image per topic, and each policy's original document."""

import io

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from . import data


def seed_images(command):
    """One hero image per topic, by topic slug."""
    Image = get_image_model()
    images = {}
    existing = {i.title: i for i in Image.objects.filter(title__startswith="示意图：")}
    for slug, name, _dept, _description in data.TOPICS:
        title = f"示意图：{name}"
        if title not in existing:
            buffer = draw_hero(slug, data.MATERIAL[slug]["colour"])
            existing[title] = Image.objects.create(
                title=title, description=f"{name}主题示意插图：几何色块构成的抽象画面",
                file=ImageFile(buffer, name=f"demo-{slug}.jpg"),
            )
            command.created += 1
        images[slug] = existing[title]
    return images


def policy_document(command, spec, department):
    """The policy's original document (a plain-text file), found again by its title."""
    Document = get_document_model()
    title = f"{spec['policy_title']}（{spec['number']}）"
    document = Document.objects.filter(title=title).first()
    if document is None:
        text = policy_text(spec, department)
        document = Document.objects.create(
            title=title, file=ContentFile(text.encode("utf-8"), name=f"{spec['slug']}.txt")
        )
        command.created += 1
    return document


def policy_text(spec, department):
    """The 'original document' of a policy explainer: a plain-text rendition of the policy."""
    lines = [spec["policy_title"], spec["number"], "", f"发文机关：{department.name}",
             f"成文日期：{spec['issued']}    施行日期：{spec['effective']}", ""]
    numerals = "一二三四五六七八九十"
    for n, point in enumerate(spec["points"]):
        lines.append(f"{numerals[n]}、{point}。")
    lines += ["", "本文件自施行之日起实施，由发文机关负责解释。", "", "（演示数据，非真实文件）"]
    return "\n".join(lines) + "\n"


def draw_hero(slug, colours, size=(1200, 675)):
    """A simple, distinct composition per topic: a coloured field, circles, bars and the topic slug."""
    import random

    from PIL import Image, ImageDraw, ImageFont

    background, accent = colours
    rng = random.Random(slug)
    canvas = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    for _ in range(6):
        r = rng.randint(40, 180)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(min(255, c + rng.randint(10, 50)) for c in background)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=shade)
    for n in range(5):
        bar = rng.randint(120, 420)
        x = 80 + n * 90
        draw.rectangle([x, height - 80 - bar, x + 56, height - 80], fill=accent)
    draw.rectangle([0, height - 80, width, height], fill=(255, 255, 255))
    try:
        font = ImageFont.load_default(size=44)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    draw.text((width - 60, height - 40), f"GONGZHI / {slug.upper()}", fill=background, font=font, anchor="rm")
    buffer = io.BytesIO()
    canvas.save(buffer, "JPEG", quality=82, optimize=True)
    buffer.seek(0)
    return buffer
