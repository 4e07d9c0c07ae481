"""The English edition needs a Wagtail Locale for every content language (WAGTAIL_CONTENT_LANGUAGES).

Wagtail's own migration created only the default one (zh-hans); every existing page keeps it.
"""

from django.conf import settings
from django.db import migrations


def create_content_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):

    dependencies = [
        ("content", "0005_merge_area_boundary"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_content_locales, migrations.RunPython.noop)]
