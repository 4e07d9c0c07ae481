"""WSGI entry point: `gunicorn gongzhi.wsgi` with `site/` on the Python path (see the Makefile)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings.production")
application = get_wsgi_application()
