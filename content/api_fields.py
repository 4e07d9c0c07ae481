"""How stories' images read in the API (/api/v3/): absolute URLs an app can load as they are."""

from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

from rest_framework.fields import Field

from .site import site_url

#: The renditions an app gets of a hero image: the page's own (srcset, og:image) plus a thumbnail.
HERO_API_RENDITIONS = {"thumbnail": "fill-480x270", "medium": "width-960", "large": "width-1280",
                       "share": "fill-1200x630"}


class RenditionDict(TypedDict):
    url: str
    width: int
    height: int


class HeroImageDict(TypedDict):
    id: int
    title: str
    alt: str
    width: int
    height: int
    download_url: str
    renditions: dict[str, RenditionDict]


class HeroImageField(Field):
    """A hero image as id, title, alt, size, absolute download_url and absolute renditions by name."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, image) -> HeroImageDict:
        renditions = image.get_renditions(*HERO_API_RENDITIONS.values())
        return HeroImageDict(
            id=image.pk, title=image.title, alt=image.default_alt_text or image.title,
            width=image.width, height=image.height, download_url=site_url(image.file.url),
            renditions={name: RenditionDict(url=site_url(renditions[spec].url), width=renditions[spec].width,
                                            height=renditions[spec].height)
                        for name, spec in HERO_API_RENDITIONS.items()},
        )
