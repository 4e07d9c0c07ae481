"""CSV and JSON downloads: one home for the spreadsheet guard, the BOM and the open-data header.

Every CSV the site or the admin hands out goes through csv_response(), so no cell a resident wrote
can become a spreadsheet formula (CSV injection) and Excel reads the Chinese as UTF-8.
"""

import csv
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell as text, with a formula-looking start neutralised (a number stays a number)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_response(filename, rows, *, header=None, comments=()):
    """A CSV attachment: optional ``# comment`` lines (open data: licence, generation time), then rows."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    for line in comments:
        response.write(f"# {line}\r\n")
    writer = csv.writer(response)
    if header:
        writer.writerow(header)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return response


def json_response(payload, filename=None):
    response = HttpResponse(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
                            content_type="application/json; charset=utf-8")
    if filename:
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def open_data_licence():
    """The licence every open-data file carries (settings.GONGZHI_OPEN_DATA_LICENSE, default CC BY 4.0)."""
    return {
        "name": getattr(settings, "GONGZHI_OPEN_DATA_LICENSE", "CC BY 4.0"),
        "url": getattr(settings, "GONGZHI_OPEN_DATA_LICENSE_URL", "https://creativecommons.org/licenses/by/4.0/"),
    }


def open_data_header(title):
    """What heads every open-data file: its title, licence and the moment it was generated."""
    return {"title": str(title), "licence": open_data_licence(),
            "generated": timezone.localtime().isoformat(timespec="seconds")}


def open_data_comments(header):
    return [header["title"], f"licence: {header['licence']['name']} {header['licence']['url']}",
            f"generated: {header['generated']}"]
